/* ingest_common.h - what `parley ingest`, `text` and `demo` share: the ingest
 * options (--date, --saved-at, --source), boilerplate rules, diagnostics
 * printed as they arrive, and the progress line. */
#ifndef PARLEY_CLI_INGEST_COMMON_H
#define PARLEY_CLI_INGEST_COMMON_H

#include "cli.h"
#include "parley/store.h"

/* Strictly YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]] with real calendar values. */
bool cli_parse_date(const char *s, struct pl_datetime *dt);

/* If argv[*i] is --date, --saved-at or --source, consume it into *o and
 * return 1; 0 when it is another argument; -1 after a usage message. */
int cli_ingest_option(const char *cmd, int argc, char **argv, int *i, struct pl_ingest_opts *o);

/* --format with one of two values: like cli_ingest_option, for "--format
 * FIRST|SECOND" (sets *format); -1 after a usage message for another value. */
int cli_format_option(const char *cmd, int argc, char **argv, int *i, const char *first,
		      const char *second, const char **format);

/* Compile the boilerplate phrase rules of the shipped rules/ and every --rules
 * directory (later ones override).  Caller destroys; NULL after diagnostics. */
struct pl_boiler *cli_load_boiler(const struct cli_globals *g, struct pl_diags *d);

/* Read the word lists of the text readers (rules/text/ of the shipped rules/
 * and every --rules directory) and make them the library's default, so every
 * stage splits sentences with them.  Undo with cli_drop_textlists.  NULL
 * after diagnostics naming the list. */
struct pl_textlists *cli_load_textlists(const struct cli_globals *g, struct pl_diags *d);
void cli_drop_textlists(struct pl_textlists *tl); /* NULL ok */

/* Print the diagnostics d->v[*printed..] to stderr and advance *printed. */
void cli_print_new_diags(const struct pl_diags *d, size_t *printed);

/* The progress line of a long ingest, on a terminal only. */
struct cli_progress {
	bool on;              /* stderr is a terminal and not -q */
	bool shown;           /* a line is on screen (to be cleared before other output) */
	double start, last;   /* monotonic seconds */
	const struct pl_diags *d;
	size_t printed;       /* diagnostics already printed */
};
void cli_progress_init(struct cli_progress *p, const struct cli_globals *g, const struct pl_diags *d);
/* pl_progress_fn: prints new diagnostics, then redraws the line (at most 10 times a second). */
void cli_progress_report(const struct pl_import_progress *ip, void *ud);
/* Clear the line and print any diagnostics not printed yet. */
void cli_progress_finish(struct cli_progress *p);

/* One pl_import call: inputs and the options they are read with. */
struct cli_job {
	const char *const *paths;
	size_t npaths;
	struct pl_ingest_opts opts; /* .boiler is filled in by cli_run_import */
};

/* Import the jobs, in order, into g->db, tagging and storing time
 * expressions when `extract`, printing diagnostics as they come, the progress
 * line and, when `summary` and not -q, the line "N stored, N duplicates, N
 * wire copies, N failed"; fills *st with the totals.  *ready is set to false
 * when nothing could be read because the rules or the database failed (said
 * on stderr): later stages on the same database would only say it again.
 * Returns the exit code (cmd_ingest.c). */
int cli_run_import(struct cli_globals *g, const struct cli_job *jobs, size_t njobs, bool extract,
		   bool summary, struct pl_import_stats *st, bool *ready);

#endif
