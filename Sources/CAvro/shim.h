#ifndef CAVRO_SHIM_H
#define CAVRO_SHIM_H
#include <avro.h>

// avro-c's value accessors and a few schema helpers are macros, which Swift cannot import.
// Each shim below forwards to exactly one macro and adds no logic.

static inline avro_type_t CAvro_avro_typeof(avro_schema_t schema) { return avro_typeof(schema); }

static inline void CAvro_avro_value_iface_decref(avro_value_iface_t *iface) { avro_value_iface_decref(iface); }
static inline int CAvro_avro_value_reset(avro_value_t *value) { return avro_value_reset(value); }
static inline avro_type_t CAvro_avro_value_get_type(const avro_value_t *value) { return avro_value_get_type(value); }

static inline int CAvro_avro_value_get_boolean(const avro_value_t *value, int *out) {
    return avro_value_get_boolean(value, out);
}
static inline int CAvro_avro_value_get_bytes(const avro_value_t *value, const void **buf, size_t *size) {
    return avro_value_get_bytes(value, buf, size);
}
static inline int CAvro_avro_value_get_double(const avro_value_t *value, double *out) {
    return avro_value_get_double(value, out);
}
static inline int CAvro_avro_value_get_float(const avro_value_t *value, float *out) {
    return avro_value_get_float(value, out);
}
static inline int CAvro_avro_value_get_int(const avro_value_t *value, int32_t *out) {
    return avro_value_get_int(value, out);
}
static inline int CAvro_avro_value_get_long(const avro_value_t *value, int64_t *out) {
    return avro_value_get_long(value, out);
}
static inline int CAvro_avro_value_get_string(const avro_value_t *value, const char **str, size_t *size) {
    return avro_value_get_string(value, str, size);
}
static inline int CAvro_avro_value_get_fixed(const avro_value_t *value, const void **buf, size_t *size) {
    return avro_value_get_fixed(value, buf, size);
}

static inline int CAvro_avro_value_set_boolean(avro_value_t *value, int val) {
    return avro_value_set_boolean(value, val);
}
static inline int CAvro_avro_value_set_bytes(avro_value_t *value, void *buf, size_t size) {
    return avro_value_set_bytes(value, buf, size);
}
static inline int CAvro_avro_value_set_double(avro_value_t *value, double val) {
    return avro_value_set_double(value, val);
}
static inline int CAvro_avro_value_set_float(avro_value_t *value, float val) {
    return avro_value_set_float(value, val);
}
static inline int CAvro_avro_value_set_int(avro_value_t *value, int32_t val) {
    return avro_value_set_int(value, val);
}
static inline int CAvro_avro_value_set_long(avro_value_t *value, int64_t val) {
    return avro_value_set_long(value, val);
}
static inline int CAvro_avro_value_set_null(avro_value_t *value) { return avro_value_set_null(value); }
static inline int CAvro_avro_value_set_string_len(avro_value_t *value, const char *str, size_t size) {
    return avro_value_set_string_len(value, str, size);
}
static inline int CAvro_avro_value_set_fixed(avro_value_t *value, void *buf, size_t size) {
    return avro_value_set_fixed(value, buf, size);
}

static inline int CAvro_avro_value_get_size(const avro_value_t *value, size_t *size) {
    return avro_value_get_size(value, size);
}
static inline int CAvro_avro_value_get_by_index(const avro_value_t *value, size_t index, avro_value_t *child,
                                                const char **name) {
    return avro_value_get_by_index(value, index, child, name);
}
static inline int CAvro_avro_value_get_by_name(const avro_value_t *value, const char *name, avro_value_t *child,
                                               size_t *index) {
    return avro_value_get_by_name(value, name, child, index);
}
static inline int CAvro_avro_value_get_current_branch(const avro_value_t *value, avro_value_t *branch) {
    return avro_value_get_current_branch(value, branch);
}
static inline int CAvro_avro_value_add(avro_value_t *value, const char *key, avro_value_t *child, size_t *index,
                                       int *is_new) {
    return avro_value_add(value, key, child, index, is_new);
}
static inline int CAvro_avro_value_set_branch(avro_value_t *value, int discriminant, avro_value_t *branch) {
    return avro_value_set_branch(value, discriminant, branch);
}

#endif
