/* events_merge.c - store an article's mentions and merge them into events, incrementally.
 *
 * Merging is incremental and lives in the database, so memory does not grow
 * with the corpus: each new mention looks for candidate events through the
 * indexes (same family, overlapping day window, sharing an actor, or already
 * holding a mention of the same article, or at the same place), checks them
 * (compatible) and joins the best one, or starts an event.  Within an article
 * the mentions with the most actors go first, so that "the talks" (no actors)
 * find the event that "Zelensky and Witkoff held talks" started.
 *
 * Compatibility (documented in docs/ARCHITECTURE.md, "Merging"):
 *   - family: rules/merge.rules MERGE_FAMILY maps each type to a family
 *     (MEET, TALKS, VISIT are one); a type not listed is its own family;
 *   - status: MERGE_STATUS maps statuses to groups (occurred, ongoing,
 *     planned and historical are one group by default: a planned meeting that
 *     later happened is one event whose status is the highest MERGE_STATUS_RANK,
 *     i.e. occurred; negated and hypothetical stay apart);
 *   - dates: both dated and overlapping, with one day of slack when both are
 *     at least day-precise (time zones), a publication-dated mention may be
 *     about the day before, and a merged day span stays within the family's
 *     MERGE_SPAN (talks may last days, a statement is made on one day);
 *     month/year precision overlaps any day of that month/year.  An undated
 *     mention or event only merges within its own article;
 *   - place: the same name (case-insensitive) or one of them unknown;
 *   - actors: unordered families (MERGE_ORDER) need one actor set to be a
 *     subset of the other, or at least two and at least half of the shorter
 *     set in common; ordered ones need that for sources and for targets
 *     apart, and one actor in common.  An actor matches another of the same
 *     canonical name, and a collective (country, organisation) matches anyone
 *     of its country.  A mention or event without actors merges only within
 *     its article or at the same known place.
 *   - no bridging (unordered families): the test above compares with the
 *     union of the event's actors, so one report naming people of two
 *     meetings (the host, a guest of the talks and a guest of the dinner)
 *     would let reports of either meeting join the other.  So besides, of
 *     the pairs of reports of two or more actors each, one report from each
 *     side (the new mention, or the reports of an event being folded in, and
 *     the reports of the candidate), at least half must name someone in
 *     common who is not of the host country (the place's).  "Zelensky met
 *     Witkoff", "Zelensky met Kushner" and "Merz hosted Zelensky, Witkoff and
 *     Kushner" in Berlin are one meeting; "Merz dined with Rutte and von der
 *     Leyen" does not join it even after "Merz met Zelensky and European
 *     leaders" did.
 */
#include "events_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest span, in days, one merged event may cover when MERGE_SPAN does not
 * name its family: one day of time-zone slack. */
#define DEFAULT_SPAN_DAYS 1
/* Candidate events examined per mention: enough for a busy day's news. */
#define MAX_CANDIDATES 64
/* Country keys are sought for countries (codes) shorter than this. */
#define CKEY_COUNTRY_MAX 32
/* Refresh marks waiting in memory at most (merge_flush). */
#define STALE_BUFFER 65536

/* The events of family ?1 whose actor key `col` is ?2, day-precise (fine)
 * and starting in ?3..?4, or coarse and starting before ?4, ending at least
 * ?5 (the mention's first day less two of slack).  Read from index `idx`
 * alone (schemas v3, v4), in its order: day_lo, then event id.  CAND_FAR: fine
 * ones that end after they begin (`day_hi > day_lo`, true of every row the
 * far pass finds as ?4 < ?5). */
#define CAND_FINE(col, idx) \
	"SELECT event_id FROM event_actors INDEXED BY " idx " WHERE " col " = ?2 AND " \
	"family = ?1 AND fine = 1 AND day_lo BETWEEN ?3 AND ?4 AND day_hi >= ?5"
#define CAND_COARSE(col, idx) \
	"SELECT event_id FROM event_actors INDEXED BY " idx " WHERE " col " = ?2 AND " \
	"family = ?1 AND fine = 0 AND day_lo <= ?4 AND day_hi >= ?5"
#define CAND_FAR(col, idx) \
	"SELECT event_id FROM event_actors INDEXED BY " idx " WHERE " col " = ?2 AND " \
	"family = ?1 AND fine = 1 AND day_hi > day_lo AND day_lo BETWEEN ?3 AND ?4 AND " \
	"day_hi >= ?5 LIMIT 64"

_Static_assert(CC_NAME == 0 && CC_CKEY == 1 && CC_PLACE == 2, "MS_FOLD_ROWS spells the kinds");

static const char *const merge_sql[MS_COUNT] = {
	/* an article's mentions go, and what the foreign keys would cascade
	 * (delete_mentions) */
	[MS_ART_MENTION_IDS] = "SELECT id FROM mentions WHERE article_id = ?1",
	[MS_DEL_ART_MACTORS] = "DELETE FROM mention_actors WHERE mention_id IN "
			       "(SELECT id FROM mentions WHERE article_id = ?1)",
	[MS_DEL_ART_MTOPICS] = "DELETE FROM mention_topics WHERE mention_id IN "
			       "(SELECT id FROM mentions WHERE article_id = ?1)",
	[MS_DEL_ARTICLE] = "DELETE FROM mentions WHERE article_id = ?1",
	[MS_DEL_MENTION_LINK] = "DELETE FROM event_mentions WHERE mention_id = ?1",
	[MS_SENTENCES] = "SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY n",
	[MS_INS_MENTION] =
		"INSERT INTO mentions (article_id, sentence, start, end, rule, type, family, plover, "
		"cameo, status, status_rank, date, date_end, precision, date_source, date_mod, day_lo, "
		"day_hi, place, place_country, lat, lon, label, confidence, caption, run_id) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
		"?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
	[MS_INS_MACTOR] = "INSERT OR IGNORE INTO mention_actors (mention_id, n, name, country, role, "
			  "title, collective) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[MS_INS_MTOPIC] = "INSERT OR IGNORE INTO mention_topics (mention_id, topic) VALUES (?1, ?2)",
	[MS_CAPTION_N] = "SELECT n FROM captions WHERE article_id = ?1 AND text = ?2 ORDER BY n LIMIT 1",
	[MS_INS_EXTRACT] = "INSERT OR REPLACE INTO article_extract (article_id, run_id, mentions) "
			   "VALUES (?1, ?2, ?3)",
	[MS_ART_MENTIONS] =
		"SELECT m.id, m.type, m.status, m.day_lo, m.day_hi, m.precision, m.date_source, "
		"m.place, (SELECT count(*) FROM mention_actors x WHERE x.mention_id = m.id) AS na, "
		"m.place_country, m.start, EXISTS (SELECT 1 FROM mention_topics t WHERE "
		"t.mention_id = m.id), m.plover, m.cameo, m.date, m.date_end, m.date_mod, m.label, "
		"m.lat, m.lon, m.confidence, m.caption "
		"FROM mentions m WHERE m.article_id = ?1 AND NOT EXISTS "
		"(SELECT 1 FROM event_mentions em WHERE em.mention_id = m.id) ORDER BY m.start, m.id",
	/* the actors of every mention of an article, in the order of
	 * MS_ART_MENTIONS, each mention's in their order */
	[MS_ART_ACTORS] = "SELECT ma.mention_id, ma.name, ma.country, ma.role, ma.collective, "
			  "ma.title, ma.n FROM "
			  "mentions m JOIN mention_actors ma ON ma.mention_id = m.id WHERE "
			  "m.article_id = ?1 ORDER BY m.start, m.id, ma.n",
	/* Candidate events by one key (?2: an actor's name, or a country key)
	 * starting in the window ?3..?4 and ending at least ?5: near pass (fine
	 * then coarse, at most 64 rows), far pass (fine only: see
	 * find_candidates).  Fine events start at most FINE_SPAN + slack before
	 * the window, coarse ones are few. */
	[MS_CAND_ACTOR] = CAND_FINE("name", "event_actors_near") " UNION ALL "
		CAND_COARSE("name", "event_actors_coarse") " LIMIT 64",
	[MS_CAND_CKEY] = CAND_FINE("ckey", "event_actors_cnear") " UNION ALL "
		CAND_COARSE("ckey", "event_actors_ccoarse") " LIMIT 64",
	/* the same when no coarse row exists (pl_merger.coarse false) */
	[MS_CAND_ACTOR_FINE] = CAND_FINE("name", "event_actors_near") " LIMIT 64",
	[MS_CAND_CKEY_FINE] = CAND_FINE("ckey", "event_actors_cnear") " LIMIT 64",
	[MS_ANY_COARSE] = "SELECT EXISTS (SELECT 1 FROM event_actors INDEXED BY event_actors_coarse "
			  "WHERE fine = 0 AND day_lo IS NOT NULL)",
	[MS_CAND_ACTOR_FAR] = CAND_FAR("name", "event_actors_near"),
	[MS_CAND_CKEY_FAR] = CAND_FAR("ckey", "event_actors_cnear"),
	[MS_CAND_PLACE] = "SELECT id FROM events INDEXED BY events_place_near WHERE place = ?2 COLLATE "
			  "NOCASE AND family = ?1 AND day_lo BETWEEN ?3 AND ?4 AND day_hi >= ?5 "
			  "LIMIT 64",
	[MS_EVENT_KEYS] = "SELECT day_lo, day_hi, key_precision, place, status_group, family FROM events "
			  "WHERE id = ?1",
	[MS_EVENT_ACTORS] = "SELECT name, country, role, collective, title FROM event_actors "
			    "WHERE event_id = ?1",
	/* the actors of each mention of an event, with its place's country */
	[MS_EVENT_MSETS] = "SELECT em.mention_id, m.place_country, ma.name, ma.country, "
			   "ma.collective FROM event_mentions em JOIN mentions m ON m.id = "
			   "em.mention_id LEFT JOIN mention_actors ma ON ma.mention_id = "
			   "em.mention_id WHERE em.event_id = ?1 ORDER BY em.mention_id",
	/* a new event of one mention, with the fields refresh_one would give it */
	[MS_INS_EVENT] = "INSERT INTO events (type, family, status, status_group, place, day_lo, "
			 "day_hi, key_precision, plover, cameo, date, date_end, precision, "
			 "date_source, date_mod, label, place_country, lat, lon, confidence, "
			 "mentions, articles, outlets) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			 "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, 1, ?21, ?22)",
	/* as R_ARTICLE of events_refresh.c */
	[MS_ARTICLE_COPIES] = "SELECT id, coalesce(lower(source), '?' || origin) FROM articles "
			      "WHERE id = ?1 UNION ALL SELECT id, coalesce(lower(source), '?' || "
			      "origin) FROM articles WHERE wire_of = ?1",
	/* one actor of a mention into its event: a name the event has already
	 * gets the country and title it lacked */
	[MS_NEW_EACTOR] = "INSERT OR IGNORE INTO event_actors (event_id, name, country, role, title, "
			  "collective, n, family, day_lo, day_hi, fine, ckey) VALUES (?1, ?2, ?3, ?4, "
			  "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[MS_PUT_EACTOR] = "INSERT OR IGNORE INTO event_actors (event_id, name, country, role, title, "
			  "collective, n, family, day_lo, day_hi, fine, ckey) VALUES (?1, ?2, ?3, ?4, "
			  "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (event_id, name) DO UPDATE "
			  "SET country = coalesce(country, excluded.country), "
			  "title = coalesce(title, excluded.title) WHERE (country IS NULL AND "
			  "excluded.country IS NOT NULL) OR (title IS NULL AND excluded.title IS NOT "
			  "NULL)",
	[MS_INS_ETOPIC] = "INSERT OR IGNORE INTO event_topics (event_id, topic) SELECT ?1, topic "
			  "FROM mention_topics WHERE mention_id = ?2",
	[MS_INS_EMENTION] = "INSERT INTO event_mentions (event_id, mention_id) VALUES (?1, ?2)",
	[MS_UPD_KEYS] = "UPDATE events SET day_lo = ?2, day_hi = ?3, key_precision = ?4, "
			"place = coalesce(place, ?5) WHERE id = ?1",
	/* ?4 = `fine` of the new keys, as EVENT_FINE_SQL computes it */
	[MS_UPD_AKEYS] = "UPDATE event_actors SET day_lo = ?2, day_hi = ?3, fine = ?4 "
			 "WHERE event_id = ?1",
	[MS_STALE] = "INSERT OR IGNORE INTO events_stale (event_id) VALUES (?1)",
	[MS_MOVE_MENTIONS] = "UPDATE event_mentions SET event_id = ?2 WHERE event_id = ?1",
	[MS_COPY_EACTORS] = "INSERT OR IGNORE INTO event_actors (event_id, name, country, role, "
			    "title, collective, n, family, day_lo, day_hi, fine, ckey) SELECT ?2, "
			    "name, country, role, title, collective, n, family, day_lo, day_hi, fine, "
			    "ckey FROM event_actors WHERE event_id = ?1",
	/* an event goes with its rows (as the foreign keys would cascade) */
	[MS_DEL_EVENT_ACTORS] = "DELETE FROM event_actors WHERE event_id = ?1",
	[MS_DEL_EVENT_TOPICS] = "DELETE FROM event_topics WHERE event_id = ?1",
	[MS_DEL_EVENT_LINKS] = "DELETE FROM event_mentions WHERE event_id = ?1",
	[MS_DEL_EVENT] = "DELETE FROM events WHERE id = ?1",
	[MS_STALE_LOST] = "INSERT INTO events_stale (event_id, lost) VALUES (?1, 1) "
			  "ON CONFLICT (event_id) DO UPDATE SET lost = 1",
	[MS_UNSTALE] = "DELETE FROM events_stale WHERE event_id = ?1",
	[MS_DATA_VERSION] = "PRAGMA data_version",
	/* a bucket of fine rows (events_ccache.c), in the order of the seeks */
	[MS_CC_FINE] = "SELECT event_id, day_lo, day_hi FROM event_actors INDEXED BY "
		       "event_actors_near WHERE name = ?2 AND family = ?1 AND fine = 1 AND "
		       "day_lo BETWEEN ?3 AND ?4 ORDER BY day_lo, event_id",
	[MS_CC_CFINE] = "SELECT event_id, day_lo, day_hi FROM event_actors INDEXED BY "
			"event_actors_cnear WHERE ckey = ?2 AND family = ?1 AND fine = 1 AND "
			"day_lo BETWEEN ?3 AND ?4 ORDER BY day_lo, event_id",
	/* every coarse row of a key */
	/* where an event's rows are in that cache: kind (enum cc_kind), key,
	 * fine, day_lo */
	[MS_FOLD_ROWS] = "SELECT 0, name, fine, day_lo FROM event_actors WHERE event_id = ?1 "
			 "UNION ALL SELECT 1, ckey, fine, day_lo FROM event_actors WHERE "
			 "event_id = ?1 AND ckey IS NOT NULL UNION ALL SELECT 2, place, 1, day_lo "
			 "FROM events WHERE id = ?1 AND place IS NOT NULL",
	[MS_CC_PLACE] = "SELECT id, day_lo, day_hi FROM events INDEXED BY events_place_near WHERE "
			"place = ?2 COLLATE NOCASE AND family = ?1 AND day_lo BETWEEN ?3 AND ?4 "
			"ORDER BY day_lo, id",
	[MS_CC_COARSE] = "SELECT event_id, day_lo, day_hi FROM event_actors INDEXED BY "
			 "event_actors_coarse WHERE name = ?2 AND family = ?1 AND fine = 0 AND "
			 "day_lo IS NOT NULL ORDER BY day_lo, event_id",
	[MS_CC_CCOARSE] = "SELECT event_id, day_lo, day_hi FROM event_actors INDEXED BY "
			  "event_actors_ccoarse WHERE ckey = ?2 AND family = ?1 AND fine = 0 AND "
			  "day_lo IS NOT NULL ORDER BY day_lo, event_id",
	[MS_FOLD_WINDOW] = "SELECT min(day_lo), max(day_hi) FROM event_actors WHERE event_id = ?1 "
			   "AND fine = 1",
};

