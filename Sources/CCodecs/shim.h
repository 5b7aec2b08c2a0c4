#ifndef CCODECS_SHIM_H
#define CCODECS_SHIM_H
#include <zlib.h>
#include <zstd.h>
#include <snappy-c.h>

// zlib's deflateInit2 is a macro, which Swift cannot import. Raw deflate (no zlib header or checksum, windowBits
// -15) at the given level, as the Avro specification requires for the "deflate" codec.
static inline int CCodecs_deflateInitRaw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

#endif
