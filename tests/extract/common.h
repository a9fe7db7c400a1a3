/* common.h - shared by the extract tests: load rules and reference data, run
 * one article through ingest and extraction, print events as golden text. */
#ifndef PARLEY_TESTS_EXTRACT_COMMON_H
#define PARLEY_TESTS_EXTRACT_COMMON_H

#include "parley/events.h"
#include "parley/extract.h"
#include "parley/ingest.h"
#include "parley/rules.h"
#include "parley/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* Print every diagnostic of d to stderr (tests only: the library never prints). */
static inline void print_diags(const struct pl_diags *d)
{
	struct pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < d->n; i++)
		pl_diag_format(d, &d->v[i], &b);
	if (b.len)
		fputs(b.p, stderr);
	pl_buf_free(&b);
}

/* One event as readable golden text: type, status, date, place, then label,
 * actors, topics and the evidence (rule, byte span, trigger text). */
static inline void format_event(const struct pl_event *e, const char *body, struct pl_buf *o)
{
	pl_buf_printf(o, "%s %s", e->type, pl_event_status_name(e->status));
	if (e->date) {
		pl_buf_printf(o, " %s", e->date);
		if (e->date_end)
			pl_buf_printf(o, "..%s", e->date_end);
		if (e->date_mod)
			pl_buf_printf(o, " mod %s", e->date_mod);
	}
	pl_buf_printf(o, " (%s)", pl_date_source_name(e->date_source));
	if (e->location)
		pl_buf_printf(o, " at %s/%s", e->location->name,
			      e->location->country ? e->location->country : "-");
	pl_buf_printf(o, "\n  label   %s\n", e->label ? e->label : "");
	if (e->nactors) {
		pl_buf_puts(o, "  actors ");
		for (size_t i = 0; i < e->nactors; i++) {
			const struct pl_event_actor *a = &e->actors[i];
			pl_buf_printf(o, "%s %s: %s [%s%s%s]", i ? ";" : "", a->role, a->name,
				      a->country ? a->country : "-", a->title ? " " : "",
				      a->title ? a->title : "");
		}
		pl_buf_putc(o, '\n');
	}
	if (e->ntopics) {
		pl_buf_puts(o, "  topics ");
		for (size_t i = 0; i < e->ntopics; i++)
			pl_buf_printf(o, "%s %s", i ? "," : "", e->topics[i]);
		pl_buf_putc(o, '\n');
	}
	for (size_t i = 0; i < e->nsources; i++) {
		const struct pl_event_source *s = &e->sources[i];
		const char *t = s->caption ? NULL : body;
		pl_buf_printf(o, "  source  %s%s", s->rule, s->caption ? " (caption)" : "");
		if (t)
			pl_buf_printf(o, " \"%.*s\"", (int)(s->end - s->start), t + s->start);
		pl_buf_putc(o, '\n');
	}
}

/* Rules (all shipped) and an extractor over $PARLEY_DATA_DIR; NULL after
 * printing the diagnostics. */
static inline struct pl_extractor *open_extractor(struct pl_ruleset **rs)
{
	struct pl_diags d;
	pl_diags_init(&d);
	*rs = pl_rules_load(env_or("PARLEY_RULES_DIR", PARLEY_SRC_RULES_DIR), NULL, 0, &d);
	struct pl_extractor *x = *rs ? pl_extractor_create(*rs, env_or("PARLEY_DATA_DIR", PARLEY_SRC_DATA_DIR), &d) : NULL;
	if (d.nerrors || !x)
		print_diags(&d);
	pl_diags_finish(&d);
	return x;
}

struct collect {
	struct pl_article **v;
	size_t n;
};

static inline int collect_article(struct pl_article *a, void *ud)
{
	struct collect *c = ud;
	struct pl_article **nv = realloc(c->v, (c->n + 1) * sizeof *nv);
	if (!nv) {
		pl_article_free(a);
		free(a);
		return 1;
	}
	c->v = nv;
	c->v[c->n++] = a;
	return 0;
}

/* Ingest the file at `path` (shipped boilerplate rules, `date` as the
 * default publication date, may be NULL) and append its articles to `c`.
 * Returns the number of articles, -1 after diagnostics in `d`. */
static inline long ingest_file(const char *path, const char *date, struct collect *c,
			       struct pl_diags *d)
{
	const char *rules = env_or("PARLEY_RULES_DIR", PARLEY_SRC_RULES_DIR);
	struct pl_boiler *b = pl_boiler_load(&rules, 1, d);
	struct pl_ingest_opts opts = { 0 };
	struct pl_buf in = PL_BUF_INIT;
	long n = -1;
	opts.boiler = b;
	if (date)
		pl_datetime_parse(date, strlen(date), &opts.default_date);
	if (pl_read_file(path, PL_MAX_INPUT, &in, d) == 0)
		n = pl_ingest_buffer(path, in.p, in.len, &opts, collect_article, c, d);
	pl_buf_free(&in);
	pl_boiler_destroy(b);
	return n;
}

static inline void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++) {
		pl_article_free(c->v[i]);
		free(c->v[i]);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* Extract one ingested article into `out`. */
static inline long extract_one(struct pl_extractor *x, const struct pl_article *a,
			       struct pl_events *out, struct pl_diags *d)
{
	struct pl_article_view v = { 0 };
	v.origin = a->origin;
	v.title = a->title;
	v.source = a->source;
	v.published = a->published;
	v.body = a->body;
	v.body_len = a->body_len;
	v.captions = (const char *const *)a->captions;
	v.ncaptions = a->ncaptions;
	return pl_extract_article(x, &v, out, d);
}

#endif