enum pl_precision precision_parse(const char *name)
{
	for (int p = PL_PREC_YEAR; name && p <= PL_PREC_SECOND; p++)
		if (strcmp(name, pl_precision_name((enum pl_precision)p)) == 0)
			return (enum pl_precision)p;
	return PL_PREC_NONE;
}

struct pl_merger *pl_merger_create(const struct pl_ruleset *rs, const char *data_dir,
				   struct pl_diags *d)
{
	struct pl_merger *m = calloc(1, sizeof *m);
	if (!m || !(m->scratch = pl_arena_create(16384)) ||
	    !(m->keys = calloc(EKEY_SLOTS, sizeof *m->keys)) ||
	    !(m->actors = calloc(EACTOR_SLOTS, sizeof *m->actors)) || !(m->cc = cc_create()) ||
	    !(m->msets = calloc(MSET_SLOTS, sizeof *m->msets))) {
		pl_error(d, NULL, "out of memory");
		if (m) {
			pl_arena_destroy(m->scratch);
			free(m->keys);
			free(m->actors);
			cc_destroy(m->cc);
		}
		free(m);
		return NULL;
	}
	m->rs = rs;
	if (data_dir && names_load(&m->names, data_dir, d) < 0) {
		pl_merger_destroy(m);
		return NULL;
	}
	return m;
}

/* A rollback may undo writes the keys cache has seen, and the events the
 * waiting refresh marks name. */
static void rolled_back(void *arg)
{
	struct pl_merger *m = arg;
	m->stamped = false;
	m->nstale = 0;
}

static void finalize_all(struct pl_merger *m)
{
	if (m->db)
		sqlite3_rollback_hook(m->db, NULL, NULL);
	m->stamped = false;
	m->nstale = 0; /* marks of the database it leaves */
	for (int i = 0; i < MS_COUNT; i++) {
		sqlite3_finalize(m->st[i]);
		m->st[i] = NULL;
	}
}

void pl_merger_destroy(struct pl_merger *m)
{
	if (!m)
		return;
	finalize_all(m);
	free(m->keys);
	for (size_t i = 0; m->actors && i < EACTOR_SLOTS; i++)
		free(m->actors[i].blob);
	free(m->actors);
	cc_destroy(m->cc);
	for (size_t i = 0; m->msets && i < MSET_SLOTS; i++)
		free(m->msets[i].blob);
	free(m->msets);
	free(m->placed);
	free(m->stale);
	names_free(&m->names);
	pl_arena_destroy(m->scratch);
	free(m);
}

sqlite3_stmt *merge_stmt(struct pl_merger *m, struct pl_store *s, enum merge_stmt id,
			 struct pl_diags *d)
{
	sqlite3 *db = pl_store_db(s);
	if (m->db != db) {
		finalize_all(m);
		m->db = db;
		sqlite3_rollback_hook(db, rolled_back, m);
	}
	sqlite3_stmt *q = m->st[id];
	if (q) {
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
		return q;
	}
	if (sqlite3_prepare_v3(db, merge_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) !=
	    SQLITE_OK) {
		store_db_error(s, "cannot prepare an events statement", d);
		return NULL;
	}
	m->st[id] = q;
	return q;
}

/* ---- Configuration lookups -------------------------------------------------- */

static const char *lookup(const struct pl_merger *m, const char *list, const char *key)
{
	return m->rs && key ? pl_rules_list_lookup(m->rs, list, key, strlen(key)) : NULL;
}

static const char *family_of(const struct pl_merger *m, const char *type)
{
	const char *f = lookup(m, "MERGE_FAMILY", type);
	return f ? f : type;
}

static bool ordered_family(const struct pl_merger *m, const char *family)
{
	const char *o = lookup(m, "MERGE_ORDER", family);
	return o && strcasecmp(o, "ordered") == 0;
}

/* The whole number `v` (surrounding blanks allowed) of list `list`, entry
 * `key`, when it lies in lo..hi; else a diag naming the entry and -1. */
static int list_number(const char *list, const char *key, const char *v, long lo, long hi,
		       long *out, struct pl_diags *d)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || end == v || *end || x < lo || x > hi) {
		pl_error(d, NULL, "rules list %s: the value of %s is '%s', not a whole number from %ld to %ld",
			 list, key, v, lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

/* Longest span in days of an event of `family` (MERGE_SPAN): 0, or -1
 * after a diag on a bad value. */
static int max_span(const struct pl_merger *m, const char *family, int64_t *out,
		    struct pl_diags *d)
{
	const char *v = lookup(m, "MERGE_SPAN", family);
	long x = DEFAULT_SPAN_DAYS;
	if (v && list_number("MERGE_SPAN", family, v, 0, 3660, &x, d) < 0)
		return -1;
	*out = x;
	return 0;
}

static const char *status_group(const struct pl_merger *m, const char *status)
{
	const char *g = lookup(m, "MERGE_STATUS", status);
	return g ? g : status;
}

/* MERGE_STATUS_RANK of `status` (0 when not listed), or -1 after a diag on
 * a bad value. */
static int status_rank(const struct pl_merger *m, const char *status, struct pl_diags *d)
{
	const char *r = lookup(m, "MERGE_STATUS_RANK", status);
	long x = 0;
	if (r && list_number("MERGE_STATUS_RANK", status, r, 0, 1000000, &x, d) < 0)
		return -1;
	return (int)x;
}

/* ---- Keys of a mention or an event -------------------------------------- */

/* What a new event of one mention takes from it besides its keys (strings
 * in the scratch arena). */
struct mfields {
	const char *type, *status, *plover, *cameo, *date, *date_end, *precision, *date_source;
	const char *date_mod, *label, *place_country;
	bool has_coords, caption;
	double lat, lon, conf;
};

struct actor_k {
	const char *name, *country, *role, *title;
	bool coll;
	int64_t n; /* a mention's actor: its mention_actors.n */
};

struct keys {
	bool dated;
	int64_t lo, hi;
	int q;             /* date quality: 10 * source score + precision */
	bool pubdate;      /* dated by the publication date only */
	const char *place; /* NULL when unknown */
	const char *host;  /* country of the place (the host's), NULL when unknown */
	bool topics;       /* a mention with topics */
	const char *group; /* status group */
	struct actor_k *a;
	size_t na;
};

static const char *arena_col(struct pl_arena *a, sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? pl_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(q, i)) : NULL;
}

/* ---- The event keys cache --------------------------------------------- */

static struct ekey_slot *key_slot(const struct pl_merger *m, int64_t id)
{
	return &m->keys[(uint64_t)id & (EKEY_SLOTS - 1)];
}

/* Remember keys `k` and `family` of event `id` (forgotten when its
 * strings do not fit a slot). */
static void keys_put(struct pl_merger *m, int64_t id, const struct keys *k, const char *family)
{
	struct ekey_slot *e = key_slot(m, id);
	size_t pl = k->place ? strlen(k->place) + 1 : 0, gl = strlen(k->group) + 1;
	size_t fl = strlen(family) + 1;
	if (pl + gl + fl > sizeof e->s) {
		if (e->id == id)
			e->gen = m->gen - 1;
		return;
	}
	e->id = id;
	e->gen = m->gen;
	e->dated = k->dated;
	e->lo = k->dated ? k->lo : 0;
	e->hi = k->dated ? k->hi : 0;
	e->q = k->q;
	e->has_place = k->place != NULL;
	if (pl)
		memcpy(e->s, k->place, pl);
	memcpy(e->s + pl, k->group, gl);
	memcpy(e->s + pl + gl, family, fl);
	e->group_at = (unsigned char)pl;
	e->family_at = (unsigned char)(pl + gl);
}

static struct eactor_slot *actor_slot(const struct pl_merger *m, int64_t id)
{
	return &m->actors[(uint64_t)id & (EACTOR_SLOTS - 1)];
}

/* Forget the actors of event `id` (its event_actors rows change). */
static void actors_drop(struct pl_merger *m, int64_t id)
{
	struct eactor_slot *e = actor_slot(m, id);
	if (e->id == id)
		e->gen = m->gen - 1;
}

/* Forget everything about event `id` (gone, or a new one under its id). */
static void keys_drop(struct pl_merger *m, int64_t id)
{
	struct ekey_slot *e = key_slot(m, id);
	if (e->id == id)
		e->gen = m->gen - 1;
	actors_drop(m, id);
}

/* Remember the actors k->a[0..na) of event `id`, if they fit a slot. */
static void actors_put(struct pl_merger *m, int64_t id, const struct keys *k)
{
	struct eactor_slot *e = actor_slot(m, id);
	e->gen = m->gen - 1; /* whoever it held: its blob is rewritten below */
	if (!e->blob && !(e->blob = malloc(EACTOR_BLOB)))
		return;
	size_t len = 0;
	for (size_t i = 0; i < k->na; i++) {
		const struct actor_k *a = &k->a[i];
		const char *v[4] = { a->name, a->country, a->role, a->title };
		unsigned char flags = (unsigned char)((a->country ? 1 : 0) | (a->role ? 2 : 0) |
						      (a->title ? 4 : 0) | (a->coll ? 8 : 0));
		if (len + 1 > EACTOR_BLOB)
			return;
		e->blob[len++] = (char)flags;
		for (int j = 0; j < 4; j++) {
			if (!v[j])
				continue;
			size_t n = strlen(v[j]) + 1;
			if (len + n > EACTOR_BLOB)
				return;
			memcpy(e->blob + len, v[j], n);
			len += n;
		}
	}
	e->id = id;
	e->gen = m->gen;
	e->na = (unsigned short)k->na;
	e->len = (unsigned short)len;
}

/* The actors of event `id` from the cache into k (copied to the scratch
 * arena): 1, 0 when not cached, -1 on OOM. */
static int actors_get(struct pl_merger *m, int64_t id, struct keys *k)
{
	const struct eactor_slot *e = actor_slot(m, id);
	if (e->id != id || e->gen != m->gen)
		return 0;
	k->na = 0;
	k->a = e->na ? pl_arena_alloc(m->scratch, e->na * sizeof *k->a) : NULL;
	if (e->na && !k->a)
		return -1;
	const char *p = e->blob;
	for (size_t i = 0; i < e->na; i++) {
		unsigned char flags = (unsigned char)*p++;
		const char **v[4] = { &k->a[i].name, &k->a[i].country, &k->a[i].role,
				      &k->a[i].title };
		for (int j = 0; j < 4; j++) {
			*v[j] = NULL;
			if (j > 0 && !(flags & (1u << (j - 1))))
				continue;
			size_t n = strlen(p);
			if (!(*v[j] = pl_arena_strndup(m->scratch, p, n)))
				return -1;
			p += n + 1;
		}
		k->a[i].coll = (flags & 8) != 0;
	}
	k->na = e->na;
	return 1;
}

/* Keys of event `id` from the cache (strings copied to the scratch arena,
 * as a read from the database gives them): 1, or 0 when not cached, -1 on OOM. */
static int keys_get(struct pl_merger *m, int64_t id, struct keys *k, const char **family)
{
	const struct ekey_slot *e = key_slot(m, id);
	if (e->id != id || e->gen != m->gen)
		return 0;
	memset(k, 0, sizeof *k);
	k->dated = e->dated;
	k->lo = e->lo;
	k->hi = e->hi;
	k->q = e->q;
	k->pubdate = k->q / 10 == 1;
	const char *g = e->s + e->group_at, *f = e->s + e->family_at;
	if ((e->has_place && !(k->place = pl_arena_strndup(m->scratch, e->s, strlen(e->s)))) ||
	    !(k->group = pl_arena_strndup(m->scratch, g, strlen(g))) ||
	    (family && !(*family = pl_arena_strndup(m->scratch, f, strlen(f)))))
		return -1;
	return 1;
}

/* Before merging: empty the cache if anything but this merger wrote since
 * it last stamped it (another connection, another part of the program, a
 * rollback).  0 or -1 after a diag. */
static int keys_check(struct pl_merger *m, struct pl_store *s, struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_ANY_COARSE, d);
	if (!q)
		return -1;
	int rc = sqlite3_step(q);
	m->coarse = rc != SQLITE_ROW || sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	if (!(q = merge_stmt(m, s, MS_DATA_VERSION, d)))
		return -1;
	int rc2 = sqlite3_step(q);
	int64_t version = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW || rc2 != SQLITE_ROW) {
		store_db_error(s, "cannot read the data version", d);
		return -1;
	}
	if (!m->stamped || version != m->stamp_version ||
	    sqlite3_total_changes64(m->db) != m->stamp_changes)
		m->gen++;
	m->stamp_version = version;
	m->stamped = false; /* until this merge finishes */
	return 0;
}

