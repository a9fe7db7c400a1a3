/* cmd_ingest.c - `parley ingest`: parse inputs and store their articles. */
#include "commands.h"
#include "events_common.h"
#include "ingest_common.h"
#include "parley/time.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: parley ingest [--date DATE] [--saved-at TIME] [--source NAME] [--no-extract] PATH...\n"
	"\n"
	"Parses each input and stores its articles, paragraphs, sentences and time\n"
	"expressions (grounded on each article's publication date) in the\n"
	"database (--db).  PATH is a file, a directory (read recursively, in name\n"
	"order, skipping dot files and README*, MANIFEST*, LICENSE*) or - for\n"
	"standard input; .gz files are unpacked.\n"
	"The format (text, HTML, RSS, Atom, NITF, NewsML-G2, JSON Lines) is detected\n"
	"from the content.  An article already stored is not stored again; the same\n"
	"text from another outlet is stored as a wire copy linked to the first.\n"
	"\n"
	"Options:\n"
	"  --date DATE       publication date for inputs that carry none,\n"
	"                    YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]]\n"
	"  --saved-at TIME   when the pages were saved, for \"11 hours ago\" (same form)\n"
	"  --source NAME     the outlet, overriding what the inputs say\n"
	"  --no-extract      store the articles only, without tagging their time\n"
	"                    expressions (rules/time*.rules) into the database\n"
	"                    or extracting their events (else `parley extract` runs\n"
	"                    on the articles the current rules have not read)\n"
	"\n"
	"A progress line is drawn on a terminal; a summary follows unless -q.\n"
	"Exit status: 0 all inputs stored, 1 some failed (the others are stored),\n"
	"2 usage error.\n";

static void add_stats(struct pl_import_stats *t, const struct pl_import_stats *a)
{
	t->files += a->files;
	t->files_failed += a->files_failed;
	t->articles += a->articles;
	t->stored += a->stored;
	t->updated += a->updated;
	t->duplicates += a->duplicates;
	t->wire_copies += a->wire_copies;
	t->bytes += a->bytes;
}

/* See ingest_common.h. */
int cli_run_import(struct cli_globals *g, const struct cli_job *jobs, size_t njobs, bool extract,
		   bool summary, struct pl_import_stats *st, bool *ready)
{
	static const char *const time_rules[] = { "common", "time" };
	struct pl_diags d;
	struct cli_progress prog;
	pl_diags_init(&d);
	cli_progress_init(&prog, g, &d);
	int rc = EXIT_INPUT, r = 0;
	struct pl_store *s = NULL;
	struct pl_ruleset *rs = NULL;
	struct pl_tagger *tagger = NULL;
	memset(st, 0, sizeof *st);
	*ready = false;
	struct pl_textlists *tl = cli_load_textlists(g, &d);
	struct pl_boiler *boiler = cli_load_boiler(g, &d);
	if (!boiler || !tl)
		goto out;
	if (extract) {
		rs = pl_rules_load_prefixed(g->rules_shipped, g->rule_dirs, g->nrule_dirs, time_rules, 2, &d);
		if (!rs || d.nerrors || !(tagger = pl_tagger_create(rs)))
			goto out;
	}
	if (!(s = pl_store_open(g->db, &d)))
		goto out;
	*ready = true;
	for (size_t j = 0; j < njobs && r >= 0; j++) {
		struct pl_import_opts o = { .ingest = jobs[j].opts, .progress = cli_progress_report,
					    .progress_ud = &prog };
		if (tagger) {
			o.after_put = pl_store_timex_hook;
			o.after_put_ud = tagger;
		}
		struct pl_import_stats one;
		o.ingest.boiler = boiler;
		o.ingest.textlists = tl;
		int rj = pl_import(s, jobs[j].paths, jobs[j].npaths, &o, &one, &d);
		add_stats(st, &one);
		if (rj != 0)
			r = rj;
	}
	cli_progress_finish(&prog);
	if (summary && !g->quiet) {
		fprintf(stderr, "%llu stored, %llu duplicates, %llu wire copies, %zu failed",
			(unsigned long long)(st->stored + st->updated),
			(unsigned long long)st->duplicates, (unsigned long long)st->wire_copies,
			st->files_failed);
		if (st->updated)
			fprintf(stderr, " (%llu updated)", (unsigned long long)st->updated);
		fputc('\n', stderr);
	}
	rc = r == 0 && d.nerrors == 0 ? EXIT_OK : EXIT_INPUT;
out:
	cli_progress_finish(&prog);
	pl_store_close(s);
	pl_tagger_destroy(tagger);
	pl_rules_destroy(rs);
	pl_boiler_destroy(boiler);
	cli_drop_textlists(tl);
	pl_diags_finish(&d);
	return rc;
}

int cmd_ingest(struct cli_globals *g, int argc, char **argv)
{
	struct pl_ingest_opts io = { 0 };
	const char **paths = calloc((size_t)argc, sizeof *paths);
	size_t npaths = 0;
	bool options = true, extract = true;
	int rc = EXIT_USAGE;
	if (!paths)
		return EXIT_INPUT;
	for (int i = 1; i < argc;) {
		const char *a = argv[i];
		if (options && cli_is_help(a)) {
			fputs(help, stdout);
			rc = EXIT_OK;
			goto out;
		}
		if (options && strcmp(a, "--") == 0) {
			options = false;
			i++;
			continue;
		}
		if (options && strcmp(a, "--no-extract") == 0) {
			extract = false;
			i++;
			continue;
		}
		int r = options ? cli_ingest_option("ingest", argc, argv, &i, &io) : 0;
		if (r < 0)
			goto out;
		if (r > 0)
			continue;
		if (options && a[0] == '-' && a[1] != '\0') {
			rc = cli_usage_error("ingest", "unknown option '%s'", a);
			goto out;
		}
		paths[npaths++] = a;
		i++;
	}
	if (npaths == 0) {
		rc = cli_usage_error("ingest", "no PATH given");
		goto out;
	}
	struct pl_import_stats st;
	struct cli_job job = { paths, npaths, io };
	bool ready;
	rc = cli_run_import(g, &job, 1, extract, true, &st, &ready);
	if (extract && ready) {
		/* events of the articles just stored (events_common.h, owner: eventstore) */
		int rx = cli_extract(g, false, true);
		if (rx > rc)
			rc = rx;
	}
out:
	free(paths);
	return rc;
}
