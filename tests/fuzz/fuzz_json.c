/* fuzz_json.c - pl_json_parse on arbitrary bytes: no crash, no stack overflow, a
 * failure points inside the input, and a success holds only valid UTF-8 strings. */
#include "fuzz.h"

#include "parley/json.h"

#include <string.h>

/* Walk the tree: every string and key is valid UTF-8 and NUL-terminated at len. */
static void walk(const struct pl_json *v, int depth)
{
	FUZZ_CHECK(depth <= PL_JSON_MAX_DEPTH + 1, "depth %d past the limit", depth);
	switch (v->type) {
	case PL_JSON_STRING:
		FUZZ_CHECK(v->str != NULL, "string without bytes");
		FUZZ_CHECK(v->str[v->len] == '\0', "string not NUL-terminated at len");
		FUZZ_CHECK(pl_utf8_valid(v->str, v->len), "string not valid UTF-8");
		break;
	case PL_JSON_ARRAY:
	case PL_JSON_OBJECT:
		for (size_t i = 0; i < v->len; i++) {
			FUZZ_CHECK(v->items[i] != NULL, "null member %zu", i);
			if (v->type == PL_JSON_OBJECT) {
				FUZZ_CHECK(v->keys[i] != NULL, "null key %zu", i);
				FUZZ_CHECK(pl_utf8_valid(v->keys[i], strlen(v->keys[i])),
					   "key not valid UTF-8");
			}
			walk(v->items[i], depth + 1);
		}
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pl_arena *a = pl_arena_create(4096);
	if (!a)
		return 0;
	size_t err_off = SIZE_MAX;
	const char *err_msg = NULL;
	struct pl_json *v = pl_json_parse((const char *)data, size, a, &err_off, &err_msg);
	if (v) {
		walk(v, 0);
		if (v->type == PL_JSON_OBJECT && v->len > 0) {
			/* lookups by the first key find a member */
			FUZZ_CHECK(pl_json_get(v, v->keys[0]) != NULL, "first key not found");
			(void)pl_json_get_str(v, v->keys[0]);
		}
	} else {
		FUZZ_CHECK(err_msg != NULL, "failure without a message");
		FUZZ_CHECK(err_off <= size, "error offset %zu past the input (%zu)", err_off, size);
	}
	pl_arena_destroy(a);
	return 0;
}
