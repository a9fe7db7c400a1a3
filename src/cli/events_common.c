/* events_common.c - event filters, extraction runs and event printing shared by the event commands. */
#include "events_common.h"
#include "ingest_common.h"
#include "parley/extract.h"

#include <stdlib.h>
#include <string.h>

const char cli_event_filter_help[] =
	"Filters (all optional, combined with AND; text is case-insensitive):\n"
	"  --actor NAME      an actor by canonical name, alias (\"Zelenskiy\", \"the\n"
	"                    Kremlin\") or country/organisation code\n"
	"  --country CODE    an actor or the place of that country (ISO alpha-3 or name)\n"
	"  --place NAME      the event's place (or its country code)\n"
	"  --type TYPE       event type (TALKS), merge family (meeting) or PLOVER type\n"
	"  --status STATUS   occurred, planned, ongoing, negated, hypothetical, historical\n"
	"  --topic TOPIC     a topic at stake (\"security guarantees\")\n"
	"  --from DATE       events ending on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)\n"
	"  --to DATE         events starting on or before DATE\n"
	"  --match TEXT      TEXT in the label, an actor, the place or an evidence sentence\n";

int cli_event_filter_option(const char *cmd, int argc, char **argv, int *i,
			    struct pl_event_filter *f)
{
	static const struct {
		const char *name;
		size_t off;
	} opts[] = {
		{ "--actor", offsetof(struct pl_event_filter, actor) },
		{ "--country", offsetof(struct pl_event_filter, country) },
		{ "--place", offsetof(struct pl_event_filter, place) },
		{ "--type", offsetof(struct pl_event_filter, type) },
		{ "--status", offsetof(struct pl_event_filter, status) },
		{ "--topic", offsetof(struct pl_event_filter, topic) },
		{ "--from", offsetof(struct pl_event_filter, from) },
		{ "--to", offsetof(struct pl_event_filter, to) },
		{ "--match", offsetof(struct pl_event_filter, match) },
	};
	for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
		const char *v;
		int r = cli_opt_value(argc, argv, i, opts[k].name, &v);
		if (r <= 0) {
			if (r < 0)
				return -1;
			continue;
		}
		int64_t lo, hi;
		enum pl_event_status st;
		if (opts[k].off == offsetof(struct pl_event_filter, status) &&
		    !pl_event_status_parse(v, &st)) {
			cli_usage_error(cmd, "--status must be occurred, planned, ongoing, negated, "
					     "hypothetical or historical, not '%s'", v);
			return -1;
		}
		if ((opts[k].off == offsetof(struct pl_event_filter, from) ||
		     opts[k].off == offsetof(struct pl_event_filter, to)) &&
		    !pl_event_days(v, NULL, &lo, &hi)) {
			cli_usage_error(cmd, "%s wants a date YYYY, YYYY-MM or YYYY-MM-DD, not '%s'",
					opts[k].name, v);
			return -1;
		}
		*(const char **)((char *)f + opts[k].off) = v;
		return 1;
	}
	return 0;
}

static const char **rule_dirs(const struct cli_globals *g)
{
	const char **dirs = calloc(g->nrule_dirs + 3, sizeof *dirs);
	if (dirs) {
		dirs[0] = g->rules_shipped;
		for (size_t i = 0; i < g->nrule_dirs; i++)
			dirs[i + 1] = g->rule_dirs[i];
	}
	return dirs;
}

struct pl_merger *cli_load_merger(const struct cli_globals *g, struct pl_ruleset **rs,
				  struct pl_diags *d)
{
	static const char *const prefixes[] = { "merge" };
	*rs = pl_rules_load_prefixed(g->rules_shipped, g->rule_dirs, g->nrule_dirs, prefixes, 1, d);
	if (!*rs || d->nerrors)
		return NULL;
	return pl_merger_create(*rs, g->data_dir, d);
}

