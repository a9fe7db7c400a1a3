/* cmd_run.c - `parley run`: the main job in one go: ingest the inputs,
 * extract their events and draw the timeline, through the same calls as
 * `parley ingest`, `extract` and `render`. */
#include "commands.h"
#include "events_common.h"
#include "ingest_common.h"
#include "render_cli.h"

#include <stdlib.h>
#include <string.h>

/* Where the chart goes without -o: SVG keeps text, scales and opens anywhere. */
#define RUN_DEFAULT_OUTPUT "timeline.svg"

static const char help_head[] =
	"usage: parley run [--date DATE] [--saved-at TIME] [--source NAME] [FILTERS]\n"
	"                  [CHART OPTIONS] PATH... [-o FILE]\n"
	"\n"
	"The main job: ingests PATH... into the database (--db), extracts the events\n"
	"of every article not extracted yet with the current rules, and draws the\n"
	"events of the database as a timeline to FILE (default " RUN_DEFAULT_OUTPUT "; .svg,\n"
	".png or .pdf).  It does what `parley ingest PATH...`, `parley extract` and\n"
	"`parley render -o FILE` do one after the other; use a fresh --db to chart\n"
	"these inputs alone.\n"
	"\n"
	"Ingest options (as in parley ingest):\n"
	"  --date DATE       publication date for inputs that carry none\n"
	"  --saved-at TIME   when the pages were saved, for \"11 hours ago\"\n"
	"  --source NAME     the outlet, overriding what the inputs say\n"
	"\n";

static const char help_tail[] =
	"  -o, --output FILE   where to write (default " RUN_DEFAULT_OUTPUT ")\n"
	"\n"
	"Exit status: 0 all inputs stored and the chart written, 1 some inputs failed\n"
	"or no events to draw (no file is written then), 2 usage error.\n";

int cmd_run(struct cli_globals *g, int argc, char **argv)
{
	struct render_cli r;
	struct cli_job job = { 0 };
	const char **paths = calloc((size_t)argc, sizeof *paths);
	int rc = EXIT_USAGE;
	render_cli_init(&r);
	if (!paths) {
		rc = cli_usage_error("run", "out of memory");
		goto out;
	}
	for (int i = 1; i < argc;) {
		if (cli_is_help(argv[i])) {
			render_cli_print_help(help_head, help_tail);
			rc = EXIT_OK;
			goto out;
		}
		int k = cli_ingest_option("run", argc, argv, &i, &job.opts);
		if (k == 0)
			k = render_cli_option("run", argc, argv, &i, &r);
		if (k < 0)
			goto out;
		if (k > 0)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			rc = cli_usage_error("run", "unknown option '%s'", argv[i]);
			goto out;
		}
		paths[job.npaths++] = argv[i++];
	}
	if (job.npaths == 0) {
		rc = cli_usage_error("run", "no inputs: give files or directories to read");
		goto out;
	}
	if (!r.output)
		r.output = RUN_DEFAULT_OUTPUT;
	if ((rc = render_cli_check("run", &r)) != EXIT_OK)
		goto out;
	job.paths = paths;
	struct pl_import_stats st;
	bool ready;
	int rc_ingest = cli_run_import(g, &job, 1, true, true, &st, &ready);
	if (!ready) { /* the rules or the database failed: said once, not again per stage */
		rc = rc_ingest;
		goto out;
	}
	/* Inputs that failed are reported; the others still make a chart. */
	int rc_extract = cli_extract(g, false, true);
	rc = render_cli_run(g, "run", &r);
	if (rc == EXIT_OK && (rc_ingest != EXIT_OK || rc_extract != EXIT_OK))
		rc = EXIT_INPUT;
out:
	render_cli_finish(&r);
	free(paths);
	return rc;
}
