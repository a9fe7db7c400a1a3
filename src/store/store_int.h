/* store_int.h - the store's private state, shared by the files of src/store/. */
#ifndef PARLEY_STORE_INT_H
#define PARLEY_STORE_INT_H

#include "parley/store.h"

/* Cached prepared statements, prepared on first use (SQLITE_PREPARE_PERSISTENT)
 * and finalized by pl_store_close. */
enum stmt_id {
	ST_BY_ORIGIN,
	ST_BY_HASH,
	ST_BODY,
	ST_INSERT,
	ST_UPDATE,
	ST_DEL_PARAS,
	ST_DEL_SENTS,
	ST_DEL_CAPS,
	ST_DEL_TIMEX,
	ST_DEL_BANDS,
	ST_REPOINT,
	ST_INS_CAP,
	ST_BAND_HITS,
	ST_SAVEPOINT, /* the file marks: prepared once, not parsed for every file */
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_COUNT
};

/* Tables written many rows per article, by multi-row INSERTs of up to
 * 1 << (BULK_SIZES - 1) rows: SQLite's work per statement (transaction
 * check, opening cursors, halt, reset) was a third of the cost of a row. */
enum bulk_id {
	BK_PARA,
	BK_SENT,
	BK_BAND,
	BK_TIMEX,
	BK_COUNT
};
#define BULK_SIZES 6 /* statements of 1, 2, 4, ..., 32 rows */

#define STORE_COMMON_BANDS 32

struct pl_store {
	sqlite3 *db;
	char *path;               /* owned; names the database in diagnostics */
	sqlite3_stmt *st[ST_COUNT];
	sqlite3_stmt *bulk[BK_COUNT][BULK_SIZES]; /* [table][log2 rows], prepared on first use */
	bool marked; /* inside pl_store_mark .. keep/undo */
	/* Band values found shared by too many articles to count (store.c,
	 * BAND_COMMON), remembered for the rest of the transaction: telling one
	 * needs reading all of its rows, and a few such bands were two thirds of
	 * the rows every put read.  Only this connection writes inside the
	 * transaction and only deleting bands lowers a count, so the set is
	 * emptied at begin, commit, undo and whenever bands are deleted. */
	int64_t common[STORE_COMMON_BANDS];
	size_t ncommon;
};

/* The cached statement `id`, reset and with bindings cleared; NULL after a diag. */
sqlite3_stmt *store_stmt(struct pl_store *s, enum stmt_id id, struct pl_diags *d);
/* Bind row i of a multi-row INSERT: its parameters are base + 1 .. base + ncols. */
typedef void (*store_bind_row)(sqlite3_stmt *q, int base, size_t i, void *ud);
/* Insert n rows into table t, calling bind for rows 0 .. n-1 in order (the
 * rows get rowids in that order, as n single INSERTs would); 0, or -1 after
 * a diagnostic "cannot insert WHAT". */
int store_insert_rows(struct pl_store *s, enum bulk_id t, size_t n, store_bind_row bind, void *ud,
		      const char *what, struct pl_diags *d);
/* Run SQL without results; 0 or -1 after a diagnostic quoting sqlite's message. */
int store_exec(struct pl_store *s, const char *sql, struct pl_diags *d);
/* Add "PATH: error: WHAT: sqlite message" for the last failure. */
void store_db_error(struct pl_store *s, const char *what, struct pl_diags *d);

/* Migrate the open database to PL_STORE_SCHEMA_VERSION (schema.c). */
int store_migrate(struct pl_store *s, struct pl_diags *d);

/* MinHash band keys of a text (see fingerprint.c): store_bands_of below
 * returns how many (0 when the text is too short for near-duplicate search). */
#define PL_NBANDS 8
/* The content hash of an already normalized text. */
void store_hash_norm(const char *norm, size_t n, char hex[17]);
/* Jaccard of 5-word shingles of two normalized texts. */
double store_norm_similarity(const char *a, size_t na, const char *b, size_t nb);
/* The same in parts, so that one article's shingles are computed once per put
 * (owner: ingestperf): the sorted distinct shingle hashes of a normalized text
 * (*out malloc'd, caller frees; NULL when 0 are returned), the bands of such a
 * set, and the Jaccard of two such sets. */
size_t store_shingles(const char *norm, size_t n, uint64_t **out);
size_t store_bands_of(const uint64_t *sh, size_t m, int64_t bands[PL_NBANDS]);
/* store_shingles in two steps, so that a put sorts only when it has
 * candidates to compare with: the shingle hashes in text order, repeats kept
 * (what store_bands_of needs), then that list sorted and made distinct in
 * place (returns the new length). */
size_t store_shingles_raw(const char *norm, size_t n, uint64_t **out);
size_t store_shingles_set(uint64_t *sh, size_t m);
double store_shingle_similarity(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny);

#endif
