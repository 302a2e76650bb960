/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * jsonfile.h - reading the runtimes' JSON with json-c (jsonfile.c).
 * Only the files that read runtime state include it: the join path of a
 * plain "nsjoin -t PID -n" never touches JSON.
 */
#ifndef NSJOIN_JSONFILE_H
#define NSJOIN_JSONFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/* A whole document; NULL when it is not strict, valid UTF-8 JSON of at
 * most 64 levels. */
struct json_object *json_parse(const char *buf, size_t len);
/* The same from a file (openat(dirfd, path)) of at most limit bytes;
 * NULL with *err an errno (EINVAL: not JSON). */
struct json_object *json_read_file(int dirfd, const char *path, size_t limit,
				   int *err);

/* Member key of object obj when it has that type, else NULL. */
struct json_object *jf_get(const struct json_object *obj, const char *key,
			     enum json_type type);
struct json_object *jf_path(const struct json_object *obj, enum json_type type,
			      const char *const *keys, size_t n);
#define JF_PATH(obj, type, ...) \
	jf_path((obj), (type), (const char *const[]){ __VA_ARGS__ }, \
		  sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

const char *jf_str(const struct json_object *obj, const char *key);
bool jf_bool(const struct json_object *obj, const char *key, bool dflt);
/* 1 found (in range), 0 absent or null, -1 wrong type or out of range */
int jf_int(const struct json_object *obj, const char *key, int64_t min,
	     int64_t max, int64_t *out);
int jf_u64(const struct json_object *obj, const char *key, uint64_t *out);
/* An array of strings as a NULL-terminated copy (strv_free), or NULL. */
char **jf_strings(const struct json_object *arr);
void strv_free(char **v);

#endif /* NSJOIN_JSONFILE_H */
