/* events_query.c - read events back: filters, the event records with evidence, actors/places lists, runs. */
#include "events_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- Runs and pending articles --------------------------------------------- */

int64_t pl_events_run_begin(struct pl_store *s, const char *fingerprint, const char *rule_dirs,
			    struct pl_diags *d)
{
	sqlite3_stmt *q = NULL;
	int64_t id = -1;
	if (sqlite3_prepare_v2(pl_store_db(s),
			       "INSERT INTO extract_runs (started_at, fingerprint, rule_dirs) VALUES "
			       "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2)",
			       -1, &q, NULL) == SQLITE_OK) {
		bind_str(q, 1, fingerprint);
		bind_str(q, 2, rule_dirs);
		if (sqlite3_step(q) == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(pl_store_db(s));
	}
	if (id < 0)
		store_db_error(s, "cannot record an extraction run", d);
	sqlite3_finalize(q);
	return id;
}

long pl_events_pending(struct pl_store *s, const char *fingerprint, bool all, int64_t **ids,
		       struct pl_diags *d)
{
	sqlite3_stmt *q = NULL;
	long n = -1;
	*ids = NULL;
	if (sqlite3_prepare_v2(pl_store_db(s),
			       "SELECT a.id FROM articles a LEFT JOIN article_extract x ON "
			       "x.article_id = a.id LEFT JOIN extract_runs r ON r.id = x.run_id "
			       "WHERE a.wire_of IS NULL AND (?2 OR r.fingerprint IS NOT ?1) "
			       "ORDER BY a.id",
			       -1, &q, NULL) == SQLITE_OK) {
		bind_str(q, 1, fingerprint);
		sqlite3_bind_int(q, 2, all);
		n = column_ids(q, ids);
	}
	sqlite3_finalize(q);
	if (n < 0)
		store_db_error(s, "cannot list the articles to extract", d);
	return n;
}

int pl_events_counts(struct pl_store *s, struct pl_events_counts *c, struct pl_diags *d)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;
	memset(c, 0, sizeof *c);
	if (sqlite3_prepare_v2(pl_store_db(s),
			       "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM events), "
			       "(SELECT count(*) FROM article_extract), "
			       "(SELECT count(*) FROM events_stale)",
			       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		c->mentions = sqlite3_column_int64(q, 0);
		c->events = sqlite3_column_int64(q, 1);
		c->articles_extracted = sqlite3_column_int64(q, 2);
		c->stale = sqlite3_column_int64(q, 3);
		rc = 0;
	}
	if (rc < 0)
		store_db_error(s, "cannot count events", d);
	sqlite3_finalize(q);
	return rc;
}

/* ---- The filter as SQL ------------------------------------------------------ */

#define MAX_BINDS 64

struct sqlq {
	struct pl_buf sql;
	const char *bind[MAX_BINDS]; /* text values, borrowed or in `owned` */
	int nbind;
	char *owned[MAX_BINDS];
	int nowned;
};

/* Append `?N` bound to `v` (borrowed: must outlive the statement). */
static void param(struct sqlq *b, const char *v)
{
	if (b->nbind >= MAX_BINDS) {
		b->sql.oom = true;
		return;
	}
	b->bind[b->nbind++] = v;
	pl_buf_printf(&b->sql, "?%d", b->nbind);
}

static const char *own(struct sqlq *b, char *s)
{
	if (!s || b->nowned >= MAX_BINDS) {
		free(s);
		b->sql.oom = true;
		return "";
	}
	return b->owned[b->nowned++] = s;
}

static char *upper_dup(const char *s)
{
	char *p = pl_strdup(s);
	for (char *c = p; c && *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return p;
}

/* "%text%" with LIKE's wildcards escaped by '\'. */
static char *like_pattern(const char *s)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_putc(&b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			pl_buf_putc(&b, '\\');
		pl_buf_putc(&b, *s);
	}
	pl_buf_putc(&b, '%');
	return pl_buf_steal(&b);
}

static void build_filter(struct sqlq *b, const struct pl_event_filter *f,
			 const struct pl_events_query_opts *o)
{
	const struct name_table *names = o && o->names ? &o->names->names : NULL;
	pl_buf_puts(&b->sql, "SELECT e.id FROM events e WHERE 1");
	if (!f)
		goto order;
	if (f->actor) {
		const struct name_entry *ne;
		size_t n = names_find(names, f->actor, &ne);
		pl_buf_puts(&b->sql, " AND EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = "
				     "e.id AND (x.name = ");
		param(b, f->actor);
		pl_buf_puts(&b->sql, " COLLATE NOCASE OR x.country = ");
		param(b, own(b, upper_dup(f->actor)));
		for (size_t i = 0; i < n; i++) {
			pl_buf_puts(&b->sql, " OR x.name = ");
			param(b, ne[i].canon);
		}
		pl_buf_puts(&b->sql, "))");
	}
	if (f->country) {
		const struct name_entry *ne;
		size_t n = names_find(names, f->country, &ne);
		const char *code = n && ne[0].code[0] ? ne[0].code : own(b, upper_dup(f->country));
		pl_buf_puts(&b->sql, " AND (e.place_country = ");
		param(b, code);
		pl_buf_puts(&b->sql, " OR EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = "
				     "e.id AND x.country = ");
		param(b, code);
		pl_buf_puts(&b->sql, "))");
	}
	if (f->place) {
		pl_buf_puts(&b->sql, " AND (e.place = ");
		param(b, f->place);
		pl_buf_puts(&b->sql, " COLLATE NOCASE OR e.place_country = ");
		param(b, own(b, upper_dup(f->place)));
		pl_buf_puts(&b->sql, ")");
	}
	if (f->type) {
		pl_buf_puts(&b->sql, " AND (e.type = ");
		param(b, f->type);
		pl_buf_puts(&b->sql, " COLLATE NOCASE OR e.family = ");
		param(b, f->type);
		pl_buf_puts(&b->sql, " COLLATE NOCASE OR e.plover = ");
		param(b, f->type);
		pl_buf_puts(&b->sql, " COLLATE NOCASE OR e.plover LIKE ");
		param(b, own(b, pl_strdup(f->type)));
		pl_buf_puts(&b->sql, " || '/%')");
	}
	if (f->status) {
		pl_buf_puts(&b->sql, " AND e.status = ");
		param(b, f->status);
		pl_buf_puts(&b->sql, " COLLATE NOCASE");
	}
	if (f->topic) {
		pl_buf_puts(&b->sql, " AND EXISTS (SELECT 1 FROM event_topics t WHERE t.event_id = "
				     "e.id AND t.topic = ");
		param(b, f->topic);
		pl_buf_puts(&b->sql, " COLLATE NOCASE)");
	}
	int64_t lo, hi;
	if (f->from && pl_event_days(f->from, NULL, &lo, &hi))
		pl_buf_printf(&b->sql, " AND e.day_hi >= %lld", (long long)lo);
	if (f->to && pl_event_days(f->to, NULL, &lo, &hi))
		pl_buf_printf(&b->sql, " AND e.day_lo <= %lld", (long long)hi);
	if (f->match) {
		const char *pat = own(b, like_pattern(f->match));
		pl_buf_puts(&b->sql, " AND (e.label LIKE ");
		param(b, pat);
		pl_buf_puts(&b->sql, " ESCAPE '\\' OR e.place LIKE ");
		param(b, pat);
		pl_buf_puts(&b->sql, " ESCAPE '\\' OR EXISTS (SELECT 1 FROM event_actors x WHERE "
				     "x.event_id = e.id AND x.name LIKE ");
		param(b, pat);
		pl_buf_puts(&b->sql, " ESCAPE '\\') OR EXISTS (SELECT 1 FROM event_mentions em JOIN "
				     "mentions m ON m.id = em.mention_id JOIN sentences s ON "
				     "s.article_id = m.article_id AND s.n = m.sentence JOIN articles a "
				     "ON a.id = m.article_id WHERE em.event_id = e.id AND CAST(substr("
				     "CAST(a.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT) LIKE ");
		param(b, pat);
		pl_buf_puts(&b->sql, " ESCAPE '\\'))");
	}
order:
	if (o && o->id > 0)
		pl_buf_printf(&b->sql, " AND e.id = %lld", (long long)o->id);
	pl_buf_puts(&b->sql, " ORDER BY e.day_lo IS NULL, e.day_lo, e.day_hi, e.id");
}

/* ---- Loading one event ------------------------------------------------------ */

enum {
	Q_EVENT,
	Q_ACTORS,
	Q_TOPICS,
	Q_SOURCES,
	Q_WIRES,
	Q_COUNT
};

static const char *const load_sql[Q_COUNT] = {
	[Q_EVENT] = "SELECT type, plover, cameo, date, date_end, precision, date_source, date_mod, "
		    "status, label, place, place_country, lat, lon, confidence, mentions, articles, "
		    "outlets FROM events WHERE id = ?1",
	[Q_ACTORS] = "SELECT name, country, role, title FROM event_actors WHERE event_id = ?1 "
		     "ORDER BY n, name",
	[Q_TOPICS] = "SELECT topic FROM event_topics WHERE event_id = ?1 ORDER BY topic",
	[Q_SOURCES] = "SELECT a.id, a.origin, a.title, a.source, a.published, m.start, m.end, m.rule, "
		      "m.caption, CASE WHEN NOT ?2 THEN NULL WHEN m.caption THEN (SELECT text FROM "
		      "captions c WHERE c.article_id = m.article_id AND c.n = m.sentence) WHEN s.n "
		      "IS NOT NULL THEN CAST(substr(CAST(a.body AS BLOB), s.start + 1, s.end - "
		      "s.start) AS TEXT) END "
		      "FROM event_mentions em JOIN mentions m ON m.id = em.mention_id "
		      "JOIN articles a ON a.id = m.article_id LEFT JOIN sentences s ON "
		      "s.article_id = m.article_id AND s.n = m.sentence AND NOT m.caption "
		      "WHERE em.event_id = ?1 "
		      "ORDER BY a.published IS NULL, a.published, a.id, m.start",
	[Q_WIRES] = "SELECT origin, title, source, published FROM articles WHERE wire_of = ?1 "
		    "ORDER BY id",
};

static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	size_t c = *cap ? *cap * 2 : 4;
	void *p = realloc(v, c * size);
	if (p)
		*cap = c;
	return p;
}

