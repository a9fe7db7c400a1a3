/* store_test.h - helpers the store tests share: a scratch directory, SQL probes. */
#ifndef PARLEY_STORE_TEST_H
#define PARLEY_STORE_TEST_H

#include "check.h"
#include "parley/store.h"

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[64];

/* Create the scratch directory (exits on failure). */
static inline void tmp_begin(const char *tag)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-%s-XXXXXX", tag);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static inline void tmp_end(void)
{
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* `name` inside the scratch directory; a few results may be alive at once. */
static inline const char *tmp_path(const char *name)
{
	static char buf[4][160];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

/* First column of the first row as an integer; -1 when there is no row. */
static inline int64_t query_int(struct pl_store *s, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(pl_store_db(s), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* A plain SQLite file at tmp_path(name) prepared with `sql` (not through the store). */
static inline void raw_db(const char *name, const char *sql)
{
	sqlite3 *db;
	CHECK_INT(sqlite3_open(tmp_path(name), &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

#endif
