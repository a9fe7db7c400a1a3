/* cmd_text.c - `parley text`: what ingest makes of one input, printed instead of stored. */
#include "commands.h"
#include "ingest_common.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: parley text [--format text|json] [--date DATE] [--saved-at TIME] [--source NAME] FILE\n"
	"\n"
	"Parses one input (a file, or - for standard input) as `parley ingest` would\n"
	"and prints the result without storing it.\n"
	"\n"
	"  --format text   the clean body, paragraphs separated by blank lines (default);\n"
	"                  inputs with several articles (feeds) print a line\n"
	"                  \"==> ORIGIN <==\" before each\n"
	"  --format json   one JSON object per article and line: title, source, url,\n"
	"                  published (ISO 8601 or null), published_how,\n"
	"                  published_precision, modified, byline, dateline, language,\n"
	"                  format, origin, captions, body\n"
	"  --date, --saved-at, --source   as for `parley ingest`\n"
	"\n"
	"An article without a publication date gets the note \"no publication date\n"
	"found\" on standard error.  Exit status: 0 parsed, 1 the input failed, 2 usage.\n";

struct printer {
	const char *path;
	bool json;
	long n;
	struct pl_buf out;
	struct pl_diags *d;
};

static int print_article(struct pl_article *a, void *ud)
{
	struct printer *p = ud;
	pl_buf_reset(&p->out);
	if (p->json) {
		pl_article_json(a, &p->out);
		pl_buf_putc(&p->out, '\n');
	} else {
		/* A feed item's origin is "path#N": it gets a header line. */
		if (a->origin && strcmp(a->origin, p->path) != 0)
			pl_buf_printf(&p->out, "%s==> %s <==\n", p->n ? "\n" : "", a->origin);
		pl_buf_append(&p->out, a->body ? a->body : "", a->body ? a->body_len : 0);
		pl_buf_putc(&p->out, '\n');
	}
	if (a->published.prec == PL_PREC_NONE)
		pl_diags_add(p->d, PL_NOTE, a->origin ? a->origin : p->path, false, 0, 0,
			     "no publication date found");
	if (!p->out.oom && p->out.p) /* never half an article: the caller fails on out.oom */
		fwrite(p->out.p, 1, p->out.len, stdout);
	p->n++;
	pl_article_free(a);
	free(a);
	return p->out.oom ? 1 : 0;
}

int cmd_text(struct cli_globals *g, int argc, char **argv)
{
	struct pl_ingest_opts io = { 0 };
	const char *path = NULL, *format = "text";
	bool options = true;
	for (int i = 1; i < argc;) {
		const char *a = argv[i];
		int r;
		if (options && cli_is_help(a)) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (options && strcmp(a, "--") == 0) {
			options = false;
			i++;
			continue;
		}
		if (options && ((r = cli_format_option("text", argc, argv, &i, "text", "json", &format)) != 0 ||
				(r = cli_ingest_option("text", argc, argv, &i, &io)) != 0)) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		if (options && a[0] == '-' && a[1] != '\0')
			return cli_usage_error("text", "unknown option '%s'", a);
		if (path)
			return cli_usage_error("text", "takes one FILE (use `parley ingest` for several)");
		path = a;
		i++;
	}
	if (!path)
		return cli_usage_error("text", "no FILE given");

	struct pl_diags d;
	struct pl_buf in = PL_BUF_INIT;
	struct printer p = { path, strcmp(format, "json") == 0, 0, PL_BUF_INIT, &d };
	size_t printed = 0;
	int rc = EXIT_INPUT;
	pl_diags_init(&d);
	struct pl_textlists *tl = cli_load_textlists(g, &d);
	io.textlists = tl;
	io.boiler = cli_load_boiler(g, &d);
	if (io.boiler && tl && pl_read_file(path, PL_MAX_INPUT, &in, &d) == 0 &&
	    pl_ingest_buffer(path, in.p ? in.p : "", in.len, &io, print_article, &p, &d) >= 0 &&
	    !p.out.oom && d.nerrors == 0)
		rc = EXIT_OK;
	fflush(stdout);
	cli_print_new_diags(&d, &printed);
	pl_buf_free(&p.out);
	pl_buf_free(&in);
	pl_boiler_destroy((struct pl_boiler *)io.boiler);
	cli_drop_textlists(tl);
	pl_diags_finish(&d);
	return rc;
}
