/* events_refresh.c - recompute stale events from their mentions: date, label, status, counts, confidence.
 *
 * The merged event's fields (documented in docs/ARCHITECTURE.md):
 *   date      from the best-dated mentions: best date source first (sentence >
 *             reference > publication), then finest precision; several days
 *             at that tier make a span (date .. date_end);
 *   type      the most frequent type of its mentions (PLOVER/CAMEO with it);
 *   status    the status of highest MERGE_STATUS_RANK (occurred beats planned);
 *   label     the label of the most confident mention not from a caption;
 *   place     the most frequent place;
 *   actors, topics  the union over the mentions;
 *   confidence  1 - prod(1 - c_t) over independent texts t (wire copies are one
 *             text), c_t the text's best mention confidence, halved for
 *             captions; at most 0.99;
 *   counts    mentions; articles carrying it (wire copies included); outlets
 *             (distinct `source` of those articles, case-insensitive; an
 *             article of unknown outlet counts as an outlet of its own).
 */
#include "events_int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	R_MENTIONS,
	R_ARTICLE,
	R_DEL_ACTORS,
	R_INS_ACTORS,
	R_DEL_TOPICS,
	R_INS_TOPICS,
	R_UPDATE,
	R_UPDATE_KEYS,
	R_DELETE,
	R_AKEYS,
	R_COUNT
};

static const char *const refresh_sql[R_COUNT] = {
	/* with the event's current merge keys (e.*), to skip rewriting the
	 * copies in event_actors when they do not change */
	[R_MENTIONS] = "SELECT m.id, m.type, m.plover, m.cameo, m.status, m.status_rank, m.date, "
		       "m.date_end, m.precision, m.date_source, m.date_mod, m.day_lo, m.day_hi, "
		       "m.place, m.place_country, m.lat, m.lon, m.label, m.confidence, m.caption, "
		       "m.article_id, e.day_lo, e.day_hi, e.key_precision, e.place FROM events e JOIN "
		       "event_mentions em ON em.event_id = e.id JOIN mentions m ON m.id = em.mention_id "
		       "WHERE e.id = ?1 ORDER BY em.mention_id",
	/* an article of the event and its wire copies, with the outlet key
	 * counted for `outlets` (an unknown outlet: the origin, its own outlet) */
	[R_ARTICLE] = "SELECT id, coalesce(lower(source), '?' || origin) FROM articles WHERE id = ?1 "
		      "UNION ALL SELECT id, coalesce(lower(source), '?' || origin) FROM articles "
		      "WHERE wire_of = ?1",
	[R_DEL_ACTORS] = "DELETE FROM event_actors WHERE event_id = ?1",
	[R_INS_ACTORS] = "INSERT OR IGNORE INTO event_actors (event_id, name, country, role, title, "
			 "collective, n, family, day_lo, day_hi, fine, ckey) SELECT ?1, name, "
			 "country, role, title, collective, n, e.family, e.day_lo, e.day_hi, "
			 EVENT_FINE_SQL ", " ACTOR_CKEY_SQL " FROM (SELECT ma.name, max(ma.country) AS "
			 "country, min(ma.role) AS role, max(ma.title) AS title, max(ma.collective) AS "
			 "collective, min(ma.n) AS n FROM event_mentions em JOIN mention_actors ma ON "
			 "ma.mention_id = em.mention_id WHERE em.event_id = ?1 GROUP BY ma.name) "
			 "JOIN events e ON e.id = ?1",
	[R_DEL_TOPICS] = "DELETE FROM event_topics WHERE event_id = ?1",
	[R_INS_TOPICS] = "INSERT OR IGNORE INTO event_topics (event_id, topic) SELECT DISTINCT ?1, "
			 "mt.topic FROM event_mentions em JOIN mention_topics mt ON "
			 "mt.mention_id = em.mention_id WHERE em.event_id = ?1",
	/* the indexed columns (place, day_lo, day_hi) apart: rewritten only
	 * when they change */
	[R_UPDATE] = "UPDATE events SET type = ?2, plover = ?3, cameo = ?4, date = ?5, date_end = ?6, "
		     "precision = ?7, date_source = ?8, date_mod = ?9, status = ?10, label = ?11, "
		     "place_country = ?13, lat = ?14, lon = ?15, confidence = ?16, "
		     "mentions = ?17, articles = ?18, outlets = ?19 WHERE id = ?1",
	[R_UPDATE_KEYS] = "UPDATE events SET place = ?2, day_lo = ?3, day_hi = ?4, key_precision = ?5 "
			  "WHERE id = ?1",
	[R_DELETE] = "DELETE FROM events WHERE id = ?1",
	[R_AKEYS] = "UPDATE event_actors SET day_lo = ?2, day_hi = ?3, fine = ?4 WHERE event_id = ?1",
};