/* After merging: the cache agrees with the database as it is now (rc 0),
 * or is to be emptied (rc < 0: a failed merge may be rolled back). */
static int keys_stamp(struct pl_merger *m, int rc)
{
	m->stamp_changes = sqlite3_total_changes64(m->db);
	m->stamped = rc == 0;
	if (rc != 0)
		m->gen++;
	return rc;
}

/* Grow arena array *v (n used, *cap slots of `size` bytes) by one.  False on OOM. */
static bool arena_grow(struct pl_arena *ar, void *vp, size_t n, size_t *cap, size_t size)
{
	void **v = vp;
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *w = pl_arena_alloc(ar, ncap * size);
	if (!w)
		return false;
	if (n)
		memcpy(w, *v, n * size);
	*v = w;
	*cap = ncap;
	return true;
}

/* Load actors with statement `id` (mention or event) for row `rowid`. */
static int load_actors(struct pl_merger *m, struct pl_store *s, enum merge_stmt id,
		       int64_t rowid, struct keys *k, struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, id, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, rowid);
	size_t cap = 0;
	k->a = NULL;
	k->na = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!arena_grow(m->scratch, &k->a, k->na, &cap, sizeof *k->a))
			break;
		struct actor_k *a = &k->a[k->na++];
		a->name = arena_col(m->scratch, q, 0);
		a->country = arena_col(m->scratch, q, 1);
		a->role = arena_col(m->scratch, q, 2);
		a->coll = sqlite3_column_int(q, 3) != 0;
		a->title = arena_col(m->scratch, q, 4);
		if (!a->name)
			k->na--;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	if (rc != SQLITE_DONE) {
		store_db_error(s, "cannot read actors", d);
		return -1;
	}
	return 0;
}

/* The actors of event `id` into k: from the cache, else read and cached. */
static int event_actors(struct pl_merger *m, struct pl_store *s, int64_t id, struct keys *k,
			struct pl_diags *d)
{
	int hit = actors_get(m, id, k);
	if (hit < 0) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	if (hit)
		return 0;
	if (load_actors(m, s, MS_EVENT_ACTORS, id, k, d) < 0)
		return -1;
	actors_put(m, id, k);
	return 0;
}

static bool actor_match(const struct actor_k *x, const struct actor_k *y)
{
	if (strcmp(x->name, y->name) == 0)
		return true;
	return (x->coll || y->coll) && x->country && y->country && strcmp(x->country, y->country) == 0;
}

static bool is_source(const struct actor_k *a)
{
	return a->role && strcmp(a->role, "source") == 0;
}

/* Every actor of `x` (of side `side`: -1 any, 1 sources, 0 the others)
 * matches an actor of `y` on the same side. */
static bool subset(const struct keys *x, const struct keys *y, int side)
{
	for (size_t i = 0; i < x->na; i++) {
		if (side >= 0 && is_source(&x->a[i]) != (side == 1))
			continue;
		bool found = false;
		for (size_t j = 0; j < y->na && !found; j++)
			if (side < 0 || is_source(&y->a[j]) == (side == 1))
				found = actor_match(&x->a[i], &y->a[j]);
		if (!found)
			return false;
	}
	return true;
}

static size_t shared(const struct keys *x, const struct keys *y)
{
	size_t n = 0;
	for (size_t i = 0; i < x->na; i++)
		for (size_t j = 0; j < y->na; j++)
			if (actor_match(&x->a[i], &y->a[j])) {
				n++;
				break;
			}
	return n;
}

static bool dates_fit(const struct keys *m, const struct keys *e, int64_t max_span)
{
	bool days = m->q % 10 >= PL_PREC_DAY && e->q % 10 >= PL_PREC_DAY;
	int64_t slack = days ? 1 : 0;
	int64_t mlo = m->lo - (m->pubdate ? 1 : 0), elo = e->lo - (e->pubdate ? 1 : 0);
	if (mlo - slack > e->hi || m->hi + slack < elo)
		return false;
	if (days) {
		int64_t lo = m->lo < e->lo ? m->lo : e->lo, hi = m->hi > e->hi ? m->hi : e->hi;
		if (hi - lo > max_span)
			return false;
	}
	return true;
}

/* The checks that need no actors: status group, dates, place. */
static bool prefit(const struct keys *mk, const struct keys *ek, int64_t max_span,
		   bool same_article)
{
	if (strcmp(mk->group, ek->group) != 0)
		return false;
	if (!mk->dated || !ek->dated) {
		if (!same_article)
			return false;
	} else if (!dates_fit(mk, ek, max_span)) {
		return false;
	}
	return !(mk->place && ek->place && strcasecmp(mk->place, ek->place) != 0);
}

/* How well mention (or event) keys `mk` fit event `ek` whose prefit passed
 * (0: not at all). */
static int fit(const struct keys *mk, const struct keys *ek, bool ordered, bool same_article)
{
	bool same_place = mk->place && ek->place && strcasecmp(mk->place, ek->place) == 0;
	size_t common = 0;
	if (mk->na == 0 || ek->na == 0) {
		if (!same_article && !same_place)
			return 0;
	} else if (ordered) {
		for (int side = 0; side <= 1; side++)
			if (!subset(mk, ek, side) && !subset(ek, mk, side))
				return 0;
		if (!(common = shared(mk, ek)))
			return 0;
	} else {
		/* one list inside the other, or most of the shorter list in common
		 * (at least two): outlets name different members of one delegation,
		 * but a dinner of leaders that two negotiators also attended is
		 * another meeting */
		const struct keys *sm = mk->na <= ek->na ? mk : ek, *lg = sm == mk ? ek : mk;
		common = shared(sm, lg);
		if (!subset(mk, ek, -1) && !subset(ek, mk, -1) && (common < 2 || 2 * common < sm->na))
			return 0;
	}
	return 1 + 4 * (int)common + 3 * same_article + 2 * same_place;
}

/* ---- Candidates ------------------------------------------------------------ */

struct cands {
	int64_t id[MAX_CANDIDATES * 4];
	bool same_article[MAX_CANDIDATES * 4];
	size_t n;
};

static void cand_add(struct cands *c, int64_t id, bool same_article)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->id[i] == id) {
			c->same_article[i] |= same_article;
			return;
		}
	if (c->n < sizeof c->id / sizeof c->id[0]) {
		c->id[c->n] = id;
		c->same_article[c->n++] = same_article;
	}
}

static int collect(struct pl_store *s, sqlite3_stmt *q, struct cands *c, struct pl_diags *d)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		cand_add(c, sqlite3_column_int64(q, 0), false);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(s, "cannot look up candidate events", d);
		return -1;
	}
	return 0;
}

/* ?3..?5 of the candidate queries.  The near pass takes the events starting
 * within the mention's days and two of slack, where nearly every match is;
 * the far pass (only when the near one found nothing that fits) the longer
 * events that started up to FINE_SPAN_DAYS before.  Two passes, so that the
 * LIMIT of a busy day never hides the event of the same day. */
static void window_of(const struct keys *k, bool far, int64_t *from, int64_t *to)
{
	*from = far ? k->lo - 2 - FINE_SPAN_DAYS : k->lo - 2;
	*to = far ? k->lo - 3 : k->hi + 2;
}

static void bind_window(sqlite3_stmt *q, const struct keys *k, bool far)
{
	int64_t from, to;
	window_of(k, far, &from, &to);
	sqlite3_bind_int64(q, 3, from);
	sqlite3_bind_int64(q, 4, to);
	sqlite3_bind_int64(q, 5, k->lo - 2);
}

/* A candidate seek of key `key` of kind `kind` from the candidate rows
 * cache: 1 when it answered (ids added to c), 0 when SQL must, -1 after a
 * diag. */
static int seek_cached(struct pl_merger *m, struct pl_store *s, enum cc_kind kind,
		       const char *family, const char *key, const struct keys *k, bool far,
		       struct cands *c, struct pl_diags *d)
{
	int64_t ids[MAX_CANDIDATES], from, to;
	size_t n;
	window_of(k, far, &from, &to);
	int r = cc_seek(m, s, kind, family, key, from, to, k->lo - 2, far && kind != CC_PLACE,
			m->coarse && kind != CC_PLACE, ids, &n, d);
	for (size_t i = 0; r > 0 && i < n; i++)
		cand_add(c, ids[i], false);
	return r;
}

/* Could a far search of `family` for keys `k` (rows starting in k->lo - 2
 * - FINE_SPAN_DAYS .. k->lo - 3, ending at k->lo - 2 or later) find a row
 * a folded event left under another event's id? */
static bool fold_seen(const struct pl_merger *m, const char *family, const struct keys *k)
{
	if (m->folds_lost)
		return true;
	for (size_t i = 0; i < m->nfolds; i++)
		if (strcmp(m->folds[i].family, family) == 0 && m->folds[i].lo <= k->lo - 3 &&
		    m->folds[i].hi >= k->lo - 2)
			return true;
	return false;
}

/* Before event `from` of `family` is folded into another: remember the day
 * range of its fine actor rows (copied with their keys).  0 or -1. */
static int fold_note(struct pl_merger *m, struct pl_store *s, const char *family, int64_t from,
		     struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_FOLD_WINDOW, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	int rc = sqlite3_step(q);
	bool any = rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL;
	int64_t lo = sqlite3_column_int64(q, 0), hi = sqlite3_column_int64(q, 1);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		store_db_error(s, "cannot read an event's actors", d);
		return -1;
	}
	size_t fl = strlen(family);
	if (!any)
		return 0;
	if (m->nfolds == sizeof m->folds / sizeof m->folds[0] || fl >= sizeof m->folds[0].family) {
		m->folds_lost = true;
		return 0;
	}
	struct fold_window *w = &m->folds[m->nfolds++];
	memcpy(w->family, family, fl + 1);
	w->lo = lo;
	w->hi = hi;
	return 0;
}

