/* events_fixture.c - build a database from a readable fixture of articles and mentions, print queries.
 *
 * usage: events_fixture FIXTURE.json DB
 *
 * The fixture (a .json file of tests/events/fixtures) holds
 *   "articles": [{origin, source, title, published, body}]   stored in order
 *               (the same body under another origin becomes a wire copy);
 *   "steps":    [{run, article, mentions: [...]}]  each one extraction of one
 *               article by rule set `run` (a name; a new name is a new run);
 *               a mention is {type, status, date, date_end, precision,
 *               date_source, actors: [{name, country, role}], place: {name,
 *               country, lat, lon}, topics, label, confidence, rule, text,
 *               caption} where `text` locates the span (its first occurrence
 *               in the body);
 *               {"remerge": true} merges everything again;
 *               {"sql": "UPDATE ..."} writes to the database behind the
 *               merger's back (another program would);
 *               {"settle": true} consolidates and refreshes (as the end of
 *               an extraction run does; the last step always does);
 *   "queries":  [{name, actor, country, place, type, status, topic, from, to,
 *               match}]
 * and prints, per query, "# NAME" then one JSON event per line, then the
 * table counts.  The database is left at DB for `parley events` tests.
 */
#include "parley/eventstore.h"
#include "parley/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const struct pl_json *o, const char *k)
{
	return o ? pl_json_get_str(o, k) : NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

static double num(const struct pl_json *o, const char *k, double dflt)
{
	const struct pl_json *v = o ? pl_json_get(o, k) : NULL;
	return v && v->type == PL_JSON_NUMBER ? v->num : dflt;
}

static int put_articles(struct pl_store *s, const struct pl_json *arts, struct pl_diags *d)
{
	for (size_t i = 0; arts && i < arts->len; i++) {
		const struct pl_json *o = arts->items[i];
		struct pl_article a = { 0 };
		struct pl_range *paras = NULL, *sents = NULL;
		struct pl_put_info info;
		a.origin = dup_or_null(str(o, "origin"));
		a.title = dup_or_null(str(o, "title"));
		a.source = dup_or_null(str(o, "source"));
		a.body = dup_or_null(str(o, "body"));
		a.body_len = a.body ? strlen(a.body) : 0;
		const char *pub = str(o, "published");
		if (pub && !pl_datetime_parse(pub, strlen(pub), &a.published))
			fprintf(stderr, "bad published date %s\n", pub);
		long np = pl_paragraphs(a.body, a.body_len, &paras);
		long ns = pl_sentences(a.body, a.body_len, &sents);
		int rc = np < 0 || ns < 0 ? -1
					  : pl_store_put(s, &a, paras, (size_t)np, sents, (size_t)ns,
							 &info, d);
		free(paras);
		free(sents);
		pl_article_free(&a);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int64_t article_id(struct pl_store *s, const char *origin, char **body)
{
	sqlite3_stmt *q;
	int64_t id = 0;
	*body = NULL;
	sqlite3_prepare_v2(pl_store_db(s), "SELECT id, body FROM articles WHERE origin = ?1", -1, &q,
			   NULL);
	sqlite3_bind_text(q, 1, origin ? origin : "", -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		*body = pl_strdup((const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
	return id;
}

static void make_mention(const struct pl_json *o, const char *body, const char *origin,
			 struct pl_event *e)
{
	memset(e, 0, sizeof *e);
	e->type = dup_or_null(str(o, "type"));
	e->date = dup_or_null(str(o, "date"));
	e->date_end = dup_or_null(str(o, "date_end"));
	e->date_mod = dup_or_null(str(o, "date_mod"));
	e->label = dup_or_null(str(o, "label"));
	e->plover = dup_or_null(str(o, "plover"));
	e->cameo = dup_or_null(str(o, "cameo"));
	const char *p = str(o, "precision");
	e->precision = !p ? PL_PREC_DAY : !strcmp(p, "month") ? PL_PREC_MONTH
				: !strcmp(p, "year") ? PL_PREC_YEAR : PL_PREC_DAY;
	const char *ds = str(o, "date_source");
	e->date_source = !ds ? PL_DATE_SENTENCE : !strcmp(ds, "reference") ? PL_DATE_REFERENCE
			 : !strcmp(ds, "publication") ? PL_DATE_PUBLICATION
			 : !strcmp(ds, "none") ? PL_DATE_NONE : PL_DATE_SENTENCE;
	if (!pl_event_status_parse(str(o, "status") ? str(o, "status") : "occurred", &e->status))
		fprintf(stderr, "bad status\n");
	e->confidence = num(o, "confidence", 0.6);
	const struct pl_json *acts = pl_json_get(o, "actors");
	if (acts && acts->len) {
		e->actors = calloc(acts->len, sizeof *e->actors);
		for (size_t i = 0; e->actors && i < acts->len; i++) {
			e->actors[i].name = dup_or_null(str(acts->items[i], "name"));
			e->actors[i].country = dup_or_null(str(acts->items[i], "country"));
			e->actors[i].role = dup_or_null(str(acts->items[i], "role"));
			e->actors[i].title = dup_or_null(str(acts->items[i], "title"));
			e->nactors++;
		}
	}
	const struct pl_json *pl = pl_json_get(o, "place");
	if (pl && pl->type == PL_JSON_OBJECT) {
		e->location = calloc(1, sizeof *e->location);
		if (e->location) {
			e->location->name = dup_or_null(str(pl, "name"));
			e->location->country = dup_or_null(str(pl, "country"));
			e->location->has_coords = pl_json_get(pl, "lat") != NULL;
			e->location->lat = num(pl, "lat", 0);
			e->location->lon = num(pl, "lon", 0);
		}
	}
	const struct pl_json *tops = pl_json_get(o, "topics");
	if (tops && tops->len) {
		e->topics = calloc(tops->len, sizeof *e->topics);
		for (size_t i = 0; e->topics && i < tops->len; i++)
			e->topics[e->ntopics++] = dup_or_null(tops->items[i]->str);
	}
	e->sources = calloc(1, sizeof *e->sources);
	if (!e->sources)
		return;
	e->nsources = 1;
	const char *text = str(o, "text");
	const char *at = text && body ? strstr(body, text) : NULL;
	if (text && !at)
		fprintf(stderr, "mention text '%s' not in %s\n", text, origin);
	e->sources[0].start = at ? (size_t)(at - body) : 0;
	e->sources[0].end = at ? e->sources[0].start + strlen(text) : 0;
	e->sources[0].rule = dup_or_null(str(o, "rule") ? str(o, "rule") : "test.rule");
	e->sources[0].article = dup_or_null(origin);
	const struct pl_json *cap = pl_json_get(o, "caption");
	e->sources[0].caption = cap && cap->type == PL_JSON_BOOL && cap->b;
}

static int run_steps(struct pl_store *s, struct pl_merger *m, const struct pl_json *steps,
		     struct pl_diags *d)
{
	char last_run[64] = "";
	int64_t run = 0;
	for (size_t i = 0; steps && i < steps->len; i++) {
		const struct pl_json *st = steps->items[i];
		const struct pl_json *rm = pl_json_get(st, "remerge");
		if (rm && rm->type == PL_JSON_BOOL && rm->b) {
			if (pl_events_remerge(s, m, d) < 0)
				return -1;
			continue;
		}
		const struct pl_json *se = pl_json_get(st, "settle");
		if (se && se->type == PL_JSON_BOOL && se->b) {
			if (pl_events_settle(s, m, d) < 0)
				return -1;
			continue;
		}
		if (str(st, "sql")) {
			char *err = NULL;
			if (sqlite3_exec(pl_store_db(s), str(st, "sql"), NULL, NULL, &err) != SQLITE_OK) {
				fprintf(stderr, "%s: %s\n", str(st, "sql"), err ? err : "?");
				sqlite3_free(err);
				return -1;
			}
			continue;
		}
		const char *rname = str(st, "run") ? str(st, "run") : "run";
		if (strcmp(rname, last_run) != 0) {
			snprintf(last_run, sizeof last_run, "%s", rname);
			if ((run = pl_events_run_begin(s, rname, NULL, d)) < 0)
				return -1;
		}
		char *body;
		const char *origin = str(st, "article");
		int64_t id = article_id(s, origin, &body);
		if (!id) {
			fprintf(stderr, "no article %s\n", origin ? origin : "(null)");
			return -1;
		}
		const struct pl_json *ms = pl_json_get(st, "mentions");
		struct pl_events ev = { 0 };
		for (size_t k = 0; ms && k < ms->len; k++) {
			if (ev.n == ev.cap) {
				ev.cap = ev.cap ? ev.cap * 2 : 8;
				ev.v = realloc(ev.v, ev.cap * sizeof *ev.v);
			}
			make_mention(ms->items[k], body, origin, &ev.v[ev.n++]);
		}
		int rc = pl_events_put_article(s, m, id, &ev, run, d);
		pl_events_free(&ev);
		free(body);
		if (rc < 0)
			return -1;
	}
	return pl_events_settle(s, m, d) < 0 ? -1 : 0;
}

static void print_counts(struct pl_store *s)
{
	static const char *const tables[] = { "articles", "mentions", "events", "event_mentions",
					      "article_extract", "timexes", "sentences" };
	printf("# counts");
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[80];
		sqlite3_stmt *q;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		sqlite3_prepare_v2(pl_store_db(s), sql, -1, &q, NULL);
		if (sqlite3_step(q) == SQLITE_ROW)
			printf(" %s=%d", tables[i], sqlite3_column_int(q, 0));
		sqlite3_finalize(q);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: events_fixture FIXTURE.json DB\n");
		return 2;
	}
	struct pl_diags d;
	struct pl_buf text = PL_BUF_INIT;
	struct pl_arena *arena = pl_arena_create(1 << 16);
	struct pl_store *s = NULL;
	struct pl_merger *m = NULL;
	struct pl_ruleset *rs = NULL;
	int rc = 1;
	pl_diags_init(&d);
	const char *rules = getenv("PARLEY_RULES_DIR"), *data = getenv("PARLEY_DATA_DIR");
	static const char *const prefixes[] = { "merge" };
	size_t err_off;
	const char *err;
	if (pl_read_file(argv[1], 1 << 24, &text, &d) < 0)
		goto out;
	struct pl_json *fx = pl_json_parse(text.p, text.len, arena, &err_off, &err);
	if (!fx) {
		fprintf(stderr, "%s: byte %zu: %s\n", argv[1], err_off, err);
		goto out;
	}
	remove(argv[2]);
	if (!(rs = pl_rules_load_prefixed(rules, NULL, 0, prefixes, 1, &d)) ||
	    !(m = pl_merger_create(rs, data, &d)) || !(s = pl_store_open(argv[2], &d)) ||
	    pl_store_begin(s, &d) < 0 || put_articles(s, pl_json_get(fx, "articles"), &d) < 0 ||
	    run_steps(s, m, pl_json_get(fx, "steps"), &d) < 0 || pl_store_commit(s, &d) < 0)
		goto out;
	const struct pl_json *qs = pl_json_get(fx, "queries");
	for (size_t i = 0; qs && i < qs->len; i++) {
		const struct pl_json *q = qs->items[i];
		struct pl_event_filter f = {
			.actor = str(q, "actor"), .country = str(q, "country"),
			.place = str(q, "place"), .type = str(q, "type"),
			.status = str(q, "status"), .topic = str(q, "topic"),
			.match = str(q, "match"), .from = str(q, "from"), .to = str(q, "to"),
		};
		struct pl_events_query_opts o = { .names = m, .with_sentences = true };
		struct pl_events ev = { 0 };
		printf("# %s\n", str(q, "name") ? str(q, "name") : "query");
		if (pl_events_query(s, &f, &o, &ev, &d) < 0) {
			pl_events_free(&ev);
			goto out;
		}
		for (size_t k = 0; k < ev.n; k++) {
			struct pl_buf b = PL_BUF_INIT;
			pl_event_json(&ev.v[k], &b);
			printf("%s\n", b.p);
			pl_buf_free(&b);
		}
		pl_events_free(&ev);
	}
	print_counts(s);
	rc = 0;
out:
	for (size_t i = 0; i < d.n; i++) {
		struct pl_buf b = PL_BUF_INIT;
		pl_diag_format(&d, &d.v[i], &b);
		fputs(b.p ? b.p : "", stderr);
		pl_buf_free(&b);
	}
	if (d.nerrors)
		rc = 1;
	pl_merger_destroy(m); /* its statements first: the store closes only when none is left */
	pl_store_close(s);
	pl_rules_destroy(rs);
	pl_arena_destroy(arena);
	pl_buf_free(&text);
	pl_diags_finish(&d);
	return rc;
}
