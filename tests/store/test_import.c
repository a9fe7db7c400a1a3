/* test_import.c - the ingest driver: walk order, stats, progress, batches, undo of a failed file, big files. */
#include "store_test.h"

#include <string.h>
#include <sys/stat.h>

static void write_file(const char *name, const char *text, size_t n)
{
	FILE *f = fopen(tmp_path(name), "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	fwrite(text, 1, n, f);
	fclose(f);
}

/* An RSS feed of `n` items with distinct texts (item i says "number i"). */
static void write_feed(const char *name, const char *outlet, int n)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_printf(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>%s</title>\n", outlet);
	for (int i = 1; i <= n; i++)
		pl_buf_printf(&b, "<item><title>%s item %d</title><pubDate>Mon, 15 Dec 2025 10:%02d:00 GMT</pubDate>"
			      "<description>The %s story number %d about talks in Berlin. Envoys met on Monday.</description></item>\n",
			      outlet, i, i, outlet, i);
	pl_buf_puts(&b, "</channel></rss>\n");
	write_file(name, b.p, b.len);
	pl_buf_free(&b);
}

struct hook {
	int calls;
	const char *fail_origin; /* fail the file when this article comes */
	size_t progress_calls, last_done, last_total;
};

static int after_put(struct pl_store *s, const struct pl_put_info *info, const struct pl_article *a,
		     const struct pl_range *sents, size_t nsent, void *ud, struct pl_diags *d)
{
	struct hook *h = ud;
	h->calls++;
	CHECK(info->id > 0);
	CHECK(nsent >= 1 && sents[0].end <= a->body_len);
	if (h->fail_origin && strcmp(a->origin, h->fail_origin) == 0) {
		pl_error(d, a->origin, "the later stage refused this article");
		return 1;
	}
	return 0;
}

static void progress(const struct pl_import_progress *p, void *ud)
{
	struct hook *h = ud;
	h->progress_calls++;
	CHECK(p->files_done <= p->files_total);
	h->last_done = p->files_done;
	h->last_total = p->files_total;
}

static void test_import_walk_and_undo(void)
{
	mkdir(tmp_path("in"), 0755);
	mkdir(tmp_path("in/sub"), 0755);
	write_feed("in/a.xml", "Alpha", 3);
	write_feed("in/sub/b.xml", "Beta", 2);
	write_feed("in/c.xml", "Gamma", 4);
	write_file("in/README.md", "# not an article\n", 17);
	static const char binary[] = "\x00\x01\x02\x03 binary \x00\xff";
	write_file("in/d.xml", binary, sizeof binary);

	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(tmp_path("import.db"), &d);
	CHECK(s != NULL);
	if (!s)
		return;
	/* refuse the 3rd item of c.xml: the whole of c.xml must be undone */
	char fail[160];
	snprintf(fail, sizeof fail, "%s/in/c.xml#3", tmpdir);
	struct hook h = { .fail_origin = fail };
	struct pl_import_opts o = { .batch = 1, .progress = progress, .progress_ud = &h,
				    .after_put = after_put, .after_put_ud = &h };
	struct pl_import_stats st;
	char missing[160];
	snprintf(missing, sizeof missing, "%s", tmp_path("missing.xml"));
	const char *paths[] = { tmp_path("in"), missing };
	CHECK_INT(pl_import(s, paths, 2, &o, &st, &d), 1);
	/* a.xml, c.xml, d.xml, sub/b.xml (sorted; README skipped), missing.xml */
	CHECK_INT(st.files, 5);
	CHECK_INT(st.files_failed, 3); /* c.xml (refused), d.xml (binary), missing.xml */
	CHECK_INT(st.stored, 5);       /* 3 from a.xml + 2 from sub/b.xml */
	CHECK_INT(h.calls, 3 + 3 + 2); /* a.xml, c.xml up to its 3rd item, b.xml */
	CHECK_INT(h.last_done, 5);
	CHECK_INT(h.last_total, 5);
	CHECK(h.progress_calls >= 5);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 5);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles WHERE origin LIKE '%c.xml%'"), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM sentences"), 10);
	int errs_c = 0, errs_d = 0, errs_m = 0;
	for (size_t i = 0; i < d.n; i++) {
		const char *f = d.v[i].file ? d.v[i].file : "";
		errs_c += strstr(f, "c.xml") != NULL;
		errs_d += strstr(f, "d.xml") != NULL;
		errs_m += strstr(f, "missing.xml") != NULL;
	}
	CHECK(errs_c >= 1 && errs_d >= 1 && errs_m >= 1);

	/* the same run again, nothing refused: c.xml goes in, the rest is duplicate */
	pl_diags_finish(&d);
	pl_diags_init(&d);
	h.fail_origin = NULL;
	CHECK_INT(pl_import(s, paths, 1, &o, &st, &d), 1); /* d.xml still fails */
	CHECK_INT(st.stored, 4);
	CHECK_INT(st.duplicates, 5);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 9);
	CHECK_INT(query_int(s, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	pl_store_close(s);
	pl_diags_finish(&d);
}

/* A feed larger than SMALL_FILE (256 KiB) is imported with the statement
 * journal on disk, in a transaction of its own; small files before and after
 * it share the batch's.  A refused big file is undone whole either way, and
 * the connection's temp_store is the default again afterwards. */
static void test_import_big_file(void)
{
	mkdir(tmp_path("big"), 0755);
	write_feed("big/a.xml", "Small", 2);
	write_feed("big/b.xml", "Large", 1500); /* about 400 KiB */
	write_feed("big/c.xml", "Tiny", 2);
	struct stat sb;
	CHECK(stat(tmp_path("big/b.xml"), &sb) == 0 && sb.st_size > (256 << 10));
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(tmp_path("big.db"), &d);
	CHECK(s != NULL);
	if (!s)
		return;
	char fail[160];
	snprintf(fail, sizeof fail, "%s/big/b.xml#1400", tmpdir);
	struct hook h = { .fail_origin = fail };
	struct pl_import_opts o = { .after_put = after_put, .after_put_ud = &h };
	struct pl_import_stats st;
	const char *paths[] = { tmp_path("big") };
	CHECK_INT(pl_import(s, paths, 1, &o, &st, &d), 1);
	CHECK_INT(st.files_failed, 1);
	CHECK_INT(st.stored, 4);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 4);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles WHERE origin LIKE '%b.xml%'"), 0);
	CHECK_INT(query_int(s, "PRAGMA temp_store"), 0);
	h.fail_origin = NULL;
	pl_diags_finish(&d);
	pl_diags_init(&d);
	CHECK_INT(pl_import(s, paths, 1, &o, &st, &d), 0);
	CHECK_INT(st.stored, 1500);
	CHECK_INT(st.duplicates, 4);
	CHECK_INT(query_int(s, "SELECT count(*) FROM articles"), 1504);
	CHECK_INT(query_int(s, "PRAGMA temp_store"), 0);
	CHECK_INT(query_int(s, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), 0);
	pl_store_close(s);
	pl_diags_finish(&d);
}

int main(void)
{
	tmp_begin("import");
	RUN(test_import_walk_and_undo);
	RUN(test_import_big_file);
	tmp_end();
	return check_done();
}
