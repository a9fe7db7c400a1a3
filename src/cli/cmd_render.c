/* cmd_render.c - `parley render`: the stored events, filtered as `parley
 * events` filters them, laid out and drawn to SVG, PNG or PDF. */
#include "commands.h"
#include "events_common.h"
#include "render_cli.h"
#include "parley/eventstore.h"
#include "parley/render.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help_head[] =
	"usage: parley render [FILTERS] [CHART OPTIONS] -o FILE\n"
	"\n"
	"Draws the stored events (--db) as a timeline.  The format comes from the\n"
	"file's extension (.svg, .png, .pdf) or --format.  docs/RENDER.md has\n"
	"examples and describes the SVG's structure.\n"
	"\n";

/* After the shared filter help (events_common.c); render_cli.h. */
const char render_cli_help[] =
	"\n"
	"Chart (docs/RENDER.md):\n"
	"  --lanes BY        actor, country, place, type, topic or none (default actor)\n"
	"  --lane-order A,B  lanes in this order first (the others follow by first appearance)\n"
	"  --layout KIND     timeline (proportional axis; default) or chronology (dated list)\n"
	"  --theme NAME      explainer (1200 px web graphic; default), handout (A4/Letter\n"
	"                    PDF: chart then a chronology with citations), slide (16:9)\n"
	"  --width N, --height N   canvas size in output units (px; points for handout)\n"
	"  --dpi N           PNG resolution (default: 2x for explainer, 1x for slide,\n"
	"                    144 dpi for handout)\n"
	"  --page SIZE       A4 or Letter (handout)\n"
	"  --font FAMILY     font family (fontconfig name, default DejaVu Sans)\n"
	"  --title TEXT, --subtitle TEXT   (default title: the filters, or the actors\n"
	"                    and place of most events, and the dates they span)\n"
	"  --format FMT      svg, png or pdf (overrides the extension)\n"
	"  --layout-dump FILE  also write the display list as JSON\n";

static const char help_tail[] =
	"  -o, --output FILE   where to write (required)\n"
	"\n"
	"Exit status: 0 written, 1 no events match (no file is written) or the\n"
	"chart could not be drawn, 2 usage error.\n";

void render_cli_init(struct render_cli *r)
{
	memset(r, 0, sizeof *r);
	r->spec.layout = PL_LAYOUT_TIMELINE;
	r->spec.lanes = PL_LANES_ACTOR;
	r->spec.theme = PL_THEME_EXPLAINER;
}

void render_cli_finish(struct render_cli *r)
{
	free(r->lane_buf);
	free(r->lane_order);
}

/* Index of `s` in the NULL-terminated `names`, or -1. */
static int pick(const char *s, const char *const names[])
{
	for (int i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static bool positive(const char *s, double max, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v > 0) || v > max)
		return false;
	*out = v;
	return true;
}

/* Split "A,B,C" into the lane order (spaces around names trimmed). */
static int split_lanes(struct render_cli *r, const char *s)
{
	free(r->lane_buf);
	free(r->lane_order);
	r->lane_buf = pl_strdup(s);
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == ',';
	r->lane_order = calloc(n, sizeof *r->lane_order);
	if (!r->lane_buf || !r->lane_order)
		return -1;
	size_t k = 0;
	for (char *p = r->lane_buf; p;) {
		char *c = strchr(p, ',');
		if (c)
			*c = '\0';
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = '\0';
		if (*p)
			r->lane_order[k++] = p;
		p = c ? c + 1 : NULL;
	}
	r->spec.lane_order = (const char *const *)r->lane_order;
	r->spec.nlane_order = k;
	return 0;
}

/* The keyword options: their words in enum order (NULL-terminated). */
enum { OPT_LANES, OPT_LAYOUT, OPT_THEME, OPT_FORMAT, OPT_PAGE };
static const struct {
	const char *name;
	const char *words[7];
} keywords[] = {
	[OPT_LANES] = { "--lanes", { "actor", "country", "place", "type", "topic", "none" } },
	[OPT_LAYOUT] = { "--layout", { "timeline", "chronology" } },
	[OPT_THEME] = { "--theme", { "explainer", "handout", "slide" } },
	[OPT_FORMAT] = { "--format", { "svg", "png", "pdf" } },
	[OPT_PAGE] = { "--page", { "A4", "Letter" } },
};

