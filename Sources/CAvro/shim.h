#ifndef CAVRO_SHIM_H
#define CAVRO_SHIM_H
#include <avro.h>
#endif
