/* detect.c - tell an input's format from its content (root element, first line), using
 * the file name's extension only to break ties, and name the formats. */
#include <string.h>

#include "parley/ingest.h"
#include "parley/json.h"

const char *pl_format_name(enum pl_format f)
{
	switch (f) {
	case PL_FMT_TEXT: return "text";
	case PL_FMT_HTML: return "html";
	case PL_FMT_RSS: return "rss";
	case PL_FMT_ATOM: return "atom";
	case PL_FMT_NITF: return "nitf";
	case PL_FMT_NEWSML: return "newsml";
	case PL_FMT_JSONL: return "jsonl";
	case PL_FMT_UNKNOWN: break;
	}
	return "unknown";
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool starts_ci(const char *p, const char *end, const char *w)
{
	size_t k = strlen(w);
	if ((size_t)(end - p) < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)p[i]) != w[i])
			return false;
	return true;
}

static const char *find(const char *p, const char *end, const char *w)
{
	size_t k = strlen(w);
	for (; (size_t)(end - p) >= k; p++)
		if (memcmp(p, w, k) == 0)
			return p;
	return NULL;
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ':' || c >= 0x80;
}

static bool is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

/* Elements that only HTML starts with (a fragment or a whole page). */
static const char *const html_roots[] = {
	"html", "head", "body", "p", "div", "article", "section", "main", "span", "h1", "h2",
	"h3", "h4", "h5", "h6", "table", "meta", "title", "link", "script", "style", "header",
	"nav", "ul", "ol", "br", "a", "b", "i", "em", "strong", "blockquote", "figure", "img",
	"form", "center", "font", "noscript", "base", "iframe", "footer", "aside", NULL,
};

