/* feed.c - RSS (0.9x, 1.0, 2.0) and Atom feeds, streamed with xmlTextReader: each item is
 * expanded on its own, turned into an article, handed on and freed before the next one,
 * so memory stays bounded by one item plus the input whatever the feed's length. */
#include <stdlib.h>
#include <string.h>

#include "ingest/fmtutil.h"
#include "ingest/formats.h"
#include "ingest/html.h"
#include "ingest/xmlutil.h"

/* Channel-level facts that every item inherits. */
struct channel {
	char *title;    /* RSS channel/title or Atom feed/title: the outlet */
	char *language; /* RSS channel/language or dc:language */
};

/* Which candidate for the body wins: lower is better.  content:encoded is the
 * full article when a feed has it; description and summary are often teasers. */
enum body_rank { BODY_CONTENT_ENCODED, BODY_ATOM_CONTENT, BODY_DESCRIPTION, BODY_SUMMARY, BODY_NONE };

static char *node_line(const xmlNode *n, bool markup)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_xml_text(n, &b);
	char *s = b.p ? pl_fmt_line(b.p, b.len, markup) : NULL;
	pl_buf_free(&b);
	return s;
}

/* Atom text constructs say how to read them: type="text" (default), "html"
 * (escaped markup) or "xhtml" (inline elements). */
static void atom_text(xmlNode *n, struct pl_buf *out, struct pl_article *a, bool body)
{
	const char *type = pl_xml_attr(n, "type");
	struct pl_buf raw = PL_BUF_INIT;
	bool xhtml = type && strcmp(type, "xhtml") == 0;
	bool html = type && (strcmp(type, "html") == 0 || strcmp(type, "text/html") == 0);
	if (xhtml)
		pl_xml_inner(n, &raw);
	else
		pl_xml_text(n, &raw);
	if (raw.p) {
		if (!body) {
			char *s = pl_fmt_line(raw.p, raw.len, xhtml || html);
			if (s)
				pl_buf_puts(out, s);
			free(s);
		} else if (xhtml || html) {
			pl_html_fragment_text(raw.p, raw.len, out, &a->captions, &a->ncaptions);
		} else {
			pl_fmt_text_body(raw.p, raw.len, out);
		}
	}
	pl_buf_free(&raw);
}

/* RSS <author> is "email (Name)" by the spec; keep the name when there is one. */
static char *rss_author(const xmlNode *n)
{
	char *s = node_line(n, true);
	if (!s)
		return NULL;
	char *open = strchr(s, '('), *close = strrchr(s, ')');
	if (open && close && close > open + 1 && memchr(s, '@', (size_t)(open - s))) {
		char *name = pl_fmt_line(open + 1, (size_t)(close - open - 1), false);
		if (name) {
			free(s);
			return name;
		}
	}
	return s;
}

static void join_byline(struct pl_article *a, char *name)
{
	if (!name)
		return;
	if (!a->byline) {
		a->byline = name;
		return;
	}
	struct pl_buf b = PL_BUF_INIT;
	pl_buf_printf(&b, "%s, %s", a->byline, name);
	char *j = pl_buf_steal(&b);
	if (j) {
		free(a->byline);
		a->byline = j;
	}
	free(name);
}

static void date_from(struct pl_article *a, const xmlNode *n, bool modified, const char *how)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_xml_text(n, &b);
	if (b.p)
		pl_fmt_set_date(a, modified, b.p, b.len, how);
	pl_buf_free(&b);
}

/* Build the article of one <item> or <entry> subtree.  NULL on OOM. */
static struct pl_article *item_article(xmlNode *item, const struct channel *ch, bool atom)
{
	struct pl_article *a = pl_fmt_article_new();
	if (!a)
		return NULL;
	xmlNode *body = NULL, *pub = NULL, *dcdate = NULL, *updated = NULL;
	enum body_rank rank = BODY_NONE;
	char *item_source = NULL;

