/* test_golden.c - golden layout dumps: each fixtures/NAME.events.tsv (events
 * plus a "# spec" line) is laid out and its JSON dump compared with
 * fixtures/NAME.layout.json.  UPDATE_GOLDEN=1 rewrites the goldens (review the
 * diff).  Measurements come from the installed fonts (DejaVu Sans). */
#include "check.h"
#include "parley/render.h"

#include <dirent.h>

#include "lsan_fonts.h"

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Split s at `sep` into at most max fields (copies, NULL for empty). */
static size_t split(const char *s, char sep, char **f, size_t max)
{
	size_t n = 0;
	while (n < max) {
		const char *e = strchr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);
		f[n++] = len ? dup_n(s, len) : NULL;
		if (!e)
			break;
		s = e + 1;
	}
	return n;
}

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
}

struct spec_strings { char *title, *subtitle, *generated; };

static void parse_spec(char *line, struct pl_chart_spec *sp, struct spec_strings *ss)
{
	char *f[16];
	size_t n = split(line, '\t', f, 16);
	for (size_t i = 1; i < n; i++) {
		char *kv = f[i], *eq = kv ? strchr(kv, '=') : NULL;
		if (!eq)
			continue;
		*eq = '\0';
		const char *v = eq + 1;
		if (!strcmp(kv, "layout"))
			sp->layout = !strcmp(v, "chronology") ? PL_LAYOUT_CHRONOLOGY : PL_LAYOUT_TIMELINE;
		else if (!strcmp(kv, "theme"))
			sp->theme = !strcmp(v, "handout") ? PL_THEME_HANDOUT : !strcmp(v, "slide") ? PL_THEME_SLIDE : PL_THEME_EXPLAINER;
		else if (!strcmp(kv, "lanes")) {
			static const char *const names[] = { "actor", "country", "place", "type", "topic", "none" };
			for (int k = 0; k < 6; k++)
				if (!strcmp(v, names[k]))
					sp->lanes = (enum pl_lanes_by)k;
		} else if (!strcmp(kv, "title"))
			ss->title = dup_n(v, strlen(v));
		else if (!strcmp(kv, "subtitle"))
			ss->subtitle = dup_n(v, strlen(v));
		else if (!strcmp(kv, "generated"))
			ss->generated = dup_n(v, strlen(v));
	}
	free_fields(f, n);
	sp->title = ss->title;
	sp->subtitle = ss->subtitle;
	sp->generated = ss->generated;
}

static void parse_event(const char *line, struct pl_event *e)
{
	char *f[9] = { 0 };
	size_t n = split(line, '\t', f, 9);
	memset(e, 0, sizeof *e);
	e->id = f[0] ? atoll(f[0]) : 0;
	free(f[0]);
	e->type = f[1];
	e->date = f[2];
	e->date_end = f[3];
	e->precision = PL_PREC_DAY;
	pl_event_status_parse(f[4] ? f[4] : "occurred", &e->status);
	free(f[4]);
	e->label = f[5];
	char *a[16];
	size_t na = f[6] ? split(f[6], ';', a, 16) : 0;
	e->actors = calloc(na ? na : 1, sizeof *e->actors);
	e->nactors = na;
	for (size_t i = 0; i < na; i++) {
		char *colon = a[i] ? strchr(a[i], ':') : NULL;
		if (colon) {
			e->actors[i].country = dup_n(colon + 1, strlen(colon + 1));
			*colon = '\0';
		}
		e->actors[i].name = a[i];
		e->actors[i].role = dup_n(i ? "participant" : "source", i ? 11 : 6);
	}
	free(f[6]);
	if (f[7]) {
		e->location = calloc(1, sizeof *e->location);
		e->location->name = f[7];
	}
	char *o[16];
	size_t no = f[8] ? split(f[8], ';', o, 16) : 0;
	e->sources = calloc(no ? no : 1, sizeof *e->sources);
	e->nsources = no;
	for (size_t i = 0; i < no; i++) {
		char url[96];
		snprintf(url, sizeof url, "https://example.org/%lld/%zu", (long long)e->id, i);
		e->sources[i].source = o[i];
		e->sources[i].article = dup_n(url, strlen(url));
	}
	free(f[8]);
	e->narticles = e->noutlets = e->nmentions = (long)no;
	(void)n;
}

