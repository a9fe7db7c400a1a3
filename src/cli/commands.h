/* commands.h - the command table: one X(name, function, summary) per subcommand.
 * Each command lives in its own cmd_<name>.c. */
#ifndef PARLEY_COMMANDS_H
#define PARLEY_COMMANDS_H

#include "cli.h"

#define PARLEY_COMMANDS(X) \
	X("version", cmd_version, "print the version") \
	X("ingest", cmd_ingest, "parse inputs and store their articles") \
	X("text", cmd_text, "print what ingest makes of one input, without storing") \
	X("articles", cmd_articles, "list the stored articles") \
	X("demo", cmd_demo, "the main job on the bundled demo articles") \
	X("timex", cmd_timex, "tag and normalize the time expressions of plain text") \
	X("extract", cmd_extract, "extract event mentions from stored articles and merge them") \
	X("events", cmd_events, "list the merged events, filtered") \
	X("show", cmd_show, "print one event with all its evidence") \
	X("actors", cmd_actors, "list the actors the events name, with counts") \
	X("places", cmd_places, "list the places the events name, with counts") \
	X("rules", cmd_rules, "check rule files and run their examples") \
	X("render", cmd_render, "draw the stored events as an SVG, PNG or PDF timeline") \
	X("run", cmd_run, "ingest, extract and render in one go: the main job")

int cmd_version(struct cli_globals *g, int argc, char **argv);
int cmd_ingest(struct cli_globals *g, int argc, char **argv);
int cmd_text(struct cli_globals *g, int argc, char **argv);
int cmd_articles(struct cli_globals *g, int argc, char **argv);
int cmd_demo(struct cli_globals *g, int argc, char **argv);
int cmd_timex(struct cli_globals *g, int argc, char **argv);
int cmd_rules(struct cli_globals *g, int argc, char **argv);
int cmd_extract(struct cli_globals *g, int argc, char **argv);
int cmd_events(struct cli_globals *g, int argc, char **argv);
int cmd_show(struct cli_globals *g, int argc, char **argv);
int cmd_actors(struct cli_globals *g, int argc, char **argv);
int cmd_places(struct cli_globals *g, int argc, char **argv);
int cmd_render(struct cli_globals *g, int argc, char **argv);
int cmd_run(struct cli_globals *g, int argc, char **argv);

#endif
