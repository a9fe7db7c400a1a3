/* newsxml.c - news agency XML: NITF documents and NewsML-G2 items (alone or in a
 * newsMessage; NewsML 1 NewsItems holding NITF too).  Streamed like feeds: each item
 * subtree is expanded, read, handed on and freed before the next. */
#include <stdlib.h>
#include <string.h>

#include "ingest/fmtutil.h"
#include "ingest/formats.h"
#include "ingest/html.h"
#include "ingest/xmlutil.h"

static char *node_line(const xmlNode *n)
{
	if (!n)
		return NULL;
	struct pl_buf b = PL_BUF_INIT;
	pl_xml_text(n, &b);
	char *s = b.p ? pl_fmt_line(b.p, b.len, false) : NULL;
	pl_buf_free(&b);
	return s;
}

static char *attr_line(const xmlNode *n, const char *attr)
{
	const char *v = n ? pl_xml_attr(n, attr) : NULL;
	return v ? pl_fmt_line(v, strlen(v), false) : NULL;
}

static void set_once(char **slot, char *v)
{
	if (!*slot)
		*slot = v;
	else
		free(v);
}

/* NITF norm attributes use ISO 8601 basic format ("20251215T103000+0100");
 * rewrite to the extended form pl_datetime_parse reads.  Extended input is
 * passed through unchanged. */
static void norm_date(const char *s, struct pl_buf *out)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s), i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i != 8) {
		pl_buf_puts(out, s);
		return;
	}
	pl_buf_printf(out, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	if (s[i] != 'T')
		return;
	size_t t = ++i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t k = i - t;
	if (k < 4)
		return;
	pl_buf_printf(out, "T%.2s:%.2s", s + t, s + t + 2);
	if (k >= 6)
		pl_buf_printf(out, ":%.2s", s + t + 4);
	if (i < n && s[i] == 'Z') {
		pl_buf_putc(out, 'Z');
	} else if (i < n && (s[i] == '+' || s[i] == '-') && n - i >= 5 && s[i + 3] != ':') {
		pl_buf_printf(out, "%c%.2s:%.2s", s[i], s + i + 1, s + i + 3);
	} else if (i < n) {
		pl_buf_puts(out, s + i);
	}
}

/* A date from attribute `attr` of `n`, or from its text when attr is NULL; basic
 * or extended ISO 8601 either way. */
static void date_of(struct pl_article *a, const xmlNode *n, const char *attr, bool modified,
		    const char *how)
{
	struct pl_buf raw = PL_BUF_INIT, b = PL_BUF_INIT;
	const char *v = NULL;
	if (n && attr) {
		v = pl_xml_attr(n, attr);
	} else if (n) {
		pl_xml_text(n, &raw);
		v = raw.p;
	}
	if (v) {
		norm_date(v, &b);
		if (b.p)
			pl_fmt_set_date(a, modified, b.p, b.len, how);
	}
	pl_buf_free(&raw);
	pl_buf_free(&b);
}

/* NITF body.content: paragraph-like elements become paragraphs, containers are
 * walked, media captions go to the captions. */
static void nitf_blocks(const xmlNode *n, struct pl_buf *out, struct pl_article *a)
{
	static const char *const paras[] = { "p", "hl2", "hl3", "li", "pre", "dt", "dd", NULL };
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "media") == 0) {
			for (const xmlNode *m = c->children; m; m = m->next)
				if (pl_xml_is(m, PL_XNS_NONE, "media-caption"))
					pl_fmt_add_caption(&a->captions, &a->ncaptions, node_line(m));
			continue;
		}
		if (strcmp(name, "table") == 0 || strcmp(name, "media-reference") == 0)
			continue;
		bool para = false;
		for (size_t i = 0; paras[i]; i++)
			para |= strcmp(name, paras[i]) == 0;
		if (!para) {
			nitf_blocks(c, out, a); /* block, ul, ol, dl, blockquote, ... */
			continue;
		}
		char *line = node_line(c);
		if (line) {
			if (out->len)
				pl_buf_puts(out, "\n\n");
			pl_buf_puts(out, line);
			free(line);
		}
	}
}