static int load_event(sqlite3_stmt *st[Q_COUNT], int64_t id, bool sentences, struct pl_event *e)
{
	sqlite3_stmt *q = st[Q_EVENT];
	memset(e, 0, sizeof *e);
	e->id = id;
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW)
		return -1;
	e->type = column_dup(q, 0);
	e->plover = column_dup(q, 1);
	e->cameo = column_dup(q, 2);
	e->date = column_dup(q, 3);
	e->date_end = column_dup(q, 4);
	e->precision = precision_parse((const char *)sqlite3_column_text(q, 5));
	int sc = date_source_score((const char *)sqlite3_column_text(q, 6));
	e->date_source = sc == 3 ? PL_DATE_SENTENCE : sc == 2 ? PL_DATE_REFERENCE
				 : sc == 1 ? PL_DATE_PUBLICATION : PL_DATE_NONE;
	e->date_mod = column_dup(q, 7);
	if (!status_from_str((const char *)sqlite3_column_text(q, 8), &e->status))
		e->status = PL_STATUS_OCCURRED;
	e->label = column_dup(q, 9);
	if (sqlite3_column_type(q, 10) != SQLITE_NULL) {
		e->location = calloc(1, sizeof *e->location);
		if (!e->location)
			return -1;
		e->location->name = column_dup(q, 10);
		e->location->country = column_dup(q, 11);
		e->location->has_coords = sqlite3_column_type(q, 12) != SQLITE_NULL;
		e->location->lat = sqlite3_column_double(q, 12);
		e->location->lon = sqlite3_column_double(q, 13);
	}
	e->confidence = sqlite3_column_double(q, 14);
	e->nmentions = sqlite3_column_int(q, 15);
	e->narticles = sqlite3_column_int(q, 16);
	e->noutlets = sqlite3_column_int(q, 17);
	sqlite3_reset(q);

	size_t cap = 0;
	q = st[Q_ACTORS];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct pl_event_actor *v = grow(e->actors, e->nactors, &cap, sizeof *v);
		if (!v)
			return -1;
		e->actors = v;
		struct pl_event_actor *a = &e->actors[e->nactors++];
		a->name = column_dup(q, 0);
		a->country = column_dup(q, 1);
		a->role = column_dup(q, 2);
		a->title = column_dup(q, 3);
	}
	sqlite3_reset(q);
	cap = 0;
	q = st[Q_TOPICS];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		char **v = grow(e->topics, e->ntopics, &cap, sizeof *v);
		if (!v)
			return -1;
		e->topics = v;
		e->topics[e->ntopics++] = column_dup(q, 0);
	}
	sqlite3_reset(q);
	cap = 0;
	q = st[Q_SOURCES];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int(q, 2, sentences);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct pl_event_source *v = grow(e->sources, e->nsources, &cap, sizeof *v);
		if (!v)
			return -1;
		e->sources = v;
		struct pl_event_source *s = &e->sources[e->nsources++];
		s->article = column_dup(q, 1);
		s->title = column_dup(q, 2);
		s->source = column_dup(q, 3);
		s->published = column_dup(q, 4);
		s->start = (size_t)sqlite3_column_int64(q, 5);
		s->end = (size_t)sqlite3_column_int64(q, 6);
		s->rule = column_dup(q, 7);
		s->caption = sqlite3_column_int(q, 8) != 0;
		s->sentence = column_dup(q, 9);
		/* The wire copies of this article carried the same sentence. */
		sqlite3_stmt *w = st[Q_WIRES];
		sqlite3_reset(w);
		sqlite3_bind_int64(w, 1, sqlite3_column_int64(q, 0));
		while (sqlite3_step(w) == SQLITE_ROW) {
			v = grow(e->sources, e->nsources, &cap, sizeof *v);
			if (!v)
				return -1;
			e->sources = v;
			const struct pl_event_source *root = &e->sources[e->nsources - 1];
			struct pl_event_source *c = &e->sources[e->nsources];
			/* root may be an earlier copy: take spans and rule from the mention row */
			c->article = column_dup(w, 0);
			c->title = column_dup(w, 1);
			c->source = column_dup(w, 2);
			c->published = column_dup(w, 3);
			c->start = root->start;
			c->end = root->end;
			c->caption = root->caption;
			c->rule = pl_strdup(root->rule);
			c->sentence = pl_strdup(root->sentence);
			e->nsources++;
		}
		sqlite3_reset(w);
	}
	sqlite3_reset(q);
	return 0;
}

