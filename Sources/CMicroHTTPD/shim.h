#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H
#include <sys/types.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdint.h>
#include <microhttpd.h>

/// `MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT)`: variadic, so Swift cannot call it.
/// Returns 0 when the daemon cannot say.
static inline uint16_t CMicroHTTPD_get_daemon_info_bind_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/// `MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS)`: variadic, so Swift
/// cannot call it. Returns NULL when the connection cannot say.
static inline const struct sockaddr *CMicroHTTPD_get_connection_info_client_address(
    struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}
#endif
