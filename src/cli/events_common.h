/* events_common.h - what `parley extract`, `events`, `show`, `actors`, `places`, `ingest`,
 * `demo` (and `render`) share: the event filter options, extraction runs, event printing. */
#ifndef PARLEY_CLI_EVENTS_COMMON_H
#define PARLEY_CLI_EVENTS_COMMON_H

#include "cli.h"
#include "parley/eventstore.h"

/* Help text of the filter options, for command help screens. */
extern const char cli_event_filter_help[];

/* If argv[*i] is one of --actor, --country, --place, --type, --status,
 * --topic, --from, --to, --match, consume it into *f (values borrowed from
 * argv) and return 1; 0 when it is another argument; -1 after a usage message
 * (unknown status, a date that is not YYYY[-MM[-DD]]). */
int cli_event_filter_option(const char *cmd, int argc, char **argv, int *i,
			    struct pl_event_filter *f);

/* The merger for filters and merging: rules/merge.rules (+ --rules dirs) and
 * data/actors names.  *rs gets the rule set it borrows (caller destroys both,
 * merger first).  NULL after diagnostics. */
struct pl_merger *cli_load_merger(const struct cli_globals *g, struct pl_ruleset **rs,
				  struct pl_diags *d);

/* Extract every stored article the current rules have not extracted (all of
 * them with `all`) into g->db and merge; prints diagnostics and, when
 * `summary` and not -q, "N articles extracted: N mentions; N events" on
 * stderr.  Returns the exit code. */
int cli_extract(struct cli_globals *g, bool all, bool summary);

/* Print the events of g->db matching `f` in `format` (table, csv, json,
 * jsonl) on stdout.  Returns the exit code (1 when none matched and
 * `none_is_error`). */
int cli_print_events(struct cli_globals *g, const struct pl_event_filter *f, const char *format,
		     bool none_is_error);

/* `parley actors` / `parley places` (argv as the command gets it, `help` its
 * help text): what the events hold, most events first, as a table or CSV.
 * Returns the exit code. */
int cli_found_main(struct cli_globals *g, int argc, char **argv, bool places, const char *help);

/* Append at most `width` code points of s (NULL: "-"), padded with spaces,
 * ending with "…" when cut; shown as cli_visible shows it. */
void cli_cell(struct pl_buf *out, const char *s, size_t width);

/* Append s (NULL: "-") for a terminal (tables, `show`): control characters
 * as their Control Pictures (ESC as U+241B), C1 controls and the bidi
 * embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) as
 * U+FFFD, bytes that are not UTF-8 as U+FFFD, so stored text cannot move the
 * cursor, recolour or reorder the output.  CSV and JSON stay exact. */
void cli_visible(struct pl_buf *out, const char *s);

#endif