long pl_events_query(struct pl_store *s, const struct pl_event_filter *f,
		     const struct pl_events_query_opts *o, struct pl_events *out,
		     struct pl_diags *d)
{
	struct sqlq b = { .sql = PL_BUF_INIT };
	sqlite3_stmt *ids = NULL, *st[Q_COUNT] = { 0 };
	sqlite3 *db = pl_store_db(s);
	long n = -1;
	int step;
	build_filter(&b, f, o);
	if (b.sql.oom) {
		pl_error(d, NULL, "out of memory building the event query");
		goto out;
	}
	if (sqlite3_prepare_v2(db, b.sql.p, -1, &ids, NULL) != SQLITE_OK) {
		store_db_error(s, "cannot query events", d);
		goto out;
	}
	for (int i = 0; i < b.nbind; i++)
		sqlite3_bind_text(ids, i + 1, b.bind[i], -1, SQLITE_STATIC);
	for (int i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v2(db, load_sql[i], -1, &st[i], NULL) != SQLITE_OK) {
			store_db_error(s, "cannot prepare an event query", d);
			goto out;
		}
	n = 0;
	bool sentences = !o || o->with_sentences;
	while ((step = sqlite3_step(ids)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			struct pl_event *v = realloc(out->v, cap * sizeof *v);
			if (!v) {
				pl_error(d, NULL, "out of memory reading events");
				n = -1;
				goto out;
			}
			out->v = v;
			out->cap = cap;
		}
		struct pl_event *e = &out->v[out->n++];
		if (load_event(st, sqlite3_column_int64(ids, 0), sentences, e) < 0) {
			store_db_error(s, "cannot read an event", d);
			n = -1;
			goto out;
		}
		n++;
	}
	if (step != SQLITE_DONE) {
		store_db_error(s, "cannot query events", d);
		n = -1;
	}
out:
	sqlite3_finalize(ids);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st[i]);
	for (int i = 0; i < b.nowned; i++)
		free(b.owned[i]);
	pl_buf_free(&b.sql);
	return n;
}

