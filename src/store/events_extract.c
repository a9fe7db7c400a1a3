/* events_extract.c - run the extractor over stored articles (parley extract, and ingest after storing).
 *
 * One article at a time goes to pl_extract_article, with the sentences and
 * time expressions ingest stored, and its mentions to pl_events_put_article,
 * so memory stays that of one article (plus the merger's per-article scratch
 * and a capped page cache) whatever the corpus size.
 */
#include "events_int.h"
#include "parley/extract.h"
#include "parley/time.h"

#include <stdlib.h>
#include <string.h>

/* Articles per transaction of `parley extract` (as ingest's batches). */
#define EXTRACT_BATCH 1000
/* SQLite page cache while extracting, KiB (the default is 2 MiB).  Merging
 * writes index pages all over the event tables: at 10,000 articles 32 MiB
 * read 250k pages back from the OS, 64 MiB 160k, and the whole ingest took 5%
 * less CPU (alternating runs). */
#define EXTRACT_CACHE_KIB "65536"

/* One stored article read back for extraction; strings owned. */
struct loaded {
	char *origin, *title, *source, *body;
	size_t body_len;
	struct pl_datetime published;
	struct pl_range *sents;
	size_t nsents, sent_cap;
	char **captions;
	size_t ncaptions, cap_cap;
	struct pl_timexes tx; /* as stored at ingest: not tagged twice */
};

static void loaded_free(struct loaded *l)
{
	free(l->origin);
	free(l->title);
	free(l->source);
	free(l->body);
	free(l->sents);
	for (size_t i = 0; i < l->ncaptions; i++)
		free(l->captions[i]);
	free(l->captions);
	pl_timexes_free(&l->tx);
	memset(l, 0, sizeof *l);
}

enum { L_ARTICLE, L_SENTS, L_CAPS, L_TIMEX, L_COUNT };

static const char *const load_sql[L_COUNT] = {
	[L_ARTICLE] = "SELECT origin, title, source, published, body FROM articles WHERE id = ?1",
	[L_SENTS] = "SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY n",
	[L_CAPS] = "SELECT text FROM captions WHERE article_id = ?1 ORDER BY n",
	[L_TIMEX] = "SELECT start, end, type, anchor, value, mod, range_end, raw, rule FROM timexes "
		    "WHERE article_id = ?1 ORDER BY start, id",
};

/* The stored time expressions of the article (bound in `q`) back as a list. */
static int load_timexes(sqlite3_stmt *q, struct pl_timexes *x)
{
	static const char *const types[] = { "DATE", "TIME", "DURATION", "SET" };
	static const char *const anchors[] = { "none", "dct", "ref", "unresolved" };
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (x->n == x->cap) {
			size_t cap = x->cap ? x->cap * 2 : 16;
			struct pl_timex *v = realloc(x->v, cap * sizeof *v);
			if (!v)
				return -1;
			x->v = v;
			x->cap = cap;
		}
		struct pl_timex *t = &x->v[x->n++];
		memset(t, 0, sizeof *t);
		t->start = (size_t)sqlite3_column_int64(q, 0);
		t->end = (size_t)sqlite3_column_int64(q, 1);
		const char *type = (const char *)sqlite3_column_text(q, 2);
		const char *anchor = (const char *)sqlite3_column_text(q, 3);
		for (int i = 0; i < 4; i++) {
			if (type && strcmp(type, types[i]) == 0)
				t->type = (enum pl_timex_type)i;
			if (anchor && strcmp(anchor, anchors[i]) == 0)
				t->anchor = (enum pl_timex_anchor)i;
		}
		t->value = column_dup(q, 4);
		t->mod = column_dup(q, 5);
		t->range_end = column_dup(q, 6);
		t->raw = column_dup(q, 7);
		t->rule_id = column_dup(q, 8);
	}
	return 0;
}

static int load_article(sqlite3_stmt *st[L_COUNT], int64_t id, struct loaded *l)
{
	sqlite3_stmt *q = st[L_ARTICLE];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW)
		return -1;
	l->origin = column_dup(q, 0);
	l->title = column_dup(q, 1);
	l->source = column_dup(q, 2);
	const char *pub = (const char *)sqlite3_column_text(q, 3);
	if (!pub || !pl_datetime_parse(pub, strlen(pub), &l->published))
		memset(&l->published, 0, sizeof l->published);
	l->body = column_dup(q, 4);
	l->body_len = (size_t)sqlite3_column_bytes(q, 4);
	sqlite3_reset(q);
	if (!l->body)
		return -1;
	q = st[L_SENTS];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (l->nsents == l->sent_cap) {
			size_t cap = l->sent_cap ? l->sent_cap * 2 : 64;
			struct pl_range *v = realloc(l->sents, cap * sizeof *v);
			if (!v)
				return -1;
			l->sents = v;
			l->sent_cap = cap;
		}
		l->sents[l->nsents].start = (size_t)sqlite3_column_int64(q, 0);
		l->sents[l->nsents++].end = (size_t)sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	q = st[L_CAPS];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (l->ncaptions == l->cap_cap) {
			size_t cap = l->cap_cap ? l->cap_cap * 2 : 4;
			char **v = realloc(l->captions, cap * sizeof *v);
			if (!v)
				return -1;
			l->captions = v;
			l->cap_cap = cap;
		}
		if ((l->captions[l->ncaptions] = column_dup(q, 0)) != NULL)
			l->ncaptions++;
	}
	sqlite3_reset(q);
	q = st[L_TIMEX];
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, id);
	int rc = load_timexes(q, &l->tx);
	sqlite3_reset(q);
	return rc;
}

