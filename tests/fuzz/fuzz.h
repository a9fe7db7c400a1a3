/* fuzz.h - shared pieces of the fuzz targets: the libFuzzer entry point and an
 * invariant check that aborts (so libFuzzer and the replay runner both see a crash).
 *
 * Each fuzz_*.c defines LLVMFuzzerTestOneInput.  Built with clang
 * -fsanitize=fuzzer it is a libFuzzer target; linked with replay.c (gcc or
 * clang) it is a plain program that feeds it the files named on its command
 * line, so the seed corpora run as ordinary tests. */
#ifndef PARLEY_FUZZ_H
#define PARLEY_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the code under test promises; a violation is a finding. */
#define FUZZ_CHECK(cond, ...)                                                        \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__,   \
				__LINE__, #cond);                                    \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
			abort();                                                     \
		}                                                                    \
	} while (0)

/* A string the library hands out (NULL allowed) is NUL-terminated valid UTF-8. */
#define FUZZ_CHECK_UTF8(what, s)                                                     \
	do {                                                                         \
		const char *s_ = (s);                                                \
		if (s_)                                                              \
			FUZZ_CHECK(pl_utf8_valid(s_, strlen(s_)), "%s is not valid UTF-8", \
				   (what));                                          \
	} while (0)

/* Offset `at` of s[0..n) starts a character (or is the end). */
static inline bool fuzz_on_boundary(const char *s, size_t n, size_t at)
{
	return at == n || ((unsigned char)s[at] & 0xC0) != 0x80;
}

/* The shipped rules/ directory: $PARLEY_RULES_DIR, else the source tree's. */
static inline const char *fuzz_rules_dir(void)
{
	const char *env = getenv("PARLEY_RULES_DIR");
	return env && *env ? env : PARLEY_SRC_RULES_DIR;
}

#endif