	for (xmlNode *c = item->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum pl_xns ns = pl_xml_ns(c);
		const char *name = (const char *)c->name;
		bool plain = ns == PL_XNS_NONE || ns == PL_XNS_ATOM;
		if (plain && strcmp(name, "title") == 0 && !a->title) {
			if (atom) {
				struct pl_buf t = PL_BUF_INIT;
				atom_text(c, &t, a, false);
				a->title = t.len ? pl_buf_steal(&t) : NULL;
				pl_buf_free(&t);
			} else {
				a->title = node_line(c, true);
			}
		} else if (plain && strcmp(name, "link") == 0) {
			const char *href = pl_xml_attr(c, "href"), *rel = pl_xml_attr(c, "rel");
			if (href && (!rel || strcmp(rel, "alternate") == 0)) {
				if (!a->url)
					a->url = pl_fmt_line(href, strlen(href), false);
			} else if (!href && !a->url) {
				a->url = node_line(c, false);
			}
		} else if (ns == PL_XNS_NONE && strcmp(name, "guid") == 0 && !a->url) {
			const char *perma = pl_xml_attr(c, "isPermaLink");
			char *g = node_line(c, false);
			if (g && (!perma || strcmp(perma, "false") != 0) &&
			    (strncmp(g, "http://", 7) == 0 || strncmp(g, "https://", 8) == 0))
				a->url = g;
			else
				free(g);
		} else if (ns == PL_XNS_CONTENT && strcmp(name, "encoded") == 0 && rank > BODY_CONTENT_ENCODED) {
			body = c, rank = BODY_CONTENT_ENCODED;
		} else if (ns == PL_XNS_ATOM && strcmp(name, "content") == 0 && !pl_xml_attr(c, "src") &&
			   rank > BODY_ATOM_CONTENT) {
			body = c, rank = BODY_ATOM_CONTENT;
		} else if (ns == PL_XNS_NONE && strcmp(name, "description") == 0 && rank > BODY_DESCRIPTION) {
			body = c, rank = BODY_DESCRIPTION;
		} else if (ns == PL_XNS_ATOM && strcmp(name, "summary") == 0 && rank > BODY_SUMMARY) {
			body = c, rank = BODY_SUMMARY;
		} else if ((ns == PL_XNS_NONE && strcmp(name, "pubDate") == 0) ||
			   (ns == PL_XNS_ATOM && strcmp(name, "published") == 0) ||
			   (ns == PL_XNS_DCTERMS && strcmp(name, "issued") == 0)) {
			if (!pub)
				pub = c;
		} else if (ns == PL_XNS_DC && strcmp(name, "date") == 0) {
			if (!dcdate)
				dcdate = c;
		} else if ((ns == PL_XNS_ATOM && strcmp(name, "updated") == 0) ||
			   (ns == PL_XNS_DCTERMS && strcmp(name, "modified") == 0)) {
			if (!updated)
				updated = c;
		} else if (ns == PL_XNS_NONE && strcmp(name, "author") == 0) {
			join_byline(a, rss_author(c));
		} else if (ns == PL_XNS_ATOM && strcmp(name, "author") == 0) {
			join_byline(a, node_line(pl_xml_child(c, PL_XNS_ATOM, "name"), false));
		} else if (ns == PL_XNS_DC && strcmp(name, "creator") == 0) {
			join_byline(a, node_line(c, true));
		} else if (ns == PL_XNS_DC && strcmp(name, "language") == 0 && !a->language) {
			a->language = node_line(c, false);
		} else if (ns == PL_XNS_NONE && strcmp(name, "source") == 0 && !item_source) {
			item_source = node_line(c, true); /* RSS: the outlet an item came from */
		} else if (ns == PL_XNS_ATOM && strcmp(name, "source") == 0 && !item_source) {
			item_source = node_line(pl_xml_child(c, PL_XNS_ATOM, "title"), true);
		}
	}

	/* Dates: the publication date names its element in published_how. */
	if (pub)
		date_from(a, pub, false, atom ? "feed:published" :
				  strcmp((const char *)pub->name, "issued") == 0 ? "feed:dcterms:issued"
										 : "feed:pubDate");
	if (dcdate)
		date_from(a, dcdate, false, "feed:dc:date");
	if (updated) {
		date_from(a, updated, true, "feed:updated");
		/* Atom requires <updated> and makes <published> optional: many feeds
		 * carry only the former; it stands in, and published_how says so. */
		if (atom)
			date_from(a, updated, false, "feed:updated");
	}