/* Extract one article view and store its mentions. */
static int extract_one(struct pl_store *s, struct pl_extractor *x, struct pl_merger *m,
		       int64_t run, int64_t id, const struct pl_article_view *v, uint64_t *nmentions,
		       struct pl_diags *d)
{
	struct pl_events ev = { 0 };
	int rc = -1;
	long n = pl_extract_article(x, v, &ev, d);
	if (n < 0)
		pl_error(d, v->origin, "out of memory extracting events");
	else if (events_put_article(s, m, id, &ev, v->sents, v->nsents, run, d) == 0) {
		*nmentions += (uint64_t)n;
		rc = 0;
	}
	pl_events_free(&ev);
	return rc;
}

int pl_events_extract(struct pl_store *s, struct pl_extractor *x, struct pl_merger *m,
		      int64_t run, const int64_t *ids, size_t n, struct pl_extract_stats *st,
		      struct pl_diags *d)
{
	sqlite3_stmt *q[L_COUNT] = { 0 };
	int rc = -1;
	bool own = sqlite3_get_autocommit(pl_store_db(s)); /* the transactions are ours */
	memset(st, 0, sizeof *st);
	for (int i = 0; i < L_COUNT; i++)
		if (sqlite3_prepare_v2(pl_store_db(s), load_sql[i], -1, &q[i], NULL) != SQLITE_OK) {
			store_db_error(s, "cannot prepare", d);
			goto out;
		}
	/* Merging reads back the event tables it writes: keep their pages in
	 * memory (a fixed cap, so memory still does not grow with the corpus).
	 * Statement journals in memory too: the merge's INSERT ... SELECT and
	 * multi-row UPDATE statements (foreign keys make them abortable) save
	 * every page they change first; on disk, once one outgrew SQLite's 64 KiB
	 * spill threshold, every later one in the transaction went to a temp
	 * file (113k of the 197k pwrite calls extracting 1,000 articles at 9k).
	 * Each holds the pages of one statement, which touches one article or
	 * one event, so this does not grow with the corpus either.  Set before
	 * the transaction (SQLite reads it when one begins), reset after. */
	/* Foreign keys off while extracting: every row it inserts has its
	 * parent by construction, and each delete it makes takes the children
	 * with it (delete_mentions, consolidate, the refresh), so the checks
	 * (parent lookups on each insert, 4% of the instructions of an ingest)
	 * only cost.  Also set outside the transaction: SQLite ignores it inside
	 * one (a caller's transaction keeps them on). */
	if (store_exec(s, "PRAGMA cache_size = -" EXTRACT_CACHE_KIB, d) < 0 ||
	    store_exec(s, "PRAGMA temp_store = MEMORY", d) < 0 ||
	    store_exec(s, "PRAGMA foreign_keys = OFF", d) < 0 || pl_store_begin(s, d) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct loaded l = { 0 };
		if (load_article(q, ids[i], &l) < 0) {
			pl_error(d, l.origin, "cannot read stored article %lld", (long long)ids[i]);
			loaded_free(&l);
			goto out;
		}
		struct pl_article_view v = {
			.origin = l.origin, .title = l.title, .source = l.source,
			.published = l.published, .body = l.body, .body_len = l.body_len,
			.sents = l.sents, .nsents = l.nsents,
			.captions = (const char *const *)l.captions, .ncaptions = l.ncaptions,
			/* none stored (ingest --no-extract): the extractor tags them */
			.timexes = l.tx.n ? &l.tx : NULL,
		};
		int r = extract_one(s, x, m, run, ids[i], &v, &st->mentions, d);
		st->articles++;
		st->bytes += l.body_len;
		loaded_free(&l);
		if (r < 0)
			goto out;
		if ((i + 1) % EXTRACT_BATCH == 0 &&
		    (merge_flush(m, s, d) < 0 || pl_store_commit(s, d) < 0 ||
		     pl_store_begin(s, d) < 0))
			goto out;
	}
	if (pl_events_settle(s, m, d) < 0 || pl_store_commit(s, d) < 0)
		goto out;
	rc = 0;
out:
	for (int i = 0; i < L_COUNT; i++)
		sqlite3_finalize(q[i]);
	/* a failed batch of ours is undone here (what was committed stays), so
	 * that foreign keys can be turned back on; outside a transaction, later
	 * statements of this connection (remerge's whole-table DELETE) journal
	 * to disk again */
	if (rc < 0 && !own)
		merge_flush(m, s, d); /* the caller's transaction: its marks as rows */
	if (rc < 0 && own && !sqlite3_get_autocommit(pl_store_db(s)) &&
	    store_exec(s, "ROLLBACK", d) < 0)
		rc = -1;
	if (sqlite3_get_autocommit(pl_store_db(s))) {
		if (store_exec(s, "PRAGMA temp_store = DEFAULT", d) < 0 ||
		    store_exec(s, "PRAGMA foreign_keys = ON", d) < 0)
			rc = -1;
	} else if (own) {
		pl_error(d, NULL, "foreign keys could not be turned back on: close the database");
		rc = -1;
	}
	return rc;
}
