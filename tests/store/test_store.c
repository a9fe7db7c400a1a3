/* test_store.c - the SQLite store: schema and migrations, deduplication, updates, rollback, offsets. */
#include "store_test.h"
#include "parley/time.h"

#include <string.h>

/* First column of the first row as a malloc'd string (caller frees), NULL if none. */
static char *query_str(struct pl_store *s, const char *sql)
{
	sqlite3_stmt *q = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(pl_store_db(s), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_type(q, 0) != SQLITE_NULL)
		v = pl_strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return v;
}

/* An article borrowing its strings (the tests never pl_article_free it). */
static struct pl_article art(const char *origin, const char *body)
{
	struct pl_article a = { 0 };
	a.origin = (char *)origin;
	a.body = (char *)body;
	a.body_len = strlen(body);
	a.format = PL_FMT_TEXT;
	return a;
}

/* Paragraph ranges of a body split on "\n\n" (the ingest contract's layout). */
static size_t split_paras(const char *body, struct pl_range *out, size_t cap)
{
	size_t n = 0, start = 0, len = strlen(body);
	for (size_t i = 0; i <= len && n < cap; i++)
		if (i == len || (body[i] == '\n' && body[i + 1] == '\n')) {
			out[n++] = (struct pl_range){ start, i };
			start = i + 2;
			i++;
		}
	return n;
}

static int put(struct pl_store *s, const struct pl_article *a, struct pl_put_info *info)
{
	struct pl_range p[32];
	size_t np = split_paras(a->body, p, 32);
	struct pl_diags d;
	pl_diags_init(&d);
	/* one sentence per paragraph is enough for the dedupe tests */
	int rc = pl_store_put(s, a, p, np, p, np, info, &d);
	if (rc < 0)
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "  diag: %s\n", d.v[i].msg);
	pl_diags_finish(&d);
	return rc;
}

static const char *const WIRE_TEXT =
	"BERLIN (Reuters) - Ukrainian President Volodymyr Zelenskiy met U.S. envoys in Berlin on Monday "
	"for a second day of talks on a plan to end the war, and both sides said progress had been made "
	"on security guarantees.\n\nThe talks, hosted by German Chancellor Friedrich Merz, followed five "
	"hours of negotiations on Sunday. European leaders are due to join the meeting later in the day "
	"and a joint statement is expected by the evening.\n\nKyiv has said it is ready to drop its bid to "
	"join NATO in exchange for binding Western guarantees, a shift officials described as a major "
	"concession made in the hope of a ceasefire before Christmas.";

static void test_schema_created(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(tmp_path("schema.db"), &d);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(pl_store_schema_version(s), PL_STORE_SCHEMA_VERSION);
	CHECK_INT(query_int(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
			       "('articles','captions','paragraphs','sentences','timexes','article_bands')"), 6);
	char *mode = query_str(s, "PRAGMA journal_mode");
	CHECK_STR(mode, "wal");
	free(mode);
	CHECK_INT(query_int(s, "PRAGMA foreign_keys"), 1);
	CHECK_INT(query_int(s, "PRAGMA busy_timeout") > 0, 1);
	pl_store_close(s);
	CHECK_INT(d.n, 0);
	pl_diags_finish(&d);
}

static void test_reopen_is_idempotent(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_put_info info;
	struct pl_store *s = pl_store_open(tmp_path("reopen.db"), &d);
	CHECK(s != NULL);
	struct pl_article a = art("a.txt", WIRE_TEXT);
	CHECK_INT(put(s, &a, &info), 0);
	pl_store_close(s);
	s = pl_store_open(tmp_path("reopen.db"), &d);
	CHECK(s != NULL);
	CHECK_INT(pl_store_schema_version(s), PL_STORE_SCHEMA_VERSION);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(query_int(s, "SELECT count(*) FROM paragraphs"), 3);
	pl_store_close(s);
	CHECK_INT(d.n, 0);
	pl_diags_finish(&d);
}

/* An empty SQLite file (user_version 0, no tables) is migrated in place. */
static void test_migrates_empty_database(void)
{
	raw_db("empty.db", "VACUUM");
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(tmp_path("empty.db"), &d);
	CHECK(s != NULL);
	if (s)
		CHECK_INT(pl_store_schema_version(s), PL_STORE_SCHEMA_VERSION);
	pl_store_close(s);
	pl_diags_finish(&d);
}

