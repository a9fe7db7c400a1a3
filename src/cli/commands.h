/* commands.h - the command table: one X(name, function, summary) per subcommand.
 * Each command lives in its own cmd_<name>.c. */
#ifndef PARLEY_COMMANDS_H
#define PARLEY_COMMANDS_H

#include "cli.h"

#define PARLEY_COMMANDS(X) \
	X("version", cmd_version, "print the version")

int cmd_version(struct cli_globals *g, int argc, char **argv);

#endif