/* Fill `a` from a <nitf> element; fields already set (by NewsML metadata) win. */
static void nitf_fill(xmlNode *nitf, struct pl_article *a)
{
	xmlNode *head = pl_xml_child(nitf, PL_XNS_NONE, "head");
	xmlNode *docdata = pl_xml_child(head, PL_XNS_NONE, "docdata");
	xmlNode *pubdata = pl_xml_child(head, PL_XNS_NONE, "pubdata");
	xmlNode *body = pl_xml_child(nitf, PL_XNS_NONE, "body");
	xmlNode *bhead = pl_xml_child(body, PL_XNS_NONE, "body.head");
	xmlNode *content = pl_xml_child(body, PL_XNS_NONE, "body.content");
	xmlNode *dateline = pl_xml_child(bhead, PL_XNS_NONE, "dateline");

	set_once(&a->title, node_line(pl_xml_child(pl_xml_child(bhead, PL_XNS_NONE, "hedline"),
						   PL_XNS_NONE, "hl1")));
	set_once(&a->title, node_line(pl_xml_child(head, PL_XNS_NONE, "title")));
	set_once(&a->byline, node_line(pl_xml_child(bhead, PL_XNS_NONE, "byline")));
	set_once(&a->dateline, node_line(dateline));
	set_once(&a->source, attr_line(pubdata, "name"));
	set_once(&a->source, attr_line(pl_xml_child(docdata, PL_XNS_NONE, "doc.copyright"), "holder"));
	const char *ref = pubdata ? pl_xml_attr(pubdata, "ex-ref") : NULL;
	if (ref && (strncmp(ref, "http://", 7) == 0 || strncmp(ref, "https://", 8) == 0))
		set_once(&a->url, pl_strdup(ref));

	date_of(a, pl_xml_child(docdata, PL_XNS_NONE, "date.issue"), "norm", false, "nitf:date.issue");
	date_of(a, pl_xml_child(docdata, PL_XNS_NONE, "date.release"), "norm", false, "nitf:date.release");
	date_of(a, pubdata, "date.publication", false, "nitf:date.publication");
	date_of(a, pl_xml_child(dateline, PL_XNS_NONE, "story.date"), "norm", false, "nitf:story.date");

	if (!a->language) {
		xmlChar *lang = xmlNodeGetLang(content ? content : nitf);
		if (lang) {
			a->language = pl_strdup((const char *)lang);
			xmlFree(lang);
		}
	}
	if (!a->body && content) {
		struct pl_buf t = PL_BUF_INIT;
		nitf_blocks(content, &t, a);
		a->body_len = t.len;
		a->body = pl_buf_steal(&t);
		pl_buf_free(&t);
	}
}

