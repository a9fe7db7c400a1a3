/* json.h - a small strict JSON (RFC 8259) reader into an arena-allocated tree.
 *
 * Used for JSON-LD in HTML pages, JSON Lines input and test fixtures.  All
 * nodes and strings live in the caller's arena and die with it.  Strings are
 * decoded (escapes, surrogate pairs) to UTF-8; invalid UTF-8 or lone
 * surrogates are errors.  Nesting deeper than PL_JSON_MAX_DEPTH is an error,
 * never a stack overflow. */
#ifndef PARLEY_JSON_H
#define PARLEY_JSON_H

#include "parley/util.h"

#define PL_JSON_MAX_DEPTH 512

enum pl_json_type { PL_JSON_NULL, PL_JSON_BOOL, PL_JSON_NUMBER, PL_JSON_STRING, PL_JSON_ARRAY, PL_JSON_OBJECT };

struct pl_json {
	enum pl_json_type type;
	bool b;              /* PL_JSON_BOOL */
	double num;          /* PL_JSON_NUMBER */
	const char *str;     /* PL_JSON_STRING: NUL-terminated UTF-8 (may contain \0 escapes: use len) */
	size_t len;          /* string length in bytes; element/member count for arrays/objects */
	struct pl_json **items;  /* PL_JSON_ARRAY elements / PL_JSON_OBJECT values */
	const char **keys;   /* PL_JSON_OBJECT keys, parallel to items */
};

/* Parse exactly one JSON value (surrounding whitespace allowed) from s[0..n).
 * On error returns NULL and sets *err_off to the byte offset and *err_msg to a
 * static message ("unexpected character", "unterminated string", ...). */
struct pl_json *pl_json_parse(const char *s, size_t n, struct pl_arena *a, size_t *err_off,
			      const char **err_msg);
/* Member `key` of an object (first match), or NULL. */
const struct pl_json *pl_json_get(const struct pl_json *obj, const char *key);
/* The string of member `key` when it is a string, else NULL. */
const char *pl_json_get_str(const struct pl_json *obj, const char *key);

#endif