static void run_fixture(const char *dir, const char *name)
{
	char path[2048];
	snprintf(path, sizeof path, "%s/%s.events.tsv", dir, name);
	check_current_ = name;
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_buf in = PL_BUF_INIT, out = PL_BUF_INIT, want = PL_BUF_INIT;
	CHECK(pl_read_file(path, 1 << 20, &in, &d) == 0);
	struct pl_chart_spec sp = { 0 };
	struct spec_strings ss = { 0 };
	sp.data_dir = getenv("PARLEY_DATA_DIR");
	struct pl_events ev = { 0 };
	ev.v = calloc(256, sizeof *ev.v);
	for (char *line = in.p; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "# spec\t", 7))
			parse_spec(line, &sp, &ss);
		else if (*line && *line != '#' && ev.n < 256)
			parse_event(line, &ev.v[ev.n++]);
		line = nl ? nl + 1 : NULL;
	}
	struct pl_display *dl = pl_layout(&ev, &sp, &d);
	CHECK(dl != NULL);
	if (dl) {
		pl_display_dump_json(dl, &out);
		/* LAYOUT_RENDER_DIR=DIR: also draw NAME.png / NAME.pdf there, to look at. */
		const char *rdir = getenv("LAYOUT_RENDER_DIR");
		if (rdir && *rdir) {
			snprintf(path, sizeof path, "%s/%s.png", rdir, name);
			CHECK(pl_render_file(dl, PL_OUT_PNG, 1, path, &d) == 0);
			snprintf(path, sizeof path, "%s/%s.pdf", rdir, name);
			CHECK(pl_render_file(dl, PL_OUT_PDF, 1, path, &d) == 0);
		}
		snprintf(path, sizeof path, "%s/%s.layout.json", dir, name);
		const char *upd = getenv("UPDATE_GOLDEN");
		if (upd && *upd == '1') {
			FILE *f = fopen(path, "wb");
			CHECK(f && fwrite(out.p, 1, out.len, f) == out.len);
			if (f)
				fclose(f);
			fprintf(stderr, "%s: golden written\n", path);
		} else if (pl_read_file(path, 16 << 20, &want, &d) != 0) {
			fprintf(stderr, "%s: no golden (run with UPDATE_GOLDEN=1)\n", path);
			CHECK(0);
		} else {
			/* Name the first differing line. */
			size_t line = 1, i = 0;
			while (i < out.len && i < want.len && out.p[i] == want.p[i])
				line += out.p[i++] == '\n';
			if (i < out.len || i < want.len) {
				const char *g = out.p + i, *w = want.p + i;
				while (g > out.p && g[-1] != '\n')
					g--;
				while (w > want.p && w[-1] != '\n')
					w--;
				fprintf(stderr, "%s:%zu: layout differs from the golden\n  got:  %.300s\n  want: %.300s\n",
					path, line, g, w);
			}
			CHECK(out.len == want.len && memcmp(out.p, want.p, out.len) == 0);
		}
	}
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s: %s\n", name, d.v[i].msg);
	pl_display_destroy(dl);
	pl_events_free(&ev); /* fields are malloc'd, as it expects */
	free(ss.title);
	free(ss.subtitle);
	free(ss.generated);
	pl_buf_free(&in);
	pl_buf_free(&out);
	pl_buf_free(&want);
	pl_diags_finish(&d);
}

int main(int argc, char **argv)
{
	const char *src = getenv("PARLEY_SRC");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/tests/layout/fixtures", argc > 1 ? argv[1] : src ? src : ".");
	DIR *dp = opendir(dir);
	if (!dp)
		SKIP("no fixtures directory %s", dir);
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t n = strlen(de->d_name);
		if (n > 11 && !strcmp(de->d_name + n - 11, ".events.tsv")) {
			char name[256];
			snprintf(name, sizeof name, "%.*s", (int)(n - 11), de->d_name);
			run_fixture(dir, name);
		}
	}
	closedir(dp);
	return check_done();
}
