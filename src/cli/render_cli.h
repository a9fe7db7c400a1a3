/* render_cli.h - what `parley render`, `run` and `demo` share: the render
 * options (event filters, chart spec, output) and one call that queries,
 * lays out and draws (cmd_render.c). */
#ifndef PARLEY_CLI_RENDER_CLI_H
#define PARLEY_CLI_RENDER_CLI_H

#include "cli.h"
#include "parley/render.h"

/* Parsed render options.  Strings borrow argv; lane_order/lane_buf are owned. */
struct render_cli {
	struct pl_event_filter filter;
	struct pl_chart_spec spec;
	enum pl_output_format format;
	bool has_format;      /* --format given (else from the output's extension) */
	const char *output;   /* -o FILE */
	const char *dump;     /* --layout-dump FILE, may be NULL */
	char *lane_buf;       /* --lane-order copy, split in place */
	char **lane_order;
};

/* Help lines of the chart options (filters: cli_event_filter_help). */
extern const char render_cli_help[];
/* Print head, the filter options, the chart options and tail on stdout. */
void render_cli_print_help(const char *head, const char *tail);

void render_cli_init(struct render_cli *r);
void render_cli_finish(struct render_cli *r);
/* If argv[*i] is a render option (filter, chart, --format, --layout-dump,
 * -o), consume it into *r and return 1; 0 when it is not one; -1 after a
 * usage message (bad value). */
int render_cli_option(const char *cmd, int argc, char **argv, int *i, struct render_cli *r);
/* After parsing: an output file and a known format?  EXIT_OK or EXIT_USAGE (printed). */
int render_cli_check(const char *cmd, struct render_cli *r);
/* Query g->db with r->filter, lay out, draw to r->output (and the dump).
 * Prints diagnostics and a summary line (unless -q); no events matching is
 * a message and EXIT_INPUT with no file written.  Returns the exit code. */
int render_cli_run(struct cli_globals *g, const char *cmd, struct render_cli *r);
/* `parley demo`'s charts, beside the database (output/ for ./setup):
 * demo-timeline.svg, .png, .pdf and demo-handout.pdf, each reported on
 * stderr (written, or why not).  Returns the worst exit code. */
int render_cli_demo(struct cli_globals *g);

#endif