	struct pl_buf text = PL_BUF_INIT;
	if (body) {
		if (rank == BODY_ATOM_CONTENT || rank == BODY_SUMMARY) {
			atom_text(body, &text, a, true);
		} else {
			struct pl_buf raw = PL_BUF_INIT;
			pl_xml_text(body, &raw);
			if (raw.p)
				pl_fmt_markup_body(raw.p, raw.len, &text, &a->captions, &a->ncaptions);
			pl_buf_free(&raw);
		}
	}
	a->body_len = text.len;
	a->body = text.p ? pl_buf_steal(&text) : pl_strdup("");
	pl_buf_free(&text);

	if (!a->language) {
		xmlChar *lang = xmlNodeGetLang(item); /* xml:lang on the item or an ancestor */
		if (lang) {
			a->language = pl_strdup((const char *)lang);
			xmlFree(lang);
		} else if (ch->language) {
			a->language = pl_strdup(ch->language);
		}
	}
	a->source = item_source ? item_source : ch->title ? pl_strdup(ch->title) : NULL;
	return a;
}

/* State of one feed parse, shared by the stream callbacks. */
struct feed {
	const char *origin;
	enum pl_format fmt;
	struct channel ch;
	pl_article_fn fn;
	void *ud;
	long nitems;
};

static bool atom_uri(const char *uri)
{
	return uri && strcmp(uri, "http://www.w3.org/2005/Atom") == 0;
}

/* Items, and the channel facts: RSS rss/channel/x and rdf:RDF/channel/x sit at
 * depth 2, Atom feed/x at depth 1 (items are skipped whole, so an item's own
 * title never reaches this). */
static bool feed_pick(void *ctx, const char *name, const char *uri, int depth)
{
	struct feed *f = ctx;
	bool atom = f->fmt == PL_FMT_ATOM;
	if (atom ? atom_uri(uri) && strcmp(name, "entry") == 0 : !atom_uri(uri) && strcmp(name, "item") == 0)
		return true;
	if (depth != (atom ? 1 : 2))
		return false;
	return (strcmp(name, "title") == 0 && !f->ch.title) ||
	       (!atom && strcmp(name, "language") == 0 && !f->ch.language);
}

static int feed_take(void *ctx, xmlNode *node, int depth)
{
	struct feed *f = ctx;
	const char *name = (const char *)node->name;
	bool atom = f->fmt == PL_FMT_ATOM;
	if (depth == (atom ? 1 : 2) && strcmp(name, "title") == 0) {
		f->ch.title = node_line(node, true);
		return 0;
	}
	if (depth == (atom ? 1 : 2) && strcmp(name, "language") == 0) {
		f->ch.language = node_line(node, false);
		return 0;
	}
	f->nitems++;
	struct pl_article *a = item_article(node, &f->ch, atom);
	struct pl_buf o = PL_BUF_INIT;
	pl_buf_printf(&o, "%s#%ld", f->origin, f->nitems); /* items numbered from 1 */
	if (!a || o.oom) {
		pl_article_free(a);
		free(a);
		pl_buf_free(&o);
		return -1;
	}
	a->origin = pl_buf_steal(&o);
	a->format = f->fmt;
	return f->fn(a, f->ud) != 0;
}

long pl_feed_parse(const char *origin, const char *xml, size_t len, enum pl_format fmt,
		   const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		   struct pl_diags *d)
{
	(void)opts; /* feeds carry their own dates; --date is applied by the dispatcher */
	struct feed f = { origin, fmt, { NULL, NULL }, fn, ud, 0 };
	struct pl_xml_stream s = { feed_pick, feed_take, &f, "feed", &f.nitems };
	int rc = pl_xml_stream(origin, xml, len, &s, d);
	if (rc == 0 && f.nitems == 0)
		pl_error(d, origin, "%s feed has no items", fmt == PL_FMT_ATOM ? "Atom" : "RSS");
	free(f.ch.title);
	free(f.ch.language);
	return rc < 0 ? -1 : f.nitems;
}
