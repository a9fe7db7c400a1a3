/* ccache_test.c - the merge's candidate rows cache (events_ccache.c) answers every seek exactly as the merger's SQL does.
 *
 * A fresh store gets a few hundred events' event_actors rows written with SQL
 * from a fixed-seed PRNG: fine one-day and multi-day rows over ~220 days
 * (negative days and bucket edges, multiples of 16, included), coarse rows
 * (dated, and undated ones no seek finds), ~20 names and their country keys,
 * and one crowded name with more than 64 rows in a few days (LIMIT 64);
 * events have places in mixed case (COLLATE NOCASE folds ASCII only).
 * Thousands of random seeks (name, country key, place), windows made as
 * bind_window makes them, compare cc_seek with the statement find_candidates
 * would run (MS_CAND_*), ids and order.  Then the writes the merger mirrors
 * (a row or event inserted + cc_add, an event's keys moved + cc_drop at the
 * old and new keys, events deleted + cc_reset, a gen bump after a write the
 * cache was not told of) interleave with more seeks.
 */
#include "check.h"
#include "store/events_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NEVENTS 420     /* events of the random store, the crowded ones included */
#define NCROWD 110      /* events of "n00"/meet in days 40..44: over 64 per window */
#define NSEEKS 6000     /* random seeks on the store as generated */
#define NMUTATIONS 900  /* writes interleaved with seeks afterwards */
#define MAX_IDS 200     /* SQL returns at most 64; room to see more if it did not */
#define MAX_BUCKETS 4   /* CC_MAX_SPAN: windows over more buckets go to SQL */
#define MAX_PRINTED 20  /* mismatches printed in full */

static const char *const families[] = { "meet", "talk", "sanction", "visit" };
#define NFAMILIES (sizeof families / sizeof families[0])
#define NNAMES 20
static const char *const countries[] = { "UKR", "USA", "RUS", "DEU", NULL, "UKR" };
#define NCOUNTRIES (sizeof countries / sizeof countries[0])
static const char *const ckeys[] = { "c:UKR", "p:UKR", "c:USA", "p:USA",
				     "c:RUS", "p:RUS", "c:DEU", "p:DEU" };
#define NCKEYS (sizeof ckeys / sizeof ckeys[0])
/* Places, written and sought in random ASCII case; "Genève" and "GENÈVE"
 * differ for COLLATE NOCASE (and so for the cache). */
static const char *const places[] = { "Kyiv", "Berlin", "Geneva", "Genève", "GENÈVE", "Doha" };
#define NPLACES (sizeof places / sizeof places[0])
static const char *const kind_names[] = { [CC_NAME] = "name", [CC_CKEY] = "ckey",
					  [CC_PLACE] = "place" };

/* Date keys of an event, as its events row and event_actors rows carry
 * them; place in random case ("" none). */
struct ekeys {
	bool dated, fine;
	int64_t lo, hi;
	char place[16];
};

struct t {
	struct pl_store *s;
	struct pl_merger *m;
	sqlite3 *db;
	struct pl_diags d;
	sqlite3_stmt *ins_event, *ins_actor, *any_coarse, *ev_keys, *ev_rows, *move_event,
		*move_actors;
	uint64_t rng;
	int64_t nevents; /* ids 1..nevents */
	int64_t bucket_days; /* CC_BUCKET_DAYS, as measured by bucket_days() */
	long seeks, answered, uncached, mismatches, printed;
	long inserts, added_loaded, moves, drops, resets, gen_bumps, deletes, place_seeks,
		place_hits;
};