/* Keyword option `o` has value v: its index, or -1 after a usage message
 * listing the words. */
static int keyword(const char *cmd, int o, const char *v)
{
	int p = pick(v, keywords[o].words);
	if (p >= 0)
		return p;
	struct pl_buf w = PL_BUF_INIT;
	for (int k = 0; keywords[o].words[k]; k++)
		pl_buf_printf(&w, "%s%s", k == 0 ? "" : keywords[o].words[k + 1] ? ", " : " or ",
			      keywords[o].words[k]);
	cli_usage_error(cmd, "%s: expected %s, not '%s'", keywords[o].name, w.p ? w.p : "", v);
	pl_buf_free(&w);
	return -1;
}

int render_cli_option(const char *cmd, int argc, char **argv, int *i, struct render_cli *r)
{
	struct { const char *name; const char **dst; } text[] = {
		{ "--font", &r->spec.font }, { "--title", &r->spec.title },
		{ "--subtitle", &r->spec.subtitle }, { "--layout-dump", &r->dump },
		{ "--output", &r->output }, { "-o", &r->output },
	};
	/* Sizes: 100,000 units is 35 m of screen; beyond is a typo. */
	struct { const char *name; double *dst; double max; } nums[] = {
		{ "--width", &r->spec.width, 1e5 }, { "--height", &r->spec.height, 1e5 },
		{ "--dpi", &r->spec.dpi, 2400 },
	};
	const char *v;
	int k = cli_event_filter_option(cmd, argc, argv, i, &r->filter);
	if (k != 0)
		return k;
	for (size_t t = 0; t < sizeof text / sizeof text[0]; t++)
		if ((k = cli_opt_value(argc, argv, i, text[t].name, &v)) != 0) {
			if (k > 0 && !*v)
				return cli_usage_error(cmd, "%s needs a non-empty value", text[t].name), -1;
			if (k > 0)
				*text[t].dst = v;
			return k;
		}
	for (size_t t = 0; t < sizeof nums / sizeof nums[0]; t++)
		if ((k = cli_opt_value(argc, argv, i, nums[t].name, &v)) != 0) {
			if (k > 0 && !positive(v, nums[t].max, nums[t].dst))
				return cli_usage_error(cmd, "%s: expected a number in (0, %g], not '%s'",
						       nums[t].name, nums[t].max, v), -1;
			return k;
		}
	if ((k = cli_opt_value(argc, argv, i, "--lane-order", &v)) != 0) {
		if (k > 0 && split_lanes(r, v) < 0)
			return cli_usage_error(cmd, "out of memory"), -1;
		return k;
	}
	for (int o = 0; o < (int)(sizeof keywords / sizeof keywords[0]); o++) {
		if ((k = cli_opt_value(argc, argv, i, keywords[o].name, &v)) <= 0) {
			if (k < 0)
				return -1;
			continue;
		}
		int p = keyword(cmd, o, v);
		switch (p < 0 ? -1 : o) {
		case -1: return -1;
		case OPT_LANES: r->spec.lanes = (enum pl_lanes_by)p; break;
		case OPT_LAYOUT: r->spec.layout = (enum pl_layout_kind)p; break;
		case OPT_THEME: r->spec.theme = (enum pl_theme)p; break;
		case OPT_FORMAT:
			r->format = (enum pl_output_format)p;
			r->has_format = true;
			break;
		case OPT_PAGE: r->spec.page = keywords[o].words[p]; break;
		}
		return 1;
	}
	return 0;
}

void render_cli_print_help(const char *head, const char *tail)
{
	fputs(head, stdout);
	fputs(cli_event_filter_help, stdout);
	fputs(render_cli_help, stdout);
	fputs(tail, stdout);
}

/* PNG pixels per output unit: --dpi over the units' own resolution (CSS px
 * are 96 per inch, handout points 72), else the theme's default. */
static double png_scale(const struct pl_chart_spec *s)
{
	double unit_dpi = s->theme == PL_THEME_HANDOUT ? 72 : 96;
	if (s->dpi > 0)
		return s->dpi / unit_dpi;
	return s->theme == PL_THEME_SLIDE ? 1 : 2; /* handout: 2 x 72 = 144 dpi */
}

