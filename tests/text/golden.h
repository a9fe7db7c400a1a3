/* golden.h - readable golden case files for the text tests, with UPDATE_GOLDEN=1.
 *
 * A case file holds two kinds of cases (lines starting with '#' outside a
 * block are comments):
 *
 *   one-line:  INPUT => EXPECTED             (split at the last " => ")
 *
 *   block:     ## name
 *              input lines...
 *              --
 *              expected lines...            (up to the next "## " or EOF;
 *                                            trailing blank lines dropped)
 *
 * The runner gives each input to `fn`, compares its output with EXPECTED and
 * names the failing case by file:line.  With UPDATE_GOLDEN=1 in the
 * environment the file is rewritten with the outputs (review with git diff).
 */
#ifndef PARLEY_TESTS_GOLDEN_H
#define PARLEY_TESTS_GOLDEN_H

#include "parley/util.h"
#include "../check.h"

#include <stdlib.h>
#include <string.h>

typedef void (*golden_fn)(const char *in, size_t n, struct pl_buf *out);

/* Path of a file under $PARLEY_SRC/tests/text/fixtures (static buffer). */
static inline const char *golden_path(const char *name)
{
	static char path[4096];
	const char *src = getenv("PARLEY_SRC");
	snprintf(path, sizeof path, "%s/tests/text/fixtures/%s", src ? src : ".", name);
	return path;
}

static inline int golden_read(const char *path, struct pl_buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char tmp[8192];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		pl_buf_append(b, tmp, k);
	fclose(f);
	if (!b->p)
		pl_buf_puts(b, "");
	return b->oom ? -1 : 0;
}

static inline void golden_compare(const char *path, unsigned line, const char *in, size_t inlen,
				  const char *want, size_t wantlen, const char *got, size_t gotlen)
{
	check_count_++;
	if (wantlen == gotlen && memcmp(want, got, gotlen) == 0)
		return;
	check_failures_++;
	fprintf(stderr, "%s:%u: golden case failed\n  input: %.*s\n  got:   %.*s\n  want:  %.*s\n", path, line,
		(int)inlen, in, (int)gotlen, got, (int)wantlen, want);
}

/* Run every case of fixtures/<name> through fn. */
static inline void golden_run(const char *name, golden_fn fn)
{
	const char *path = golden_path(name);
	struct pl_buf file = PL_BUF_INIT, out = PL_BUF_INIT, got = PL_BUF_INIT;
	bool update = getenv("UPDATE_GOLDEN") && strcmp(getenv("UPDATE_GOLDEN"), "1") == 0;
	if (golden_read(path, &file) != 0) {
		check_count_++;
		check_failures_++;
		fprintf(stderr, "%s: cannot read golden file\n", path);
		return;
	}
	const char *s = file.p, *end = file.p + file.len;
	unsigned lineno = 0;
	int ncases = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		lineno++;
		if (le - s >= 3 && memcmp(s, "## ", 3) == 0) {
			/* Block case: header, input up to "--", expected up to next "## ". */
			unsigned caseline = lineno;
			pl_buf_append(&out, s, (size_t)(le - s));
			pl_buf_putc(&out, '\n');
			s = nl ? nl + 1 : end;
			const char *in = s, *inend = NULL, *want = NULL;
			while (s < end) {
				nl = memchr(s, '\n', (size_t)(end - s));
				le = nl ? nl : end;
				if (!inend && le - s == 2 && memcmp(s, "--", 2) == 0) {
					inend = s;
					want = nl ? nl + 1 : end;
				} else if (inend && le - s >= 3 && memcmp(s, "## ", 3) == 0) {
					break;
				}
				lineno++;
				s = nl ? nl + 1 : end;
			}
			if (!inend) {
				fprintf(stderr, "%s:%u: block case without a '--' line\n", path, caseline);
				check_count_++;
				check_failures_++;
				break;
			}
			size_t inlen = (size_t)(inend - in);
			if (inlen && in[inlen - 1] == '\n')
				inlen--; /* the newline before "--" is not part of the input */
			const char *wend = s;
			while (wend > want && wend[-1] == '\n')
				wend--;
			pl_buf_reset(&got);
			fn(in, inlen, &got);
			while (got.len && got.p[got.len - 1] == '\n')
				got.len--;
			golden_compare(path, caseline, in, inlen, want, (size_t)(wend - want), got.p ? got.p : "",
				       got.len);
			ncases++;
			pl_buf_append(&out, in, (size_t)(inend - in));
			pl_buf_puts(&out, "--\n");
			pl_buf_append(&out, got.p ? got.p : "", got.len);
			pl_buf_puts(&out, "\n\n");
			lineno--; /* the "## " line is counted again by the outer loop */
			continue;
		}
		const char *sep = NULL;
		for (const char *q = s; q + 4 <= le; q++)
			if (memcmp(q, " => ", 4) == 0)
				sep = q;
		if (s == le || *s == '#' || !sep) {
			pl_buf_append(&out, s, (size_t)(le - s));
			if (nl)
				pl_buf_putc(&out, '\n');
			s = nl ? nl + 1 : end;
			continue;
		}
		pl_buf_reset(&got);
		fn(s, (size_t)(sep - s), &got);
		golden_compare(path, lineno, s, (size_t)(sep - s), sep + 4, (size_t)(le - sep - 4), got.p ? got.p : "",
			       got.len);
		ncases++;
		pl_buf_append(&out, s, (size_t)(sep + 4 - s));
		pl_buf_append(&out, got.p ? got.p : "", got.len);
		if (nl)
			pl_buf_putc(&out, '\n');
		s = nl ? nl + 1 : end;
	}
	if (ncases == 0) {
		check_count_++;
		check_failures_++;
		fprintf(stderr, "%s: no cases found\n", path);
	}
	if (update && !out.oom) {
		FILE *f = fopen(path, "wb");
		if (f) {
			fwrite(out.p, 1, out.len, f);
			fclose(f);
			fprintf(stderr, "%s: rewritten (UPDATE_GOLDEN=1)\n", path);
		}
	}
	pl_buf_free(&file);
	pl_buf_free(&out);
	pl_buf_free(&got);
}

#endif