/* One mention as the refresh reads it; strings owned by the arena. */
struct mrow {
	int64_t id, article;
	const char *type, *plover, *cameo, *status, *date, *date_end, *precision, *source, *mod;
	const char *place, *place_country, *label;
	bool dated, has_coords, caption;
	int64_t lo, hi;
	int rank, q;
	double lat, lon, conf;
};

static const char *acol(struct pl_arena *a, sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? pl_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(q, i)) : NULL;
}

static bool same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Index of the most frequent value of field `off` (a const char * in struct
 * mrow) among rows[0..n), NULLs skipped, earliest on ties; -1 when all NULL. */
static long most_frequent(const struct mrow *rows, size_t n, size_t off)
{
	long best = -1;
	size_t best_n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = *(const char *const *)((const char *)&rows[i] + off);
		if (!v)
			continue;
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			if (same(v, *(const char *const *)((const char *)&rows[j] + off)))
				k++;
		if (k > best_n) {
			best_n = k;
			best = (long)i;
		}
	}
	return best;
}

static void day_iso(int64_t day, char out[32])
{
	int y, m, dd;
	pl_civil_from_days(day, &y, &m, &dd);
	snprintf(out, 32, "%04d-%02d-%02d", y, m, dd);
}

/* One root article's rows of R_ARTICLE (itself and its wire copies, with
 * their outlet keys), kept for the rest of the refresh: the articles table
 * does not change while it runs, and the events of one batch share their
 * articles.  Articles with more rows or longer keys are read each time. */
struct art_slot {
	int64_t root; /* 0: empty */
	int n;
	int64_t id[4];
	unsigned char klen[4]; /* key lengths; 255: NULL key */
	char key[4][64];
};
#define ART_SLOTS 2048 /* direct-mapped by id: 640 KB */

struct refresher {
	struct pl_store *s;
	struct art_slot *art;
	sqlite3_stmt *st[R_COUNT];
	struct pl_arena *arena;
	struct mrow *rows;
	size_t cap;
	/* the event's merge keys before the refresh (as event_actors copies them) */
	bool old_dated;
	int64_t old_lo, old_hi;
	int old_q;
	const char *old_place; /* arena */
	/* articles and outlet keys of the event being counted (arena strings) */
	int64_t *arts;
	const char **outlets;
	size_t narts, nout, arts_cap, out_cap;
};

static int run(struct refresher *r, int which, int64_t id, struct pl_diags *d)
{
	sqlite3_stmt *q = r->st[which];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(r->s, "cannot refresh an event", d);
		return -1;
	}
	return 0;
}

/* Load the mentions of event `id`; returns how many, -1 after a diag. */
static long load(struct refresher *r, int64_t id, struct pl_diags *d)
{
	sqlite3_stmt *q = r->st[R_MENTIONS];
	size_t n = 0;
	int rc;
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 32;
			struct mrow *v = realloc(r->rows, cap * sizeof *v);
			if (!v)
				break;
			r->rows = v;
			r->cap = cap;
		}
		struct mrow *m = &r->rows[n++];
		struct pl_arena *a = r->arena;
		m->id = sqlite3_column_int64(q, 0);
		m->type = acol(a, q, 1);
		m->plover = acol(a, q, 2);
		m->cameo = acol(a, q, 3);
		m->status = acol(a, q, 4);
		m->rank = sqlite3_column_int(q, 5);
		m->date = acol(a, q, 6);
		m->date_end = acol(a, q, 7);
		m->precision = acol(a, q, 8);
		m->source = acol(a, q, 9);
		m->mod = acol(a, q, 10);
		m->dated = sqlite3_column_type(q, 11) != SQLITE_NULL && m->date;
		m->lo = sqlite3_column_int64(q, 11);
		m->hi = sqlite3_column_int64(q, 12);
		m->place = acol(a, q, 13);
		m->place_country = acol(a, q, 14);
		m->has_coords = sqlite3_column_type(q, 15) != SQLITE_NULL;
		m->lat = sqlite3_column_double(q, 15);
		m->lon = sqlite3_column_double(q, 16);
		m->label = acol(a, q, 17);
		m->conf = sqlite3_column_double(q, 18);
		m->caption = sqlite3_column_int(q, 19) != 0;
		m->article = sqlite3_column_int64(q, 20);
		if (n == 1) {
			r->old_dated = sqlite3_column_type(q, 21) != SQLITE_NULL;
			r->old_lo = sqlite3_column_int64(q, 21);
			r->old_hi = sqlite3_column_int64(q, 22);
			r->old_q = sqlite3_column_int(q, 23);
			r->old_place = acol(a, q, 24);
		}
		m->q = m->dated ? 10 * date_source_score(m->source) + (int)precision_parse(m->precision)
				: 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(r->s, "cannot read an event's mentions", d);
		return -1;
	}
	return (long)n;
}

