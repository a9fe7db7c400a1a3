/* cmd_demo.c - `parley demo`: the main job on the bundled demo articles (data/demo). */
#include "commands.h"
#include "events_common.h"
#include "ingest_common.h"
#include "render_cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
	"usage: parley demo\n"
	"\n"
	"Runs the main job on the bundled demo articles (data/demo, or\n"
	"$PARLEY_DATA_DIR/demo): ingests them into the database (--db, default\n"
	"parley.db), each with the options its row of demo/MANIFEST.tsv gives\n"
	"(--date, --saved-at), extracts and merges their events, and prints a\n"
	"summary of what the database holds and the events; then draws the\n"
	"timeline beside the database: demo-timeline.svg, .png and .pdf and a\n"
	"handout, demo-handout.pdf.\n"
	"Running it again stores nothing new (every article is a duplicate).\n"
	"\n"
	"Exit status: 0 done, 1 some inputs failed, 2 usage error.\n";

/* The demo's inputs: one job per file named in MANIFEST.tsv, in its order. */
struct plan {
	struct cli_job *jobs;
	char **paths; /* owned, one per job */
	size_t n, cap;
};

static void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->paths[i]);
	free(p->paths);
	free(p->jobs);
}

static int plan_add(struct plan *p, const char *dir, const char *file, size_t flen,
		    const struct pl_ingest_opts *o)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct cli_job *j = realloc(p->jobs, cap * sizeof *j);
		if (j)
			p->jobs = j;
		char **s = realloc(p->paths, cap * sizeof *s);
		if (s)
			p->paths = s;
		if (!j || !s)
			return -1;
		p->cap = cap;
	}
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_printf(&b, "%s/%.*s", dir, (int)flen, file);
	if (!(p->paths[p->n] = pl_buf_steal(&b)))
		return -1;
	p->jobs[p->n] = (struct cli_job){ NULL, 1, *o };
	p->n++;
	return 0;
}

/* Read MANIFEST.tsv (comment lines '#', a header row "file\t...", then
 * file, format, outlet, published, date_from, options, exercises): one job per
 * distinct file ("feed.xml#2" is the feed's 2nd item), with its options. */
static int read_manifest(const char *dir, const char *manifest, struct plan *p)
{
	struct pl_diags d;
	struct pl_buf text = PL_BUF_INIT;
	int rc = -1;
	unsigned line = 0;
	pl_diags_init(&d);
	if (pl_read_file(manifest, 1u << 20, &text, &d) < 0) {
		cli_print_diags(&d);
		goto out;
	}
	for (char *ln = text.p, *next; ln && *ln; ln = next) {
		next = strchr(ln, '\n');
		if (next)
			*next++ = '\0';
		line++;
		if (*ln == '#' || *ln == '\0' || strncmp(ln, "file\t", 5) == 0)
			continue;
		char *col[7] = { 0 };
		size_t ncol = 0;
		for (char *c = ln; c && ncol < 7; ncol++) {
			col[ncol] = c;
			c = strchr(c, '\t');
			if (c)
				*c++ = '\0';
		}
		if (ncol < 6) {
			fprintf(stderr, "%s:%u: error: expected 7 tab-separated columns\n", manifest, line);
			goto out;
		}
		size_t flen = strcspn(col[0], "#");
		if (p->n && strlen(p->paths[p->n - 1]) == strlen(dir) + 1 + flen &&
		    strncmp(p->paths[p->n - 1] + strlen(dir) + 1, col[0], flen) == 0)
			continue; /* another item of the same feed */
		/* options: "-" or words such as "--date 2025-12-03" */
		char *argv[10] = { "demo" };
		int argc = 1;
		for (char *w = col[5]; *w && argc < 10;) {
			size_t k = strcspn(w, " ");
			bool last = w[k] == '\0';
			w[k] = '\0';
			if (k && strcmp(w, "-") != 0)
				argv[argc++] = w;
			w += k + !last;
		}
		struct pl_ingest_opts o = { 0 };
		for (int i = 1; i < argc;)
			if (cli_ingest_option("demo", argc, argv, &i, &o) <= 0) {
				fprintf(stderr, "%s:%u: error: bad options for %s\n", manifest, line, col[0]);
				goto out;
			}
		if (plan_add(p, dir, col[0], flen, &o) < 0) {
			fprintf(stderr, "parley demo: out of memory\n");
			goto out;
		}
	}
	for (size_t i = 0; i < p->n; i++)
		p->jobs[i].paths = (const char *const *)&p->paths[i];
	rc = 0;
out:
	pl_buf_free(&text);
	pl_diags_finish(&d);
	return rc;
}

int cmd_demo(struct cli_globals *g, int argc, char **argv)
{
	if (argc > 1 && cli_is_help(argv[1])) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("demo", "takes no arguments");
	struct pl_buf dir = PL_BUF_INIT, manifest = PL_BUF_INIT;
	struct plan plan = { 0 };
	struct pl_import_stats st;
	int rc = EXIT_INPUT;
	pl_buf_printf(&dir, "%s/demo", g->data_dir);
	pl_buf_printf(&manifest, "%s/MANIFEST.tsv", dir.p);
	const char *whole[] = { dir.p };
	struct cli_job all = { .paths = whole, .npaths = 1 };
	bool ready;
	if (access(manifest.p, F_OK) == 0) {
		if (read_manifest(dir.p, manifest.p, &plan) < 0)
			goto out;
		rc = cli_run_import(g, plan.jobs, plan.n, true, false, &st, &ready);
	} else {
		rc = cli_run_import(g, &all, 1, true, false, &st, &ready);
	}
	if (!ready) /* the rules or the database failed: said once, not again per stage */
		goto out;

	/* events of the demo articles (events_common.h, owner: eventstore) */
	int rx = cli_extract(g, false, false);
	if (rx > rc)
		rc = rx;
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
		       "            %lld paragraphs, %lld sentences, %lld captions, %lld time expressions\n",
		       (long long)c.articles, (long long)c.wire_copies, (long long)c.sources,
		       (long long)c.dated, (long long)c.paragraphs, (long long)c.sentences,
		       (long long)c.captions, (long long)c.timexes);
		printf("  list them with: parley --db %s articles\n", g->db);
		printf("\nEvents (parley --db %s events; parley --db %s show ID):\n", g->db, g->db);
		fflush(stdout);
		int re = cli_print_events(g, NULL, "table", false);
		if (re > rc)
			rc = re;
		/* the timeline charts beside the database (render_cli.h, owner: backends);
		 * what they report is printed, the demo's status stays that of its data */
		printf("\nCharts (parley render --help):\n");
		fflush(stdout);
		render_cli_demo(g);
	} else if (rc == EXIT_OK) {
		rc = EXIT_INPUT;
	}
	cli_print_diags(&d);
	pl_store_close(s);
	pl_diags_finish(&d);
out:
	plan_free(&plan);
	pl_buf_free(&dir);
	pl_buf_free(&manifest);
	return rc;
}