int cli_extract(struct cli_globals *g, bool all, bool summary)
{
	struct pl_diags d;
	struct pl_store *s = NULL;
	struct pl_ruleset *rs = NULL;
	struct pl_merger *m = NULL;
	struct pl_extractor *x = NULL;
	struct pl_buf actors = PL_BUF_INIT, places = PL_BUF_INIT, note = PL_BUF_INIT;
	int64_t *ids = NULL;
	int rc = EXIT_INPUT;
	char fp[17];
	pl_diags_init(&d);
	const char **dirs = rule_dirs(g);
	if (!dirs) {
		pl_error(&d, g->db, "out of memory");
		goto out;
	}
	/* The fingerprint covers every rule file and the reference data: editing
	 * any of them makes the stored mentions stale. */
	pl_buf_printf(&actors, "%s/actors", g->data_dir);
	pl_buf_printf(&places, "%s/places", g->data_dir);
	dirs[g->nrule_dirs + 1] = actors.p;
	dirs[g->nrule_dirs + 2] = places.p;
	for (size_t i = 0; i < g->nrule_dirs; i++)
		pl_buf_printf(&note, "%s%s", i ? ":" : "", g->rule_dirs[i]);
	if (pl_events_fingerprint(dirs, g->nrule_dirs + 3, fp, &d) < 0)
		goto out;
	rs = pl_rules_load(g->rules_shipped, g->rule_dirs, g->nrule_dirs, &d);
	if (!rs || d.nerrors || !(m = pl_merger_create(rs, g->data_dir, &d)) ||
	    !(x = pl_extractor_create(rs, g->data_dir, &d)) || d.nerrors ||
	    !(s = pl_store_open(g->db, &d)))
		goto out;
	long n = pl_events_pending(s, fp, all, &ids, &d);
	struct pl_extract_stats st = { 0 };
	if (n < 0)
		goto out;
	if (n > 0) {
		int64_t run = pl_events_run_begin(s, fp, note.p, &d);
		if (run < 0 || pl_events_extract(s, x, m, run, ids, (size_t)n, &st, &d) < 0)
			goto out;
	}
	struct pl_events_counts c;
	if (pl_events_counts(s, &c, &d) < 0)
		goto out;
	if (summary && !g->quiet)
		fprintf(stderr, "%llu articles extracted: %llu mentions; the database holds %lld "
				"events from %lld mentions\n",
			(unsigned long long)st.articles, (unsigned long long)st.mentions,
			(long long)c.events, (long long)c.mentions);
	rc = d.nerrors ? EXIT_INPUT : EXIT_OK;
out:
	cli_print_diags(&d);
	free(ids);
	pl_merger_destroy(m); /* its statements first: the store closes only when none is left */
	pl_store_close(s);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	free(dirs);
	pl_buf_free(&actors);
	pl_buf_free(&places);
	pl_buf_free(&note);
	pl_diags_finish(&d);
	return rc;
}

/* ---- Printing ---------------------------------------------------------------- */

/* What a terminal shows for cp: itself, or a stand-in for a character that
 * would act on the terminal instead of being printed -- C0 controls and DEL
 * (ESC starts colour and cursor sequences, CR overwrites the line) as their
 * Control Pictures, C1 controls (CSI) and the bidi embeddings, overrides and
 * isolates (U+202A..U+202E, U+2066..U+2069, which reorder the rest of the
 * line) as U+FFFD.  One column each, so the table's alignment holds. */
static uint32_t visible_cp(uint32_t cp)
{
	if (cp < 0x20)
		return 0x2400 + cp; /* U+2400 SYMBOL FOR NULL .. U+241F */
	if (cp == 0x7F)
		return 0x2421;      /* SYMBOL FOR DELETE */
	if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0xFFFD;
	return cp;
}

/* Append s[0..n) as visible_cp shows it, at most `max` code points; bytes
 * that are not UTF-8 become U+FFFD.  Returns the bytes of s consumed. */
static size_t put_visible(struct pl_buf *out, const char *s, size_t n, size_t max)
{
	size_t i = 0, run = 0, count = 0; /* s[run..i) is copied unchanged */
	while (i < n && count < max) {
		uint32_t cp;
		int k = pl_utf8_decode(s + i, n - i, &cp);
		uint32_t v = k ? visible_cp(cp) : 0xFFFD;
		if (k == 0 || v != cp) {
			pl_buf_append(out, s + run, i - run);
			pl_utf8_put(out, v);
			i += k ? (size_t)k : 1;
			run = i;
		} else {
			i += (size_t)k;
		}
		count++;
	}
	pl_buf_append(out, s + run, i - run);
	return i;
}

void cli_visible(struct pl_buf *out, const char *s)
{
	if (!s)
		s = "-";
	put_visible(out, s, strlen(s), SIZE_MAX);
}

void cli_cell(struct pl_buf *out, const char *s, size_t width)
{
	if (!s)
		s = "-";
	size_t len = strlen(s), chars = pl_utf8_count(s, len);
	if (width == 0)
		return;
	if (chars > width) { /* cut: width - 1 characters and an ellipsis */
		put_visible(out, s, len, width - 1);
		pl_buf_puts(out, "\xE2\x80\xA6");
		return;
	}
	put_visible(out, s, len, width);
	for (size_t n = chars; n < width; n++)
		pl_buf_putc(out, ' ');
}

/* "name; name" of an event's actors. */
static void actor_names(const struct pl_event *e, struct pl_buf *b)
{
	for (size_t i = 0; i < e->nactors; i++)
		pl_buf_printf(b, "%s%s", i ? "; " : "", e->actors[i].name);
}

