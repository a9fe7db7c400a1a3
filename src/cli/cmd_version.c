/* cmd_version.c - `parley version`: the version and the libraries it was built with. */
#include "commands.h"

#include <cairo.h>
#include <libxml/xmlversion.h>
#include <pcre2.h>
#include <sqlite3.h>
#include <zlib.h>

int cmd_version(struct cli_globals *g, int argc, char **argv)
{
	(void)g;
	if (argc > 1 && cli_is_help(argv[1])) {
		puts("usage: parley version\n\nPrints parley's version and its libraries' versions.");
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("version", "takes no arguments");
	printf("parley %s\n", PARLEY_VERSION);
	printf("sqlite %s, pcre2 %d.%d, libxml2 %s, cairo %s, zlib %s\n", sqlite3_libversion(),
	       PCRE2_MAJOR, PCRE2_MINOR, LIBXML_DOTTED_VERSION, cairo_version_string(), zlibVersion());
	return EXIT_OK;
}
