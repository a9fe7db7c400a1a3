/* test_backends.c - the drawing back-ends on a hand-built display list: SVG
 * parses with libxml2 (text, titles, groups, escaped hostile labels), matches
 * its golden file and renders with rsvg-convert; PDF opens with pdfinfo and
 * pdftoppm with metadata, pages, links and selectable text; PNG decodes at
 * the expected size; failed renders leave no file behind.
 *
 * UPDATE_GOLDEN=1 rewrites tests/render/fixtures/kitchen.svg. */
#include "check.h"
#include "display_fixture.h"
#include "layout/lsan_fonts.h"

#include <cairo.h>
#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];

static bool contains(const struct pl_buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; b->p && i + n <= b->len; i++)
		if (memcmp(b->p + i, s, n) == 0)
			return true;
	return false;
}

static char *in_tmp(const char *name)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_printf(&b, "%s/%s", tmpdir, name);
	return pl_buf_steal(&b);
}

/* Run a shell command (paths are ours: mkdtemp names), capturing stdout. */
static int run(const char *cmd, struct pl_buf *out)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		if (out)
			pl_buf_append(out, chunk, n);
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool have(const char *tool)
{
	struct pl_buf cmd = PL_BUF_INIT;
	pl_buf_printf(&cmd, "command -v %s >/dev/null 2>&1", tool);
	bool ok = run(cmd.p, NULL) == 0;
	pl_buf_free(&cmd);
	if (!ok)
		fprintf(stderr, "note: %s not installed: that part of the test is skipped\n", tool);
	return ok;
}

static int render(const struct pl_display *dl, enum pl_output_format f, double scale,
		  const char *path)
{
	struct pl_diags d;
	pl_diags_init(&d);
	int rc = pl_render_file(dl, f, scale, path, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "  diag: %s\n", d.v[i].msg);
	pl_diags_finish(&d);
	return rc;
}

static void test_format_names(void)
{
	enum pl_output_format f;
	CHECK(pl_output_format_from_name("a/b.svg", &f) && f == PL_OUT_SVG);
	CHECK(pl_output_format_from_name("X.PNG", &f) && f == PL_OUT_PNG);
	CHECK(pl_output_format_from_name("out/demo.pdf", &f) && f == PL_OUT_PDF);
	CHECK(!pl_output_format_from_name("chart.jpeg", &f));
	CHECK(!pl_output_format_from_name("dir.svg/chart", &f));
	CHECK(!pl_output_format_from_name("noext", &f));
}

/* ---- SVG ------------------------------------------------------------------ */

static char *xpath_str(xmlXPathContextPtr x, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, x);
	char *r = NULL;
	if (o) {
		xmlChar *s = xmlXPathCastToString(o);
		r = pl_strdup((const char *)s);
		xmlFree(s);
		xmlXPathFreeObject(o);
	}
	return r;
}

static double xpath_num(xmlXPathContextPtr x, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, x);
	double v = o ? xmlXPathCastToNumber(o) : -1;
	xmlXPathFreeObject(o);
	return v;
}

#define CHECK_XPATH_STR(x, expr, want) do { char *s_ = xpath_str((x), (expr)); \
	CHECK_STR(s_, (want)); if (s_ && strcmp(s_, (want)) != 0) fprintf(stderr, "  xpath: %s\n", (expr)); \
	free(s_); } while (0)

static void check_golden(const char *got, size_t n, const char *name)
{
	struct pl_buf path = PL_BUF_INIT, want = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	pl_buf_printf(&path, "%s/tests/render/fixtures/%s", getenv("PARLEY_SRC") ? getenv("PARLEY_SRC") : ".", name);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *f = fopen(path.p, "wb");
		CHECK(f && fwrite(got, 1, n, f) == n);
		if (f)
			fclose(f);
		fprintf(stderr, "updated %s\n", path.p);
	} else if (pl_read_file(path.p, PL_MAX_INPUT, &want, &d) < 0) {
		fprintf(stderr, "%s: missing golden file (run with UPDATE_GOLDEN=1)\n", path.p);
		CHECK(!"golden file present");
	} else {
		bool same = want.len == n && memcmp(want.p, got, n) == 0;
		CHECK(same);
		if (!same) {
			size_t i = 0;
			while (i < n && i < want.len && got[i] == want.p[i])
				i++;
			size_t line = 1;
			for (size_t k = 0; k < i; k++)
				line += got[k] == '\n';
			fprintf(stderr, "  %s differs from the golden file at line %zu (UPDATE_GOLDEN=1 "
				"to accept, then review the diff)\n", name, line);
		}
	}
	pl_buf_free(&path);
	pl_buf_free(&want);
	pl_diags_finish(&d);
}