static void test_refuses_newer_and_foreign_files(void)
{
	raw_db("newer.db", "PRAGMA user_version = 99");
	struct pl_diags d;
	char want[80];
	snprintf(want, sizeof want, "database schema v99 is newer than this parley (v%d)",
		 PL_STORE_SCHEMA_VERSION);
	pl_diags_init(&d);
	CHECK(pl_store_open(tmp_path("newer.db"), &d) == NULL);
	CHECK_INT(d.nerrors, 1);
	if (d.n)
		CHECK_STR(d.v[0].msg, want);
	pl_diags_finish(&d);

	FILE *f = fopen(tmp_path("text.db"), "w");
	CHECK(f != NULL);
	if (f) {
		fputs("this is not a database, just a long enough line of text to look like a header.\n", f);
		fclose(f);
	}
	pl_diags_init(&d);
	CHECK(pl_store_open(tmp_path("text.db"), &d) == NULL);
	CHECK_INT(d.nerrors >= 1, 1);
	if (d.n)
		CHECK(strstr(d.v[0].msg, "not a database") != NULL);
	pl_diags_finish(&d);
}

static void test_duplicates_and_wire_copies(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	CHECK(s != NULL);
	if (!s)
		return;
	struct pl_article a = art("reuters.html", WIRE_TEXT);
	a.url = "https://example.org/reuters/berlin-talks";
	CHECK_INT(put(s, &a, &info), 0);
	CHECK_INT(info.result, PL_PUT_STORED);
	int64_t first = info.id;

	/* the same origin again: nothing written */
	CHECK_INT(put(s, &a, &info), 0);
	CHECK_INT(info.result, PL_PUT_DUPLICATE);
	CHECK_INT(info.id, first);

	/* the same page saved under another name (same URL): a duplicate too */
	struct pl_article b = art("copy-of-reuters.html", WIRE_TEXT);
	b.url = a.url;
	CHECK_INT(put(s, &b, &info), 0);
	CHECK_INT(info.result, PL_PUT_DUPLICATE);

	/* another outlet, the same text with other whitespace, quotes and case */
	struct pl_buf alt = PL_BUF_INIT;
	for (const char *p = WIRE_TEXT; *p; p++) {
		if (*p == ',')
			pl_buf_puts(&alt, " ,");
		else if (*p == '-')
			pl_buf_puts(&alt, "\xE2\x80\x94"); /* an em dash instead of the hyphen */
		else
			pl_buf_putc(&alt, *p == 'B' ? 'b' : *p);
	}
	struct pl_article c = art("outlet2/berlin.txt", alt.p);
	c.source = "Outlet Two";
	char *cap = "Zelenskiy and Merz in Berlin, Dec. 15, 2025.";
	c.captions = &cap;
	c.ncaptions = 1;
	CHECK_INT(put(s, &c, &info), 0);
	CHECK_INT(info.result, PL_PUT_WIRE);
	CHECK_INT(info.wire_of, first);
	int64_t copy = info.id;

	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sentences WHERE article_id = %lld", (long long)copy);
	CHECK_INT(query_int(s, sql), 0); /* the text is read once, from the root */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM captions WHERE article_id = %lld", (long long)copy);
	CHECK_INT(query_int(s, sql), 1); /* captions are the outlet's own */
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 2);

	struct pl_store_counts n;
	CHECK_INT(pl_store_counts(s, &n, &d), 0);
	CHECK_INT(n.articles, 2);
	CHECK_INT(n.wire_copies, 1);
	CHECK_INT(n.sentences, 3);
	CHECK_INT(n.captions, 1);
	/* short or empty texts are never taken for copies of each other */
	struct pl_article e1 = art("feed-a.xml#1", ""), e2 = art("feed-b.xml#1", "");
	struct pl_article s1 = art("feed-a.xml#2", "Photo gallery"), s2 = art("feed-b.xml#2", "Photo gallery");
	CHECK_INT(put(s, &e1, &info), 0);
	CHECK_INT(info.result, PL_PUT_STORED);
	CHECK_INT(put(s, &e2, &info), 0);
	CHECK_INT(info.result, PL_PUT_STORED);
	CHECK_INT(put(s, &s1, &info), 0);
	CHECK_INT(put(s, &s2, &info), 0);
	CHECK_INT(info.result, PL_PUT_STORED);
	CHECK_INT(put(s, &s2, &info), 0); /* but the same origin again is still a duplicate */
	CHECK_INT(info.result, PL_PUT_DUPLICATE);
	pl_buf_free(&alt);
	pl_store_close(s);
	CHECK_INT(d.n, 0);
	pl_diags_finish(&d);
}

