/* cmd_articles.c - `parley articles`: list what the database holds. */
#include "commands.h"
#include "events_common.h" /* cli_cell, cli_visible */
#include "ingest_common.h"

#include <string.h>

static const char help[] =
	"usage: parley articles [--format table|json]\n"
	"\n"
	"Lists the articles stored in the database (--db), oldest first.\n"
	"\n"
	"  --format table   one line per article: id, publication date, source,\n"
	"                   title, origin; a wire copy shows \"=ID\" of the article\n"
	"                   it copies (default)\n"
	"  --format json    one JSON object per article and line, with the stored\n"
	"                   metadata, counts of paragraphs and sentences, captions\n"
	"                   and the body\n"
	"\n"
	"Exit status: 0 listed, 1 no database or a database error, 2 usage.\n";

struct lister {
	bool json;
	struct pl_buf out;
};

static int list_one(const struct pl_stored *a, void *ud)
{
	struct lister *l = ud;
	pl_buf_reset(&l->out);
	if (l->json) {
		pl_stored_json(a, &l->out);
	} else {
		char wire[24] = "";
		if (a->wire_of)
			snprintf(wire, sizeof wire, "=%lld", (long long)a->wire_of);
		pl_buf_printf(&l->out, "%5lld %-6s ", (long long)a->id, wire);
		/* the day is enough to scan a list; the JSON has the full value (ASCII) */
		pl_buf_printf(&l->out, "%-10.10s ", a->published ? a->published : "-");
		cli_cell(&l->out, a->source ? a->source : "-", 18);
		pl_buf_putc(&l->out, ' ');
		cli_cell(&l->out, a->title ? a->title : "-", 48);
		pl_buf_putc(&l->out, ' ');
		cli_visible(&l->out, a->origin);
	}
	pl_buf_putc(&l->out, '\n');
	if (l->out.oom)
		return 1;
	fwrite(l->out.p, 1, l->out.len, stdout);
	return 0;
}

int cmd_articles(struct cli_globals *g, int argc, char **argv)
{
	const char *format = "table";
	for (int i = 1; i < argc;) {
		int r;
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if ((r = cli_format_option("articles", argc, argv, &i, "table", "json", &format)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		return cli_usage_error("articles", "unexpected argument '%s'", argv[i]);
	}
	struct pl_diags d;
	struct lister l = { strcmp(format, "json") == 0, PL_BUF_INIT };
	int rc = EXIT_INPUT;
	pl_diags_init(&d);
	struct pl_store *s = cli_open_existing(g, &d); /* never creates one */
	if (s) {
		if (!l.json)
			printf("%5s %-6s %-10s %-18s %-48s %s\n", "ID", "WIRE", "PUBLISHED", "SOURCE",
			       "TITLE", "ORIGIN");
		if (pl_store_each(s, l.json, list_one, &l, &d) == 0)
			rc = EXIT_OK;
	}
	fflush(stdout);
	cli_print_diags(&d);
	pl_store_close(s);
	pl_buf_free(&l.out);
	pl_diags_finish(&d);
	return rc;
}