/* Add `v` to the set v[0..*n) (cap *cap, grown by doubling); false on OOM. */
static bool id_add(int64_t **v, size_t *n, size_t *cap, int64_t x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == x)
			return true;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		int64_t *nv = realloc(*v, c * sizeof *nv);
		if (!nv)
			return false;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return true;
}

static bool key_add(struct refresher *r, const unsigned char *k, int len)
{
	if (!k)
		return true;
	for (size_t i = 0; i < r->nout; i++)
		if (strlen(r->outlets[i]) == (size_t)len && memcmp(r->outlets[i], k, (size_t)len) == 0)
			return true;
	if (r->nout == r->out_cap) {
		size_t c = r->out_cap ? r->out_cap * 2 : 16;
		const char **nv = realloc(r->outlets, c * sizeof *nv);
		if (!nv)
			return false;
		r->outlets = nv;
		r->out_cap = c;
	}
	const char *dup = pl_arena_strndup(r->arena, (const char *)k, (size_t)len);
	if (!dup)
		return false;
	r->outlets[r->nout++] = dup;
	return true;
}

/* The articles carrying the event's mentions `rows[0..n)` with their wire
 * copies, and their distinct outlets.  0 or -1 after a diag. */
static int count_articles(struct refresher *r, const struct mrow *rows, size_t n, long *narticles,
			  long *noutlets, struct pl_diags *d)
{
	sqlite3_stmt *q = r->st[R_ARTICLE];
	int64_t *roots = NULL;
	size_t nroots = 0, roots_cap = 0;
	int rc = 0;
	r->narts = r->nout = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!id_add(&roots, &nroots, &roots_cap, rows[i].article))
			rc = -1;
	for (size_t i = 0; i < nroots && rc == 0; i++) {
		int step;
		struct art_slot *a = &r->art[(uint64_t)roots[i] % ART_SLOTS];
		if (a->root == roots[i]) { /* the rows as the query gave them */
			for (int j = 0; j < a->n && rc == 0; j++) {
				size_t before = r->narts;
				if (!id_add(&r->arts, &r->narts, &r->arts_cap, a->id[j]))
					rc = -1;
				else if (r->narts > before &&
					 !key_add(r, a->klen[j] == 255 ? NULL
								       : (const unsigned char *)a->key[j],
						  a->klen[j]))
					rc = -1;
			}
			continue;
		}
		a->root = 0;
		a->n = 0;
		bool keep = true;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, roots[i]);
		while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
			size_t before = r->narts;
			int64_t id = sqlite3_column_int64(q, 0);
			const unsigned char *k = sqlite3_column_text(q, 1);
			int kl = sqlite3_column_bytes(q, 1);
			if (keep && a->n < 4 && kl < (int)sizeof a->key[0]) {
				a->id[a->n] = id;
				a->klen[a->n] = k ? (unsigned char)kl : 255;
				if (k)
					memcpy(a->key[a->n], k, (size_t)kl);
				a->n++;
			} else {
				keep = false;
			}
			if (!id_add(&r->arts, &r->narts, &r->arts_cap, id))
				rc = -1;
			else if (r->narts > before && /* an article reached twice counts once */
				 !key_add(r, k, kl))
				rc = -1;
		}
		sqlite3_reset(q);
		if (rc == 0 && step == SQLITE_DONE && keep)
			a->root = roots[i];
		if (rc == 0 && step != SQLITE_DONE) {
			store_db_error(r->s, "cannot count an event's articles", d);
			free(roots);
			return -1;
		}
	}
	free(roots);
	if (rc < 0) {
		pl_error(d, NULL, "out of memory counting articles");
		return -1;
	}
	*narticles = (long)r->narts;
	*noutlets = (long)r->nout;
	return 0;
}