/* The events of `family` holding a mention of the article being merged (in
 * the order of their mentions in the text, at most MAX_CANDIDATES rows). */
static void same_article_candidates(const struct pl_merger *m, const char *family,
				    struct cands *c)
{
	size_t rows = 0;
	for (size_t i = 0; i < m->nplaced && rows < MAX_CANDIDATES; i++)
		if (strcmp(m->placed[i].family, family) == 0) {
			cand_add(c, m->placed[i].event, true);
			rows++;
		}
}

/* Remember that mention `mid` at byte `start` of the article being merged
 * joined event `ev`: kept sorted by (start, mention). */
static int placed_add(struct pl_merger *m, int64_t start, int64_t mid, int64_t ev,
		      const char *family, bool stale, struct pl_diags *d)
{
	if (m->nplaced == m->placed_cap) {
		size_t cap = m->placed_cap ? m->placed_cap * 2 : 32;
		struct placed *v = realloc(m->placed, cap * sizeof *v);
		if (!v) {
			pl_error(d, NULL, "out of memory merging events");
			return -1;
		}
		m->placed = v;
		m->placed_cap = cap;
	}
	size_t at = m->nplaced;
	while (at > 0 && (m->placed[at - 1].start > start ||
			  (m->placed[at - 1].start == start && m->placed[at - 1].mention > mid)))
		at--;
	memmove(&m->placed[at + 1], &m->placed[at], (m->nplaced - at) * sizeof *m->placed);
	m->placed[at] = (struct placed){ .start = start, .mention = mid, .event = ev,
					 .family = family, .stale = stale };
	m->nplaced++;
	return 0;
}

/* Candidates of keys `k` for the near pass or the far one: with
 * `same_article` (near pass), first the events of the article being merged.
 * The far pass leaves out the coarse events: the near pass read them all
 * (they start before its window too) and none fitted. */
static int find_candidates(struct pl_merger *m, struct pl_store *s, bool same_article,
			   const char *family, int64_t span, const struct keys *k, bool far,
			   struct cands *c, struct pl_diags *d)
{
	sqlite3_stmt *q;
	if (same_article && !far) /* not when consolidating events */
		same_article_candidates(m, family, c);
	if (!k->dated)
		return 0; /* an undated mention merges only within its article */
	/* The far actor seeks find day-precise events that started three days
	 * or more before a mention's first day: with a day-precise mention,
	 * more days than a family of MERGE_SPAN < 3 allows (dates_fit).  When
	 * consolidating, only if no row a folded event left could be found
	 * (such a row keeps the keys of the event it came from). */
	size_t na = far && k->q % 10 >= PL_PREC_DAY && span < 3 &&
				    (same_article || !fold_seen(m, family, k))
			    ? 0
			    : k->na;
	/* Seek keys: each actor's name; for a person, the collectives of its
	 * country ("c:UKR"); for a collective, everyone of its country.  A
	 * country key already sought (actors of one country) would find the
	 * same rows again: sought once. */
	char key[3][CKEY_COUNTRY_MAX + 3], seen[32][CKEY_COUNTRY_MAX + 3];
	size_t nseen = 0;
	for (size_t i = 0; i < na; i++) {
		const struct actor_k *a = &k->a[i];
		size_t nk = 0;
		size_t cl = a->country ? strlen(a->country) : CKEY_COUNTRY_MAX;
		if (cl < CKEY_COUNTRY_MAX) { /* "c:" or "p:" then the code */
			for (size_t j = 0; j < (a->coll ? 2u : 1u); j++) {
				key[nk][0] = j == 0 ? 'c' : 'p';
				key[nk][1] = ':';
				memcpy(&key[nk++][2], a->country, cl + 1);
			}
		}
		for (size_t j = 0; j <= nk; j++) {
			if (j > 0) {
				size_t t = 0;
				while (t < nseen && strcmp(seen[t], key[j - 1]) != 0)
					t++;
				if (t < nseen)
					continue;
				if (nseen < sizeof seen / sizeof seen[0])
					memcpy(seen[nseen++], key[j - 1], sizeof seen[0]);
			}
			int r = seek_cached(m, s, j > 0 ? CC_CKEY : CC_NAME, family,
					    j == 0 ? a->name : key[j - 1], k, far, c, d);
			if (r < 0)
				return -1;
			if (r > 0)
				continue;
			enum merge_stmt id =
				far ? (j == 0 ? MS_CAND_ACTOR_FAR : MS_CAND_CKEY_FAR)
				: m->coarse ? (j == 0 ? MS_CAND_ACTOR : MS_CAND_CKEY)
					    : (j == 0 ? MS_CAND_ACTOR_FINE : MS_CAND_CKEY_FINE);
			if (!(q = merge_stmt(m, s, id, d)))
				return -1;
			bind_str(q, 1, family);
			bind_str(q, 2, j == 0 ? a->name : key[j - 1]);
			bind_window(q, k, far);
			if (collect(s, q, c, d) < 0)
				return -1;
		}
	}
	if (k->place) {
		int r = seek_cached(m, s, CC_PLACE, family, k->place, k, far, c, d);
		if (r != 0)
			return r < 0 ? -1 : 0;
		if (!(q = merge_stmt(m, s, MS_CAND_PLACE, d)))
			return -1;
		bind_str(q, 1, family);
		bind_str(q, 2, k->place);
		bind_window(q, k, far);
		if (collect(s, q, c, d) < 0)
			return -1;
	}
	return 0;
}

/* The merge keys and actors of event `id`; *family (may be NULL) gets its
 * family, allocated in the scratch arena. */
static int event_keys_family(struct pl_merger *m, struct pl_store *s, int64_t id, struct keys *k,
			     const char **family, bool with_actors, struct pl_diags *d)
{
	int hit = keys_get(m, id, k, family);
	if (hit < 0) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	if (!hit) {
		sqlite3_stmt *q = merge_stmt(m, s, MS_EVENT_KEYS, d);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, id);
		memset(k, 0, sizeof *k);
		const char *fam = NULL;
		int rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			k->dated = sqlite3_column_type(q, 0) != SQLITE_NULL;
			k->lo = sqlite3_column_int64(q, 0);
			k->hi = sqlite3_column_int64(q, 1);
			k->q = sqlite3_column_int(q, 2);
			k->pubdate = k->q / 10 == 1;
			k->place = arena_col(m->scratch, q, 3);
			k->group = arena_col(m->scratch, q, 4);
			fam = arena_col(m->scratch, q, 5);
		}
		sqlite3_reset(q);
		if (rc == SQLITE_DONE)
			return 1; /* gone (absorbed by consolidation) */
		if (rc != SQLITE_ROW) {
			store_db_error(s, "cannot read an event", d);
			return -1;
		}
		if (!k->group)
			k->group = "";
		if (family)
			*family = fam;
		if (fam)
			keys_put(m, id, k, fam);
	}
	return with_actors ? event_actors(m, s, id, k, d) : 0;
}

/* prefit on the keys cache of event `id` as they are, without copying them
 * out (most candidates of a busy day fail it): 1 or 0, -1 when not cached. */
static int cached_prefit(const struct pl_merger *m, int64_t id, const struct keys *mk,
			 int64_t span, bool same_article)
{
	const struct ekey_slot *e = key_slot(m, id);
	if (e->id != id || e->gen != m->gen)
		return -1;
	struct keys ek = { .dated = e->dated, .lo = e->lo, .hi = e->hi, .q = e->q,
			   .pubdate = e->q / 10 == 1, .place = e->has_place ? e->s : NULL,
			   .group = e->s + e->group_at };
	return prefit(mk, &ek, span, same_article);
}

/* ---- Bridging ------------------------------------------------------------ */

/* The actor list of each mention of an event (the reports it merges). */
struct mset {
	const struct actor_k *a;
	size_t na;
};

struct msets {
	struct mset *v;
	size_t n;
	const char *host; /* the first known place country of its mentions */
};

/* ---- The reports cache ------------------------------------------------------ */

/* Append to buf (a malloc'd blob of *len bytes, capacity *cap) the record of
 * one report: its mention id (8 bytes), a flags byte (1: its place country
 * is known) and that country with its NUL, an actor count byte, and per
 * actor a flags byte (1: country known, 2: collective), its name and country
 * with their NULs.  False when it would pass MSET_BLOB (or 255 actors). */
static bool mrec_put(char **buf, size_t *len, size_t *cap, int64_t mid, const char *host,
		     const struct actor_k *a, size_t na)
{
	size_t need = 8 + 1 + (host ? strlen(host) + 1 : 0) + 1;
	for (size_t i = 0; i < na; i++)
		need += 1 + strlen(a[i].name) + 1 + (a[i].country ? strlen(a[i].country) + 1 : 0);
	if (na > 255 || *len + need > MSET_BLOB)
		return false;
	if (*len + need > *cap) { /* grown to what it holds: most events hold a few */
		size_t ncap = *len + need + 64 < MSET_BLOB ? *len + need + 64 : MSET_BLOB;
		char *v = realloc(*buf, ncap);
		if (!v)
			return false;
		*buf = v;
		*cap = ncap;
	}
	char *p = *buf + *len;
	memcpy(p, &mid, 8);
	p += 8;
	*p++ = host ? 1 : 0;
	for (const char *t = host; t; t = NULL) {
		size_t n = strlen(t) + 1;
		memcpy(p, t, n);
		p += n;
	}
	*p++ = (char)(unsigned char)na;
	for (size_t i = 0; i < na; i++) {
		*p++ = (char)((a[i].country ? 1 : 0) | (a[i].coll ? 2 : 0));
		size_t n = strlen(a[i].name) + 1;
		memcpy(p, a[i].name, n);
		p += n;
		if (a[i].country) {
			n = strlen(a[i].country) + 1;
			memcpy(p, a[i].country, n);
			p += n;
		}
	}
	*len += need;
	return true;
}

/* Length of the record at p (of a valid blob). */
static size_t mrec_len(const char *p)
{
	const char *q = p + 8;
	bool host = *q++ != 0;
	if (host)
		q += strlen(q) + 1;
	size_t na = (unsigned char)*q++;
	for (size_t i = 0; i < na; i++) {
		bool country = (*q++ & 1) != 0;
		q += strlen(q) + 1;
		if (country)
			q += strlen(q) + 1;
	}
	return (size_t)(q - p);
}

/* The reports of blob[0..len) as load_msets gives them (strings copied to
 * the scratch arena: the blob may change while they are in use).  0, -1 on
 * OOM. */
static int msets_decode(struct pl_merger *m, const char *blob, size_t len, struct msets *out)
{
	memset(out, 0, sizeof *out);
	size_t nsets = 0, nact = 0;
	for (size_t at = 0; at < len; at += mrec_len(blob + at)) {
		const char *q = blob + at + 8;
		bool host = *q++ != 0;
		if (host && !out->host && !(out->host = pl_arena_strndup(m->scratch, q, strlen(q))))
			return -1;
		if (host)
			q += strlen(q) + 1;
		size_t na = (unsigned char)*q;
		nsets += na > 0;
		nact += na;
	}
	struct actor_k *a = nact ? pl_arena_alloc(m->scratch, nact * sizeof *a) : NULL;
	if ((nact && !a) || (nsets && !(out->v = pl_arena_alloc(m->scratch, nsets * sizeof *out->v))))
		return -1;
	for (size_t at = 0; at < len; at += mrec_len(blob + at)) {
		const char *q = blob + at + 8;
		if (*q++)
			q += strlen(q) + 1;
		size_t na = (unsigned char)*q++;
		if (!na)
			continue;
		out->v[out->n++] = (struct mset){ .a = a, .na = na };
		for (size_t i = 0; i < na; i++, a++) {
			unsigned char f = (unsigned char)*q++;
			size_t n = strlen(q);
			*a = (struct actor_k){ .name = pl_arena_strndup(m->scratch, q, n),
					       .coll = (f & 2) != 0 };
			q += n + 1;
			if (f & 1) {
				n = strlen(q);
				a->country = pl_arena_strndup(m->scratch, q, n);
				q += n + 1;
				if (!a->country)
					return -1;
			}
			if (!a->name)
				return -1;
		}
	}
	return 0;
}

static struct mset_slot *mset_slot(const struct pl_merger *m, int64_t id)
{
	return &m->msets[(uint64_t)id & (MSET_SLOTS - 1)];
}

