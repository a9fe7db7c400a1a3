/* cmd_events.c - `parley events`: list the merged events, filtered, as a table, CSV, JSON or JSON Lines. */
#include "commands.h"
#include "events_common.h"

#include <stdio.h>
#include <string.h>

static const char help_head[] =
	"usage: parley events [FILTERS] [--format table|csv|json|jsonl]\n"
	"\n"
	"Lists the events of the database (--db), merged across articles, by date\n"
	"(undated last).\n"
	"\n";
static const char help_tail[] =
	"\n"
	"Formats:\n"
	"  table   id, date[/end], type, status, label, actors, place,\n"
	"          mentions/articles/outlets, confidence (default)\n"
	"  csv     one row per event with a header; actors and topics joined by \"; \",\n"
	"          sources (article origins) by spaces\n"
	"  json    an array of events: id, type, plover, cameo, date, date_end,\n"
	"          precision, date_source, date_mod, status, label, actors [{name,\n"
	"          country, role, title}], location {name, country, lat, lon} or null,\n"
	"          topics, confidence, counts {mentions, articles, outlets}, sources\n"
	"          [{article, title, source, published, sentence, start, end, rule,\n"
	"          caption}]\n"
	"  jsonl   the same objects, one per line\n"
	"\n"
	"Exit status: 0 listed (also when nothing matches), 1 database error, 2 usage.\n";

int cmd_events(struct cli_globals *g, int argc, char **argv)
{
	struct pl_event_filter f = { 0 };
	const char *format = "table";
	for (int i = 1; i < argc;) {
		const char *v;
		int r;
		if (cli_is_help(argv[i])) {
			fputs(help_head, stdout);
			fputs(cli_event_filter_help, stdout);
			fputs(help_tail, stdout);
			return EXIT_OK;
		}
		if ((r = cli_event_filter_option("events", argc, argv, &i, &f)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		if ((r = cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			if (strcmp(v, "table") && strcmp(v, "csv") && strcmp(v, "json") &&
			    strcmp(v, "jsonl"))
				return cli_usage_error("events", "--format must be table, csv, json "
								 "or jsonl, not '%s'", v);
			format = v;
			continue;
		}
		return cli_usage_error("events", "unknown argument '%s'", argv[i]);
	}
	return cli_print_events(g, &f, format, false);
}