/* 1 - prod(1 - c_t) over texts t (mentions are only ever on root articles). */
static double confidence(const struct mrow *rows, size_t n)
{
	double miss = 1.0;
	for (size_t i = 0; i < n; i++) {
		bool first = true;
		for (size_t j = 0; j < i && first; j++)
			first = rows[j].article != rows[i].article;
		if (!first)
			continue;
		double best = 0;
		for (size_t j = i; j < n; j++)
			if (rows[j].article == rows[i].article) {
				double c = rows[j].conf * (rows[j].caption ? 0.5 : 1.0);
				if (c > best)
					best = c;
			}
		miss *= text_miss(best);
	}
	return event_confidence(miss);
}

double text_miss(double best)
{
	return 1.0 - (best > 1 ? 1 : best < 0 ? 0 : best);
}

double event_confidence(double miss)
{
	double c = 1.0 - miss;
	return c > 0.99 ? 0.99 : c;
}

/* Run R_UPDATE_KEYS (?2 `place`) or R_AKEYS of event `id` with the day
 * span lo..hi (NULL when not `dated`) and `v` (key_precision, fine) last. */
static int set_keys(struct refresher *r, int which, int64_t id, const char *place, bool dated,
		    int64_t lo, int64_t hi, int v, struct pl_diags *d)
{
	sqlite3_stmt *q = r->st[which];
	int at = which == R_UPDATE_KEYS ? 3 : 2;
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	sqlite3_bind_int64(q, 1, id);
	if (which == R_UPDATE_KEYS)
		bind_str(q, 2, place);
	if (dated) {
		sqlite3_bind_int64(q, at, lo);
		sqlite3_bind_int64(q, at + 1, hi);
	}
	sqlite3_bind_int(q, at + 2, v);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(r->s, "cannot update an event", d);
		return -1;
	}
	return 0;
}

/* `lost`: a mention left the event, so its actors and topics are rebuilt
 * from the remaining mentions (merging only ever adds them). */
static int refresh_one(struct refresher *r, int64_t id, bool lost, struct pl_diags *d)
{
	long n = load(r, id, d);
	if (n < 0)
		return -1;
	if (n == 0) /* with its rows, as the foreign keys would cascade */
		return run(r, R_DEL_ACTORS, id, d) < 0 || run(r, R_DEL_TOPICS, id, d) < 0
			       ? -1
			       : run(r, R_DELETE, id, d);
	const struct mrow *rows = r->rows;
	/* best date tier */
	int bq = 0;
	for (long i = 0; i < n; i++)
		if (rows[i].q > bq)
			bq = rows[i].q;
	long pick = -1;
	int64_t lo = 0, hi = 0;
	bool one_value = true;
	for (long i = 0; i < n; i++) {
		if (!rows[i].dated || rows[i].q != bq)
			continue;
		if (pick < 0) {
			pick = i;
			lo = rows[i].lo;
			hi = rows[i].hi;
			continue;
		}
		one_value &= same(rows[i].date, rows[pick].date) &&
			     same(rows[i].date_end, rows[pick].date_end);
		if (rows[i].lo < lo || (rows[i].lo == lo && strcmp(rows[i].date, rows[pick].date) < 0))
			pick = i;
		if (rows[i].lo < lo)
			lo = rows[i].lo;
		if (rows[i].hi > hi)
			hi = rows[i].hi;
	}
	char dbuf[32], ebuf[32];
	const char *date = NULL, *date_end = NULL, *prec = NULL, *dsrc = "none", *mod = NULL;
	if (pick >= 0) {
		const struct mrow *p = &rows[pick];
		prec = p->precision;
		dsrc = p->source;
		mod = p->mod;
		if (one_value || precision_parse(prec) < PL_PREC_DAY) {
			date = p->date;
			date_end = p->date_end;
		} else { /* several days reported: the span they cover */
			day_iso(lo, dbuf);
			date = dbuf;
			prec = "day";
			if (hi > lo) {
				day_iso(hi, ebuf);
				date_end = ebuf;
			}
		}
	}
	long t = most_frequent(rows, (size_t)n, offsetof(struct mrow, type));
	long st = 0, lab = -1;
	for (long i = 1; i < n; i++)
		if (rows[i].rank > rows[st].rank)
			st = i;
	for (long i = 0; i < n; i++) {
		if (!rows[i].label)
			continue;
		if (lab < 0 || (rows[lab].caption && !rows[i].caption) ||
		    (rows[lab].caption == rows[i].caption && rows[i].conf > rows[lab].conf))
			lab = i;
	}
	long pl = most_frequent(rows, (size_t)n, offsetof(struct mrow, place));
	long narticles = 0, noutlets = 0;
	if (count_articles(r, rows, (size_t)n, &narticles, &noutlets, d) < 0)
		return -1;
	sqlite3_stmt *q = r->st[R_UPDATE];
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	sqlite3_bind_int64(q, 1, id);
	bind_str(q, 2, rows[t].type);
	bind_str(q, 3, rows[t].plover);
	bind_str(q, 4, rows[t].cameo);
	bind_str(q, 5, date);
	bind_str(q, 6, date_end);
	bind_str(q, 7, prec);
	bind_str(q, 8, dsrc);
	bind_str(q, 9, mod);
	bind_str(q, 10, rows[st].status);
	bind_str(q, 11, lab >= 0 ? rows[lab].label : NULL);
	if (pl >= 0) { /* ?12 unused: the place is a key */
		bind_str(q, 13, rows[pl].place_country);
		if (rows[pl].has_coords) {
			sqlite3_bind_double(q, 14, rows[pl].lat);
			sqlite3_bind_double(q, 15, rows[pl].lon);
		}
	}
	sqlite3_bind_double(q, 16, confidence(rows, (size_t)n));
	sqlite3_bind_int64(q, 17, n);
	sqlite3_bind_int64(q, 18, narticles);
	sqlite3_bind_int64(q, 19, noutlets);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	const char *place = pl >= 0 ? rows[pl].place : NULL;
	bool keys_same = (pick >= 0) == r->old_dated && (pick < 0 || (lo == r->old_lo &&
				  hi == r->old_hi)) && bq == r->old_q;
	if (rc != SQLITE_DONE) {
		store_db_error(r->s, "cannot update an event", d);
		return -1;
	}
	if (!(keys_same && same(place, r->old_place)) &&
	    set_keys(r, R_UPDATE_KEYS, id, place, pick >= 0, lo, hi, bq, d) < 0)
		return -1;
	/* actors after the event row: they copy its new merge keys (as
	 * EVENT_FINE_SQL computes `fine`), rewritten only when those changed */
	if (!lost) {
		bool fine = pick >= 0 && bq % 10 >= PL_PREC_DAY && hi - lo <= FINE_SPAN_DAYS;
		bool old_fine = r->old_dated && r->old_q % 10 >= PL_PREC_DAY &&
				r->old_hi - r->old_lo <= FINE_SPAN_DAYS;
		if ((pick >= 0) == r->old_dated &&
		    (pick < 0 || (lo == r->old_lo && hi == r->old_hi)) && fine == old_fine)
			return 0;
		return set_keys(r, R_AKEYS, id, NULL, pick >= 0, lo, hi, fine, d);
	}
	if (run(r, R_DEL_ACTORS, id, d) < 0 || run(r, R_INS_ACTORS, id, d) < 0 ||
	    run(r, R_DEL_TOPICS, id, d) < 0 || run(r, R_INS_TOPICS, id, d) < 0)
		return -1;
	return 0;
}

