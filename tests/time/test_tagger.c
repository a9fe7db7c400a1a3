/* test_tagger.c - golden cases for the whole tagger (tests/time/fixtures/tagger.cases)
 * and the sample article (tests/time/fixtures/sample.expected, skipped when
 * ../shared/samples is absent).  UPDATE_GOLDEN=1 rewrites the expectations. */
#include "parley/time.h"

#include "../check.h"

#include <stdlib.h>
#include <string.h>

static struct pl_ruleset *rs;
static struct pl_tagger *tg;

/* One expression as a fixture line: "TEXT" = VALUE [mod MOD] [to END]. */
static void describe(const char *text, const struct pl_timex *x, struct pl_buf *b)
{
	pl_buf_putc(b, '"');
	for (size_t i = x->start; i < x->end; i++)
		pl_buf_putc(b, text[i] == '\n' ? ' ' : text[i]);
	pl_buf_printf(b, "\" = %s", x->value);
	if (x->mod)
		pl_buf_printf(b, " mod %s", x->mod);
	if (x->range_end)
		pl_buf_printf(b, " to %s", x->range_end);
	pl_buf_putc(b, '\n');
}

/* Tag `text` and describe every expression, one line each, into `got`. */
static void tag(const char *text, size_t len, const char *dct_s, struct pl_buf *got)
{
	struct pl_datetime dct;
	bool has = dct_s && strcmp(dct_s, "none") != 0 && pl_timex_parse_dct(dct_s, &dct);
	struct pl_timexes x = { 0 };
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK(pl_timex_tag(tg, text, len, has ? &dct : NULL, &x, &d) >= 0);
	for (size_t i = 0; i < x.n; i++)
		describe(text, &x.v[i], got);
	pl_timexes_free(&x);
	pl_diags_finish(&d);
}

static char *slurp(const char *path, size_t *len)
{
	struct pl_buf b = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	int rc = pl_read_file(path, PL_MAX_INPUT, &b, &d);
	pl_diags_finish(&d);
	if (rc != 0) {
		pl_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return pl_buf_steal(&b);
}

static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static void test_cases(void)
{
	char path[4096];
	const char *src = getenv("PARLEY_SRC");
	snprintf(path, sizeof path, "%s/tests/time/fixtures/tagger.cases", src ? src : ".");
	size_t len;
	char *file = slurp(path, &len);
	CHECK(file != NULL);
	if (!file)
		return;
	bool update = getenv("UPDATE_GOLDEN") != NULL;
	struct pl_buf rewritten = PL_BUF_INIT, want = PL_BUF_INIT, got = PL_BUF_INIT;
	char name[256] = "", dct[64] = "none", *text = NULL;
	unsigned lineno = 0, caseline = 0;
	for (char *line = file; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		bool expect = line[0] == '"';
		if (!expect || !update) {
			pl_buf_puts(&rewritten, line);
			pl_buf_putc(&rewritten, '\n');
		}
		if (strncmp(line, "case ", 5) == 0) {
			snprintf(name, sizeof name, "%s", line + 5);
			caseline = lineno;
			pl_buf_reset(&want);
		} else if (strncmp(line, "dct ", 4) == 0) {
			snprintf(dct, sizeof dct, "%s", line + 4);
		} else if (strncmp(line, "text ", 5) == 0) {
			free(text);
			text = pl_strdup(line + 5);
			unescape(text);
		} else if (expect) {
			pl_buf_puts(&want, line);
			pl_buf_putc(&want, '\n');
		} else if (strcmp(line, "end") == 0 && text) {
			pl_buf_reset(&got);
			tag(text, strlen(text), dct, &got);
			const char *g = got.p ? got.p : "", *w = want.p ? want.p : "";
			check_count_++;
			if (strcmp(g, w) != 0) {
				check_failures_++;
				fprintf(stderr, "%s:%u: case '%s' (dct %s)\n  text: %s\n--- want\n%s--- got\n%s",
					path, caseline, name, dct, text, w, g);
			}
			if (update) { /* the expectations go before "end" */
				rewritten.len -= 4;
				pl_buf_puts(&rewritten, g);
				pl_buf_puts(&rewritten, "end\n");
			}
			free(text);
			text = NULL;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (update) {
		FILE *f = fopen(path, "w");
		CHECK(f != NULL);
		if (f) {
			fwrite(rewritten.p, 1, rewritten.len, f);
			fclose(f);
		}
	}
	free(text);
	free(file);
	pl_buf_free(&rewritten);
	pl_buf_free(&want);
	pl_buf_free(&got);
}

/* The sample article as saved (page furniture included), published Monday
 * 2025-12-15: every expression it yields, compared with a reviewed list. */
static void test_sample(void)
{
	const char *shared = getenv("PARLEY_SHARED"), *src = getenv("PARLEY_SRC");
	char path[4096], exp[4096];
	snprintf(path, sizeof path, "%s/samples/berlin-talks-2025-12-15.txt", shared ? shared : "");
	snprintf(exp, sizeof exp, "%s/tests/time/fixtures/sample.expected", src ? src : ".");
	size_t len, elen;
	char *text = shared ? slurp(path, &len) : NULL;
	if (!text) {
		fprintf(stderr, "SKIP: sample article %s is absent\n", path);
		return;
	}
	struct pl_buf got = PL_BUF_INIT;
	pl_buf_puts(&got, "# Every time expression of ../shared/samples/berlin-talks-2025-12-15.txt\n"
			  "# tagged with --dct 2025-12-15 (regenerate: UPDATE_GOLDEN=1, review the diff).\n");
	tag(text, len, "2025-12-15", &got);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *f = fopen(exp, "w");
		CHECK(f != NULL);
		if (f) {
			fwrite(got.p, 1, got.len, f);
			fclose(f);
		}
	}
	char *want = slurp(exp, &elen);
	CHECK(want != NULL);
	if (want && strcmp(want, got.p ? got.p : "") != 0) {
		check_count_++;
		check_failures_++;
		fprintf(stderr, "%s: differs\n--- want\n%s--- got\n%s", exp, want, got.p ? got.p : "");
	}
	/* the pinned values, whatever the golden file says */
	const char *must[] = {
		"\"Monday\" = 2025-12-15\n", "\"this coming weekend\" = 2025-W51-WE\n",
		"\"February 2022\" = 2022-02\n", "\"Christmas\" = 2025-12-25 mod BEFORE\n",
		"five hours\" = PT5H", "\"Dec. 14, 2025\" = 2025-12-14\n",
	};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
		check_count_++;
		if (!got.p || !strstr(got.p, must[i])) {
			check_failures_++;
			fprintf(stderr, "sample: missing %s", must[i]);
		}
	}
	check_count_++;
	if (got.p && strstr(got.p, "month\" =")) {
		check_failures_++;
		fprintf(stderr, "sample: the furniture line 'articles per month' was tagged\n");
	}
	free(want);
	free(text);
	pl_buf_free(&got);
}

int main(void)
{
	const char *dir = getenv("PARLEY_RULES_DIR");
	static const char *const prefixes[] = { "common", "time" };
	struct pl_diags d;
	pl_diags_init(&d);
	rs = pl_rules_load_prefixed(dir ? dir : "rules", NULL, 0, prefixes, 2, &d);
	CHECK(rs != NULL && d.nerrors == 0);
	pl_diags_finish(&d);
	tg = rs ? pl_tagger_create(rs) : NULL;
	if (tg) {
		RUN(test_cases);
		RUN(test_sample);
	}
	pl_tagger_destroy(tg);
	pl_rules_destroy(rs);
	return check_done();
}
