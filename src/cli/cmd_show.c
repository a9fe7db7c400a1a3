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

static void print_event(struct pl_store *s, const struct pl_event *e, bool tty)
{
	printf("Event %lld: %s", (long long)e->id, e->type ? e->type : "?");
	if (e->plover || e->cameo)
		printf(" (PLOVER %s, CAMEO %s)", e->plover ? e->plover : "-",
		       e->cameo ? e->cameo : "-");
	printf(", %s\n", pl_event_status_name(e->status));
	printf("  label:      %s\n", e->label ? e->label : "-");
	printf("  date:       %s%s%s", e->date ? e->date : "undated", e->date_end ? " to " : "",
	       e->date_end ? e->date_end : "");
	if (e->date)
		printf(" (%s, from the %s%s%s)", pl_precision_name(e->precision),
		       pl_date_source_name(e->date_source), e->date_mod ? ", mod " : "",
		       e->date_mod ? e->date_mod : "");
	putchar('\n');
	printf("  actors:    ");
	for (size_t i = 0; i < e->nactors; i++) {
		const struct pl_event_actor *a = &e->actors[i];
		printf("%s %s (%s, %s%s%s)", i ? ";" : "", a->name, a->country ? a->country : "-",
		       a->role ? a->role : "-", a->title ? ", " : "", a->title ? a->title : "");
	}
	printf(e->nactors ? "\n" : " -\n");
	if (e->location) {
		printf("  place:      %s, %s", e->location->name,
		       e->location->country ? e->location->country : "-");
		if (e->location->has_coords)
			printf(" (%.4f, %.4f)", e->location->lat, e->location->lon);
		putchar('\n');
	} else {
		printf("  place:      -\n");
	}
	printf("  topics:     ");
	for (size_t i = 0; i < e->ntopics; i++)
		printf("%s%s", i ? ", " : "", e->topics[i]);
	printf(e->ntopics ? "\n" : "-\n");
	printf("  confidence: %.2f; %ld mention%s in %ld article%s from %ld outlet%s\n",
	       e->confidence, e->nmentions, e->nmentions == 1 ? "" : "s", e->narticles,
	       e->narticles == 1 ? "" : "s", e->noutlets, e->noutlets == 1 ? "" : "s");
	printf("Evidence:\n");
	const char *on = tty ? "\x1b[1m" : "\xC2\xBB", *off = tty ? "\x1b[0m" : "\xC2\xAB";
	for (size_t i = 0; i < e->nsources; i++) {
		const struct pl_event_source *src = &e->sources[i];
		printf("  [%zu] %s, %s: %s\n", i + 1, src->source ? src->source : "(unknown outlet)",
		       src->published ? src->published : "undated",
		       src->title ? src->title : "(no title)");
		printf("      %s  (rule %s, bytes %zu-%zu%s)\n", src->article,
		       src->rule ? src->rule : "-", src->start, src->end,
		       src->caption ? ", photo caption" : "");
		if (!src->sentence)
			continue;
		long at = pl_events_sentence_offset(s, src);
		size_t len = strlen(src->sentence);
		if (at >= 0 && src->start >= (size_t)at && src->end - (size_t)at <= len &&
		    src->end >= src->start) {
			size_t a = src->start - (size_t)at, b = src->end - (size_t)at;
			printf("      %.*s%s%.*s%s%s\n", (int)a, src->sentence, on, (int)(b - a),
			       src->sentence + a, off, src->sentence + b);
		} else {
			printf("      %s\n", src->sentence);
		}
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
			print_event(s, &ev.v[0], isatty(STDOUT_FILENO));
			rc = EXIT_OK;
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
