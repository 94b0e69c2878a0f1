/* jfield.h - the one JSON accessor of the result models: numbers, strings, integers by key. */
#ifndef KMB_JFIELD_H
#define KMB_JFIELD_H

#include <jansson.h>

/* @o[@k] as a number; NAN when @o is no object, @k is absent or not a number. */
double jnum(const json_t *o, const char *k);

/* @o[@k] as a string; @def when absent or not a string. */
const char *jstr(const json_t *o, const char *k, const char *def);

/* @o[@k] as an integer (a real is truncated); @def when absent or not a number. */
long long jint(const json_t *o, const char *k, long long def);

/* A JSON number value, NAN for null, absent or anything else. */
double jval(const json_t *v);

/* A new JSON number, or null for NAN and infinities (JSON has neither). */
json_t *jnew_num(double v);

/* A new JSON array of jnew_num(@v[i]) for i < @n. */
json_t *jnew_nums(const double *v, size_t n);

#endif