/* Keep blob (malloc'd, taken over) as the reports of event `id`. */
static void msets_keep(struct pl_merger *m, int64_t id, char *blob, size_t len, size_t cap)
{
	struct mset_slot *e = mset_slot(m, id);
	free(e->blob);
	*e = (struct mset_slot){ .id = id, .gen = m->gen, .blob = blob, .len = (uint32_t)len,
				 .cap = (uint32_t)cap };
}

/* Forget the reports of event `id` (0: of every event). */
static void msets_drop(struct pl_merger *m, int64_t id)
{
	if (id) {
		struct mset_slot *e = mset_slot(m, id);
		if (e->id == id)
			e->gen = m->gen - 1;
		return;
	}
	for (size_t i = 0; i < MSET_SLOTS; i++)
		m->msets[i].gen = m->gen - 1;
}

/* Mention `mid` (place country `host`, actors k) joined event `ev` (new:
 * its first report): its record goes into the cached reports, in mention
 * id order as MS_EVENT_MSETS reads them. */
static void msets_joined(struct pl_merger *m, int64_t ev, bool new, int64_t mid,
			 const struct keys *k)
{
	struct mset_slot *e = mset_slot(m, ev);
	if (new) {
		char *blob = NULL;
		size_t len = 0, cap = 0;
		if (mrec_put(&blob, &len, &cap, mid, k->host, k->a, k->na))
			msets_keep(m, ev, blob, len, cap);
		else
			free(blob);
		return;
	}
	if (e->id != ev || e->gen != m->gen)
		return;
	size_t at = 0;
	while (at < e->len) {
		int64_t x;
		memcpy(&x, e->blob + at, 8);
		if (x > mid)
			break;
		at += mrec_len(e->blob + at);
	}
	/* the record at the end, then rotated into its place */
	size_t len = e->len, cap = e->cap;
	if (!mrec_put(&e->blob, &len, &cap, mid, k->host, k->a, k->na)) {
		e->gen = m->gen - 1;
		return;
	}
	size_t rl = len - e->len;
	char tmp[MSET_BLOB];
	memcpy(tmp, e->blob + e->len, rl);
	memmove(e->blob + at + rl, e->blob + at, e->len - at);
	memcpy(e->blob + at, tmp, rl);
	e->len = (uint32_t)len;
	e->cap = (uint32_t)cap;
}

/* Read the actor lists of the mentions of event `ev` into the scratch arena:
 * from the reports cache, else from SQL (then cached when they fit). */
static int load_msets(struct pl_merger *m, struct pl_store *s, int64_t ev, struct msets *out,
		      struct pl_diags *d)
{
	struct mset_slot *e = mset_slot(m, ev);
	memset(out, 0, sizeof *out);
	if (e->id == ev && e->gen == m->gen && e->blob) {
		if (msets_decode(m, e->blob, e->len, out) < 0) {
			pl_error(d, NULL, "out of memory merging events");
			return -1;
		}
		return 0;
	}
	sqlite3_stmt *q = merge_stmt(m, s, MS_EVENT_MSETS, d);
	/* rows: per mention (id order) one per actor, or one with a NULL name;
	 * the actors a[0..n) with their mention ids, the mentions mm[0..nm) with
	 * their place countries */
	struct actor_k *a = NULL;
	int64_t *mid = NULL, *mm = NULL;
	const char **mh = NULL;
	size_t n = 0, cap = 0, nm = 0, mcap = 0, hcap = 0;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, ev);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *host = arena_col(m->scratch, q, 1);
		if (!out->host)
			out->host = host;
		if (nm == 0 || mm[nm - 1] != id) {
			size_t hc = hcap;
			if (!arena_grow(m->scratch, &mm, nm, &mcap, sizeof *mm) ||
			    !arena_grow(m->scratch, &mh, nm, &hc, sizeof *mh))
				break;
			hcap = hc;
			mm[nm] = id;
			mh[nm++] = host;
		}
		if (sqlite3_column_type(q, 2) == SQLITE_NULL)
			continue; /* a mention without actors */
		size_t c2 = cap;
		if (!arena_grow(m->scratch, &a, n, &cap, sizeof *a) ||
		    !arena_grow(m->scratch, &mid, n, &c2, sizeof *mid))
			break;
		mid[n] = id;
		a[n] = (struct actor_k){ .name = arena_col(m->scratch, q, 2),
					 .country = arena_col(m->scratch, q, 3),
					 .coll = sqlite3_column_int(q, 4) != 0 };
		if (!a[n].name || (!a[n].country && sqlite3_column_type(q, 3) != SQLITE_NULL))
			break; /* out of memory: a shortened list would be cached */
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_ROW)
			pl_error(d, NULL, "out of memory merging events");
		else
			store_db_error(s, "cannot read an event's mentions", d);
		return -1;
	}
	size_t nsets = 0;
	for (size_t i = 0; i < n; i++)
		nsets += i == 0 || mid[i] != mid[i - 1];
	if (nsets && !(out->v = pl_arena_alloc(m->scratch, nsets * sizeof *out->v))) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || mid[i] != mid[i - 1])
			out->v[out->n++] = (struct mset){ .a = &a[i], .na = 0 };
		out->v[out->n - 1].na++;
	}
	/* cached as records, when they fit */
	char *blob = NULL;
	size_t len = 0, bcap = 0, at = 0;
	bool fits = nm > 0;
	for (size_t i = 0; i < nm && fits; i++) {
		size_t k = at;
		while (k < n && mid[k] == mm[i])
			k++;
		fits = mrec_put(&blob, &len, &bcap, mm[i], mh[i], a + at, k - at);
		at = k;
	}
	if (fits)
		msets_keep(m, ev, blob, len, bcap);
	else
		free(blob);
	return 0;
}

/* Do reports x and y name someone in common who is not of country `host`
 * (NULL: unknown)? */
static bool share_guest(const struct actor_k *x, size_t nx, const struct actor_k *y, size_t ny,
			const char *host)
{
	for (size_t i = 0; i < nx; i++) {
		if (host && x[i].country && strcmp(x[i].country, host) == 0)
			continue;
		for (size_t j = 0; j < ny; j++)
			if (actor_match(&x[i], &y[j]))
				return true;
	}
	return false;
}

/* Would mention actors `x` (or, `xs` not NULL, the reports of the event
 * `xs`) bridge two meetings by joining the reports `ys`: do fewer than half
 * of the pairs of reports of two or more actors share a guest?  The host
 * country is `host`, else the first the reports know. */
static bool bridges(const struct actor_k *x, size_t nx, const struct msets *xs,
		    const struct msets *ys, const char *host)
{
	struct mset one = { .a = x, .na = nx };
	const struct mset *xv = xs ? xs->v : &one;
	size_t xn = xs ? xs->n : 1, pairs = 0, shared_pairs = 0;
	if (!host)
		host = xs && xs->host ? xs->host : ys->host;
	for (size_t i = 0; i < xn; i++)
		for (size_t j = 0; j < ys->n && xv[i].na >= 2; j++) {
			if (ys->v[j].na < 2)
				continue;
			pairs++;
			shared_pairs += share_guest(xv[i].a, xv[i].na, ys->v[j].a, ys->v[j].na, host);
		}
	return 2 * shared_pairs < pairs;
}

/* The reports of an event being consolidated, read the first time a
 * candidate needs them (most never get that far). */
struct lazy_msets {
	int64_t ev;
	bool loaded;
	struct msets v;
};

/* How well candidate event `id` fits keys `k` (a mention's; or with `ks` the
 * union keys of an event and ks its reports): 0 when it does not (or is
 * gone), -1 after a diag; *ekp gets the candidate's keys.  Actors are read
 * only when the cheap checks pass: most candidates of a busy day fail on
 * place or date. */
static int candidate_fit(struct pl_merger *m, struct pl_store *s, int64_t id, const struct keys *k,
			 struct lazy_msets *ks, bool ordered, int64_t span, bool same_article,
			 struct keys *ekp, struct pl_diags *d)
{
	struct keys ek;
	if (cached_prefit(m, id, k, span, same_article) == 0) {
		*ekp = (struct keys){ .group = "" };
		return 0;
	}
	int r = event_keys_family(m, s, id, &ek, NULL, false, d);
	*ekp = ek;
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (!prefit(k, &ek, span, same_article))
		return 0;
	if (event_actors(m, s, id, &ek, d) < 0)
		return -1;
	*ekp = ek;
	int f = fit(k, &ek, ordered, same_article);
	if (f > 0 && !ordered && k->na >= 2 && ek.na >= 2) {
		struct msets es;
		if (ks && !ks->loaded) {
			if (load_msets(m, s, ks->ev, &ks->v, d) < 0)
				return -1;
			ks->loaded = true;
		}
		if (load_msets(m, s, id, &es, d) < 0)
			return -1;
		if (bridges(k->a, k->na, ks ? &ks->v : NULL, &es, k->host))
			return 0;
	}
	return f;
}

static int step_done(struct pl_store *s, sqlite3_stmt *q, const char *what, struct pl_diags *d)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(s, what, d);
		return -1;
	}
	return 0;
}

/* Would put_actors change nothing: is every actor of mention keys `k` an
 * actor of the event (keys `ek`, actors loaded) by name, with a country and
 * a title there if the mention gives one? */
static bool adds_nothing(const struct keys *k, const struct keys *ek)
{
	for (size_t i = 0; i < k->na; i++) {
		const struct actor_k *a = &k->a[i], *e = NULL;
		for (size_t j = 0; j < ek->na && !e; j++)
			if (strcmp(a->name, ek->a[j].name) == 0)
				e = &ek->a[j];
		if (!e || (a->country && !e->country) || (a->title && !e->title))
			return false;
	}
	return true;
}

/* Are `k` the keys of a coarse event: dated, but not day-precise or longer
 * than FINE_SPAN_DAYS (EVENT_FINE_SQL false, day_lo not NULL)? */
static bool coarse_keys(const struct keys *k)
{
	return k->dated && !(k->q % 10 >= PL_PREC_DAY && k->hi - k->lo <= FINE_SPAN_DAYS);
}

/* Would EVENT_FINE_SQL hold for an event of keys `k`? */
static bool fine_keys(const struct keys *k)
{
	return k->dated && k->q % 10 >= PL_PREC_DAY && k->hi - k->lo <= FINE_SPAN_DAYS;
}

/* The country key ACTOR_CKEY_SQL gives actor `a` (buf: CKEY_COUNTRY_MAX + 3
 * bytes) when its country is short enough to be sought (find_candidates);
 * else NULL. */
static char *ckey_write(char *buf, const struct actor_k *a, size_t cl)
{
	buf[0] = a->coll ? 'c' : 'p';
	buf[1] = ':';
	memcpy(buf + 2, a->country, cl + 1);
	return buf;
}

static const char *ckey_of(const struct actor_k *a, char *buf)
{
	size_t cl = a->country ? strlen(a->country) : CKEY_COUNTRY_MAX;
	return cl < CKEY_COUNTRY_MAX ? ckey_write(buf, a, cl) : NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct actor_k *)a)->name, ((const struct actor_k *)b)->name);
}

/* The actors cache of event `ev` after put_actors gave it the mention actors
 * `k` (its actors were `old`, NULL for a new event): as MS_EVENT_ACTORS would
 * read them, in name order (the key's BINARY order), each name's country and
 * title filled in where they were missing.  Kept instead of dropped: the next
 * mention of the same meeting checks this event again (a quarter of the
 * candidate checks of 10,000 articles read the actors back from SQL).  0 or
 * -1 on OOM. */
static int actors_after(struct pl_merger *m, int64_t ev, const struct keys *old,
			const struct keys *k, struct pl_diags *d)
{
	size_t n = old ? old->na : 0;
	struct actor_k *v = pl_arena_alloc(m->scratch, (n + k->na) * sizeof *v);
	if (!v) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	if (n)
		memcpy(v, old->a, n * sizeof *v);
	for (size_t i = 0; i < k->na; i++) {
		const struct actor_k *a = &k->a[i];
		size_t j = 0;
		while (j < n && strcmp(v[j].name, a->name) != 0)
			j++;
		if (j == n) {
			v[n++] = *a;
			continue;
		}
		if (!v[j].country)
			v[j].country = a->country;
		if (!v[j].title)
			v[j].title = a->title;
	}
	qsort(v, n, sizeof *v, by_name);
	actors_put(m, ev, &(struct keys){ .a = v, .na = n });
	return 0;
}

/* Put the actors `k` of a mention into event `ev` of family `family` and
 * keys `ek` (after the attach) whose actors were `old` (NULL: a new event):
 * in their order (mention_actors.n), a row for each name the event lacks,
 * the country and title an existing row lacks.  One row per statement: an
 * INSERT ... SELECT of them all may abort half-way (foreign keys), so SQLite
 * saved every page it changed first, a third of the cost of attaching.  The
 * candidate rows cache gets the new rows.  0 or -1 after a diag. */