static uint64_t next(struct t *t)
{
	/* splitmix64: a fixed seed gives the same store and seeks every run */
	uint64_t z = (t->rng += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static int64_t rnd(struct t *t, int64_t n)
{
	return (int64_t)(next(t) % (uint64_t)n);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

static void name_of(int i, char buf[8])
{
	snprintf(buf, 8, "n%02d", i);
}

/* The country key of pool name i ("c:" for the collectives n16..n19), or
 * NULL for names without a country. */
static const char *ckey_of(int i, char buf[8])
{
	const char *c = countries[i % NCOUNTRIES];
	if (!c)
		return NULL;
	snprintf(buf, 8, "%s:%s", i >= 16 ? "c" : "p", c);
	return buf;
}

/* A day, one in four on an edge of 16- and 32-day buckets (16k - 1, 16k,
 * 16k + 1), negative ones included. */
static int64_t pick_day(struct t *t)
{
	if (rnd(t, 4) == 0)
		return 16 * (rnd(t, 15) - 6) + rnd(t, 3) - 1;
	return rnd(t, 221) - 80;
}

/* Flip the case of each ASCII letter of s one time in `one_in`. */
static void mix_case(struct t *t, char *s, int64_t one_in)
{
	for (char *c = s; *c; c++)
		if (((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) && rnd(t, one_in) == 0)
			*c ^= 0x20;
}

/* A place of the pool in random ASCII case. */
static void random_place(struct t *t, char out[16])
{
	snprintf(out, 16, "%s", places[rnd(t, NPLACES)]);
	mix_case(t, out, 3);
}

static struct ekeys random_keys(struct t *t)
{
	struct ekeys k = { .dated = true, .fine = true };
	int64_t r = rnd(t, 100);
	if (rnd(t, 4) != 0)
		random_place(t, k.place);
	k.lo = pick_day(t);
	if (r < 55) {
		k.hi = k.lo; /* one day */
	} else if (r < 78) {
		k.hi = k.lo + 1 + rnd(t, 14); /* a fine multi-day event: the far seeks */
	} else if (r < 92) {
		k.fine = false; /* month or year precision, or longer than two weeks */
		k.lo -= rnd(t, 60);
		k.hi = k.lo + (rnd(t, 3) == 0 ? rnd(t, 31) : 15 + rnd(t, 300));
	} else {
		k.dated = k.fine = false; /* undated: in no seek's window */
		k.lo = k.hi = 0;
	}
	return k;
}

static bool step_ok(struct t *t, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "SQL error: %s\n", sqlite3_errmsg(t->db));
		return false;
	}
	return true;
}

static void bind_keys(sqlite3_stmt *q, int at, const struct ekeys *k)
{
	if (k->dated) {
		sqlite3_bind_int64(q, at, k->lo);
		sqlite3_bind_int64(q, at + 1, k->hi);
	} else {
		sqlite3_bind_null(q, at);
		sqlite3_bind_null(q, at + 1);
	}
}

static int64_t add_event(struct t *t, const char *family, const struct ekeys *k)
{
	int64_t id = ++t->nevents;
	sqlite3_bind_int64(t->ins_event, 1, id);
	sqlite3_bind_text(t->ins_event, 2, family, -1, SQLITE_TRANSIENT);
	bind_keys(t->ins_event, 3, k);
	if (k->place[0])
		sqlite3_bind_text(t->ins_event, 5, k->place, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(t->ins_event, 5);
	CHECK(step_ok(t, t->ins_event));
	return id;
}

/* Row of pool name i in event `ev`: true when new (false: the event had it). */
static bool add_row(struct t *t, int64_t ev, const char *family, int i, const struct ekeys *k)
{
	char name[8], cb[8];
	name_of(i, name);
	const char *ckey = ckey_of(i, cb);
	sqlite3_stmt *q = t->ins_actor;
	sqlite3_bind_int64(q, 1, ev);
	sqlite3_bind_text(q, 2, name, -1, SQLITE_TRANSIENT);
	if (ckey)
		sqlite3_bind_text(q, 3, ckey + 2, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_int(q, 4, i >= 16);
	sqlite3_bind_text(q, 5, family, -1, SQLITE_TRANSIENT);
	bind_keys(q, 6, k);
	sqlite3_bind_int(q, 8, k->fine);
	if (ckey)
		sqlite3_bind_text(q, 9, ckey, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 9);
	CHECK(step_ok(t, q));
	return sqlite3_changes(t->db) == 1;
}

/* SQL's answer: the statement find_candidates runs for this seek. */
static size_t sql_seek(struct t *t, enum cc_kind kind, const char *family, const char *key,
		       int64_t from, int64_t to, int64_t min_hi, bool far, bool coarse,
		       int64_t *out)
{
	bool ckey = kind == CC_CKEY;
	enum merge_stmt id = kind == CC_PLACE ? MS_CAND_PLACE
			     : far ? (ckey ? MS_CAND_CKEY_FAR : MS_CAND_ACTOR_FAR)
			     : coarse ? (ckey ? MS_CAND_CKEY : MS_CAND_ACTOR)
				      : (ckey ? MS_CAND_CKEY_FINE : MS_CAND_ACTOR_FINE);
	sqlite3_stmt *q = merge_stmt(t->m, t->s, id, &t->d);
	CHECK(q != NULL);
	if (!q)
		return 0;
	sqlite3_bind_text(q, 1, family, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, from);
	sqlite3_bind_int64(q, 4, to);
	sqlite3_bind_int64(q, 5, min_hi);
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < MAX_IDS)
		out[n++] = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	CHECK(rc == SQLITE_DONE || rc == SQLITE_ROW);
	return n;
}

static void print_ids(const char *label, const int64_t *v, size_t n)
{
	fprintf(stderr, "    %s (%zu):", label, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %lld", (long long)v[i]);
	fputc('\n', stderr);
}

/* Does some event_actors row make the merger's coarse flag true? */
static bool any_coarse(struct t *t)
{
	int rc = sqlite3_step(t->any_coarse);
	bool any = rc == SQLITE_ROW && sqlite3_column_int(t->any_coarse, 0) != 0;
	sqlite3_reset(t->any_coarse);
	CHECK(rc == SQLITE_ROW);
	return any;
}

/* One seek of a mention starting on day `lo` and ending on `hi`, its window
 * as window_of/bind_window make it; cc_seek against SQL.  A place seek is
 * never far nor coarse (seek_cached), its window may be the far one.  True
 * when they agree (or the cache declined a window it may decline). */
static bool seek(struct t *t, const char *phase, enum cc_kind kind, const char *family,
		 const char *key, int64_t lo, int64_t hi, bool far, bool coarse)
{
	int64_t from = far ? lo - 2 - FINE_SPAN_DAYS : lo - 2, to = far ? lo - 3 : hi + 2;
	int64_t min_hi = lo - 2;
	if (kind == CC_PLACE) {
		far = coarse = false;
		t->place_seeks++;
	}
	int64_t got[MAX_IDS], want[MAX_IDS];
	size_t ngot = 0;
	int r = cc_seek(t->m, t->s, kind, family, key, from, to, min_hi, far, coarse, got, &ngot,
			&t->d);
	size_t nwant = sql_seek(t, kind, family, key, from, to, min_hi, far, coarse, want);
	t->place_hits += kind == CC_PLACE && nwant > 0;
	bool wide = floor_div(to, t->bucket_days) - floor_div(from, t->bucket_days) >= MAX_BUCKETS;
	t->seeks++;
	bool ok;
	if (r == 1) {
		t->answered++;
		ok = !wide && ngot == nwant && memcmp(got, want, ngot * sizeof *got) == 0;
	} else {
		t->uncached++;
		ok = r == 0 && wide; /* declined: only a window over MAX_BUCKETS buckets */
	}
	CHECK(ok);
	if (!ok && t->printed++ < MAX_PRINTED) {
		fprintf(stderr,
			"  mismatch (%s): %s '%s' family '%s' window %lld..%lld min_hi %lld far %d "
			"coarse %d: cc_seek %d\n",
			phase, kind_names[kind], key, family, (long long)from, (long long)to,
			(long long)min_hi, far, coarse, r);
		print_ids("cc_seek", got, ngot);
		print_ids("SQL    ", want, nwant);
	}
	if (!ok)
		t->mismatches++;
	return ok;
}

/* A seek the merger could make: pool name, country key or place (now and
 * then one no row has), family (now and then none's), a mention of 1 to 4
 * days, now and then a long one (a window cc_seek may leave to SQL). */
static void random_seek(struct t *t, const char *phase, bool coarse_rows)
{
	int64_t k = rnd(t, 10);
	enum cc_kind kind = k < 5 ? CC_NAME : k < 8 ? CC_CKEY : CC_PLACE;
	char name[16];
	const char *key = name;
	if (kind == CC_NAME)
		name_of((int)rnd(t, NNAMES), name);
	else if (kind == CC_CKEY)
		key = ckeys[rnd(t, NCKEYS)];
	else
		random_place(t, name);
	if (rnd(t, 50) == 0)
		key = kind == CC_CKEY ? "p:XXX" : "nobody";
	const char *family = rnd(t, 40) == 0 ? "unknown" : families[rnd(t, NFAMILIES)];
	int64_t lo = pick_day(t), r = rnd(t, 100);
	int64_t span = r < 80 ? rnd(t, 4) : r < 95 ? 4 + rnd(t, 37) : 41 + rnd(t, 160);
	/* the merger passes coarse = "some coarse row exists"; false with such
	 * rows is what it passes before it knows, and must match the fine-only
	 * statement */
	bool coarse = coarse_rows && rnd(t, 8) != 0;
	seek(t, phase, kind, family, key, lo, lo + span, rnd(t, 4) == 0, coarse);
}

/* Seeks whose windows hold a row of (kind, family, key) with keys k: near
 * and far around its day_lo, near inside a long row.  Before a write they
 * load the row's buckets; after it they check it. */
static void seeks_key_at(struct t *t, const char *phase, enum cc_kind kind, const char *family,
			 const char *key, const struct ekeys *k)
{
	if (!k->dated)
		return;
	bool coarse = any_coarse(t);
	int64_t lo = k->lo + rnd(t, 5) - 2;
	seek(t, phase, kind, family, key, lo, lo + rnd(t, 3), false, coarse);
	seek(t, phase, kind, family, key, k->lo + 3 + rnd(t, 14), k->lo + 20, true, coarse);
	lo = k->lo + rnd(t, k->hi - k->lo + 1);
	seek(t, phase, kind, family, key, lo, lo, false, coarse);
}

/* seeks_key_at by the name of pool name i and by its country key. */
static void seeks_at(struct t *t, const char *phase, const char *family, int i,
		     const struct ekeys *k)
{
	char name[8], cb[8];
	name_of(i, name);
	const char *ckey = ckey_of(i, cb);
	seeks_key_at(t, phase, CC_NAME, family, name, k);
	if (ckey)
		seeks_key_at(t, phase, CC_CKEY, family, ckey, k);
}

/* seeks_key_at by the event's place, in another random case. */
static void seeks_place_at(struct t *t, const char *phase, const char *family,
			   const struct ekeys *k)
{
	char key[16];
	snprintf(key, sizeof key, "%s", k->place);
	mix_case(t, key, 2);
	if (key[0])
		seeks_key_at(t, phase, CC_PLACE, family, key, k);
}

/* The keys and family of event `ev`; false when there is no such event
 * (deleted). */
static bool event_keys(struct t *t, int64_t ev, char family[16], struct ekeys *k)
{
	sqlite3_stmt *q = t->ev_keys;
	sqlite3_bind_int64(q, 1, ev);
	bool found = sqlite3_step(q) == SQLITE_ROW;
	if (found) {
		snprintf(family, 16, "%s", (const char *)sqlite3_column_text(q, 0));
		k->dated = sqlite3_column_type(q, 1) != SQLITE_NULL;
		k->lo = sqlite3_column_int64(q, 1);
		k->hi = sqlite3_column_int64(q, 2);
		k->fine = sqlite3_column_int(q, 3) != 0;
		const unsigned char *p = sqlite3_column_text(q, 4);
		snprintf(k->place, sizeof k->place, "%s", p ? (const char *)p : "");
	}
	sqlite3_reset(q);
	return found;
}

/* The pool indexes of the names of event `ev` into v (at most NNAMES). */
static size_t event_names(struct t *t, int64_t ev, int *v)
{
	sqlite3_stmt *q = t->ev_rows;
	size_t n = 0;
	sqlite3_bind_int64(q, 1, ev);
	while (sqlite3_step(q) == SQLITE_ROW && n < NNAMES)
		v[n++] = atoi((const char *)sqlite3_column_text(q, 0) + 1);
	sqlite3_reset(q);
	return n;
}

/* The generated store: NCROWD one-day "meet" events of n00 in days 40..44,
 * then random events of 1 to 4 actors. */
static void populate(struct t *t)
{
	for (int e = 0; e < NEVENTS; e++) {
		const char *family = families[rnd(t, NFAMILIES)];
		struct ekeys k = random_keys(t);
		int first = (int)rnd(t, NNAMES);
		if (e < NCROWD) {
			family = "meet";
			k = (struct ekeys){ .dated = true, .fine = true, .lo = 40 + rnd(t, 5) };
			k.hi = k.lo + (rnd(t, 4) == 0);
			first = 0;
		}
		int64_t ev = add_event(t, family, &k);
		add_row(t, ev, family, first, &k);
		for (int64_t j = rnd(t, 4); j > 0; j--)
			add_row(t, ev, family, (int)rnd(t, NNAMES), &k);
	}
}

/* A new row, as put_actors adds it: SQL, then cc_add when dated and new
 * (the merger adds no row an event already has).  Its bucket loaded first
 * half of the time; one time in five in a new event, whose place is added
 * as new_event adds it. */
static void op_insert(struct t *t)
{
	char family[16];
	struct ekeys k;
	int64_t ev = 1 + rnd(t, t->nevents);
	int i = (int)rnd(t, NNAMES);
	bool fresh = rnd(t, 5) == 0 || !event_keys(t, ev, family, &k);
	if (fresh) {
		snprintf(family, sizeof family, "%s", families[rnd(t, NFAMILIES)]);
		k = random_keys(t);
	}
	bool preload = rnd(t, 2) == 0;
	if (preload) {
		seeks_at(t, "before insert", family, i, &k);
		if (fresh)
			seeks_place_at(t, "before new event", family, &k);
	}
	if (fresh) {
		ev = add_event(t, family, &k);
		if (k.place[0] && k.dated)
			cc_add(t->m, CC_PLACE, family, k.place, ev, true, k.lo, k.hi);
		seeks_place_at(t, "after new event", family, &k);
	}
	if (!add_row(t, ev, family, i, &k))
		return;
	t->inserts++;
	t->added_loaded += preload && k.dated;
	if (k.dated) {
		char name[8], cb[8];
		name_of(i, name);
		const char *ckey = ckey_of(i, cb);
		cc_add(t->m, CC_NAME, family, name, ev, k.fine, k.lo, k.hi);
		if (ckey)
			cc_add(t->m, CC_CKEY, family, ckey, ev, k.fine, k.lo, k.hi);
	}
	seeks_at(t, "after insert", family, i, &k);
}

/* An event's keys move, as attach does it: UPDATE events SET day_lo, day_hi,
 * place = coalesce(place, new) and event_actors SET day_lo, day_hi, fine
 * WHERE event_id, then cc_drop of its place and of each actor key at the
 * old keys and at the new ones (cc_moved). */
static void op_move(struct t *t)
{
	char family[16];
	struct ekeys old, k = random_keys(t);
	int64_t ev = 1 + rnd(t, t->nevents);
	int names[NNAMES];
	if (!event_keys(t, ev, family, &old))
		return;
	size_t n = event_names(t, ev, names);
	if (old.place[0]) /* coalesce(place, ?5) */
		memcpy(k.place, old.place, sizeof k.place);
	if (rnd(t, 3) != 0) { /* load the buckets the rows leave and enter */
		for (size_t i = 0; i < n; i++) {
			seeks_at(t, "before move (old keys)", family, names[i], &old);
			seeks_at(t, "before move (new keys)", family, names[i], &k);
		}
		seeks_place_at(t, "before move (old keys)", family, &old);
		seeks_place_at(t, "before move (new keys)", family, &k);
	}
	sqlite3_bind_int64(t->move_event, 1, ev);
	bind_keys(t->move_event, 2, &k);
	if (k.place[0])
		sqlite3_bind_text(t->move_event, 4, k.place, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(t->move_event, 4);
	CHECK(step_ok(t, t->move_event));
	sqlite3_bind_int64(t->move_actors, 1, ev);
	bind_keys(t->move_actors, 2, &k);
	sqlite3_bind_int(t->move_actors, 4, k.fine);
	CHECK(step_ok(t, t->move_actors));
	t->moves++;
	if (old.place[0] && old.dated)
		cc_drop(t->m, CC_PLACE, family, old.place, true, old.lo);
	if (k.place[0] && k.dated)
		cc_drop(t->m, CC_PLACE, family, k.place, true, k.lo);
	for (size_t i = 0; i < n; i++) {
		char name[8], cb[8];
		name_of(names[i], name);
		const char *ckey = ckey_of(names[i], cb);
		for (int j = 0; j < 2; j++) {
			const struct ekeys *at = j ? &k : &old;
			if (!at->dated)
				continue; /* cc_moved: undated rows are in no bucket */
			cc_drop(t->m, CC_NAME, family, name, at->fine, at->lo);
			if (ckey)
				cc_drop(t->m, CC_CKEY, family, ckey, at->fine, at->lo);
			t->drops++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		seeks_at(t, "after move (old keys)", family, names[i], &old);
		seeks_at(t, "after move (new keys)", family, names[i], &k);
	}
	seeks_place_at(t, "after move (old keys)", family, &old);
	seeks_place_at(t, "after move (new keys)", family, &k);
}

/* Consolidation deletes and rewrites rows the cache does not follow: it
 * calls cc_reset.  Here an event goes (its actor rows with it), then the
 * reset. */
static void op_reset(struct t *t)
{
	char family[16];
	struct ekeys k;
	int64_t ev = 1 + rnd(t, t->nevents);
	int names[NNAMES];
	bool has = event_keys(t, ev, family, &k);
	size_t n = has ? event_names(t, ev, names) : 0;
	for (size_t i = 0; i < n; i++)
		seeks_at(t, "before delete", family, names[i], &k);
	if (has)
		seeks_place_at(t, "before delete", family, &k);
	char sql[80];
	snprintf(sql, sizeof sql, "DELETE FROM events WHERE id = %lld", (long long)ev);
	CHECK(sqlite3_exec(t->db, sql, NULL, NULL, NULL) == SQLITE_OK);
	t->deletes += has;
	cc_reset(t->m->cc);
	t->resets++;
	for (size_t i = 0; i < n; i++)
		seeks_at(t, "after delete + cc_reset", family, names[i], &k);
	if (has)
		seeks_place_at(t, "after delete + cc_reset", family, &k);
}

/* A write the cache is not told of (another writer, a rollback: keys_check
 * bumps gen) into a loaded bucket, then gen++. */
static void op_gen(struct t *t)
{
	char family[16];
	snprintf(family, sizeof family, "%s", families[rnd(t, NFAMILIES)]);
	struct ekeys k = random_keys(t);
	int i = (int)rnd(t, NNAMES);
	seeks_at(t, "before unseen write", family, i, &k);
	seeks_place_at(t, "before unseen write", family, &k);
	int64_t ev = add_event(t, family, &k);
	add_row(t, ev, family, i, &k);
	t->m->gen++;
	t->gen_bumps++;
	seeks_at(t, "after unseen write + gen++", family, i, &k);
	seeks_place_at(t, "after unseen write + gen++", family, &k);
}

/* The comparison can fail: a row SQL has and the loaded bucket was not told
 * of is missed by cc_seek until gen moves. */
static void test_stale_is_seen(struct t *t)
{
	struct ekeys k = { .dated = true, .fine = true, .lo = 10, .hi = 10 };
	int64_t a = add_event(t, "meet", &k);
	sqlite3_stmt *q;
	CHECK(sqlite3_prepare_v2(t->db, "INSERT INTO event_actors (event_id, name, family, day_lo, "
				 "day_hi, fine) VALUES (?1, 'control', 'meet', ?2, ?2, 1)", -1, &q,
				 NULL) == SQLITE_OK);
	sqlite3_bind_int64(q, 1, a);
	sqlite3_bind_int64(q, 2, 10);
	CHECK(step_ok(t, q));
	int64_t got[64], want[MAX_IDS];
	size_t ngot = 0;
	CHECK_INT(cc_seek(t->m, t->s, CC_NAME, "meet", "control", 8, 13, 8, false, false, got, &ngot,
			  &t->d), 1); /* loads bucket 0 */
	CHECK_INT(ngot, 1);
	int64_t b = add_event(t, "meet", &k);
	sqlite3_bind_int64(q, 1, b);
	sqlite3_bind_int64(q, 2, 11);
	CHECK(step_ok(t, q)); /* no cc_add: the cache does not know */
	sqlite3_finalize(q);
	CHECK_INT(cc_seek(t->m, t->s, CC_NAME, "meet", "control", 8, 13, 8, false, false, got, &ngot,
			  &t->d), 1);
	size_t nwant = sql_seek(t, CC_NAME, "meet", "control", 8, 13, 8, false, false, want);
	CHECK_INT(nwant, 2);
	CHECK_INT(ngot, 1); /* stale, as it must be without a notice */
	t->m->gen++;
	CHECK(seek(t, "control after gen++", CC_NAME, "meet", "control", 10, 11, false, false));
	CHECK_INT(cc_seek(t->m, t->s, CC_NAME, "meet", "control", 8, 13, 8, false, false, got, &ngot,
			  &t->d), 1);
	CHECK_INT(ngot, 2);
}

static struct t T;

/* The first `to` cc_seek declines for a window from `from` (by name "n00",
 * family meet), or -1 when it declines none up to 2,000 days later. */
static int64_t first_declined(struct t *t, int64_t from)
{
	int64_t got[64];
	size_t n;
	for (int64_t to = from; to < from + 2000; to++) {
		int r = cc_seek(t->m, t->s, CC_NAME, "meet", "n00", from, to, from, false, false, got,
				&n, &t->d);
		CHECK(r >= 0);
		if (r == 0)
			return to;
	}
	return -1;
}

/* The bucket size (CC_BUCKET_DAYS, private to events_ccache.c) from where
 * cc_seek starts declining: a window from day 0 first spans MAX_BUCKETS + 1
 * buckets at to = MAX_BUCKETS * size, one from day -1 (bucket -1, floor
 * division) at (MAX_BUCKETS - 1) * size.  Every later seek is then held to
 * "declined exactly when over MAX_BUCKETS buckets". */
static void test_bucket_days(void)
{
	int64_t at0 = first_declined(&T, 0), at_neg = first_declined(&T, -1);
	CHECK(at0 > 0 && at0 % MAX_BUCKETS == 0);
	T.bucket_days = at0 > 0 ? at0 / MAX_BUCKETS : 16;
	CHECK(T.bucket_days >= 8);
	CHECK_INT(at_neg, (MAX_BUCKETS - 1) * T.bucket_days);
	fprintf(stderr, "buckets of %lld days\n", (long long)T.bucket_days);
}

/* The generated store, then checks that it is what the test means it to be. */
static void test_populate(void)
{
	populate(&T);
	sqlite3_stmt *q;
	CHECK(sqlite3_prepare_v2(T.db, "SELECT count(*) FROM event_actors WHERE name = 'n00' AND "
				 "family = 'meet' AND fine = 1 AND day_lo BETWEEN 38 AND 46", -1, &q, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 64);
	sqlite3_finalize(q);
	CHECK(any_coarse(&T));
}

static void test_random_store(void)
{
	bool coarse = any_coarse(&T);
	for (int i = 0; i < NSEEKS; i++)
		random_seek(&T, "random store", coarse);
	/* the crowded window, near and far */
	for (int64_t lo = 36; lo <= 60; lo++) {
		seek(&T, "crowded", CC_NAME, "meet", "n00", lo, lo, false, true);
		seek(&T, "crowded", CC_NAME, "meet", "n00", lo, lo, true, true);
	}
}

static void test_mutations(void)
{
	test_stale_is_seen(&T);
	for (int i = 0; i < NMUTATIONS; i++) {
		int64_t op = rnd(&T, 100);
		if (op < 45)
			op_insert(&T);
		else if (op < 80)
			op_move(&T);
		else if (op < 90)
			op_reset(&T);
		else
			op_gen(&T);
		bool coarse = any_coarse(&T);
		for (int j = 0; j < 4; j++)
			random_seek(&T, "after mutations", coarse);
	}
	CHECK(T.inserts > 100 && T.added_loaded > 50 && T.moves > 100 && T.drops > 100 &&
	      T.resets > 20 && T.deletes > 20 && T.gen_bumps > 20);
}

int main(void)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/parley-ccache-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		SKIP("cannot make a temporary file in %s", dir && *dir ? dir : "/tmp");
	close(fd);
	pl_diags_init(&T.d);
	T.rng = 0x5EED0CC;
	T.s = pl_store_open(path, &T.d);
	T.m = pl_merger_create(NULL, NULL, &T.d);
	CHECK(T.s != NULL && T.m != NULL);
	if (T.s && T.m) {
		T.db = pl_store_db(T.s);
		CHECK(pl_store_begin(T.s, &T.d) == 0);
		CHECK(sqlite3_prepare_v2(T.db, "INSERT INTO events (id, type, family, status, "
					 "status_group, day_lo, day_hi, place) VALUES (?1, ?2, "
					 "?2, 'occurred', 'occurred', ?3, ?4, ?5)", -1, &T.ins_event,
					 NULL) == SQLITE_OK);
		CHECK(sqlite3_prepare_v2(T.db, "INSERT OR IGNORE INTO event_actors (event_id, name, "
					 "country, collective, family, day_lo, day_hi, fine, ckey) "
					 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1,
					 &T.ins_actor, NULL) == SQLITE_OK);
		CHECK(sqlite3_prepare_v2(T.db, "SELECT EXISTS (SELECT 1 FROM event_actors WHERE "
					 "fine = 0 AND day_lo IS NOT NULL)", -1, &T.any_coarse,
					 NULL) == SQLITE_OK);
		CHECK(sqlite3_prepare_v2(T.db, "SELECT e.family, e.day_lo, e.day_hi, (SELECT fine "
					 "FROM event_actors WHERE event_id = e.id LIMIT 1), e.place "
					 "FROM events e WHERE e.id = ?1", -1, &T.ev_keys,
					 NULL) == SQLITE_OK);
		CHECK(sqlite3_prepare_v2(T.db, "UPDATE events SET day_lo = ?2, day_hi = ?3, place = "
					 "coalesce(place, ?4) WHERE id = ?1", -1, &T.move_event,
					 NULL) == SQLITE_OK);
		CHECK(sqlite3_prepare_v2(T.db, "UPDATE event_actors SET day_lo = ?2, day_hi = ?3, "
					 "fine = ?4 WHERE event_id = ?1", -1, &T.move_actors,
					 NULL) == SQLITE_OK);
		CHECK(sqlite3_prepare_v2(T.db, "SELECT name FROM event_actors WHERE event_id = ?1 "
					 "AND name GLOB 'n[0-9][0-9]'", -1, &T.ev_rows,
					 NULL) == SQLITE_OK);
		if (T.ins_event && T.ins_actor && T.any_coarse && T.ev_keys && T.ev_rows &&
		    T.move_event && T.move_actors) {
			RUN(test_populate);
			RUN(test_bucket_days);
			RUN(test_random_store);
			long seeks = T.seeks, answered = T.answered, uncached = T.uncached;
			RUN(test_mutations);
			fprintf(stderr,
				"random store: %ld seeks, %ld answered by the cache, %ld left to SQL; "
				"after %d mutations (%ld inserts, %ld moves, %ld drops, %ld resets, "
				"%ld gen bumps): %ld seeks, %ld answered, %ld left to SQL; %ld by "
				"place (%ld finding events); %ld mismatches\n",
				seeks, answered, uncached, NMUTATIONS, T.inserts, T.moves, T.drops,
				T.resets, T.gen_bumps, T.seeks - seeks, T.answered - answered,
				T.uncached - uncached, T.place_seeks, T.place_hits, T.mismatches);
			/* most seeks are answered from memory; the long windows are not */
			CHECK(T.answered * 10 >= T.seeks * 8);
			CHECK(T.uncached > 50);
			CHECK(T.place_hits > 500);
		}
		sqlite3_finalize(T.ins_event);
		sqlite3_finalize(T.ins_actor);
		sqlite3_finalize(T.any_coarse);
		sqlite3_finalize(T.ev_keys);
		sqlite3_finalize(T.ev_rows);
		sqlite3_finalize(T.move_event);
		sqlite3_finalize(T.move_actors);
		CHECK(pl_store_commit(T.s, &T.d) == 0);
	}
	for (size_t i = 0; i < T.d.n; i++)
		fprintf(stderr, "diag: %s\n", T.d.v[i].msg);
	CHECK_INT(T.d.nerrors, 0);
	pl_merger_destroy(T.m);
	pl_store_close(T.s);
	pl_diags_finish(&T.d);
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char p[530];
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	return check_done();
}