/* A copy with its own dateline and one word changed is near-identical; a
 * different story about the same talks is not. */
static void test_near_identical_wire_copy(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	CHECK(s != NULL);
	if (!s)
		return;
	struct pl_article a = art("reuters.txt", WIRE_TEXT);
	CHECK_INT(put(s, &a, &info), 0);
	int64_t first = info.id;

	struct pl_buf near = PL_BUF_INIT;
	pl_buf_puts(&near, "(Reuters) - ");
	pl_buf_puts(&near, WIRE_TEXT + strlen("BERLIN (Reuters) - "));
	char *w = strstr(near.p, "major");
	if (w)
		memcpy(w, "large", 5);
	double sim = pl_text_similarity(near.p, near.len, WIRE_TEXT, strlen(WIRE_TEXT));
	CHECK(sim >= 0.9 && sim < 1.0);
	struct pl_article b = art("yahoo.txt", near.p);
	CHECK_INT(put(s, &b, &info), 0);
	CHECK_INT(info.result, PL_PUT_WIRE);
	CHECK_INT(info.wire_of, first);

	struct pl_article c = art("ap.txt",
		"Ukraine's leader held a second day of talks with American negotiators in Berlin on Monday, "
		"as European leaders prepared to join a meeting hosted by Chancellor Friedrich Merz.\n\n"
		"Officials on both sides said security guarantees were the main subject, and that Kyiv might "
		"give up its bid to join NATO if Western partners offered binding promises instead.");
	CHECK(pl_text_similarity(c.body, c.body_len, WIRE_TEXT, strlen(WIRE_TEXT)) < 0.2);
	CHECK_INT(put(s, &c, &info), 0);
	CHECK_INT(info.result, PL_PUT_STORED);
	pl_buf_free(&near);
	pl_store_close(s);
	pl_diags_finish(&d);
}

static void test_update_replaces_in_place(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	CHECK(s != NULL);
	if (!s)
		return;
	struct pl_article a = art("live.html", "First version.\n\nSecond paragraph.");
	a.title = "Old title";
	CHECK_INT(put(s, &a, &info), 0);
	int64_t id = info.id;
	struct pl_article b = art("live.html", "Updated version of the page.\n\nNew second paragraph.\n\nA third paragraph.");
	b.title = "New title";
	CHECK_INT(put(s, &b, &info), 0);
	CHECK_INT(info.result, PL_PUT_UPDATED);
	CHECK_INT(info.id, id);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(query_int(s, "SELECT count(*) FROM paragraphs"), 3);
	char *t = query_str(s, "SELECT title FROM articles");
	CHECK_STR(t, "New title");
	free(t);

	/* a root whose new text is another article's: it becomes a copy and hands
	 * its own copies over, so wire_of always names a root */
	struct pl_article other = art("other.txt", WIRE_TEXT);
	CHECK_INT(put(s, &other, &info), 0);
	int64_t root = info.id;
	struct pl_article copy = art("copy.txt", "UPDATED VERSION of the page. New second paragraph. A third paragraph!");
	CHECK_INT(put(s, &copy, &info), 0);
	CHECK_INT(info.result, PL_PUT_WIRE);
	CHECK_INT(info.wire_of, id);
	struct pl_article c = art("live.html", WIRE_TEXT);
	CHECK_INT(put(s, &c, &info), 0);
	CHECK_INT(info.result, PL_PUT_WIRE);
	CHECK_INT(info.wire_of, root);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE wire_of = %lld", (long long)root);
	CHECK_INT(query_int(s, sql), 2);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM paragraphs WHERE article_id = %lld", (long long)id);
	CHECK_INT(query_int(s, sql), 0);
	pl_store_close(s);
	pl_diags_finish(&d);
}