static void check_png_size(const char *path, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
	CHECK_INT(cairo_image_surface_get_width(s), w);
	CHECK_INT(cairo_image_surface_get_height(s), h);
	cairo_surface_destroy(s);
}

static void test_svg(void)
{
	struct pl_display *dl = fx_display();
	char *svg = in_tmp("kitchen.svg");
	struct pl_buf text = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK_INT(render(dl, PL_OUT_SVG, 1, svg), 0);
	CHECK(pl_read_file(svg, PL_MAX_INPUT, &text, &d) == 0);
	if (!text.p)
		goto out;
	check_golden(text.p, text.len, "kitchen.svg");
	/* Raw bytes: the hostile label must not survive as markup. */
	CHECK(strstr(text.p, "<script") == NULL);
	CHECK(strstr(text.p, "]]>") == NULL);
	CHECK(strstr(text.p, "CDATA") == NULL);
	CHECK(strstr(text.p, "javascript:") == NULL);
	CHECK(strchr(text.p, '\x01') == NULL);

	xmlParserCtxtPtr ctx = xmlNewParserCtxt();
	xmlDocPtr doc = xmlCtxtReadMemory(ctx, text.p, (int)text.len, "kitchen.svg", "UTF-8",
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	CHECK(doc != NULL);
	CHECK(ctx->wellFormed);
	xmlFreeParserCtxt(ctx);
	if (!doc)
		goto out;
	xmlXPathContextPtr x = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(x, (const xmlChar *)"s", (const xmlChar *)"http://www.w3.org/2000/svg");
	CHECK_XPATH_STR(x, "string(/s:svg/@role)", "img");
	CHECK_XPATH_STR(x, "string(/s:svg/@aria-labelledby)", "chart-title chart-desc");
	CHECK_XPATH_STR(x, "string(/s:svg/s:title)", "Berlin talks & <after>");
	CHECK_XPATH_STR(x, "string(/s:svg/s:desc)", "Timeline of 12 events, 14-15 December 2025");
	CHECK_XPATH_STR(x, "string(/s:svg/@height)", "1000"); /* two pages stacked */
	CHECK(xpath_num(x, "count(//s:text)") >= 17);
	CHECK_INT(xpath_num(x, "count(//s:g[@class='lane'])"), 3);
	CHECK_XPATH_STR(x, "string(//s:g[@id='lane-1']/@data-lane)", "United States & \"allies\"");
	CHECK_XPATH_STR(x, "string(//s:g[@id='lane-2']/@data-lane)", FX_ARABIC);
	CHECK_INT(xpath_num(x, "count(//s:g[@class='event'])"), 10);
	CHECK_INT(xpath_num(x, "count(//s:g[@class='lane']/s:g[@class='event'])"), 10);
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-101']/s:title)",
			"2025-12-14: Witkoff and Zelensky meet in Berlin (Reuters, AP)");
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-102']/s:title)",
			"2025-12-15: talks continue & \"progress\" <claimed>");
	/* the hostile label comes back as text, exactly (minus what XML cannot carry) */
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-102']/s:text[@class='event-label'])", FX_HOSTILE_XML);
	CHECK_INT(xpath_num(x, "count(//s:script)"), 0);
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-103']/s:text/@direction)", "rtl");
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-103']/s:text)", FX_ARABIC);
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-106']/s:text)", FX_CYRILLIC);
	CHECK_INT(xpath_num(x, "string-length(//s:text[@class='note'])"), 10240);
	/* links: the https one on marker and label, never the javascript: one */
	CHECK_INT(xpath_num(x, "count(//s:a)"), 2);
	CHECK_XPATH_STR(x, "string(//s:g[@id='event-101']/s:a[1]/@href)", "https://example.org/a?x=1&y='2'");
	CHECK_INT(xpath_num(x, "count(//s:g[@id='event-102']//s:a)"), 0);
	/* the connector is drawn under every event (as the layout orders it), tagged with its event */
	CHECK_INT(xpath_num(x, "count(//s:g[@id='underlay']/s:line[@data-event='101'][@class='connector'])"), 1);
	/* markers: 9 polygons and one circle; hollow and struck drawn */
	CHECK_INT(xpath_num(x, "count(//s:polygon[@class='marker'])"), PL_SHAPE_CHEVRON);
	CHECK_INT(xpath_num(x, "count(//s:circle[@class='marker'])"), 1);
	CHECK_INT(xpath_num(x, "count(//*[@class='event'])"), 10); /* only the event groups */
	CHECK(xpath_num(x, "count(//s:g[@id='event-105']/s:polygon[@stroke-dasharray])") == 1);
	CHECK_INT(xpath_num(x, "count(//s:g[@id='event-107']/s:line[@class='strike'])"), 2);
	/* fonts from the pango description */
	CHECK_XPATH_STR(x, "string(//s:text[@class='title']/@font-weight)", "700");
	CHECK_XPATH_STR(x, "string(//s:text[@class='title']/@font-size)", "20");
	CHECK_INT(xpath_num(x, "count(//s:text[@class='footer']/s:tspan)"), 2);
	CHECK_XPATH_STR(x, "string(//s:text[@class='footer']/@text-anchor)", "end");
	/* page two is there, below page one */
	CHECK(xpath_num(x, "//s:text[@class='chronology']/@y") > 500);
	xmlXPathFreeContext(x);
	xmlFreeDoc(doc);

	if (have("rsvg-convert")) {
		char *png = in_tmp("kitchen-rsvg.png");
		struct pl_buf cmd = PL_BUF_INIT;
		pl_buf_printf(&cmd, "rsvg-convert -o '%s' '%s' 2>&1", png, svg);
		CHECK_INT(run(cmd.p, NULL), 0);
		check_png_size(png, 900, 1000);
		pl_buf_free(&cmd);
		free(png);
	}
