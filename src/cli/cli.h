/* cli.h - shared pieces of the parley command line: global options, command
 * table entries, diagnostic printing.  No pipeline logic lives here: commands
 * parse arguments and call the library. */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include "parley/util.h"

#include <stdio.h>

/* Exit codes (DEVELOPERS brief): 0 all good, 1 some inputs failed, 2 usage. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* Options that come before or after the subcommand name. */
struct cli_globals {
	const char *db;          /* --db FILE, else $PARLEY_DB, else "parley.db" */
	const char **rule_dirs;  /* --rules DIR (repeatable), then $PARLEY_RULES (colon-separated) */
	size_t nrule_dirs;
	const char *rules_shipped; /* shipped rules/ directory ($PARLEY_RULES_DIR or the build's) */
	const char *data_dir;      /* shipped data/ directory ($PARLEY_DATA_DIR or the build's) */
	bool quiet;
};

/* A subcommand: argv[0] is the command name; returns an exit code. */
struct cli_command {
	const char *name;
	const char *summary; /* one line for `parley --help` */
	int (*run)(struct cli_globals *g, int argc, char **argv);
};

struct pl_store;
/* Open g->db for a command that only reads it (events, show, render...): a
 * path that does not exist is an error naming it, "no database here", and no
 * file is made, so a mistyped --db never leaves an empty database behind.
 * NULL after a diagnostic in d; caller closes with pl_store_close. */
struct pl_store *cli_open_existing(const struct cli_globals *g, struct pl_diags *d);

/* Print every diagnostic in d to stderr (GNU style); returns d->nerrors. */
size_t cli_print_diags(const struct pl_diags *d);
/* "parley CMD: message" on stderr, then returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv[i] is -h or --help. */
bool cli_is_help(const char *arg);
/* For option parsing: if argv[*i] is `--name VALUE` or `--name=VALUE`, set *val,
 * advance *i past it and return 1; return -1 (after a usage message) when the
 * value is missing; 0 when argv[*i] is not this option. */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);

#endif
