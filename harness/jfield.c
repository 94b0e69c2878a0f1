/* jfield.c - the one JSON accessor of the result models: numbers, strings, integers by key. */
#include <math.h>

#include "jfield.h"

double jval(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

double jnum(const json_t *o, const char *k)
{
	return jval(json_object_get(o, k));
}

const char *jstr(const json_t *o, const char *k, const char *def)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : def;
}

long long jint(const json_t *o, const char *k, long long def)
{
	const json_t *v = json_object_get(o, k);
	if (json_is_integer(v))
		return json_integer_value(v);
	return json_is_real(v) ? (long long)json_real_value(v) : def;
}

json_t *jnew_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *jnew_nums(const double *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, jnew_num(v[i]));
	return a;
}