/* Depth-first search for an element by local name (NewsML 1 buries NITF deep). */
static xmlNode *find_desc(xmlNode *n, const char *name, int depth)
{
	if (depth > 64)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, name) == 0)
			return c;
		xmlNode *f = find_desc(c, name, depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

/* A qcode ("nprov:REUTERS") names a provider when there is no literal. */
static char *g2_name(const xmlNode *n)
{
	if (!n)
		return NULL;
	char *s = attr_line(n, "literal");
	if (!s)
		s = node_line(pl_xml_child(n, PL_XNS_OTHER, "name"));
	if (!s) {
		const char *q = pl_xml_attr(n, "qcode");
		const char *colon = q ? strchr(q, ':') : NULL;
		if (colon && colon[1])
			s = pl_strdup(colon + 1);
	}
	return s;
}

static void g2_fill(xmlNode *item, struct pl_article *a)
{
	xmlNode *meta = pl_xml_child(item, PL_XNS_OTHER, "itemMeta");
	xmlNode *cmeta = pl_xml_child(item, PL_XNS_OTHER, "contentMeta");
	xmlNode *cset = pl_xml_child(item, PL_XNS_OTHER, "contentSet");
	xmlNode *rights = pl_xml_child(item, PL_XNS_OTHER, "rightsInfo");

	set_once(&a->title, node_line(pl_xml_child(cmeta, PL_XNS_OTHER, "headline")));
	set_once(&a->title, node_line(pl_xml_child(meta, PL_XNS_OTHER, "title")));
	set_once(&a->byline, node_line(pl_xml_child(cmeta, PL_XNS_OTHER, "by")));
	set_once(&a->byline, g2_name(pl_xml_child(cmeta, PL_XNS_OTHER, "creator")));
	set_once(&a->dateline, node_line(pl_xml_child(cmeta, PL_XNS_OTHER, "dateline")));
	set_once(&a->source, g2_name(pl_xml_child(meta, PL_XNS_OTHER, "provider")));
	set_once(&a->source, g2_name(pl_xml_child(cmeta, PL_XNS_OTHER, "infoSource")));
	set_once(&a->source, g2_name(pl_xml_child(rights, PL_XNS_OTHER, "copyrightHolder")));
	set_once(&a->language, attr_line(pl_xml_child(cmeta, PL_XNS_OTHER, "language"), "tag"));
	const char *guid = pl_xml_attr(item, "guid");
	if (guid && (strncmp(guid, "http://", 7) == 0 || strncmp(guid, "https://", 8) == 0))
		set_once(&a->url, pl_strdup(guid));

	date_of(a, pl_xml_child(cmeta, PL_XNS_OTHER, "contentCreated"), NULL, false, "newsml:contentCreated");
	date_of(a, pl_xml_child(meta, PL_XNS_OTHER, "firstCreated"), NULL, false, "newsml:firstCreated");
	date_of(a, pl_xml_child(cmeta, PL_XNS_OTHER, "contentModified"), NULL, true, "");
	date_of(a, pl_xml_child(meta, PL_XNS_OTHER, "versionCreated"), NULL, true, "");

	/* The first content that reads wins: inline NITF, inline XHTML, inline text. */
	for (xmlNode *c = cset ? cset->children : NULL; c && !a->body; c = c->next) {
		if (pl_xml_is(c, PL_XNS_OTHER, "inlineXML")) {
			xmlNode *nitf = find_desc(c, "nitf", 0);
			if (nitf) {
				nitf_fill(nitf, a);
				continue;
			}
			xmlNode *html = find_desc(c, "body", 0);
			struct pl_buf raw = PL_BUF_INIT, t = PL_BUF_INIT;
			pl_xml_inner(html ? html : c, &raw);
			if (raw.p)
				pl_html_fragment_text(raw.p, raw.len, &t, &a->captions, &a->ncaptions);
			pl_buf_free(&raw);
			a->body_len = t.len;
			a->body = t.len ? pl_buf_steal(&t) : NULL;
			pl_buf_free(&t);
		} else if (pl_xml_is(c, PL_XNS_OTHER, "inlineData")) {
			struct pl_buf raw = PL_BUF_INIT, t = PL_BUF_INIT;
			pl_xml_text(c, &raw);
			if (raw.p)
				pl_fmt_text_body(raw.p, raw.len, &t);
			pl_buf_free(&raw);
			a->body_len = t.len;
			a->body = t.len ? pl_buf_steal(&t) : NULL;
			pl_buf_free(&t);
		}
	}
	/* Only the version timestamp: it stands in, and published_how says so. */
	date_of(a, pl_xml_child(meta, PL_XNS_OTHER, "versionCreated"), NULL, false, "newsml:versionCreated");
	if (!a->language) {
		xmlChar *lang = xmlNodeGetLang(item);
		if (lang) {
			a->language = pl_strdup((const char *)lang);
			xmlFree(lang);
		}
	}
}

/* NewsML 1: NewsLines/HeadLine for the title, the NITF inside for the rest. */
static void newsml1_fill(xmlNode *item, struct pl_article *a)
{
	xmlNode *lines = find_desc(item, "NewsLines", 0);
	set_once(&a->title, node_line(lines ? pl_xml_child(lines, PL_XNS_OTHER, "HeadLine") : NULL));
	set_once(&a->byline, node_line(lines ? pl_xml_child(lines, PL_XNS_OTHER, "ByLine") : NULL));
	set_once(&a->dateline, node_line(lines ? pl_xml_child(lines, PL_XNS_OTHER, "DateLine") : NULL));
	xmlNode *nitf = find_desc(item, "nitf", 0);
	if (nitf)
		nitf_fill(nitf, a);
	date_of(a, find_desc(item, "FirstCreated", 0), NULL, false, "newsml:FirstCreated");
}

/* State of one parse, shared by the stream callbacks. */
struct news {
	const char *origin;
	enum pl_format fmt;
	pl_article_fn fn;
	void *ud;
	long nitems;
};

enum item_kind { ITEM_NONE, ITEM_NITF, ITEM_G2, ITEM_NEWSML1 };

static enum item_kind kind_of(const char *name)
{
	return strcmp(name, "nitf") == 0       ? ITEM_NITF
	       : strcmp(name, "newsItem") == 0 ? ITEM_G2
	       : strcmp(name, "NewsItem") == 0 ? ITEM_NEWSML1
					       : ITEM_NONE;
}

static bool news_pick(void *ctx, const char *name, const char *uri, int depth)
{
	struct news *n = ctx;
	(void)uri;
	(void)depth;
	enum item_kind k = kind_of(name);
	return n->fmt == PL_FMT_NITF ? k == ITEM_NITF : k != ITEM_NONE;
}

static int news_take(void *ctx, xmlNode *node, int depth)
{
	struct news *n = ctx;
	struct pl_article *a = pl_fmt_article_new();
	struct pl_buf o = PL_BUF_INIT;
	n->nitems++;
	/* a file that is one item is named by its path; items of a message get #N */
	if (depth == 0)
		pl_buf_puts(&o, n->origin);
	else
		pl_buf_printf(&o, "%s#%ld", n->origin, n->nitems);
	if (!a || o.oom) {
		free(a);
		pl_buf_free(&o);
		return -1;
	}
	a->origin = pl_buf_steal(&o);
	a->format = n->fmt;
	switch (kind_of((const char *)node->name)) {
	case ITEM_NITF: nitf_fill(node, a); break;
	case ITEM_G2: g2_fill(node, a); break;
	case ITEM_NEWSML1: newsml1_fill(node, a); break;
	case ITEM_NONE: break;
	}
	if (!a->body)
		a->body = pl_strdup("");
	return n->fn(a, n->ud) != 0;
}

long pl_newsxml_parse(const char *origin, const char *xml, size_t len, enum pl_format fmt,
		      const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		      struct pl_diags *d)
{
	(void)opts;
	struct news n = { origin, fmt, fn, ud, 0 };
	struct pl_xml_stream s = { news_pick, news_take, &n, "XML", &n.nitems };
	int rc = pl_xml_stream(origin, xml, len, &s, d);
	if (rc == 0 && n.nitems == 0)
		pl_error(d, origin, "no %s item found", fmt == PL_FMT_NITF ? "NITF" : "NewsML");
	return rc < 0 ? -1 : n.nitems;
}
