/* test_tagger_cache.c - the tagger's cache of template expansions changes no
 * result: every text of fixtures/tagger.cases (and the sample article when
 * ../shared is there) tagged by a fresh tagger, then again by one tagger that
 * has seen them all (its cache warm, slots overwritten by other texts), gives
 * the same expressions, values, mods, raw values and ranges. */
#include "parley/time.h"

#include "../check.h"

#include <stdlib.h>
#include <string.h>

static struct pl_ruleset *rs;

/* Every field the tagger sets, one line per expression. */
static void describe(const char *text, const struct pl_timexes *x, struct pl_buf *b)
{
	for (size_t i = 0; i < x->n; i++) {
		const struct pl_timex *t = &x->v[i];
		pl_buf_printf(b, "%zu-%zu '%.*s' %s %s raw=%s mod=%s to=%s anchor=%s rule=%s\n",
			      t->start, t->end, (int)(t->end - t->start), text + t->start,
			      pl_timex_type_name(t->type), t->value ? t->value : "-",
			      t->raw ? t->raw : "-", t->mod ? t->mod : "-",
			      t->range_end ? t->range_end : "-", pl_timex_anchor_name(t->anchor),
			      t->rule_id ? t->rule_id : "-");
	}
}

static void tag(struct pl_tagger *tg, const char *text, const char *dct_s, struct pl_buf *out)
{
	struct pl_datetime dct;
	bool has = dct_s && strcmp(dct_s, "none") != 0 && pl_timex_parse_dct(dct_s, &dct);
	struct pl_timexes x = { 0 };
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK(pl_timex_tag(tg, text, strlen(text), has ? &dct : NULL, &x, &d) >= 0);
	describe(text, &x, out);
	pl_timexes_free(&x);
	pl_diags_finish(&d);
}

struct doc {
	char *text, *dct;
};

/* The texts of tagger.cases ("text ..." after "dct ..."), \n unescaped. */
static size_t read_cases(const char *path, struct doc *v, size_t max)
{
	struct pl_buf b = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	int rc = pl_read_file(path, PL_MAX_INPUT, &b, &d);
	pl_diags_finish(&d);
	if (rc != 0 || !b.p) {
		pl_buf_free(&b);
		return 0;
	}
	size_t n = 0;
	char dct[64] = "none";
	for (char *line = b.p; line && *line && n < max;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strncmp(line, "dct ", 4) == 0) {
			snprintf(dct, sizeof dct, "%s", line + 4);
		} else if (strncmp(line, "text ", 5) == 0) {
			char *t = pl_strdup(line + 5), *w = t;
			for (char *r = t; *r; r++) {
				if (r[0] == '\\' && r[1] == 'n') {
					*w++ = '\n';
					r++;
				} else {
					*w++ = *r;
				}
			}
			*w = '\0';
			v[n].text = t;
			v[n].dct = pl_strdup(dct);
			n++;
		}
		line = nl ? nl + 1 : NULL;
	}
	pl_buf_free(&b);
	return n;
}

static void test_warm_equals_cold(void)
{
	const char *src = getenv("PARLEY_SRC"), *shared = getenv("PARLEY_SHARED");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/time/fixtures/tagger.cases", src ? src : ".");
	static struct doc docs[4096];
	size_t n = read_cases(path, docs, 4095);
	CHECK(n > 10);
	snprintf(path, sizeof path, "%s/samples/berlin-talks-2025-12-15.txt", shared ? shared : "");
	struct pl_buf sample = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	if (shared && pl_read_file(path, PL_MAX_INPUT, &sample, &d) == 0 && sample.p) {
		docs[n].text = pl_buf_steal(&sample);
		docs[n].dct = pl_strdup("2025-12-15");
		n++;
	} else {
		fprintf(stderr, "note: sample article %s is absent; cases only\n", path);
	}
	pl_diags_finish(&d);
	pl_buf_free(&sample);
	struct pl_tagger *warm = pl_tagger_create(rs);
	CHECK(warm != NULL);
	if (!warm)
		return;
	struct pl_buf scratch = PL_BUF_INIT;
	for (size_t i = 0; i < n; i++) /* warm the cache with everything first */
		tag(warm, docs[i].text, docs[i].dct, &scratch);
	size_t differ = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			struct pl_tagger *cold = pl_tagger_create(rs);
			CHECK(cold != NULL);
			if (!cold)
				break;
			struct pl_buf a = PL_BUF_INIT, b = PL_BUF_INIT;
			tag(cold, docs[i].text, docs[i].dct, &a);
			tag(warm, docs[i].text, docs[i].dct, &b);
			if (strcmp(a.p ? a.p : "", b.p ? b.p : "") != 0 && differ++ < 3)
				fprintf(stderr, "text %zu (dct %s) differs\n  text: %.200s\n--- cold\n%s--- warm\n%s",
					i, docs[i].dct, docs[i].text, a.p ? a.p : "", b.p ? b.p : "");
			pl_buf_free(&a);
			pl_buf_free(&b);
			pl_tagger_destroy(cold);
		}
	}
	CHECK_INT(differ, 0);
	pl_buf_free(&scratch);
	pl_tagger_destroy(warm);
	for (size_t i = 0; i < n; i++) {
		free(docs[i].text);
		free(docs[i].dct);
	}
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
	if (rs)
		RUN(test_warm_equals_cold);
	pl_rules_destroy(rs);
	return check_done();
}
