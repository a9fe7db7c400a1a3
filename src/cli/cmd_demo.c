/* cmd_demo.c - `parley demo`: the main job on the bundled demo articles (data/demo). */
#include "commands.h"
#include "ingest_common.h"

#include <string.h>

static const char help[] =
	"usage: parley demo\n"
	"\n"
	"Runs the main job on the bundled demo articles (data/demo, or\n"
	"$PARLEY_DATA_DIR/demo): ingests them into the database (--db, default\n"
	"parley.db) and prints a summary of what the database holds.\n"
	"Running it again stores nothing new (every article is a duplicate).\n"
	"\n"
	"Exit status: 0 done, 1 some inputs failed, 2 usage error.\n";

int cmd_demo(struct cli_globals *g, int argc, char **argv)
{
	if (argc > 1 && cli_is_help(argv[1])) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("demo", "takes no arguments");
	struct pl_buf dir = PL_BUF_INIT;
	pl_buf_printf(&dir, "%s/demo", g->data_dir);
	const char *paths[] = { dir.p };
	struct pl_ingest_opts io = { 0 };
	struct pl_import_stats st;
	int rc = cli_run_import(g, paths, 1, &io, false, &st);

	struct pl_diags d;
	struct pl_store_counts c;
	pl_diags_init(&d);
	struct pl_store *s = pl_store_open(g->db, &d);
	if (s && pl_store_counts(s, &c, &d) == 0) {
		printf("parley demo: %zu files from %s into %s\n", st.files, dir.p, g->db);
		printf("  this run: %llu articles read: %llu stored, %llu duplicates, %llu wire copies, "
		       "%zu files failed\n",
		       (unsigned long long)st.articles, (unsigned long long)(st.stored + st.updated),
		       (unsigned long long)st.duplicates, (unsigned long long)st.wire_copies,
		       st.files_failed);
		printf("  database: %lld articles (%lld wire copies) from %lld sources, %lld dated;\n"
		       "            %lld paragraphs, %lld sentences, %lld captions\n",
		       (long long)c.articles, (long long)c.wire_copies, (long long)c.sources,
		       (long long)c.dated, (long long)c.paragraphs, (long long)c.sentences,
		       (long long)c.captions);
		printf("  list them with: parley --db %s articles\n", g->db);
	} else if (rc == EXIT_OK) {
		rc = EXIT_INPUT;
	}
	cli_print_diags(&d);
	pl_store_close(s);
	pl_diags_finish(&d);
	pl_buf_free(&dir);
	return rc;
}