/* Map a root element's local name (namespace prefix removed) to a format. */
static enum pl_format root_format(const char *name, size_t n)
{
	static const struct {
		const char *name;
		enum pl_format f;
	} xml_roots[] = {
		{ "rss", PL_FMT_RSS },         { "RDF", PL_FMT_RSS },          { "feed", PL_FMT_ATOM },
		{ "nitf", PL_FMT_NITF },       { "newsItem", PL_FMT_NEWSML },  { "newsMessage", PL_FMT_NEWSML },
		{ "NewsML", PL_FMT_NEWSML },
	};
	const char *colon = memchr(name, ':', n);
	if (colon) {
		n -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	for (size_t i = 0; i < sizeof xml_roots / sizeof xml_roots[0]; i++)
		if (strlen(xml_roots[i].name) == n && memcmp(xml_roots[i].name, name, n) == 0)
			return xml_roots[i].f;
	for (size_t i = 0; html_roots[i]; i++) {
		size_t k = strlen(html_roots[i]), j = 0;
		if (k != n)
			continue;
		while (j < n && lower((unsigned char)name[j]) == html_roots[i][j])
			j++;
		if (j == n)
			return PL_FMT_HTML;
	}
	return PL_FMT_UNKNOWN;
}

/* Lower-cased extension of `name` after dropping ".gz" ("" when none). */
static void extension(const char *name, char *ext, size_t cap)
{
	ext[0] = '\0';
	if (!name)
		return;
	size_t n = strlen(name);
	if (n > 3 && strcmp(name + n - 3, ".gz") == 0)
		n -= 3;
	size_t dot = n;
	while (dot > 0 && name[dot - 1] != '.' && name[dot - 1] != '/')
		dot--;
	if (dot == 0 || name[dot - 1] != '.' || n - dot + 1 > cap)
		return;
	for (size_t i = dot; i < n; i++)
		ext[i - dot] = (char)lower((unsigned char)name[i]);
	ext[n - dot] = '\0';
}

static enum pl_format ext_format(const char *ext)
{
	static const struct {
		const char *ext;
		enum pl_format f;
	} map[] = {
		{ "html", PL_FMT_HTML }, { "htm", PL_FMT_HTML },   { "xhtml", PL_FMT_HTML },
		{ "rss", PL_FMT_RSS },   { "atom", PL_FMT_ATOM },  { "nitf", PL_FMT_NITF },
		{ "jsonl", PL_FMT_JSONL }, { "ndjson", PL_FMT_JSONL }, { "txt", PL_FMT_TEXT },
		{ "text", PL_FMT_TEXT },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(ext, map[i].ext) == 0)
			return map[i].f;
	return PL_FMT_UNKNOWN;
}

/* The first non-blank line is one JSON object. */
static bool first_line_is_json_object(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl ? nl : end;
	while (e > p && is_space((unsigned char)e[-1]))
		e--;
	if (e - p < 2 || e[-1] != '}')
		return false;
	struct pl_arena *a = pl_arena_create(4096);
	if (!a)
		return false;
	size_t off;
	const char *msg;
	struct pl_json *j = pl_json_parse(p, (size_t)(e - p), a, &off, &msg);
	bool ok = j && j->type == PL_JSON_OBJECT;
	pl_arena_destroy(a);
	return ok;
}

enum pl_format pl_detect_format(const char *data, size_t len, const char *name)
{
	const char *p = data, *end = data + len;
	char ext[16];
	extension(name, ext, sizeof ext);
	enum pl_format by_ext = ext_format(ext);
	enum pl_format f = PL_FMT_UNKNOWN;
	bool xml_prolog = false;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	/* Skip the prolog: whitespace, XML declaration, processing instructions,
	 * comments and a doctype (its internal subset may hold '>' inside brackets). */
	for (;;) {
		while (p < end && is_space((unsigned char)*p))
			p++;
		if (starts_ci(p, end, "<?")) {
			const char *q = find(p, end, "?>");
			p = q ? q + 2 : end;
			xml_prolog = true;
		} else if (starts_ci(p, end, "<!--")) {
			const char *q = find(p + 4, end, "-->");
			p = q ? q + 3 : end;
		} else if (starts_ci(p, end, "<!doctype")) {
			const char *q = p + 9;
			while (q < end && is_space((unsigned char)*q))
				q++;
			if (starts_ci(q, end, "html") && (q + 4 == end || !is_name_char((unsigned char)q[4])))
				return PL_FMT_HTML;
			int depth = 0;
			while (q < end && (*q != '>' || depth > 0)) {
				depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
				q++;
			}
			p = q < end ? q + 1 : end;
			xml_prolog = true;
		} else {
			break;
		}
	}
	if (p < end && *p == '<' && p + 1 < end && is_name_start((unsigned char)p[1])) {
		const char *n = p + 1, *ne = n;
		while (ne < end && is_name_char((unsigned char)*ne))
			ne++;
		f = root_format(n, (size_t)(ne - n));
		if (f == PL_FMT_UNKNOWN) {
			/* Some other markup: a news format named by extension, else the HTML
			 * parser, which reads any tagged text. */
			f = by_ext != PL_FMT_UNKNOWN && by_ext != PL_FMT_TEXT ? by_ext : PL_FMT_HTML;
		}
		return f;
	}
	if (xml_prolog)
		return by_ext != PL_FMT_UNKNOWN && by_ext != PL_FMT_TEXT ? by_ext : PL_FMT_HTML;
	if (p < end && *p == '{') {
		if (first_line_is_json_object(p, end) || by_ext == PL_FMT_JSONL)
			return PL_FMT_JSONL;
		return PL_FMT_TEXT;
	}
	/* Saved pages sometimes carry junk before the markup: look a little further. */
	const char *lim = (size_t)(end - p) > 4096 ? p + 4096 : end;
	for (const char *q = p; q < lim; q++)
		if (*q == '<' && (starts_ci(q, lim, "<html") || starts_ci(q, lim, "<!doctype html") ||
				  starts_ci(q, lim, "<body")))
			return PL_FMT_HTML;
	return PL_FMT_TEXT; /* content wins over a .html or .jsonl name: no markup, no JSON */
}
