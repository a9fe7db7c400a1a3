/* test_extract_keys.c - extraction turns foreign keys off for its own transactions only.
 *
 * pl_events_extract runs without foreign key checks (what it inserts has
 * its parent by construction, its deletes take the children with them); it
 * must leave them on for the connection afterwards: after a success, after
 * a failed batch it rolls back, and when it was called inside a caller's
 * transaction (where SQLite ignores the pragma: the keys stay on). */
#include "store/store_test.h"

#include "parley/eventstore.h"

#include <sqlite3.h>

static void run_case(const char *db, bool caller_txn, const int64_t *ids, size_t n, int want_rc)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(tmp_path(db), &d);
	struct pl_merger *m = pl_merger_create(NULL, NULL, &d);
	CHECK(s != NULL && m != NULL);
	if (!s || !m) {
		pl_merger_destroy(m);
		pl_store_close(s);
		pl_diags_finish(&d);
		return;
	}
	if (caller_txn)
		CHECK_INT(sqlite3_exec(pl_store_db(s), "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	int64_t run = pl_events_run_begin(s, "test", "", &d);
	CHECK(run > 0);
	struct pl_extract_stats st;
	/* no extractor needed: no article is extracted (none, or one not stored) */
	CHECK_INT(pl_events_extract(s, NULL, m, run, ids, n, &st, &d), want_rc);
	/* committed (a caller's open transaction too, as its batches are) or
	 * rolled back: no transaction left, settings back to the defaults */
	CHECK_INT(sqlite3_get_autocommit(pl_store_db(s)), 1);
	CHECK_INT(query_int(s, "PRAGMA temp_store"), 0);
	CHECK_INT(query_int(s, "PRAGMA foreign_keys"), 1);
	/* the keys work: a mention of an article that does not exist is refused */
	CHECK(sqlite3_exec(pl_store_db(s),
			   "INSERT INTO mentions (article_id, start, end, rule, type, family, status, "
			   "status_rank, confidence, run_id) VALUES (424242, 0, 1, 'r', 'MEET', 'MEET', "
			   "'occurred', 1, 0.5, 1)",
			   NULL, NULL, NULL) != SQLITE_OK);
	CHECK_INT(d.nerrors > 0, want_rc < 0);
	pl_merger_destroy(m);
	pl_store_close(s);
	pl_diags_finish(&d);
}

static void test_keys_back_on_after_success(void)
{
	run_case("ok.db", false, NULL, 0, 0);
}

static void test_keys_back_on_after_failure(void)
{
	const int64_t missing[] = { 999999 };
	run_case("fail.db", false, missing, 1, -1);
}

static void test_callers_transaction_keeps_keys(void)
{
	run_case("caller.db", true, NULL, 0, 0);
}

int main(void)
{
	tmp_begin("extract-keys");
	RUN(test_keys_back_on_after_success);
	RUN(test_keys_back_on_after_failure);
	RUN(test_callers_transaction_keeps_keys);
	tmp_end();
	return check_done();
}
