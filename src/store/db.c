/* db.c - opening and closing the store, the statement cache, transactions. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* How long a writer waits for another process's lock before giving up (ms):
 * long enough for a concurrent ingest's batch commit. */
#define BUSY_TIMEOUT_MS 10000
/* Pause between attempts to switch a busy new database to WAL (wal_mode). */
#define WAL_RETRY_MS 5
/* Pages in the WAL before a commit copies them into the database (SQLite's
 * default is 1,000).  A batch of 1,000 articles changes ~12k pages spread
 * over the indexes; with the default every commit checkpointed them all, a
 * page the next batch changes again twice.  At 16,384 (a WAL of at most ~64
 * MiB on disk) an ingest of 10,000 articles makes 221k instead of 250k page
 * writes, 130k instead of 160k page reads, 21 instead of 69 fdatasync. */
#define WAL_CHECKPOINT_PAGES "16384"

/* SQL of each cached statement, indexed by enum stmt_id. */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_BY_ORIGIN] = "SELECT id, content_hash, body, wire_of FROM articles WHERE origin = ?1",
	[ST_BY_HASH] = "SELECT id, body, url, wire_of FROM articles WHERE content_hash = ?1 "
		       "AND id IS NOT ?2 ORDER BY id",
	[ST_BODY] = "SELECT body FROM articles WHERE id = ?1 AND wire_of IS NULL",
	[ST_INSERT] = "INSERT INTO articles (origin, url, title, source, byline, dateline, "
		      "language, format, published, published_precision, published_how, modified, "
		      "content_hash, body, ingested_at, wire_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		      "?8, ?9, ?10, ?11, ?12, ?13, ?14, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?15)",
	[ST_UPDATE] = "UPDATE articles SET url = ?2, title = ?3, source = ?4, byline = ?5, "
		      "dateline = ?6, language = ?7, format = ?8, published = ?9, "
		      "published_precision = ?10, published_how = ?11, modified = ?12, "
		      "content_hash = ?13, body = ?14, "
		      "ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), wire_of = ?15 "
		      "WHERE id = ?16",
	[ST_DEL_PARAS] = "DELETE FROM paragraphs WHERE article_id = ?1",
	[ST_DEL_SENTS] = "DELETE FROM sentences WHERE article_id = ?1",
	[ST_DEL_CAPS] = "DELETE FROM captions WHERE article_id = ?1",
	[ST_DEL_TIMEX] = "DELETE FROM timexes WHERE article_id = ?1",
	[ST_DEL_BANDS] = "DELETE FROM article_bands WHERE article_id = ?1",
	[ST_REPOINT] = "UPDATE articles SET wire_of = ?2 WHERE wire_of = ?1",
	[ST_INS_CAP] = "INSERT INTO captions (article_id, n, text) VALUES (?1, ?2, ?3)",
	[ST_BAND_HITS] = "SELECT article_id FROM article_bands WHERE band = ?1 LIMIT ?2",
	[ST_SAVEPOINT] = "SAVEPOINT file",
	[ST_RELEASE] = "RELEASE file",
	[ST_ROLLBACK_TO] = "ROLLBACK TO file",
};

/* The multi-row INSERTs: the statement up to VALUES, and how many columns a row has. */
static const struct {
	const char *head;
	int ncols;
} bulk_sql[BK_COUNT] = {
	[BK_PARA] = { "INSERT INTO paragraphs (article_id, n, start, end) VALUES ", 4 },
	[BK_SENT] = { "INSERT INTO sentences (article_id, n, paragraph, start, end) VALUES ", 5 },
	[BK_BAND] = { "INSERT OR IGNORE INTO article_bands (band, article_id) VALUES ", 2 },
	[BK_TIMEX] = { "INSERT INTO timexes (article_id, sentence, start, end, text, type, value, mod, "
		       "range_end, anchor, raw, rule) VALUES ", 12 },
};

void store_db_error(struct pl_store *s, const char *what, struct pl_diags *d)
{
	pl_error(d, s->path, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : "out of memory");
}

int store_exec(struct pl_store *s, const char *sql, struct pl_diags *d)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return 0;
	pl_error(d, s->path, "database error: %s", err ? err : sqlite3_errmsg(s->db));
	sqlite3_free(err);
	return -1;
}

/* Run cached statement `id` (no parameters, no rows); 0, or -1 after a
 * diagnostic worded like store_exec's. */
static int run_cached(struct pl_store *s, enum stmt_id id, struct pl_diags *d)
{
	sqlite3_stmt *q = store_stmt(s, id, d);
	if (!q)
		return -1;
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	pl_error(d, s->path, "database error: %s", sqlite3_errmsg(s->db));
	return -1;
}

sqlite3_stmt *store_stmt(struct pl_store *s, enum stmt_id id, struct pl_diags *d)
{
	sqlite3_stmt *q = s->st[id];
	if (!q) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) !=
		    SQLITE_OK) {
			store_db_error(s, "cannot prepare a statement", d);
			return NULL;
		}
		s->st[id] = q;
		return q;
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return q;
}

/* The cached INSERT of 1 << k rows into t (every parameter is bound for each
 * use, so old bindings need no clearing). */
