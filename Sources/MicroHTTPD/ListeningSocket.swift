import Errors
import Glibc

/// Creates the listening socket the daemon accepts on. Binding it here (rather than letting
/// libmicrohttpd do it) reports the real `errno` text, e.g. "Address already in use".
enum ListeningSocket {
    /// Opens, binds and listens on `address`:`port`; returns the descriptor and whether it is IPv6.
    /// - Throws: `invalid_configuration` for an unparsable address, `bind_failed` otherwise.
    static func open(address: String, port: Int, backlog: Int) throws -> (fd: Int32, isIPv6: Bool) {
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let host = address == "localhost" ? "127.0.0.1" : address
        let isIPv6: Bool
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            isIPv6 = false
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(port).bigEndian
        } else if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            isIPv6 = true
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(port).bigEndian
        } else {
            throw HTTPServerError(code: .invalidConfiguration, message: "not a numeric IP address: \(address)")
        }
        let fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw HTTPServerError(code: .bindFailed, message: "socket: \(errnoText())")
        }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if isIPv6 {
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound =
            isIPv6
            ? withUnsafePointer(to: &v6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
            : withUnsafePointer(to: &v4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        guard bound == 0, listen(fd, Int32(clamping: backlog)) == 0 else {
            let text = errnoText()
            close(fd)
            throw HTTPServerError(code: .bindFailed, message: "\(address):\(port): \(text)")
        }
        return (fd, isIPv6)
    }

    /// The numeric text form of a socket address (`127.0.0.1`, `::1`), or "" if unknown.
    static func numericHost(_ address: UnsafePointer<sockaddr>?) -> String {
        guard let address else { return "" }
        let length =
            Int32(address.pointee.sa_family) == AF_INET6
            ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, socklen_t(length), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0
        else { return "" }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The text of an `errno` value (default: the current one), e.g. "Address already in use".
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
