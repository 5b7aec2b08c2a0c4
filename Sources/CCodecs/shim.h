#ifndef CCODECS_SHIM_H
#define CCODECS_SHIM_H
#include <libdeflate.h>
#include <zlib.h>
#include <zstd.h>
#include <snappy-c.h>

// Nothing here needs a shim: libdeflate, zlib's crc32, zstd and snappy-c import directly.

#endif