static void test_undo_rolls_back_a_file(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(tmp_path("undo.db"), &d);
	struct pl_put_info info;
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(pl_store_begin(s, &d), 0);
	CHECK_INT(pl_store_mark(s, &d), 0);
	struct pl_article a = art("kept.txt", "A kept article.\n\nWith two paragraphs.");
	CHECK_INT(put(s, &a, &info), 0);
	CHECK_INT(pl_store_keep(s, &d), 0);
	CHECK_INT(pl_store_mark(s, &d), 0);
	struct pl_article b = art("feed.xml#1", "An item of a feed that fails later.");
	CHECK_INT(put(s, &b, &info), 0);
	struct pl_article c = art("feed.xml#2", "Another item of it.");
	CHECK_INT(put(s, &c, &info), 0);
	CHECK_INT(pl_store_undo(s, &d), 0);
	CHECK_INT(pl_store_commit(s, &d), 0);
	pl_store_close(s);

	s = pl_store_open(tmp_path("undo.db"), &d);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(query_int(s, "SELECT count(*) FROM paragraphs"), 2);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles WHERE origin LIKE 'feed.xml%'"), 0);
	/* a mark outside BEGIN is a transaction of its own */
	CHECK_INT(pl_store_mark(s, &d), 0);
	CHECK_INT(put(s, &b, &info), 0);
	CHECK_INT(pl_store_undo(s, &d), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 1);
	CHECK_INT(query_int(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	pl_store_close(s);
	CHECK_INT(d.n, 0);
	pl_diags_finish(&d);
}

/* Byte offsets over multi-byte text: stored ranges slice back to the sentences. */
static void test_offsets_map_back(void)
{
	static const char body[] =
		"Zelenskyy met Merz in Berlin \xE2\x80\x94 talks were \xE2\x80\x9C" "constructive\xE2\x80\x9D. "
		"Witkoff flew on to M\xC3\xBCnchen.\n\n"
		"\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2 welcomed it. Moscow did not.";
	static const char *const want[] = {
		"Zelenskyy met Merz in Berlin \xE2\x80\x94 talks were \xE2\x80\x9C" "constructive\xE2\x80\x9D.",
		"Witkoff flew on to M\xC3\xBCnchen.",
		"\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2 welcomed it.",
		"Moscow did not.",
	};
	struct pl_range sents[4], paras[2];
	size_t at = 0;
	for (int i = 0; i < 4; i++) {
		const char *p = strstr(body + at, want[i]);
		CHECK(p != NULL);
		if (!p)
			return;
		sents[i] = (struct pl_range){ (size_t)(p - body), (size_t)(p - body) + strlen(want[i]) };
		at = sents[i].end;
	}
	CHECK_INT(split_paras(body, paras, 2), 2);
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	struct pl_article a = art("utf8.txt", body);
	CHECK_INT(pl_store_put(s, &a, paras, 2, sents, 4, &info, &d), 0);

	sqlite3_stmt *q = NULL;
	CHECK_INT(sqlite3_prepare_v2(pl_store_db(s),
		"SELECT s.paragraph, CAST(substr(CAST(a.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT) "
		"FROM sentences s JOIN articles a ON a.id = s.article_id ORDER BY s.n", -1, &q, NULL), SQLITE_OK);
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW && n < 4) {
		const char *got = (const char *)sqlite3_column_text(q, 1);
		CHECK_STR(got, want[n]);
		CHECK(pl_utf8_valid(got, strlen(got)));
		CHECK_INT(sqlite3_column_int(q, 0), n < 2 ? 0 : 1);
		n++;
	}
	CHECK_INT(n, 4);
	sqlite3_finalize(q);

	/* a range that ends inside a multi-byte character is refused, nothing written */
	struct pl_range bad = { 0, sents[0].end - 2 };
	struct pl_article b = art("bad.txt", body);
	CHECK_INT(pl_store_put(s, &b, paras, 2, &bad, 1, &info, &d), -1);
	CHECK_INT(d.nerrors, 1);
	if (d.n)
		CHECK(strstr(d.v[0].msg, "sentence 0 has a bad byte range") != NULL);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 1);
	pl_store_close(s);
	pl_diags_finish(&d);
}