static void date_span(const struct pl_event *e, struct pl_buf *b)
{
	pl_buf_puts(b, e->date ? e->date : "undated");
	if (e->date_end)
		pl_buf_printf(b, "/%s", e->date_end);
}

static void table_row(const struct pl_event *e, struct pl_buf *b)
{
	struct pl_buf t = PL_BUF_INIT;
	pl_buf_printf(b, "%5lld ", (long long)e->id);
	date_span(e, &t);
	cli_cell(b, t.p, 21);
	pl_buf_putc(b, ' ');
	cli_cell(b, e->type, 9);
	pl_buf_putc(b, ' ');
	cli_cell(b, pl_event_status_name(e->status), 12);
	pl_buf_putc(b, ' ');
	cli_cell(b, e->label, 48);
	pl_buf_putc(b, ' ');
	pl_buf_reset(&t);
	actor_names(e, &t);
	cli_cell(b, t.p ? t.p : "", 40);
	pl_buf_putc(b, ' ');
	cli_cell(b, e->location ? e->location->name : NULL, 12);
	pl_buf_printf(b, " %ld/%ld/%ld %.2f\n", e->nmentions, e->narticles, e->noutlets,
		      e->confidence);
	pl_buf_free(&t);
}

/* One CSV field (RFC 4180: quoted when it holds a comma, quote or newline). */
static void csv_field(struct pl_buf *b, const char *s, bool last)
{
	if (s && strpbrk(s, ",\"\n\r")) {
		pl_buf_putc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				pl_buf_putc(b, '"');
			pl_buf_putc(b, *s);
		}
		pl_buf_putc(b, '"');
	} else if (s) {
		pl_buf_puts(b, s);
	}
	pl_buf_putc(b, last ? '\n' : ',');
}

static const char csv_header[] =
	"id,date,date_end,precision,date_source,type,plover,cameo,status,label,actors,"
	"place,place_country,lat,lon,topics,confidence,mentions,articles,outlets,sources\n";

static void csv_row(const struct pl_event *e, struct pl_buf *b)
{
	struct pl_buf t = PL_BUF_INIT;
	char num[64];
	snprintf(num, sizeof num, "%lld", (long long)e->id);
	csv_field(b, num, false);
	csv_field(b, e->date, false);
	csv_field(b, e->date_end, false);
	csv_field(b, pl_precision_name(e->precision), false);
	csv_field(b, pl_date_source_name(e->date_source), false);
	csv_field(b, e->type, false);
	csv_field(b, e->plover, false);
	csv_field(b, e->cameo, false);
	csv_field(b, pl_event_status_name(e->status), false);
	csv_field(b, e->label, false);
	actor_names(e, &t);
	csv_field(b, t.p, false);
	csv_field(b, e->location ? e->location->name : NULL, false);
	csv_field(b, e->location ? e->location->country : NULL, false);
	bool coords = e->location && e->location->has_coords;
	snprintf(num, sizeof num, "%.4f", coords ? e->location->lat : 0.0);
	csv_field(b, coords ? num : NULL, false);
	snprintf(num, sizeof num, "%.4f", coords ? e->location->lon : 0.0);
	csv_field(b, coords ? num : NULL, false);
	pl_buf_reset(&t);
	for (size_t i = 0; i < e->ntopics; i++)
		pl_buf_printf(&t, "%s%s", i ? "; " : "", e->topics[i]);
	csv_field(b, t.p, false);
	snprintf(num, sizeof num, "%.2f", e->confidence);
	csv_field(b, num, false);
	snprintf(num, sizeof num, "%ld", e->nmentions);
	csv_field(b, num, false);
	snprintf(num, sizeof num, "%ld", e->narticles);
	csv_field(b, num, false);
	snprintf(num, sizeof num, "%ld", e->noutlets);
	csv_field(b, num, false);
	pl_buf_reset(&t);
	for (size_t i = 0; i < e->nsources; i++)
		pl_buf_printf(&t, "%s%s", i ? " " : "", e->sources[i].article);
	csv_field(b, t.p, true);
	pl_buf_free(&t);
}