long pl_events_sentence_offset(struct pl_store *s, const struct pl_event_source *src)
{
	sqlite3_stmt *q = NULL;
	long off = -1;
	if (src->caption)
		return 0; /* caption mentions are located in the caption text */
	if (sqlite3_prepare_v2(pl_store_db(s),
			       "SELECT s.start FROM articles a JOIN mentions m ON m.article_id = "
			       "coalesce(a.wire_of, a.id) JOIN sentences s ON s.article_id = "
			       "m.article_id AND s.n = m.sentence WHERE a.origin = ?1 AND m.start = ?2 "
			       "AND m.end = ?3 AND NOT m.caption LIMIT 1",
			       -1, &q, NULL) == SQLITE_OK) {
		bind_str(q, 1, src->article);
		sqlite3_bind_int64(q, 2, (int64_t)src->start);
		sqlite3_bind_int64(q, 3, (int64_t)src->end);
		if (sqlite3_step(q) == SQLITE_ROW)
			off = (long)sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return off;
}

/* ---- Actors and places found -------------------------------------------------- */

int pl_events_found(struct pl_store *s, bool places, pl_found_fn fn, void *ud, struct pl_diags *d)
{
	static const char actors_sql[] =
		"SELECT ea.name, max(ea.country), count(DISTINCT ea.event_id), sum(e.mentions) "
		"FROM event_actors ea JOIN events e ON e.id = ea.event_id GROUP BY ea.name "
		"ORDER BY 3 DESC, 4 DESC, ea.name";
	static const char places_sql[] =
		"SELECT place, max(place_country), count(*), sum(mentions), max(lat), max(lon) "
		"FROM events WHERE place IS NOT NULL GROUP BY place ORDER BY 3 DESC, 4 DESC, place";
	sqlite3_stmt *q = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(pl_store_db(s), places ? places_sql : actors_sql, -1, &q, NULL) !=
	    SQLITE_OK) {
		store_db_error(s, "cannot list what was found", d);
		return -1;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		struct pl_found f = {
			.name = (const char *)sqlite3_column_text(q, 0),
			.country = (const char *)sqlite3_column_text(q, 1),
			.events = sqlite3_column_int(q, 2),
			.mentions = sqlite3_column_int(q, 3),
		};
		if (places && sqlite3_column_type(q, 4) != SQLITE_NULL) {
			f.has_coords = true;
			f.lat = sqlite3_column_double(q, 4);
			f.lon = sqlite3_column_double(q, 5);
		}
		if ((rc = fn(&f, ud)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE) {
		store_db_error(s, "cannot list what was found", d);
		rc = -1;
	}
	sqlite3_finalize(q);
	return rc;
}