static int put_actors(struct pl_merger *m, struct pl_store *s, int64_t ev, const char *family,
		      const struct keys *ek, const struct keys *old, const struct keys *k,
		      struct pl_diags *d)
{
	bool fine = fine_keys(ek);
	for (size_t i = 0; i < k->na; i++) {
		const struct actor_k *a = &k->a[i], *e = NULL;
		bool again = false;
		for (size_t j = 0; j < i && !again; j++)
			again = strcmp(k->a[j].name, a->name) == 0;
		for (size_t j = 0; old && j < old->na && !e; j++)
			if (strcmp(old->a[j].name, a->name) == 0)
				e = &old->a[j];
		if (e && !again && (!a->country || e->country) && (!a->title || e->title))
			continue; /* the row has all it would give */
		size_t cl = a->country ? strlen(a->country) : 0;
		char *ckey = a->country ? pl_arena_alloc(m->scratch, cl + 3) : NULL;
		if (a->country && !ckey) {
			pl_error(d, NULL, "out of memory merging events");
			return -1;
		}
		if (ckey) /* as ACTOR_CKEY_SQL */
			ckey_write(ckey, a, cl);
		bool fresh = !e && !again;
		sqlite3_stmt *q = merge_stmt(m, s, fresh ? MS_NEW_EACTOR : MS_PUT_EACTOR, d);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, ev);
		bind_str(q, 2, a->name);
		bind_str(q, 3, a->country);
		bind_str(q, 4, a->role);
		bind_str(q, 5, a->title);
		sqlite3_bind_int(q, 6, a->coll);
		sqlite3_bind_int64(q, 7, a->n);
		bind_str(q, 8, family);
		if (ek->dated) {
			sqlite3_bind_int64(q, 9, ek->lo);
			sqlite3_bind_int64(q, 10, ek->hi);
		}
		sqlite3_bind_int(q, 11, fine);
		bind_str(q, 12, ckey);
		if (step_done(s, q, "cannot add event actors", d) < 0)
			return -1;
		if (!fresh || !ek->dated)
			continue; /* no new row, or one in no seek's window */
		cc_add(m, CC_NAME, family, a->name, ev, fine, ek->lo, ek->hi);
		if (ckey && cl < CKEY_COUNTRY_MAX) /* longer ones are never sought */
			cc_add(m, CC_CKEY, family, ckey, ev, fine, ek->lo, ek->hi);
	}
	return actors_after(m, ev, old, k, d);
}

/* The rows of the actors `k->a` of an event with keys `ek` move (MS_UPD_AKEYS):
 * their buckets are read again when needed. */
static void cc_moved(struct pl_merger *m, const char *family, const struct keys *ek,
		     const struct keys *k)
{
	if (!ek->dated)
		return;
	bool fine = fine_keys(ek);
	for (size_t i = 0; i < k->na; i++) {
		char key[CKEY_COUNTRY_MAX + 3];
		cc_drop(m, CC_NAME, family, k->a[i].name, fine, ek->lo);
		if (ckey_of(&k->a[i], key))
			cc_drop(m, CC_CKEY, family, key, fine, ek->lo);
	}
}

/* Put mention `mid` (keys `k`) into event `ev` (ek its keys, NULL for a new
 * event): link, add its actors, move the merge keys, mark the event stale. */
static int attach(struct pl_merger *m, struct pl_store *s, int64_t ev, const struct keys *ek,
		  const char *family, int64_t mid, const struct keys *k, bool stale,
		  struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_INS_EMENTION, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, ev);
	sqlite3_bind_int64(q, 2, mid);
	if (step_done(s, q, "cannot link a mention to its event", d) < 0)
		return -1;
	msets_joined(m, ev, !ek, mid, k);
	if (!ek && coarse_keys(k))
		m->coarse = true; /* its actor rows will be */
	struct keys after = *k; /* the event's keys after: a new one has the mention's */
	if (ek) {
		/* The keys follow the best-dated mentions: a better date replaces
		 * them, an equally good one widens them, a worse one leaves them. */
		struct keys nk = *ek;
		if (k->dated && (!ek->dated || k->q > ek->q)) {
			nk.dated = true;
			nk.lo = k->lo;
			nk.hi = k->hi;
			nk.q = k->q;
		} else if (k->dated && k->q == ek->q) {
			nk.lo = k->lo < ek->lo ? k->lo : ek->lo;
			nk.hi = k->hi > ek->hi ? k->hi : ek->hi;
		}
		bool moved = nk.lo != ek->lo || nk.hi != ek->hi || nk.q != ek->q ||
			     nk.dated != ek->dated;
		if (coarse_keys(&nk))
			m->coarse = true;
		/* rewritten only when they change: the row is in three indexes */
		if (moved || (!ek->place && k->place)) {
			if (!(q = merge_stmt(m, s, MS_UPD_KEYS, d)))
				return -1;
			sqlite3_bind_int64(q, 1, ev);
			if (nk.dated) {
				sqlite3_bind_int64(q, 2, nk.lo);
				sqlite3_bind_int64(q, 3, nk.hi);
			}
			sqlite3_bind_int(q, 4, nk.q);
			bind_str(q, 5, k->place);
			if (step_done(s, q, "cannot update an event", d) < 0)
				return -1;
			if (!nk.place)
				nk.place = k->place; /* coalesce(place, ?5) */
			keys_put(m, ev, &nk, family);
			if (ek->place && ek->dated)
				cc_drop(m, CC_PLACE, family, ek->place, true, ek->lo);
			if (nk.place && nk.dated)
				cc_drop(m, CC_PLACE, family, nk.place, true, nk.lo);
		}
		if (moved) {
			if (!(q = merge_stmt(m, s, MS_UPD_AKEYS, d)))
				return -1;
			sqlite3_bind_int64(q, 1, ev);
			if (nk.dated) {
				sqlite3_bind_int64(q, 2, nk.lo);
				sqlite3_bind_int64(q, 3, nk.hi);
			}
			sqlite3_bind_int(q, 4, fine_keys(&nk));
			if (step_done(s, q, "cannot update an event's actors", d) < 0)
				return -1;
			cc_moved(m, family, ek, ek);
			cc_moved(m, family, &nk, ek);
		}
		after = nk;
	}
	if (!(ek && adds_nothing(k, ek))) {
		actors_drop(m, ev);
		if (put_actors(m, s, ev, family, &after, ek, k, d) < 0)
			return -1;
	}
	if (k->topics) {
		if (!(q = merge_stmt(m, s, MS_INS_ETOPIC, d)))
			return -1;
		sqlite3_bind_int64(q, 1, ev);
		sqlite3_bind_int64(q, 2, mid);
		if (step_done(s, q, "cannot add event topics", d) < 0)
			return -1;
	}
	if (!stale)
		return 0;
	for (size_t i = 0; i < m->nplaced; i++)
		if (m->placed[i].event == ev && m->placed[i].stale)
			return 0; /* marked by an earlier mention of the article */
	if (m->nstale == STALE_BUFFER && merge_flush(m, s, d) < 0)
		return -1;
	if (m->nstale == m->stale_cap && !pl_grow(&m->stale, &m->stale_cap, m->nstale,
						  sizeof *m->stale)) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	m->stale[m->nstale++] = ev;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Marks for refresh wait in memory and go to events_stale in id order: one
 * at a time, each was a b-tree insert at a random place (5.7 us, 53k of them
 * for 10,000 articles).  Only consolidation and the refresh read the table
 * (after pl_events_settle flushes), and the extraction loop flushes before
 * each commit, so every commit sees the table as before. */
int merge_flush(struct pl_merger *m, struct pl_store *s, struct pl_diags *d)
{
	if (!m->nstale)
		return 0;
	qsort(m->stale, m->nstale, sizeof *m->stale, by_id);
	size_t n = m->nstale; /* kept until all are written: a retry repeats none */
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && m->stale[i] == m->stale[i - 1])
			continue;
		sqlite3_stmt *q = merge_stmt(m, s, MS_STALE, d);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, m->stale[i]);
		if (step_done(s, q, "cannot mark an event for refresh", d) < 0)
			return -1;
	}
	m->nstale = 0;
	/* the merger's own writes: the caches still agree with the database */
	if (m->stamped)
		m->stamp_changes = sqlite3_total_changes64(m->db);
	return 0;
}

/* Articles and outlets of the article being merged (it and its wire
 * copies), as refresh_one counts them. */
static int article_counts(struct pl_merger *m, struct pl_store *s, struct pl_diags *d)
{
	if (m->narticles >= 0)
		return 0;
	sqlite3_stmt *q = merge_stmt(m, s, MS_ARTICLE_COPIES, d);
	const char *outlets[64];
	long narts = 0, nout = 0;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, m->article);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(q, 1);
		narts++; /* ids are distinct: the root is no wire copy of itself */
		bool seen = !key;
		for (long i = 0; i < nout && !seen; i++)
			seen = strcmp(outlets[i], key) == 0;
		if (seen)
			continue;
		if (nout == (long)(sizeof outlets / sizeof outlets[0])) {
			narts = -1; /* too many to count here: the refresh will */
			break;
		}
		if (!(outlets[nout++] = pl_arena_strndup(m->scratch, key, strlen(key)))) {
			sqlite3_reset(q);
			pl_error(d, NULL, "out of memory merging events");
			return -1;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_db_error(s, "cannot count an article's copies", d);
		return -1;
	}
	m->narticles = narts;
	m->noutlets = nout;
	return 0;
}

/* A new event of one mention (fields `f`, keys `k`) with every field
 * refresh_one would compute from that mention, so that it needs no refresh
 * unless it grows; attached.  Its id or -1. */
static int64_t new_event(struct pl_merger *m, struct pl_store *s, const char *family,
			 const struct mfields *f, struct keys *k, int64_t mid,
			 struct pl_diags *d)
{
	if (article_counts(m, s, d) < 0)
		return -1;
	bool complete = m->narticles >= 0;
	sqlite3_stmt *q = merge_stmt(m, s, MS_INS_EVENT, d);
	if (!q)
		return -1;
	bool dated = k->dated && f->date; /* as refresh_one reads a mention */
	bind_str(q, 1, f->type);
	bind_str(q, 2, family);
	bind_str(q, 3, f->status);
	bind_str(q, 4, k->group);
	bind_str(q, 5, k->place);
	if (k->dated) {
		sqlite3_bind_int64(q, 6, k->lo);
		sqlite3_bind_int64(q, 7, k->hi);
	}
	sqlite3_bind_int(q, 8, k->q);
	bind_str(q, 9, f->plover);
	bind_str(q, 10, f->cameo);
	if (dated) {
		bind_str(q, 11, f->date);
		bind_str(q, 12, f->date_end);
		bind_str(q, 13, f->precision);
		bind_str(q, 15, f->date_mod);
	}
	bind_str(q, 14, dated ? f->date_source : "none");
	bind_str(q, 16, f->label);
	if (k->place) {
		bind_str(q, 17, f->place_country);
		if (f->has_coords) {
			sqlite3_bind_double(q, 18, f->lat);
			sqlite3_bind_double(q, 19, f->lon);
		}
	}
	double best = f->conf * (f->caption ? 0.5 : 1.0), miss = 1.0;
	miss *= text_miss(best > 0 ? best : 0);
	sqlite3_bind_double(q, 20, event_confidence(miss));
	sqlite3_bind_int64(q, 21, complete ? m->narticles : 0);
	sqlite3_bind_int64(q, 22, complete ? m->noutlets : 0);
	if (step_done(s, q, "cannot create an event", d) < 0)
		return -1;
	int64_t ev = sqlite3_last_insert_rowid(pl_store_db(s));
	keys_put(m, ev, k, family); /* an id may be reused: the old one is gone */
	if (k->place && k->dated)
		cc_add(m, CC_PLACE, family, k->place, ev, true, k->lo, k->hi);
	return attach(m, s, ev, NULL, family, mid, k, !complete, d) < 0 ? -1 : ev;
}

/* Merge mention `mid` (at byte `start` of the article being merged). */
static int merge_one(struct pl_merger *m, struct pl_store *s, int64_t mid, int64_t start,
		     const struct mfields *mf, struct keys *k, struct pl_diags *d)
{
	const char *family = family_of(m, mf->type);
	bool ordered = ordered_family(m, family);
	int64_t span;
	int best = 0;
	int64_t best_id = 0;
	struct keys best_k = { 0 };
	if (max_span(m, family, &span, d) < 0)
		return -1;
	for (int far = 0; far <= 1 && !best_id && (far == 0 || k->dated); far++) {
		struct cands c = { .n = 0 };
		if (find_candidates(m, s, true, family, span, k, far, &c, d) < 0)
			return -1;
		for (size_t i = 0; i < c.n; i++) {
			struct keys ek;
			int f = candidate_fit(m, s, c.id[i], k, NULL, ordered, span,
					      c.same_article[i], &ek, d);
			if (f < 0)
				return -1;
			if (f > best) {
				best = f;
				best_id = c.id[i];
				best_k = ek;
			}
		}
	}
	int64_t ev = best_id;
	if (best_id && attach(m, s, best_id, &best_k, family, mid, k, true, d) < 0)
		return -1;
	if (!best_id && (ev = new_event(m, s, family, mf, k, mid, d)) < 0)
		return -1;
	/* a new event is complete; one that grew is now marked for refresh */
	return placed_add(m, start, mid, ev, family, best_id != 0, d);
}