int cli_print_events(struct cli_globals *g, const struct pl_event_filter *f, const char *format,
		     bool none_is_error)
{
	struct pl_diags d;
	struct pl_store *s = NULL;
	struct pl_ruleset *rs = NULL;
	struct pl_merger *m = NULL;
	struct pl_events ev = { 0 };
	struct pl_buf b = PL_BUF_INIT;
	int rc = EXIT_INPUT;
	pl_diags_init(&d);
	bool json = strcmp(format, "json") == 0, jsonl = strcmp(format, "jsonl") == 0;
	bool csv = strcmp(format, "csv") == 0;
	if (!(s = cli_open_existing(g, &d)) || !(m = cli_load_merger(g, &rs, &d)))
		goto out;
	struct pl_events_query_opts o = { .names = m, .with_sentences = json || jsonl };
	if (pl_events_query(s, f, &o, &ev, &d) < 0)
		goto out;
	if (csv)
		pl_buf_puts(&b, csv_header);
	else if (!json && !jsonl)
		fputs("   id date                  type      status       label                     "
		      "                       actors                                   place        "
		      "m/a/o conf\n", stdout);
	if (json)
		pl_buf_putc(&b, '[');
	for (size_t i = 0; i < ev.n; i++) {
		if (json || jsonl) {
			if (json)
				pl_buf_puts(&b, i ? ",\n " : "\n ");
			pl_event_json(&ev.v[i], &b);
			if (jsonl)
				pl_buf_putc(&b, '\n');
		} else if (csv) {
			csv_row(&ev.v[i], &b);
		} else {
			table_row(&ev.v[i], &b);
		}
		if (b.len > 1 << 16 || i + 1 == ev.n) {
			fwrite(b.p, 1, b.len, stdout);
			pl_buf_reset(&b);
		}
	}
	if (json)
		fputs(ev.n ? "\n]\n" : "]\n", stdout);
	else if (csv && ev.n == 0)
		fputs(csv_header, stdout);
	if (b.oom)
		pl_error(&d, g->db, "out of memory printing events");
	rc = d.nerrors ? EXIT_INPUT : EXIT_OK;
	if (ev.n == 0 && none_is_error && rc == EXIT_OK) {
		fprintf(stderr, "parley: no event matches\n");
		rc = EXIT_INPUT;
	}
out:
	cli_print_diags(&d);
	pl_events_free(&ev);
	pl_buf_free(&b);
	pl_merger_destroy(m);
	pl_store_close(s);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	return rc;
}

/* ---- Actors and places ------------------------------------------------------ */

struct found_printer {
	bool csv, places;
	struct pl_buf b;
};

static int print_found(const struct pl_found *f, void *ud)
{
	struct found_printer *p = ud;
	char num[64];
	pl_buf_reset(&p->b);
	if (p->csv) {
		csv_field(&p->b, f->name, false);
		csv_field(&p->b, f->country, false);
		if (p->places) {
			snprintf(num, sizeof num, "%.4f", f->lat);
			csv_field(&p->b, f->has_coords ? num : NULL, false);
			snprintf(num, sizeof num, "%.4f", f->lon);
			csv_field(&p->b, f->has_coords ? num : NULL, false);
		}
		snprintf(num, sizeof num, "%ld", f->events);
		csv_field(&p->b, num, false);
		snprintf(num, sizeof num, "%ld", f->mentions);
		csv_field(&p->b, num, true);
	} else {
		pl_buf_printf(&p->b, "%6ld %7ld  ", f->events, f->mentions);
		cli_cell(&p->b, f->country, 5);
		pl_buf_putc(&p->b, ' ');
		if (p->places && f->has_coords) {
			snprintf(num, sizeof num, "%.4f,%.4f", f->lat, f->lon);
			cli_cell(&p->b, num, 20);
			pl_buf_putc(&p->b, ' ');
		} else if (p->places) {
			cli_cell(&p->b, "-", 20);
			pl_buf_putc(&p->b, ' ');
		}
		cli_visible(&p->b, f->name);
		pl_buf_putc(&p->b, '\n');
	}
	if (p->b.oom)
		return 1;
	fwrite(p->b.p, 1, p->b.len, stdout);
	return 0;
}

static int print_found_list(struct cli_globals *g, bool places, const char *format)
{
	struct pl_diags d;
	struct found_printer p = { .csv = strcmp(format, "csv") == 0, .places = places,
				   .b = PL_BUF_INIT };
	int rc = EXIT_INPUT;
	pl_diags_init(&d);
	struct pl_store *s = cli_open_existing(g, &d);
	if (s) {
		if (p.csv)
			fputs(places ? "place,country,lat,lon,events,mentions\n"
				     : "actor,country,events,mentions\n", stdout);
		else
			printf(places ? "events mentions  cntry coordinates          place\n"
				      : "events mentions  cntry actor\n");
		int r = pl_events_found(s, places, print_found, &p, &d);
		rc = r == 0 ? EXIT_OK : EXIT_INPUT;
	}
	cli_print_diags(&d);
	pl_buf_free(&p.b);
	pl_store_close(s);
	pl_diags_finish(&d);
	return rc;
}

int cli_found_main(struct cli_globals *g, int argc, char **argv, bool places, const char *help)
{
	const char *cmd = places ? "places" : "actors", *format = "table";
	for (int i = 1; i < argc;) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		int r = cli_format_option(cmd, argc, argv, &i, "table", "csv", &format);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_usage_error(cmd, "unknown argument '%s'", argv[i]);
	}
	return print_found_list(g, places, format);
}
