/* cmd_extract.c - `parley extract`: (re)extract event mentions from stored articles and merge them. */
#include "commands.h"
#include "events_common.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
	"usage: parley [--rules DIR]... extract [--all]\n"
	"\n"
	"Runs the event rules (rules/ and every --rules DIR) over the stored\n"
	"articles of the database (--db) and merges the mentions into events.\n"
	"Only articles the current rules have not extracted yet are read: never\n"
	"extracted, or extracted by other rules or reference data (a fingerprint of\n"
	"the rule files and data/actors, data/places tells).  What the old rules\n"
	"produced for those articles is replaced, and only that: articles, their\n"
	"sentences and time expressions stay; events are recomputed.\n"
	"\n"
	"  --all   extract every article again, whatever rules extracted it\n"
	"\n"
	"Exit status: 0 done, 1 a rule, data or database error, 2 usage.\n";

int cmd_extract(struct cli_globals *g, int argc, char **argv)
{
	bool all = false;
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--all") == 0)
			all = true;
		else
			return cli_usage_error("extract", "unknown argument '%s'", argv[i]);
	}
	return cli_extract(g, all, true);
}