/* A mention of the article being merged, as MS_ART_MENTIONS reads it. */
struct art_row {
	int64_t id, start;
	long na, at; /* actors; position in text order */
	struct mfields f;
	struct keys k;
};

/* Read the actors of the mentions rows[0..n) (in text order) of `article`
 * into their keys. */
static int article_actors(struct pl_merger *m, struct pl_store *s, int64_t article,
			  struct art_row *rows, size_t n, struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_ART_ACTORS, d);
	size_t at = 0, cap = 0;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, article);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t mid = sqlite3_column_int64(q, 0);
		size_t next = at; /* same order: this row or a later one */
		while (next < n && rows[next].id != mid)
			next++;
		if (next == n)
			continue; /* a mention already in an event (not merged here) */
		if (next != at)
			cap = 0;
		at = next;
		struct keys *k = &rows[at].k;
		if (!arena_grow(m->scratch, &k->a, k->na, &cap, sizeof *k->a)) {
			sqlite3_reset(q);
			pl_error(d, NULL, "out of memory merging events");
			return -1;
		}
		struct actor_k *a = &k->a[k->na];
		a->name = arena_col(m->scratch, q, 1);
		a->country = arena_col(m->scratch, q, 2);
		a->role = arena_col(m->scratch, q, 3);
		a->coll = sqlite3_column_int(q, 4) != 0;
		a->title = arena_col(m->scratch, q, 5);
		a->n = sqlite3_column_int64(q, 6);
		if (a->name)
			k->na++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_db_error(s, "cannot read actors", d);
		return -1;
	}
	return 0;
}

static int by_actors(const void *a, const void *b)
{
	const struct art_row *x = a, *y = b;
	if (x->na != y->na)
		return x->na > y->na ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Merge the mentions rows[0..n) of `article` (in text order, their actors
 * read), then free rows and empty the scratch arena. */
static int merge_rows(struct pl_merger *m, struct pl_store *s, int64_t article,
		      struct art_row *rows, size_t n, struct pl_diags *d)
{
	int rc = -1;
	/* most actors first, then text order (sorted here: the SQL sorter
	 * would carry every column) */
	if (n > 1)
		qsort(rows, n, sizeof *rows, by_actors);
	m->nplaced = 0; /* none of its mentions is in an event yet */
	m->article = article;
	m->narticles = -1;
	for (size_t i = 0; i < n; i++) {
		rows[i].k.group = status_group(m, rows[i].f.status);
		if (merge_one(m, s, rows[i].id, rows[i].start, &rows[i].f, &rows[i].k, d) < 0)
			goto out;
	}
	rc = 0;
out:
	free(rows);
	pl_arena_clear(m->scratch);
	return rc;
}

/* Merge every mention of `article` not in an event yet, as the database
 * holds them. */
static int merge_article(struct pl_merger *m, struct pl_store *s, int64_t article,
			 struct pl_diags *d)
{
	/* Read the article's mentions first: merging writes to the tables the
	 * listing reads. */
	struct art_row *rows = NULL;
	size_t n = 0, cap = 0;
	int step;
	sqlite3_stmt *q = merge_stmt(m, s, MS_ART_MENTIONS, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, article);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct art_row *r = realloc(rows, cap * sizeof *r);
			if (!r)
				break;
			rows = r;
		}
		struct art_row *r = &rows[n++];
		memset(r, 0, sizeof *r);
		struct mfields *f = &r->f;
		r->id = sqlite3_column_int64(q, 0);
		f->type = arena_col(m->scratch, q, 1);
		f->status = arena_col(m->scratch, q, 2);
		r->k.dated = sqlite3_column_type(q, 3) != SQLITE_NULL;
		r->k.lo = sqlite3_column_int64(q, 3);
		r->k.hi = sqlite3_column_int64(q, 4);
		f->precision = arena_col(m->scratch, q, 5);
		f->date_source = arena_col(m->scratch, q, 6);
		r->k.q = 10 * date_source_score(f->date_source) + (int)precision_parse(f->precision);
		r->k.pubdate = date_source_score(f->date_source) == 1;
		r->k.place = arena_col(m->scratch, q, 7);
		r->na = sqlite3_column_int(q, 8);
		r->at = (long)n;
		r->k.host = f->place_country = arena_col(m->scratch, q, 9);
		r->start = sqlite3_column_int64(q, 10);
		r->k.topics = sqlite3_column_int(q, 11) != 0;
		f->plover = arena_col(m->scratch, q, 12);
		f->cameo = arena_col(m->scratch, q, 13);
		f->date = arena_col(m->scratch, q, 14);
		f->date_end = arena_col(m->scratch, q, 15);
		f->date_mod = arena_col(m->scratch, q, 16);
		f->label = arena_col(m->scratch, q, 17);
		f->has_coords = sqlite3_column_type(q, 18) != SQLITE_NULL;
		f->lat = sqlite3_column_double(q, 18);
		f->lon = sqlite3_column_double(q, 19);
		f->conf = sqlite3_column_double(q, 20);
		f->caption = sqlite3_column_int(q, 21) != 0;
		if (!f->type || !f->status)
			n--;
	}
	sqlite3_reset(q);
	if (step != SQLITE_DONE) {
		if (step == SQLITE_ROW)
			pl_error(d, NULL, "out of memory merging events");
		else
			store_db_error(s, "cannot list mentions", d);
		goto out;
	}
	if (article_actors(m, s, article, rows, n, d) < 0)
		goto out;
	return merge_rows(m, s, article, rows, n, d);
out:
	free(rows);
	pl_arena_clear(m->scratch);
	return -1;
}

/* ---- Consolidation ------------------------------------------------------- */

/* Before event `from` of `family` is folded into another: unload the
 * candidate rows cache's buckets holding its rows (its event_actors rows by
 * their own keys: copies it absorbed in an earlier fold keep theirs; its
 * place), which the fold deletes or copies to the survivor under the same
 * keys.  The survivor's own rows do not change.  0 or -1 after a diag. */
static int cc_folding(struct pl_merger *m, struct pl_store *s, const char *family,
		      int64_t from, struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_FOLD_ROWS, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(q, 1);
		int kind = sqlite3_column_int(q, 0);
		if (key && sqlite3_column_type(q, 3) != SQLITE_NULL && kind >= CC_NAME &&
		    kind <= CC_PLACE)
			cc_drop(m, (enum cc_kind)kind, family, key, sqlite3_column_int(q, 2) != 0,
				sqlite3_column_int64(q, 3));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(s, "cannot read an event's actors", d);
		return -1;
	}
	return 0;
}

/* Run statement `id` with ?1 = a and ?2 = b (b ignored when the statement has
 * one parameter). */
static int exec2(struct pl_merger *m, struct pl_store *s, enum merge_stmt id, int64_t a,
		 int64_t b, struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, id, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, a);
	if (sqlite3_bind_parameter_count(q) > 1)
		sqlite3_bind_int64(q, 2, b);
	return step_done(s, q, "cannot consolidate events", d);
}

/* Incremental merging depends on arrival order: an event that grew (more
 * actors, a better date) may now fit an event that started apart from it
 * ("European leaders meet in Berlin", then "Merz, Zelensky and European
 * leaders meet").  Each stale event, newest first, is checked against the
 * candidates of its keys as a mention would be (without the same-article
 * rule) and absorbed by the best that fits: its mentions move over, the
 * survivor is rebuilt by the refresh. */
static int consolidate(struct pl_merger *m, struct pl_store *s, struct pl_diags *d)
{
	sqlite3_stmt *list = NULL;
	int64_t *ids = NULL;
	long n = -1;
	int rc = -1;
	if (keys_check(m, s, d) < 0)
		return -1;
	m->nfolds = 0;
	m->folds_lost = false;
	/* An event of one mention was checked against every candidate when that
	 * mention merged; only events that grew since can fit anew. */
	if (sqlite3_prepare_v2(pl_store_db(s),
			       "SELECT event_id FROM events_stale s WHERE (SELECT count(*) FROM "
			       "event_mentions em WHERE em.event_id = s.event_id) > 1 "
			       "ORDER BY event_id DESC",
			       -1, &list, NULL) == SQLITE_OK)
		n = column_ids(list, &ids);
	sqlite3_finalize(list);
	if (n < 0) {
		store_db_error(s, "cannot list stale events", d);
		return keys_stamp(m, -1);
	}
	for (long i = 0; i < n; i++, pl_arena_clear(m->scratch)) {
		struct keys self;
		const char *family = NULL;
		int r = event_keys_family(m, s, ids[i], &self, &family, true, d);
		if (r < 0)
			goto out;
		if (r > 0 || !family || !self.dated || self.na == 0)
			continue; /* gone, or only mergeable within its article */
		bool ordered = ordered_family(m, family);
		int64_t span;
		if (max_span(m, family, &span, d) < 0)
			goto out;
		int best = 0;
		int64_t best_id = 0;
		struct lazy_msets sets = { .ev = ids[i] };
		for (int far = 0; far <= 1 && !best_id; far++) {
			struct cands c = { .n = 0 };
			if (find_candidates(m, s, false, family, span, &self, far, &c, d) < 0)
				goto out;
			for (size_t k = 0; k < c.n; k++) {
				int64_t id = c.id[k];
				struct keys ek;
				if (id == ids[i])
					continue;
				int f = candidate_fit(m, s, id, &self, ordered ? NULL : &sets,
						      ordered, span, false, &ek, d);
				if (f < 0)
					goto out;
				if (f > best || (f == best && f > 0 && id < best_id)) {
					best = f;
					best_id = id;
				}
			}
		}
		if (!best_id)
			continue;
		/* the older event survives: ids people have seen stay valid */
		int64_t from = best_id > ids[i] ? best_id : ids[i];
		int64_t into = best_id > ids[i] ? ids[i] : best_id;
		keys_drop(m, from);
		actors_drop(m, into);
		msets_drop(m, from);
		msets_drop(m, into);
		if (fold_note(m, s, family, from, d) < 0 || cc_folding(m, s, family, from, d) < 0 ||
		    exec2(m, s, MS_MOVE_MENTIONS, from, into, d) < 0 ||
		    exec2(m, s, MS_COPY_EACTORS, from, into, d) < 0 ||
		    exec2(m, s, MS_DEL_EVENT_ACTORS, from, 0, d) < 0 ||
		    exec2(m, s, MS_DEL_EVENT_TOPICS, from, 0, d) < 0 ||
		    exec2(m, s, MS_DEL_EVENT_LINKS, from, 0, d) < 0 ||
		    exec2(m, s, MS_DEL_EVENT, from, 0, d) < 0 ||
		    exec2(m, s, MS_UNSTALE, from, 0, d) < 0 ||
		    exec2(m, s, MS_STALE_LOST, into, 0, d) < 0)
			goto out;
	}
	rc = 0;
out:
	pl_arena_clear(m->scratch);
	free(ids);
	return keys_stamp(m, rc);
}

int pl_events_settle(struct pl_store *s, struct pl_merger *m, struct pl_diags *d)
{
	int rc = merge_flush(m, s, d) < 0 || consolidate(m, s, d) < 0 ||
			 pl_events_refresh(s, d) < 0
		 ? -1
		 : 0;
	m->gen++; /* the refresh rewrites merge keys */
	return rc;
}

/* ---- Writing mentions --------------------------------------------------------- */

static int load_sentences(struct pl_merger *m, struct pl_store *s, int64_t article,
			  struct pl_range **out, size_t *n, struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_SENTENCES, d);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, article);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct pl_range *v = realloc(*out, cap * sizeof *v);
			if (!v)
				break;
			*out = v;
		}
		(*out)[*n].start = (size_t)sqlite3_column_int64(q, 0);
		(*out)[*n].end = (size_t)sqlite3_column_int64(q, 1);
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_db_error(s, "cannot read sentences", d);
		return -1;
	}
	return 0;
}

/* Store mention `e` of `article` and fill *r with it as MS_ART_MENTIONS and
 * MS_ART_ACTORS would read it back (strings borrowed from e or static, the
 * actor array in the scratch arena; r->at is left to the caller). */
