#ifndef CCODECS_SHIM_H
#define CCODECS_SHIM_H
#include <isa-l/igzip_lib.h>
#include <zlib.h>
#include <zstd.h>
#include <snappy-c.h>

// Nothing here needs a shim: ISA-L's igzip, zlib, zstd and snappy-c import directly.

#endif