static int write_dump(const char *cmd, const struct pl_display *dl, const char *path)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_display_dump_json(dl, &b);
	pl_buf_putc(&b, '\n');
	errno = b.oom ? ENOMEM : 0;
	FILE *f = b.oom ? NULL : fopen(path, "wb");
	int rc = f && fwrite(b.p, 1, b.len, f) == b.len ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "parley %s: cannot write %s: %s\n", cmd, path,
			errno ? strerror(errno) : "write failed");
	pl_buf_free(&b);
	return rc;
}

int render_cli_check(const char *cmd, struct render_cli *r)
{
	if (!r->output)
		return cli_usage_error(cmd, "no output file: give -o FILE");
	if (!r->has_format && !pl_output_format_from_name(r->output, &r->format))
		return cli_usage_error(cmd, "cannot tell the format of '%s': use a .svg, .png or .pdf "
				       "name, or --format", r->output);
	return EXIT_OK;
}

/* ---- The default title ---------------------------------------------------- */

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* A name and the number of events that name it. */
struct tally {
	const char *name; /* borrowed from the events */
	size_t n;
};

/* Count `name` once more in *t (linear: a chart has at most some thousand names). */
static bool tally_add(struct tally **t, size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].name, name) == 0) {
			(*t)[i].n++;
			return true;
		}
	if (!pl_grow(t, cap, *n, sizeof **t))
		return false;
	(*t)[(*n)++] = (struct tally){ name, 1 };
	return true;
}

/* The names of more than half the events, most frequent first, at most `max`:
 * a chart whose events mostly involve Zelensky and Witkoff is about them. */
static size_t dominant(const struct tally *t, size_t n, size_t events, const char **out, size_t max)
{
	size_t k = 0;
	while (k < max) {
		const struct tally *best = NULL;
		for (size_t i = 0; i < n; i++) {
			bool taken = false;
			for (size_t j = 0; j < k; j++)
				taken |= out[j] == t[i].name;
			if (!taken && t[i].n * 2 > events && (!best || t[i].n > best->n))
				best = &t[i];
		}
		if (!best)
			break;
		out[k++] = best->name;
	}
	return k;
}

/* "12–21 Dec 2025", "28 Nov – 3 Dec 2025", "30 Dec 2024 – 2 Jan 2025"; whole
 * months as "Dec 2025", "Nov – Dec 2025". */
static void date_span_text(int64_t lo, int64_t hi, struct pl_buf *b)
{
	int y1, m1, d1, y2, m2, d2;
	pl_civil_from_days(lo, &y1, &m1, &d1);
	pl_civil_from_days(hi, &y2, &m2, &d2);
	const char *dash = "\xE2\x80\x93"; /* en dash */
	if (d1 == 1 && d2 == pl_days_in_month(y2, m2)) { /* month precision: no day numbers */
		if (y1 == y2 && m1 == m2)
			pl_buf_printf(b, "%s %d", month_abbr[m1 - 1], y1);
		else if (y1 == y2)
			pl_buf_printf(b, "%s %s %s %d", month_abbr[m1 - 1], dash, month_abbr[m2 - 1], y1);
		else
			pl_buf_printf(b, "%s %d %s %s %d", month_abbr[m1 - 1], y1, dash,
				      month_abbr[m2 - 1], y2);
	} else if (lo == hi) {
		pl_buf_printf(b, "%d %s %d", d1, month_abbr[m1 - 1], y1);
	} else if (y1 == y2 && m1 == m2) {
		pl_buf_printf(b, "%d%s%d %s %d", d1, dash, d2, month_abbr[m1 - 1], y1);
	} else if (y1 == y2) {
		pl_buf_printf(b, "%d %s %s %d %s %d", d1, month_abbr[m1 - 1], dash, d2,
			      month_abbr[m2 - 1], y1);
	} else {
		pl_buf_printf(b, "%d %s %d %s %d %s %d", d1, month_abbr[m1 - 1], y1, dash, d2,
			      month_abbr[m2 - 1], y2);
	}
}

