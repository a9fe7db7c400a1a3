/* test_html_strip.c - cutting <script>/<style> bodies before the parse
 * (pl_html_strip_raw) must leave libxml2's tree exactly as it was, less the text
 * of the cut elements.  libxml2 is the oracle: every input is parsed as it is
 * and as cut, and the two trees are compared node by node (names, attributes,
 * text, comments, the DTD).  Inputs: tests/html/fixtures/strip/NAME.html (the
 * tokenizer's corners: comments, quoted '>', end tags that only start like
 * "script", self-closed scripts, a DOCTYPE late, a processing instruction...),
 * whose cut text is also compared with NAME.cut (UPDATE_GOLDEN=1 rewrites
 * them: review with git diff), 1,800 seeded mutations of them, every other .html in tests/html/fixtures, and the
 * 91 pages of $PARLEY_SHARED/eval/article-extraction/html when present. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "ingest/formats.h"
#include "ingest/html_dom.h"

static xmlDoc *parse(const char *html, size_t len)
{
	return htmlReadMemory(html, (int)len, NULL, "UTF-8", pl_xml_options() | HTML_PARSE_RECOVER);
}

static const char *str(const xmlChar *s)
{
	return s ? (const char *)s : "";
}

static bool is_raw(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       (strcmp((const char *)n->name, "script") == 0 || strcmp((const char *)n->name, "style") == 0);
}

static bool same_attrs(const xmlNode *a, const xmlNode *b)
{
	const xmlAttr *x = a->properties, *y = b->properties;
	for (; x && y; x = x->next, y = y->next) {
		if (strcmp(str(x->name), str(y->name)) != 0)
			return false;
		const xmlChar *vx = x->children ? x->children->content : NULL;
		const xmlChar *vy = y->children ? y->children->content : NULL;
		if (strcmp(str(vx), str(vy)) != 0)
			return false;
	}
	return !x && !y;
}

/* Compare sibling lists a (parsed as is) and b (parsed as cut); on the first
 * difference, describe it in *why and return false. */
static bool same_tree(const xmlNode *a, const xmlNode *b, int depth, const char **why)
{
	if (depth > 10000) {
		*why = "deeper than the test follows";
		return false;
	}
	for (; a || b; a = a->next, b = b->next) {
		if (!a || !b) {
			*why = a ? "a node missing after the cut" : "a node added by the cut";
			return false;
		}
		if (a->type != b->type || strcmp(str(a->name), str(b->name)) != 0) {
			*why = "node type or name differs";
			return false;
		}
		if (a->type == XML_DTD_NODE) {
			const xmlDtd *da = (const xmlDtd *)a, *db = (const xmlDtd *)b;
			if (strcmp(str(da->ExternalID), str(db->ExternalID)) != 0 ||
			    strcmp(str(da->SystemID), str(db->SystemID)) != 0) {
				*why = "DTD differs";
				return false;
			}
			continue;
		}
		if (a->type != XML_ELEMENT_NODE) {
			if (strcmp(str(a->content), str(b->content)) != 0) {
				*why = "text or comment differs";
				return false;
			}
			continue;
		}
		if (!same_attrs(a, b)) {
			*why = "attributes differ";
			return false;
		}
		if (is_raw(a) && !b->children) { /* a cut body: text only, nothing else */
			for (const xmlNode *c = a->children; c; c = c->next)
				if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) {
					*why = "a cut script/style held more than text";
					return false;
				}
			continue;
		}
		if (!same_tree(a->children, b->children, depth + 1, why))
			return false;
	}
	return true;
}

/* Parse both ways and compare; the cut text goes to *cut (the input itself when
 * nothing was cut).  Returns the number of bytes cut. */
static size_t check_same(const char *name, const char *html, size_t len, struct pl_buf *cut)
{
	check_current_ = name;
	pl_buf_reset(cut);
	bool did = pl_html_strip_raw(html, len, cut);
	if (!did) {
		pl_buf_reset(cut);
		pl_buf_append(cut, html, len);
	}
	CHECK(cut->len <= len);
	xmlDoc *a = parse(html, len), *b = parse(cut->p ? cut->p : "", cut->len);
	CHECK((a == NULL) == (b == NULL));
	if (a && b) {
		const char *why = NULL;
		bool same = same_tree(a->children, b->children, 0, &why);
		if (!same)
			fprintf(stderr, "%s: the cut changes the tree: %s\n", name, why);
		CHECK(same);
	}
	xmlFreeDoc(a);
	xmlFreeDoc(b);
	return len - cut->len;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n > k && strcmp(s + n - k, tail) == 0;
}

