/* cmd_places.c - `parley places`: every place the events of the database name, with counts. */
#include "commands.h"
#include "events_common.h"

static const char help[] =
	"usage: parley places [--format table|csv]\n"
	"\n"
	"Lists every place named by the events of the database\n"
	"(--db), most events first: the number of events and of mentions behind\n"
	"them, the country code and coordinates, and the canonical name.\n"
	"\n"
	"Exit status: 0 listed, 1 database error, 2 usage.\n";

int cmd_places(struct cli_globals *g, int argc, char **argv)
{
	return cli_found_main(g, argc, argv, true, help);
}