/* Without --title, the chart says what it shows instead of "Timeline": what
 * the filters asked for, else the actors and the place of most of its events
 * (historical background left out when there is news), and the dates they span -- "Events involving Volodymyr Zelensky and Steve
 * Witkoff in Berlin, 14–15 Dec 2025", "Events (TALKS) on territory involving
 * Ukraine, Nov – Dec 2025", "Events, 12–21 Dec 2025".  Caller frees; NULL on OOM. */
static char *default_title(const struct pl_events *ev, const struct pl_event_filter *f)
{
	struct pl_buf b = PL_BUF_INIT;
	struct tally *actors = NULL, *places = NULL;
	size_t na = 0, ca = 0, np = 0, cp = 0;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	bool ok = true, news = false;
	/* The span is the news's: background an article recalls ("Russia
	 * invaded in 2022", status historical) is drawn, but does not stretch
	 * the title's dates, unless there is nothing else. */
	for (size_t i = 0; i < ev->n; i++)
		news |= ev->v[i].status != PL_STATUS_HISTORICAL && ev->v[i].date;
	size_t counted = 0;
	for (size_t i = 0; i < ev->n; i++) {
		const struct pl_event *e = &ev->v[i];
		int64_t a, z;
		if (news && e->status == PL_STATUS_HISTORICAL)
			continue;
		counted++;
		if (pl_event_days(e->date, e->date_end, &a, &z)) {
			lo = a < lo ? a : lo;
			hi = z > hi ? z : hi;
		}
		for (size_t k = 0; k < e->nactors && ok; k++)
			ok = tally_add(&actors, &na, &ca, e->actors[k].name);
		if (e->location && ok)
			ok = tally_add(&places, &np, &cp, e->location->name);
	}
	const char *who[2] = { NULL, NULL }, *where = NULL;
	size_t nwho = 0;
	if (f->actor || f->country)
		who[nwho++] = f->actor ? f->actor : f->country;
	else
		nwho = dominant(actors, na, counted, who, 2);
	if (f->place)
		where = f->place;
	else if (dominant(places, np, counted, &where, 1) == 0)
		where = NULL;
	pl_buf_puts(&b, "Events");
	if (f->type || f->status)
		pl_buf_printf(&b, " (%s%s%s)", f->type ? f->type : "", f->type && f->status ? ", " : "",
			      f->status ? f->status : "");
	if (f->topic)
		pl_buf_printf(&b, " on %s", f->topic);
	if (f->match)
		pl_buf_printf(&b, " matching \xE2\x80\x9C%s\xE2\x80\x9D", f->match);
	if (nwho)
		pl_buf_printf(&b, " involving %s%s%s", who[0], nwho > 1 ? " and " : "",
			      nwho > 1 ? who[1] : "");
	if (where)
		pl_buf_printf(&b, " in %s", where);
	if (lo <= hi) {
		pl_buf_puts(&b, ", ");
		date_span_text(lo, hi, &b);
	}
	free(actors);
	free(places);
	if (!ok)
		pl_buf_free(&b);
	return pl_buf_steal(&b);
}

int render_cli_run(struct cli_globals *g, const char *cmd, struct render_cli *r)
{
	struct pl_diags d;
	struct pl_events ev = { 0 };
	struct pl_ruleset *rs = NULL;
	struct pl_merger *names = NULL;
	struct pl_display *dl = NULL;
	int rc = EXIT_INPUT;
	char today[16] = "", *title = NULL; /* the default title, owned */
	pl_diags_init(&d);
	struct pl_store *s = cli_open_existing(g, &d);
	if (!s)
		goto out;
	/* --actor matches aliases through the merger's actor table. */
	if (r->filter.actor) {
		if (!(names = cli_load_merger(g, &rs, &d)))
			goto out;
	}
	struct pl_events_query_opts qo = { .names = names };
	long n = pl_events_query(s, &r->filter, &qo, &ev, &d);
	if (n < 0)
		goto out;
	if (n == 0) {
		struct pl_events_counts c = { 0 };
		pl_events_counts(s, &c, &d);
		if (c.events == 0)
			fprintf(stderr, "parley %s: %s holds no events: nothing to draw, %s not written "
				"(ingest and extract articles first, or try parley run)\n", cmd, g->db,
				r->output);
		else
			fprintf(stderr, "parley %s: none of the %lld events in %s match the filters: "
				"nothing to draw, %s not written\n", cmd, (long long)c.events, g->db,
				r->output);
		goto out;
	}
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm))
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
	r->spec.generated = today[0] ? today : NULL;
	if (!r->spec.title) {
		if (!(title = default_title(&ev, &r->filter))) {
			pl_error(&d, r->output, "out of memory");
			goto out;
		}
		r->spec.title = title;
	}
	r->spec.data_dir = g->data_dir;
	if (!(dl = pl_layout(&ev, &r->spec, &d)))
		goto out;
	if (r->dump && write_dump(cmd, dl, r->dump) < 0)
		goto out;
	if (pl_render_file(dl, r->format, png_scale(&r->spec), r->output, &d) < 0)
		goto out;
	if (!g->quiet) {
		fprintf(stderr, "parley %s: %s: %ld events drawn", cmd, r->output, dl->nplaced);
		if (dl->nclustered)
			fprintf(stderr, ", %ld in +N clusters", dl->nclustered);
		if (dl->nundated)
			fprintf(stderr, ", %ld undated (listed in a note)", dl->nundated);
		if (dl->nshortened)
			fprintf(stderr, ", %ld labels shortened", dl->nshortened);
		fputc('\n', stderr);
	}
	rc = EXIT_OK;