static int insert_mention(struct pl_merger *m, struct pl_store *s, int64_t article,
			  const struct pl_event *e, const struct pl_range *sents, size_t nsent,
			  int64_t run, struct art_row *r, struct pl_diags *d)
{
	const struct pl_event_source *src = &e->sources[0];
	const char *status = status_str(e->status);
	sqlite3_stmt *q;
	long sn = -1;
	if (!src->caption) {
		sn = pl_range_find(sents, nsent, src->start);
	} else if (src->sentence) { /* which caption: the one with this text */
		if (!(q = merge_stmt(m, s, MS_CAPTION_N, d)))
			return -1;
		sqlite3_bind_int64(q, 1, article);
		bind_str(q, 2, src->sentence);
		if (sqlite3_step(q) == SQLITE_ROW)
			sn = sqlite3_column_int(q, 0);
		sqlite3_reset(q);
	}
	if (!(q = merge_stmt(m, s, MS_INS_MENTION, d)))
		return -1;
	int64_t lo, hi;
	bool dated = e->date && pl_event_days(e->date, e->date_end, &lo, &hi);
	sqlite3_bind_int64(q, 1, article);
	if (sn >= 0)
		sqlite3_bind_int64(q, 2, sn);
	sqlite3_bind_int64(q, 3, (int64_t)src->start);
	sqlite3_bind_int64(q, 4, (int64_t)src->end);
	bind_str(q, 5, src->rule ? src->rule : "?");
	bind_str(q, 6, e->type);
	bind_str(q, 7, family_of(m, e->type));
	bind_str(q, 8, e->plover);
	bind_str(q, 9, e->cameo);
	bind_str(q, 10, status);
	int rank = status_rank(m, status, d);
	if (rank < 0)
		return -1;
	sqlite3_bind_int(q, 11, rank);
	bind_str(q, 12, dated ? e->date : NULL);
	bind_str(q, 13, dated ? e->date_end : NULL);
	bind_str(q, 14, dated ? pl_precision_name(e->precision ? e->precision : PL_PREC_DAY) : NULL);
	bind_str(q, 15, date_source_str(dated ? e->date_source : PL_DATE_NONE));
	bind_str(q, 16, e->date_mod);
	if (dated) {
		sqlite3_bind_int64(q, 17, lo);
		sqlite3_bind_int64(q, 18, hi);
	}
	if (e->location) {
		bind_str(q, 19, e->location->name);
		bind_str(q, 20, e->location->country);
		if (e->location->has_coords) {
			sqlite3_bind_double(q, 21, e->location->lat);
			sqlite3_bind_double(q, 22, e->location->lon);
		}
	}
	bind_str(q, 23, e->label);
	sqlite3_bind_double(q, 24, e->confidence);
	sqlite3_bind_int(q, 25, src->caption);
	sqlite3_bind_int64(q, 26, run);
	if (step_done(s, q, "cannot insert a mention", d) < 0)
		return -1;
	int64_t mid = sqlite3_last_insert_rowid(pl_store_db(s));
	memset(r, 0, sizeof *r);
	struct mfields *f = &r->f;
	r->id = mid;
	r->start = (int64_t)src->start;
	f->type = e->type;
	f->status = status;
	f->plover = e->plover;
	f->cameo = e->cameo;
	f->date = dated ? e->date : NULL;
	f->date_end = dated ? e->date_end : NULL;
	f->precision = dated ? pl_precision_name(e->precision ? e->precision : PL_PREC_DAY) : NULL;
	f->date_source = date_source_str(dated ? e->date_source : PL_DATE_NONE);
	f->date_mod = e->date_mod;
	f->label = e->label;
	f->conf = e->confidence;
	f->caption = src->caption != 0;
	r->k.dated = dated;
	r->k.lo = dated ? lo : 0;
	r->k.hi = dated ? hi : 0;
	r->k.q = 10 * date_source_score(f->date_source) + (int)precision_parse(f->precision);
	r->k.pubdate = date_source_score(f->date_source) == 1;
	if (e->location) {
		r->k.place = e->location->name;
		r->k.host = f->place_country = e->location->country;
		f->has_coords = e->location->has_coords;
		f->lat = f->has_coords ? e->location->lat : 0;
		f->lon = f->has_coords ? e->location->lon : 0;
	}
	if (e->nactors && !(r->k.a = pl_arena_alloc(m->scratch, e->nactors * sizeof *r->k.a))) {
		pl_error(d, NULL, "out of memory merging events");
		return -1;
	}
	for (size_t i = 0; i < e->nactors; i++) {
		const struct pl_event_actor *a = &e->actors[i];
		if (!a->name || !(q = merge_stmt(m, s, MS_INS_MACTOR, d)))
			continue;
		struct actor_k *k = &r->k.a[r->k.na];
		*k = (struct actor_k){ .name = a->name, .country = a->country,
				       .role = a->role ? a->role : "participant", .title = a->title,
				       .coll = names_collective(&m->names, a->name), .n = (int64_t)i };
		sqlite3_bind_int64(q, 1, mid);
		sqlite3_bind_int64(q, 2, (int64_t)i);
		bind_str(q, 3, k->name);
		bind_str(q, 4, k->country);
		bind_str(q, 5, k->role);
		bind_str(q, 6, k->title);
		sqlite3_bind_int(q, 7, k->coll);
		if (step_done(s, q, "cannot insert a mention actor", d) < 0)
			return -1;
		r->k.na++;
	}
	r->na = (long)r->k.na;
	for (size_t i = 0; i < e->ntopics; i++) {
		if (!e->topics[i] || !(q = merge_stmt(m, s, MS_INS_MTOPIC, d)))
			continue;
		sqlite3_bind_int64(q, 1, mid);
		bind_str(q, 2, e->topics[i]);
		if (step_done(s, q, "cannot insert a mention topic", d) < 0)
			return -1;
		r->k.topics = true;
	}
	return 0;
}

/* Delete the mentions of `article` with what the foreign keys would cascade
 * (extraction runs without them: events_extract.c): their actors and topics,
 * then the mentions (trigger mentions_gone marks their events stale through
 * event_mentions, so those links go last).  0 or -1 after a diag. */
static int delete_mentions(struct pl_merger *m, struct pl_store *s, int64_t article,
			   struct pl_diags *d)
{
	sqlite3_stmt *q = merge_stmt(m, s, MS_ART_MENTION_IDS, d);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, article);
	int64_t *ids = NULL;
	long n = column_ids(q, &ids);
	int rc = -1;
	if (n < 0) {
		store_db_error(s, "cannot list old mentions", d);
		return -1;
	}
	if (n > 0)
		msets_drop(m, 0); /* whose reports these were: not known here */
	if (n > 0 && (exec2(m, s, MS_DEL_ART_MACTORS, article, 0, d) < 0 ||
		      exec2(m, s, MS_DEL_ART_MTOPICS, article, 0, d) < 0 ||
		      exec2(m, s, MS_DEL_ARTICLE, article, 0, d) < 0))
		goto out;
	for (long i = 0; i < n; i++)
		if (exec2(m, s, MS_DEL_MENTION_LINK, ids[i], 0, d) < 0)
			goto out;
	rc = 0;
out:
	free(ids);
	return rc;
}

/* Text order, as MS_ART_MENTIONS lists an article's mentions. */
static int by_start(const void *a, const void *b)
{
	const struct art_row *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

int pl_events_put_article(struct pl_store *s, struct pl_merger *m, int64_t article_id,
			  const struct pl_events *mentions, int64_t run, struct pl_diags *d)
{
	struct pl_range *sents = NULL;
	size_t nsent = 0;
	int rc = -1;
	if (load_sentences(m, s, article_id, &sents, &nsent, d) == 0)
		rc = events_put_article(s, m, article_id, mentions, sents, nsent, run, d);
	free(sents);
	/* the marks of what did merge, as rows, whatever the caller does next */
	return merge_flush(m, s, d) < 0 || rc < 0 ? -1 : 0;
}

int events_put_article(struct pl_store *s, struct pl_merger *m, int64_t article_id,
		       const struct pl_events *mentions, const struct pl_range *sents,
		       size_t nsent, int64_t run, struct pl_diags *d)
{
	size_t stored = 0;
	struct art_row *rows = NULL;
	if (keys_check(m, s, d) < 0 || delete_mentions(m, s, article_id, d) < 0)
		return keys_stamp(m, -1);
	sqlite3_stmt *q;
	/* the mentions as stored, merged without reading them back */
	if (mentions && mentions->n && !(rows = malloc(mentions->n * sizeof *rows))) {
		pl_error(d, NULL, "out of memory merging events");
		return keys_stamp(m, -1);
	}
	for (size_t i = 0; mentions && i < mentions->n; i++) {
		const struct pl_event *e = &mentions->v[i];
		if (e->nsources < 1 || !e->type)
			continue; /* not a mention: nothing to point back to */
		if (insert_mention(m, s, article_id, e, sents, nsent, run, &rows[stored], d) < 0)
			goto fail;
		stored++;
	}
	if (!(q = merge_stmt(m, s, MS_INS_EXTRACT, d)))
		goto fail;
	sqlite3_bind_int64(q, 1, article_id);
	sqlite3_bind_int64(q, 2, run);
	sqlite3_bind_int64(q, 3, (int64_t)stored);
	if (step_done(s, q, "cannot record the extraction", d) < 0)
		goto fail;
	if (stored > 1)
		qsort(rows, stored, sizeof *rows, by_start);
	for (size_t i = 0; i < stored; i++)
		rows[i].at = (long)i + 1;
	return keys_stamp(m, merge_rows(m, s, article_id, rows, stored, d));
fail:
	free(rows);
	pl_arena_clear(m->scratch);
	return keys_stamp(m, -1);
}

/* ---- Re-merging ------------------------------------------------------------- */

/* Re-derive each mention's family and status rank from the current rules. */
static int reclassify(struct pl_merger *m, struct pl_store *s, struct pl_diags *d)
{
	sqlite3 *db = pl_store_db(s);
	sqlite3_stmt *types = NULL, *upd_f = NULL, *upd_r = NULL;
	int rc = -1, step;
	if (sqlite3_prepare_v2(db, "SELECT DISTINCT type FROM mentions", -1, &types, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE mentions SET family = ?2 WHERE type = ?1", -1, &upd_f,
			       NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE mentions SET status_rank = ?2 WHERE status = ?1", -1,
			       &upd_r, NULL)) {
		store_db_error(s, "cannot prepare", d);
		goto out;
	}
	while ((step = sqlite3_step(types)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(types, 0);
		sqlite3_reset(upd_f);
		bind_str(upd_f, 1, t);
		bind_str(upd_f, 2, family_of(m, t));
		if (sqlite3_step(upd_f) != SQLITE_DONE)
			break;
	}
	if (step != SQLITE_DONE) {
		store_db_error(s, "cannot reclassify mentions", d);
		goto out;
	}
	for (int st = PL_STATUS_OCCURRED; st <= PL_STATUS_HISTORICAL; st++) {
		const char *name = status_str((enum pl_event_status)st);
		sqlite3_reset(upd_r);
		bind_str(upd_r, 1, name);
		int rank = status_rank(m, name, d);
		if (rank < 0)
			goto out;
		sqlite3_bind_int(upd_r, 2, rank);
		if (sqlite3_step(upd_r) != SQLITE_DONE) {
			store_db_error(s, "cannot rank statuses", d);
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(types);
	sqlite3_finalize(upd_f);
	sqlite3_finalize(upd_r);
	return rc;
}

long pl_events_remerge(struct pl_store *s, struct pl_merger *m, struct pl_diags *d)
{
	sqlite3_stmt *arts = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	long rc = -1;
	if (pl_store_begin(s, d) < 0 || store_exec(s, "DELETE FROM events", d) < 0 ||
	    store_exec(s, "DELETE FROM events_stale", d) < 0 || reclassify(m, s, d) < 0)
		return -1;
	/* every event is gone: the caches empty (written since the stamp),
	 * then merge_article keeps them right */
	if (keys_check(m, s, d) < 0)
		return -1;
	long nl = -1;
	if (sqlite3_prepare_v2(pl_store_db(s),
			       "SELECT DISTINCT article_id FROM mentions ORDER BY article_id", -1,
			       &arts, NULL) == SQLITE_OK)
		nl = column_ids(arts, &ids);
	sqlite3_finalize(arts);
	if (nl < 0) {
		store_db_error(s, "cannot list the articles with mentions", d);
		return -1;
	}
	n = (size_t)nl;
	for (size_t i = 0; i < n; i++)
		if (merge_article(m, s, ids[i], d) < 0)
			goto out;
	if (pl_events_settle(s, m, d) < 0)
		goto out;
	struct pl_events_counts c;
	if (pl_events_counts(s, &c, d) < 0)
		goto out;
	rc = (long)c.events;
out:
	free(ids);
	return rc;
}