/* Time expressions get the sentence that holds them and their text from the body. */
static void test_timexes(void)
{
	static const char body[] = "Talks began on Sunday. They ended on Monday.\n\nA deal by Christmas.";
	struct pl_range sents[3] = { { 0, 22 }, { 23, 44 }, { 46, 66 } }, paras[2] = { { 0, 44 }, { 46, 66 } };
	struct pl_timex tx[3] = {
		{ .start = 15, .end = 21, .type = PL_TIMEX_DATE, .anchor = PL_ANCHOR_DCT, .value = "2025-12-14",
		  .raw = "<XXXX-WXX-7", .rule_id = "time.weekday" },
		{ .start = 37, .end = 43, .type = PL_TIMEX_DATE, .anchor = PL_ANCHOR_DCT, .value = "2025-12-15",
		  .rule_id = "time.weekday" },
		{ .start = 56, .end = 65, .type = PL_TIMEX_DATE, .value = "2025-12-25", .mod = "BEFORE",
		  .rule_id = "time.holiday" },
	};
	struct pl_timexes x = { tx, 3, 3 };
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	struct pl_article a = art("timex.txt", body);
	CHECK_INT(pl_store_put(s, &a, paras, 2, sents, 3, &info, &d), 0);
	CHECK_INT(pl_store_put_timexes(s, info.id, body, strlen(body), &x, sents, 3, &d), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM timexes"), 3);
	CHECK_INT(query_int(s, "SELECT group_concat(sentence, '') FROM timexes ORDER BY start"), 12);
	char *t = query_str(s, "SELECT group_concat(text || '=' || value || coalesce(' ' || mod, '') || ' ' || anchor, '; ') "
			       "FROM (SELECT * FROM timexes ORDER BY start)");
	CHECK_STR(t, "Sunday=2025-12-14 dct; Monday=2025-12-15 dct; Christmas=2025-12-25 BEFORE none");
	free(t);
	/* an update drops them with the rest of the old text */
	struct pl_article b = art("timex.txt", "Talks were postponed until further notice, officials said today.");
	CHECK_INT(put(s, &b, &info), 0);
	CHECK_INT(info.result, PL_PUT_UPDATED);
	CHECK_INT(query_int(s, "SELECT count(*) FROM timexes"), 0);
	/* offsets past the body are refused */
	tx[0].end = 500;
	CHECK_INT(pl_store_put_timexes(s, info.id, b.body, b.body_len, &x, NULL, 0, &d), -1);
	CHECK_INT(d.nerrors, 1);
	pl_store_close(s);
	pl_diags_finish(&d);
}

/* Paragraphs, sentences and time expressions go in by multi-row INSERTs of
 * 32, 16, .. 1 rows: 63 of each use every size once, and the rows must come
 * out numbered and ordered as single INSERTs would give them. */
static void test_many_rows(void)
{
	enum { N = 63 };
	struct pl_buf body = PL_BUF_INIT;
	struct pl_range paras[N], sents[2 * N];
	struct pl_timex tx[N];
	char *values[N];
	for (size_t i = 0; i < N; i++) {
		if (i)
			pl_buf_puts(&body, "\n\n");
		size_t p0 = body.len;
		pl_buf_printf(&body, "Round %zu met on Monday.", i);
		sents[2 * i] = (struct pl_range){ p0, body.len };
		tx[i] = (struct pl_timex){ .start = body.len - 7, .end = body.len - 1, .type = PL_TIMEX_DATE,
					   .anchor = PL_ANCHOR_DCT, .rule_id = "time.weekday" };
		struct pl_buf v = PL_BUF_INIT;
		pl_buf_printf(&v, "2025-%02zu-%02zu", i / 28 + 1, i % 28 + 1);
		values[i] = tx[i].value = pl_buf_steal(&v);
		pl_buf_puts(&body, " Talks go on.");
		sents[2 * i + 1] = (struct pl_range){ body.len - 12, body.len };
		paras[i] = (struct pl_range){ p0, body.len };
	}
	struct pl_timexes x = { tx, N, N };
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	struct pl_article a = art("many.txt", body.p);
	CHECK_INT(pl_store_put(s, &a, paras, N, sents, 2 * N, &info, &d), 0);
	CHECK_INT(pl_store_put_timexes(s, info.id, body.p, body.len, &x, sents, 2 * N, &d), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM paragraphs"), N);
	CHECK_INT(query_int(s, "SELECT count(*) FROM sentences"), 2 * N);
	CHECK_INT(query_int(s, "SELECT count(*) FROM timexes"), N);
	/* numbering follows text order; each sentence in its paragraph */
	CHECK_INT(query_int(s, "SELECT count(*) FROM paragraphs p JOIN paragraphs q ON q.n = p.n + 1 "
			       "WHERE q.start <= p.start"), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM sentences WHERE paragraph IS NOT n / 2"), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM sentences t JOIN paragraphs p ON p.n = t.paragraph "
			       "WHERE t.start < p.start OR t.end > p.end"), 0);
	/* time expressions: ids in text order, each in its sentence, text sliced from the body */
	CHECK_INT(query_int(s, "SELECT count(*) FROM timexes t JOIN timexes u ON u.id > t.id "
			       "WHERE u.start <= t.start"), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM timexes WHERE text <> 'Monday' OR sentence % 2 <> 0"), 0);
	char *last = query_str(s, "SELECT value FROM timexes ORDER BY id DESC LIMIT 1");
	CHECK_STR(last, "2025-03-07");
	free(last);
	CHECK_INT(d.nerrors, 0);
	pl_store_close(s);
	pl_diags_finish(&d);
	for (size_t i = 0; i < N; i++)
		free(values[i]);
	pl_buf_free(&body);
}

static int count_each(const struct pl_stored *a, void *ud)
{
	struct pl_buf *out = ud;
	pl_stored_json(a, out);
	pl_buf_putc(out, '\n');
	return 0;
}

static void test_listing(void)
{
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(":memory:", &d);
	struct pl_put_info info;
	struct pl_article a = art("dated.txt", "Talks \"resumed\" on Monday.");
	a.title = "Talks resume";
	a.published = (struct pl_datetime){ 2025, 12, 15, 0, 0, 0, 0, false, PL_PREC_DAY };
	a.published_how = "option:--date";
	char *cap = "A caption";
	a.captions = &cap;
	a.ncaptions = 1;
	CHECK_INT(put(s, &a, &info), 0);
	struct pl_buf out = PL_BUF_INIT;
	CHECK_INT(pl_store_each(s, true, count_each, &out, &d), 0);
	CHECK(out.p && strstr(out.p, "\"title\":\"Talks resume\"") != NULL);
	CHECK(out.p && strstr(out.p, "\"published\":\"2025-12-15\",\"published_how\":\"option:--date\","
				     "\"published_precision\":\"day\"") != NULL);
	CHECK(out.p && strstr(out.p, "\"captions\":[\"A caption\"]") != NULL);
	CHECK(out.p && strstr(out.p, "\"body\":\"Talks \\\"resumed\\\" on Monday.\"") != NULL);
	CHECK(out.p && strstr(out.p, "\"wire_of\":null") != NULL);

	pl_buf_reset(&out);
	pl_article_json(&a, &out);
	CHECK_STR(out.p, "{\"title\":\"Talks resume\",\"source\":null,\"url\":null,\"published\":\"2025-12-15\","
			 "\"published_how\":\"option:--date\",\"published_precision\":\"day\",\"modified\":null,"
			 "\"byline\":null,\"dateline\":null,\"language\":null,\"format\":\"text\","
			 "\"origin\":\"dated.txt\",\"captions\":[\"A caption\"],"
			 "\"body\":\"Talks \\\"resumed\\\" on Monday.\"}");
	pl_buf_free(&out);
	pl_store_close(s);
	pl_diags_finish(&d);
}

static void test_normalize(void)
{
	struct pl_buf b = PL_BUF_INIT;
	static const char in[] = "  Hello,\t\xE2\x80\x9CWorld\xE2\x80\x9D \xE2\x80\x94 \xC3\x89t\xC3\xA9 2025!  ";
	pl_text_normalize(in, strlen(in), &b);
	CHECK_STR(b.p, "hello world \xC3\xA9t\xC3\xA9 2025");
	pl_buf_free(&b);
	char h1[17], h2[17];
	pl_content_hash("Talks in Berlin.", 16, h1);
	pl_content_hash("talks  in\nBERLIN", 16, h2);
	CHECK_STR(h1, h2);
	CHECK_INT(strlen(h1), 16);
}

int main(void)
{
	tmp_begin("store");
	RUN(test_schema_created);
	RUN(test_reopen_is_idempotent);
	RUN(test_migrates_empty_database);
	RUN(test_refuses_newer_and_foreign_files);
	RUN(test_duplicates_and_wire_copies);
	RUN(test_near_identical_wire_copy);
	RUN(test_update_replaces_in_place);
	RUN(test_undo_rolls_back_a_file);
	RUN(test_offsets_map_back);
	RUN(test_timexes);
	RUN(test_many_rows);
	RUN(test_listing);
	RUN(test_normalize);
	tmp_end();
	return check_done();
}