long pl_events_refresh(struct pl_store *s, struct pl_diags *d)
{
	struct refresher r = { .s = s };
	sqlite3 *db = pl_store_db(s);
	sqlite3_stmt *list = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	long rc = -1, nl;
	if (!(r.arena = pl_arena_create(16384)) || !(r.art = calloc(ART_SLOTS, sizeof *r.art))) {
		pl_error(d, NULL, "out of memory");
		return -1;
	}
	for (int i = 0; i < R_COUNT; i++)
		if (sqlite3_prepare_v2(db, refresh_sql[i], -1, &r.st[i], NULL) != SQLITE_OK) {
			store_db_error(s, "cannot prepare an events statement", d);
			goto out;
		}
	/* the low bit carries `lost` (ids are positive and far below 2^62) */
	if (sqlite3_prepare_v2(db, "SELECT event_id * 2 + (lost != 0) FROM events_stale "
			       "ORDER BY event_id", -1, &list, NULL) != SQLITE_OK ||
	    (nl = column_ids(list, &ids)) < 0) {
		store_db_error(s, "cannot list stale events", d);
		goto out;
	}
	n = (size_t)nl;
	for (size_t i = 0; i < n; i++) {
		if (refresh_one(&r, ids[i] / 2, ids[i] % 2 != 0, d) < 0)
			goto out;
		pl_arena_clear(r.arena);
	}
	if (store_exec(s, "DELETE FROM events_stale", d) < 0)
		goto out;
	rc = (long)n;
out:
	sqlite3_finalize(list);
	for (int i = 0; i < R_COUNT; i++)
		sqlite3_finalize(r.st[i]);
	free(ids);
	free(r.rows);
	free(r.arts);
	free(r.outlets);
	free(r.art);
	pl_arena_destroy(r.arena);
	return rc;
}