out:
	pl_buf_free(&text);
	pl_diags_finish(&d);
	free(svg);
	fx_free(dl);
}

/* ---- PDF ------------------------------------------------------------------ */

/* pdfinfo's "Field:   value" with the value starting as `want`. */
static bool has_field(const struct pl_buf *b, const char *field, const char *want)
{
	const char *p = b->p;
	size_t fl = strlen(field);
	while (p && *p) {
		if (strncmp(p, field, fl) == 0 && p[fl] == ':') {
			const char *v = p + fl + 1;
			while (*v == ' ')
				v++;
			if (strncmp(v, want, strlen(want)) == 0)
				return true;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	fprintf(stderr, "  missing: %s: %s in:\n%s\n", field, want, b->p ? b->p : "(nothing)");
	return false;
}

static bool has_line(const struct pl_buf *b, const char *s)
{
	bool ok = b->p && strstr(b->p, s);
	if (!ok)
		fprintf(stderr, "  missing: \"%s\" in:\n%s\n", s, b->p ? b->p : "(nothing)");
	return ok;
}

static void test_pdf(void)
{
	struct pl_display *dl = fx_display();
	char *pdf = in_tmp("kitchen.pdf");
	struct pl_buf out = PL_BUF_INIT, cmd = PL_BUF_INIT, raw = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	setenv("SOURCE_DATE_EPOCH", "1765756800", 1); /* 2025-12-15: reproducible CreationDate */
	CHECK_INT(render(dl, PL_OUT_PDF, 1, pdf), 0);
	CHECK(pl_read_file(pdf, PL_MAX_INPUT, &raw, &d) == 0);
	CHECK(raw.len > 4 && memcmp(raw.p, "%PDF", 4) == 0);
	/* cairo writes link annotations uncompressed: the allowed URI is there,
	 * the javascript: one is not */
	CHECK(contains(&raw, "example.org/a?x=1"));
	CHECK(!contains(&raw, "javascript"));
	if (have("pdfinfo")) {
		pl_buf_printf(&cmd, "pdfinfo '%s'", pdf);
		CHECK_INT(run(cmd.p, &out), 0);
		CHECK(has_field(&out, "Title", "Berlin talks & <after>"));
		CHECK(has_field(&out, "Author", "parley test"));
		CHECK(has_field(&out, "Subject", "Peace negotiations"));
		CHECK(has_field(&out, "Creator", "parley "));
		CHECK(has_field(&out, "Pages", "2"));
		CHECK(has_field(&out, "Page size", "900 x 500 pts"));
		CHECK(has_field(&out, "CreationDate", "Mon Dec 15 00:00:00 2025"));
		/* link annotations: the marker's and the label's, quote and ampersand intact */
		pl_buf_reset(&cmd);
		pl_buf_reset(&out);
		pl_buf_printf(&cmd, "pdfinfo -url '%s'", pdf);
		CHECK_INT(run(cmd.p, &out), 0);
		CHECK(has_line(&out, "Annotation    https://example.org/a?x=1&y='2'\n   1  Annotation    "
				     "https://example.org/a?x=1&y='2'\n"));
	}
	if (have("pdftotext")) {
		pl_buf_reset(&cmd);
		pl_buf_reset(&out);
		pl_buf_printf(&cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
		CHECK_INT(run(cmd.p, &out), 0);
		CHECK(has_line(&out, "Witkoff meets Zelensky"));
		CHECK(has_line(&out, FX_CYRILLIC));
		CHECK(has_line(&out, "Page two: 14 Dec 2025"));
		CHECK(has_line(&out, "<script>alert"));
	}
	if (have("pdftoppm")) {
		pl_buf_reset(&cmd);
		pl_buf_printf(&cmd, "pdftoppm -r 36 -png '%s' '%s/kitchen-pdf' 2>&1", pdf, tmpdir);
		CHECK_INT(run(cmd.p, NULL), 0);
		char *p1 = in_tmp("kitchen-pdf-1.png"), *p2 = in_tmp("kitchen-pdf-2.png");
		check_png_size(p1, 450, 250); /* 900 x 500 pt at 36 dpi */
		check_png_size(p2, 450, 250);
		free(p1);
		free(p2);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	pl_buf_free(&out);
	pl_buf_free(&cmd);
	pl_buf_free(&raw);
	pl_diags_finish(&d);
	free(pdf);
	fx_free(dl);
}

/* ---- PNG ------------------------------------------------------------------ */

static void test_png(void)
{
	struct pl_display *dl = fx_display();
	char *png = in_tmp("kitchen.png");
	CHECK_INT(render(dl, PL_OUT_PNG, 2, png), 0);
	check_png_size(png, 1800, 2000); /* 2x, two pages stacked */
	cairo_surface_t *s = cairo_image_surface_create_from_png(png);
	if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
		unsigned char *px = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		/* the circle marker of event 101 is centred at (67, 127): Okabe-Ito orange
		 * (its connector leaves towards the lower right, so look up-left) */
		uint32_t c = *(uint32_t *)(px + 125 * 2 * stride + 65 * 2 * 4) & 0xFFFFFF;
		CHECK_INT(c, 0xE69F00);
		uint32_t bg = *(uint32_t *)(px + 2 * stride + 2 * 4) & 0xFFFFFF;
		CHECK_INT(bg, 0xFFFFFF);
	}
	cairo_surface_destroy(s);
	free(png);
	fx_free(dl);
}

/* A canvas beyond cairo's 32767-pixel limit is drawn smaller, with a warning. */
static void test_png_too_large(void)
{
	struct pl_display *dl = fx_display();
	dl->width = 40000;
	char *png = in_tmp("wide.png");
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK_INT(pl_render_file(dl, PL_OUT_PNG, 2, png, &d), 0);
	CHECK_INT(d.nerrors, 0);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "too large for a PNG"));
	cairo_surface_t *s = cairo_image_surface_create_from_png(png);
	CHECK(cairo_image_surface_get_width(s) <= 32767);
	cairo_surface_destroy(s);
	pl_diags_finish(&d);
	free(png);
	fx_free(dl);
}

/* ---- Atomic output ----------------------------------------------------------- */

static size_t count_entries(const char *prefix)
{
	DIR *dir = opendir(tmpdir);
	size_t n = 0;
	for (struct dirent *e; dir && (e = readdir(dir));)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (dir)
		closedir(dir);
	return n;
}

static void test_atomic(void)
{
	struct pl_display *dl = fx_display();
	char *missing = in_tmp("no/such/dir/x.svg"), *keep = in_tmp("keep.png");
	struct pl_diags d;
	pl_diags_init(&d);
	CHECK_INT(pl_render_file(dl, PL_OUT_SVG, 1, missing, &d), -1);
	CHECK(d.nerrors == 1 && d.v[0].file && strcmp(d.v[0].file, missing) == 0);
	CHECK(access(missing, F_OK) != 0);
	/* a failing render leaves an existing file as it was, and no temp file */
	FILE *f = fopen(keep, "w");
	fputs("old", f);
	fclose(f);
	CHECK_INT(pl_render_file(dl, PL_OUT_PNG, 0, keep, &d), -1);
	struct pl_display empty = { 0 };
	CHECK_INT(pl_render_file(&empty, PL_OUT_PDF, 1, keep, &d), -1);
	struct pl_buf b = PL_BUF_INIT;
	CHECK(pl_read_file(keep, 100, &b, &d) == 0);
	CHECK_STR(b.p, "old");
	CHECK_INT(count_entries(".keep.png"), 0);
	CHECK_INT(count_entries(".kitchen"), 0);
	pl_buf_free(&b);
	pl_diags_finish(&d);
	free(missing);
	free(keep);
	fx_free(dl);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-render-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_format_names);
	RUN(test_svg);
	RUN(test_pdf);
	RUN(test_png);
	RUN(test_png_too_large);
	RUN(test_atomic);
	int rc = check_done();
	if (rc == 0 && !getenv("KEEP_OUTPUT")) {
		struct pl_buf cmd = PL_BUF_INIT;
		pl_buf_printf(&cmd, "rm -rf '%s'", tmpdir);
		run(cmd.p, NULL);
		pl_buf_free(&cmd);
	} else {
		fprintf(stderr, "outputs kept in %s\n", tmpdir);
	}
	return rc;
}
