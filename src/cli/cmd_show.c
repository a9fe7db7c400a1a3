/* cmd_show.c - `parley show ID`: one event with all its evidence, the mention marked in each sentence. */
#include "commands.h"
#include "events_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
	"usage: parley show ID\n"
	"\n"
	"Prints event ID of the database (--db): type, PLOVER and CAMEO codes,\n"
	"status, date with its precision and source, actors with country, role and\n"
	"title, place, topics, confidence and counts, then every piece of evidence:\n"
	"outlet, date, title and origin of the article, the rule, and the sentence\n"
	"with the mention between \xC2\xBB and \xC2\xAB (in bold on a terminal).\n"
	"\n"
	"Exit status: 0 shown, 1 no such event or a database error, 2 usage.\n";

/* `pre`, then text from the database for a terminal (cli_visible), NULL as `none`. */
static void put(struct pl_buf *b, const char *pre, const char *s, const char *none)
{
	pl_buf_puts(b, pre);
	cli_visible(b, s ? s : none);
}

static void put_span(struct pl_buf *b, const char *s, size_t n)
{
	struct pl_buf t = PL_BUF_INIT;
	pl_buf_append(&t, s, n);
	cli_visible(b, t.p ? t.p : "");
	pl_buf_free(&t);
}

static void format_event(struct pl_store *s, const struct pl_event *e, bool tty, struct pl_buf *b)
{
	pl_buf_printf(b, "Event %lld: ", (long long)e->id);
	put(b, "", e->type, "?");
	if (e->plover || e->cameo) {
		put(b, " (PLOVER ", e->plover, "-");
		put(b, ", CAMEO ", e->cameo, "-");
		pl_buf_putc(b, ')');
	}
	pl_buf_printf(b, ", %s\n  label:      ", pl_event_status_name(e->status));
	put(b, "", e->label, "-");
	put(b, "\n  date:       ", e->date, "undated");
	if (e->date_end)
		put(b, " to ", e->date_end, "");
	if (e->date) {
		pl_buf_printf(b, " (%s, from the %s", pl_precision_name(e->precision),
			      pl_date_source_name(e->date_source));
		if (e->date_mod)
			put(b, ", mod ", e->date_mod, "");
		pl_buf_putc(b, ')');
	}
	pl_buf_puts(b, "\n  actors:    ");
	for (size_t i = 0; i < e->nactors; i++) {
		const struct pl_event_actor *a = &e->actors[i];
		put(b, i ? "; " : " ", a->name, "?");
		put(b, " (", a->country, "-");
		put(b, ", ", a->role, "-");
		if (a->title)
			put(b, ", ", a->title, "");
		pl_buf_putc(b, ')');
	}
	pl_buf_puts(b, e->nactors ? "\n" : " -\n");
	pl_buf_puts(b, "  place:      ");
	if (e->location) {
		put(b, "", e->location->name, "?");
		put(b, ", ", e->location->country, "-");
		if (e->location->has_coords)
			pl_buf_printf(b, " (%.4f, %.4f)", e->location->lat, e->location->lon);
	} else {
		pl_buf_putc(b, '-');
	}
	pl_buf_puts(b, "\n  topics:     ");
	for (size_t i = 0; i < e->ntopics; i++)
		put(b, i ? ", " : "", e->topics[i], "");
	pl_buf_puts(b, e->ntopics ? "\n" : "-\n");
	pl_buf_printf(b, "  confidence: %.2f; %ld mention%s in %ld article%s from %ld outlet%s\n",
		      e->confidence, e->nmentions, e->nmentions == 1 ? "" : "s", e->narticles,
		      e->narticles == 1 ? "" : "s", e->noutlets, e->noutlets == 1 ? "" : "s");
	pl_buf_puts(b, "Evidence:\n");
	const char *on = tty ? "\x1b[1m" : "\xC2\xBB", *off = tty ? "\x1b[0m" : "\xC2\xAB";
	for (size_t i = 0; i < e->nsources; i++) {
		const struct pl_event_source *src = &e->sources[i];
		pl_buf_printf(b, "  [%zu] ", i + 1);
		put(b, "", src->source, "(unknown outlet)");
		put(b, ", ", src->published, "undated");
		put(b, ": ", src->title, "(no title)");
		put(b, "\n      ", src->article, "?");
		put(b, "  (rule ", src->rule, "-");
		pl_buf_printf(b, ", bytes %zu-%zu%s)\n", src->start, src->end,
			      src->caption ? ", photo caption" : "");
		if (!src->sentence)
			continue;
		long at = pl_events_sentence_offset(s, src);
		size_t len = strlen(src->sentence);
		pl_buf_puts(b, "      ");
		if (at >= 0 && src->start >= (size_t)at && src->end - (size_t)at <= len &&
		    src->end >= src->start) {
			size_t ma = src->start - (size_t)at, mb = src->end - (size_t)at;
			put_span(b, src->sentence, ma);
			pl_buf_puts(b, on);
			put_span(b, src->sentence + ma, mb - ma);
			pl_buf_puts(b, off);
			put(b, "", src->sentence + mb, "");
		} else {
			put(b, "", src->sentence, "");
		}
		pl_buf_putc(b, '\n');
	}
}

int cmd_show(struct cli_globals *g, int argc, char **argv)
{
	if (argc > 1 && cli_is_help(argv[1])) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	char *end = NULL;
	long long id = argc == 2 ? strtoll(argv[1], &end, 10) : 0;
	if (argc != 2 || !end || *end || id <= 0)
		return cli_usage_error("show", "expected one event ID (a positive number)");
	struct pl_diags d;
	struct pl_events ev = { 0 };
	int rc = EXIT_INPUT;
	pl_diags_init(&d);
	struct pl_store *s = cli_open_existing(g, &d);
	struct pl_events_query_opts o = { .id = id, .with_sentences = true };
	if (s && pl_events_query(s, NULL, &o, &ev, &d) >= 0) {
		if (ev.n == 1) {
			struct pl_buf b = PL_BUF_INIT;
			format_event(s, &ev.v[0], isatty(STDOUT_FILENO), &b);
			if (b.oom) {
				pl_error(&d, g->db, "out of memory printing event %lld", id);
			} else {
				fwrite(b.p, 1, b.len, stdout);
				rc = EXIT_OK;
			}
			pl_buf_free(&b);
		} else {
			fprintf(stderr, "parley show: no event %lld in %s\n", id, g->db);
		}
	}
	cli_print_diags(&d);
	pl_events_free(&ev);
	pl_store_close(s);
	pl_diags_finish(&d);
	return rc;
}
