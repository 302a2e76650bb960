/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * jsonfile.c - the runtimes' JSON state and configuration, read with
 * json-c: bounded in size and depth, strict, and with typed getters that
 * tell "absent" from "of the wrong type".  The files are written by root
 * (the runtimes), but a container's configuration holds what its image
 * chose (env, user, cwd): every value is checked before use.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "nsjoin.h"

#define JSON_MAX_DEPTH 64

struct json_object *json_parse(const char *buf, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	struct json_object *obj;

	if (!tok)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	if (obj && json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

struct json_object *json_read_file(int dirfd, const char *path, size_t limit,
				   int *err)
{
	struct json_object *obj;
	char *buf;
	size_t len;

	*err = 0;
	if (read_small_file(dirfd, path, limit, &buf, &len) < 0) {
		*err = errno;
		return NULL;
	}
	/* json-c takes an int length; the limit keeps it far below */
	obj = len < (size_t)1 << 30 ? json_parse(buf, len) : NULL;
	free(buf);
	if (!obj)
		*err = EINVAL;
	return obj;
}

struct json_object *jf_get(const struct json_object *obj, const char *key,
			     enum json_type type)
{
	struct json_object *v;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

/* A path of keys, "process.user.uid" written as ("process", "user", ...). */
struct json_object *jf_path(const struct json_object *obj, enum json_type type,
			      const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; obj && i + 1 < n; i++)
		obj = jf_get(obj, keys[i], json_type_object);
	return obj ? jf_get(obj, keys[n - 1], type) : NULL;
}

const char *jf_str(const struct json_object *obj, const char *key)
{
	struct json_object *v = jf_get(obj, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

bool jf_bool(const struct json_object *obj, const char *key, bool dflt)
{
	struct json_object *v = jf_get(obj, key, json_type_boolean);

	return v ? json_object_get_boolean(v) : dflt;
}

/* An integer member within [min, max]: 1, 0 absent, -1 out of range or
 * not an integer. */
int jf_int(const struct json_object *obj, const char *key, int64_t min,
	     int64_t max, int64_t *out)
{
	struct json_object *v;
	int64_t n;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	errno = 0;
	n = json_object_get_int64(v);
	if (errno || n < min || n > max)
		return -1;
	*out = n;
	return 1;
}

/* An unsigned 64-bit integer member: the same. */
int jf_u64(const struct json_object *obj, const char *key, uint64_t *out)
{
	struct json_object *v;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	if (json_object_get_int64(v) < 0)
		return -1;	/* (one above INT64_MAX reads as INT64_MAX) */
	*out = json_object_get_uint64(v);
	return 1;
}

/* An array of strings, as a NULL-terminated copy; NULL when absent, not
 * an array, or holding anything but strings. */
char **jf_strings(const struct json_object *arr)
{
	size_t n, i;
	char **v;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return NULL;
	n = json_object_array_length(arr);
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(s, json_type_string)) {
			strv_free(v);
			return NULL;
		}
		v[i] = xasprintf("%s", json_object_get_string(s));
	}
	return v;
}

void strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