/* Every NAME.html (or NAME.html.gz) in dir; with `golden`, also NAME.cut. */
static int check_dir(const char *dir, bool golden)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	struct pl_buf html = PL_BUF_INIT, cut = PL_BUF_INIT, want = PL_BUF_INIT;
	int files = 0;
	char **names = NULL;
	size_t nnames = 0;
	while ((e = readdir(d))) /* sorted below: the report reads the same every run */
		if (ends_with(e->d_name, ".html") || ends_with(e->d_name, ".html.gz")) {
			char **t = realloc(names, (nnames + 1) * sizeof *names);
			if (!t)
				break;
			names = t;
			names[nnames++] = pl_strdup(e->d_name);
		}
	closedir(d);
	qsort(names, nnames, sizeof *names, by_name);
	for (size_t i = 0; i < nnames; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct pl_diags dg;
		pl_diags_init(&dg);
		pl_buf_reset(&html);
		if (pl_read_file(path, PL_MAX_INPUT, &html, &dg) != 0) {
			check_current_ = names[i];
			CHECK(!"fixture readable");
		} else {
			check_same(names[i], html.p ? html.p : "", html.len, &cut);
			files++;
		}
		pl_diags_finish(&dg);
		if (!golden)
			continue;
		char want_path[4096];
		snprintf(want_path, sizeof want_path, "%.*s.cut", (int)(strlen(path) - 5), path);
		if (getenv("UPDATE_GOLDEN")) {
			FILE *f = fopen(want_path, "wb");
			CHECK(f != NULL);
			if (f) {
				fwrite(cut.p ? cut.p : "", 1, cut.len, f);
				fclose(f);
			}
			continue;
		}
		pl_buf_reset(&want);
		struct pl_diags dw;
		pl_diags_init(&dw);
		bool have = pl_read_file(want_path, PL_MAX_INPUT, &want, &dw) == 0;
		pl_diags_finish(&dw);
		CHECK(have);
		bool same = have && want.len == cut.len && memcmp(want.p, cut.p, cut.len) == 0;
		if (have && !same)
			fprintf(stderr, "%s: the cut text differs from %s\n--- got\n%.*s\n", names[i],
				want_path, (int)cut.len, cut.p ? cut.p : "");
		CHECK(same);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	pl_buf_free(&html);
	pl_buf_free(&cut);
	pl_buf_free(&want);
	return files;
}

/* Seeded mutations of the strip fixtures: tokens that open and close comments,
 * tags, quotes and raw elements put anywhere, bytes deleted and repeated.  The
 * tree must stay the same for every one (a handful per thousand are cut less). */
static uint32_t rnd(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

static void test_mutations(const char *dir)
{
	static const char *const toks[] = {
		"<", ">", "\"", "'", "<script>", "</script>", "<SCRIPT src=x/>", "<style>", "</style >",
		"<!--", "-->", "--!>", "/>", "</", "<!DOCTYPE html>", "<?x?>", "<!", "=", " ", "\n",
		"</scriptx>", "<script type=\"application/ld+json\">", "<p>", "</p>", "<div class=\"a>b\">",
		"&amp;", "<![CDATA[", "]]>", "<scripts>", "<script\n>", "</script\n>", "<script>x",
	};
	static const char *const names[] = { "basic.html", "comments.html", "attributes.html", "end-tags.html",
					     "bogus-markup.html", "doctypes.html" };
	struct pl_buf src = PL_BUF_INIT, m = PL_BUF_INIT, cut = PL_BUF_INIT;
	uint32_t state = 7;
	size_t cuts = 0, total = 0;
	for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
		char path[4096 + 32]; /* dir is at most 4096 */
		snprintf(path, sizeof path, "%s/%s", dir, names[f]);
		struct pl_diags d;
		pl_diags_init(&d);
		pl_buf_reset(&src);
		bool ok = pl_read_file(path, PL_MAX_INPUT, &src, &d) == 0 && src.len > 0;
		pl_diags_finish(&d);
		check_current_ = names[f];
		CHECK(ok);
		if (!ok)
			continue;
		for (int k = 0; k < 300; k++) {
			pl_buf_reset(&m);
			pl_buf_append(&m, src.p, src.len);
			for (uint32_t e = 1 + rnd(&state) % 6; e > 0; e--) {
				size_t at = rnd(&state) % (m.len + 1);
				struct pl_buf t = PL_BUF_INIT;
				pl_buf_append(&t, m.p, at);
				uint32_t r = rnd(&state) % 10;
				size_t rest = at;
				if (r < 7) {
					pl_buf_puts(&t, toks[rnd(&state) % (sizeof toks / sizeof toks[0])]);
				} else if (r < 9) {
					rest = at + 1 + rnd(&state) % 12; /* delete */
					if (rest > m.len)
						rest = m.len;
				} else {
					size_t from = rnd(&state) % (m.len + 1), len = 1 + rnd(&state) % 40;
					pl_buf_append(&t, m.p + from, from + len > m.len ? m.len - from : len);
				}
				pl_buf_append(&t, m.p + rest, m.len - rest);
				pl_buf_free(&m);
				m = t;
			}
			char name[64];
			snprintf(name, sizeof name, "%s mutation %d", names[f], k);
			cuts += check_same(name, m.p ? m.p : "", m.len, &cut) > 0;
			total++;
		}
	}
	check_current_ = "mutations";
	CHECK(cuts * 4 > total); /* the mutations do reach the cutting code */
	pl_buf_free(&src);
	pl_buf_free(&m);
	pl_buf_free(&cut);
}

/* The bodies the benchmark pages spend most of the parse in are really cut. */
static void test_cuts_pages(void)
{
	static const char page[] =
		"<html><head><script>var a = 1;</script><style>p{}</style></head>"
		"<body><p>x</p></body></html>";
	struct pl_buf cut = PL_BUF_INIT;
	CHECK_INT(check_same("inline", page, sizeof page - 1, &cut), 13);
	CHECK_STR(cut.p, "<html><head><script></script><style></style></head><body><p>x</p></body></html>");
	pl_buf_free(&cut);
}

int main(void)
{
	pl_xml_init();
	const char *src = getenv("PARLEY_SRC");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/tests/html/fixtures/strip", src ? src : ".");
	RUN(test_cuts_pages);
	int n = check_dir(dir, true);
	check_current_ = "fixtures/strip";
	CHECK(n > 0);
	test_mutations(dir);
	snprintf(dir, sizeof dir, "%s/tests/html/fixtures", src ? src : ".");
	n = check_dir(dir, false);
	check_current_ = "fixtures";
	CHECK(n > 0);
	const char *shared = getenv("PARLEY_SHARED");
	if (shared) {
		snprintf(dir, sizeof dir, "%s/eval/article-extraction/html", shared);
		n = check_dir(dir, false);
		fprintf(stderr, "%s: %d pages\n", dir, n < 0 ? 0 : n);
	}
	return check_done();
}