out:
	if (title) /* the spec must not keep a pointer to freed memory */
		r->spec.title = NULL;
	free(title);
	cli_print_diags(&d);
	pl_display_destroy(dl);
	pl_events_free(&ev);
	pl_merger_destroy(names);
	pl_rules_destroy(rs);
	pl_store_close(s);
	pl_diags_finish(&d);
	return rc;
}

int render_cli_demo(struct cli_globals *g)
{
	/* The charts go beside the database: ./setup's --db output/demo.db puts them in output/. */
	/* The web graphic has a lane per actor; an A4 page holds fewer lanes, so
	 * the handout groups actors by country (its chronology lists every event). */
	static const struct {
		const char *name;
		enum pl_theme theme;
		enum pl_lanes_by lanes;
	} charts[] = {
		{ "demo-timeline.svg", PL_THEME_EXPLAINER, PL_LANES_ACTOR },
		{ "demo-timeline.png", PL_THEME_EXPLAINER, PL_LANES_ACTOR },
		{ "demo-timeline.pdf", PL_THEME_EXPLAINER, PL_LANES_ACTOR },
		{ "demo-handout.pdf", PL_THEME_HANDOUT, PL_LANES_COUNTRY },
	};
	const char *slash = strrchr(g->db, '/');
	int rc = EXIT_OK;
	for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
		struct render_cli r;
		struct pl_buf path = PL_BUF_INIT;
		if (slash)
			pl_buf_append(&path, g->db, (size_t)(slash - g->db + 1));
		pl_buf_puts(&path, charts[i].name);
		render_cli_init(&r);
		r.spec.theme = charts[i].theme;
		r.spec.lanes = charts[i].lanes;
		r.spec.title = "Talks on ending the war in Ukraine";
		r.spec.subtitle = "Events extracted by parley from the bundled demo articles";
		r.output = path.p;
		int one = path.oom ? EXIT_INPUT : render_cli_check("demo", &r);
		if (one == EXIT_OK)
			one = render_cli_run(g, "demo", &r);
		if (one > rc)
			rc = one;
		render_cli_finish(&r);
		pl_buf_free(&path);
	}
	return rc;
}

int cmd_render(struct cli_globals *g, int argc, char **argv)
{
	struct render_cli r;
	render_cli_init(&r);
	int rc = EXIT_USAGE;
	for (int i = 1; i < argc;) {
		if (cli_is_help(argv[i])) {
			render_cli_print_help(help_head, help_tail);
			rc = EXIT_OK;
			goto out;
		}
		int k = render_cli_option("render", argc, argv, &i, &r);
		if (k < 0)
			goto out;
		if (k == 0) {
			rc = cli_usage_error("render", argv[i][0] == '-' ? "unknown option '%s'" :
					     "unexpected argument '%s'", argv[i]);
			goto out;
		}
	}
	if ((rc = render_cli_check("render", &r)) == EXIT_OK)
		rc = render_cli_run(g, "render", &r);
out:
	render_cli_finish(&r);
	return rc;
}