static sqlite3_stmt *bulk_stmt(struct pl_store *s, enum bulk_id t, int k, struct pl_diags *d)
{
	sqlite3_stmt *q = s->bulk[t][k];
	if (q)
		return q;
	struct pl_buf sql = PL_BUF_INIT;
	pl_buf_puts(&sql, bulk_sql[t].head);
	for (int r = 0; r < 1 << k; r++) {
		pl_buf_puts(&sql, r ? ",(" : "(");
		for (int c = 0; c < bulk_sql[t].ncols; c++)
			pl_buf_puts(&sql, c ? ",?" : "?"); /* numbered in order: row r, column c is r * ncols + c + 1 */
		pl_buf_putc(&sql, ')');
	}
	if (sql.oom)
		pl_error(d, s->path, "out of memory");
	else if (sqlite3_prepare_v3(s->db, sql.p, (int)sql.len, SQLITE_PREPARE_PERSISTENT, &q, NULL) !=
		 SQLITE_OK)
		store_db_error(s, "cannot prepare a statement", d);
	else
		s->bulk[t][k] = q;
	pl_buf_free(&sql);
	return s->bulk[t][k];
}

int store_insert_rows(struct pl_store *s, enum bulk_id t, size_t n, store_bind_row bind, void *ud,
		      const char *what, struct pl_diags *d)
{
	for (size_t i = 0; i < n;) {
		int k = BULK_SIZES - 1; /* the largest statement that fits what is left */
		while ((size_t)1 << k > n - i)
			k--;
		sqlite3_stmt *q = bulk_stmt(s, t, k, d);
		if (!q)
			return -1;
		for (int r = 0; r < 1 << k; r++)
			bind(q, r * bulk_sql[t].ncols, i + (size_t)r, ud);
		int rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			pl_error(d, s->path, "cannot insert %s: %s", what, sqlite3_errmsg(s->db));
			return -1;
		}
		i += (size_t)1 << k;
	}
	return 0;
}

/* Switch to WAL.  Switching a new database needs its exclusive lock, and
 * SQLite answers SQLITE_BUSY at once, without the busy handler, when another
 * process holds a lock on it (three first ingests started together failed
 * one time in fifty under load): retry for up to the busy timeout. */
static int wal_mode(struct pl_store *s, struct pl_diags *d)
{
	int rc = SQLITE_BUSY;
	for (int waited = 0; waited <= BUSY_TIMEOUT_MS; waited += WAL_RETRY_MS) {
		rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED)
			break;
		sqlite3_sleep(WAL_RETRY_MS);
	}
	if (rc == SQLITE_OK)
		return 0;
	store_db_error(s, "database error", d);
	return -1;
}

struct pl_store *pl_store_open(const char *path, struct pl_diags *d)
{
	struct pl_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = pl_strdup(path))) {
		free(s);
		pl_error(d, path, "out of memory");
		return NULL;
	}
	/* NOMUTEX: a store belongs to one thread (store.h), so SQLite's
	 * per-connection mutex only cost time: 9 million lock/unlock pairs, 4% of
	 * an ingest of 1,000 articles. */
	if (sqlite3_open_v2(path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		store_db_error(s, "cannot open database", d);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* WAL: readers never block the writer; synchronous=NORMAL is durable up to
	 * the last checkpoint in WAL mode and much faster than FULL.  The first
	 * statement also tells a non-database file apart ("file is not a database"). */
	if (wal_mode(s, d) < 0 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", d) < 0 ||
	    store_exec(s, "PRAGMA wal_autocheckpoint = " WAL_CHECKPOINT_PAGES, d) < 0 ||
	    store_exec(s, "PRAGMA foreign_keys = ON", d) < 0 || store_migrate(s, d) < 0)
		goto fail;
	return s;
fail:
	pl_store_close(s);
	return NULL;
}

void pl_store_close(struct pl_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (size_t t = 0; t < BK_COUNT; t++)
		for (size_t k = 0; k < BULK_SIZES; k++)
			sqlite3_finalize(s->bulk[t][k]);
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

sqlite3 *pl_store_db(struct pl_store *s)
{
	return s->db;
}

int pl_store_begin(struct pl_store *s, struct pl_diags *d)
{
	s->ncommon = 0;
	if (!sqlite3_get_autocommit(s->db))
		return 0;
	return store_exec(s, "BEGIN IMMEDIATE", d);
}

int pl_store_commit(struct pl_store *s, struct pl_diags *d)
{
	s->ncommon = 0;
	if (sqlite3_get_autocommit(s->db))
		return 0;
	if (s->marked) {
		pl_error(d, s->path, "commit inside an unfinished file (internal error)");
		return -1;
	}
	return store_exec(s, "COMMIT", d);
}

int pl_store_mark(struct pl_store *s, struct pl_diags *d)
{
	if (s->marked) {
		pl_error(d, s->path, "file marks do not nest (internal error)");
		return -1;
	}
	if (run_cached(s, ST_SAVEPOINT, d) < 0)
		return -1;
	s->marked = true;
	return 0;
}

int pl_store_keep(struct pl_store *s, struct pl_diags *d)
{
	if (!s->marked)
		return 0;
	s->marked = false;
	return run_cached(s, ST_RELEASE, d);
}

int pl_store_undo(struct pl_store *s, struct pl_diags *d)
{
	if (!s->marked)
		return 0;
	s->marked = false;
	s->ncommon = 0;
	/* ROLLBACK TO keeps the savepoint open; RELEASE then removes it (and ends
	 * the transaction when the savepoint was the outermost one). */
	if (run_cached(s, ST_ROLLBACK_TO, d) < 0)
		return -1;
	return run_cached(s, ST_RELEASE, d);
}
