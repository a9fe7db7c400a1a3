/* html.c - one article from a saved HTML page: parse with libxml2's HTML
 * parser, read the metadata (meta tags, JSON-LD, <time>, URL), choose the
 * publication date by a fixed cascade, and take the main text (html_body.c),
 * cross-checked against JSON-LD articleBody. */
#include "ingest/html.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/formats.h"
#include "ingest/html_dom.h"
#include "parley/json.h"

/* Where each date came from, best first: the cascade takes the lowest rank
 * that parses.  The names are what published_how records. */
enum date_rank {
	D_JSONLD,       /* JSON-LD datePublished of an Article-like object */
	D_META_ARTICLE, /* meta article:published_time */
	D_META_OG,      /* meta og:published_time */
	D_ITEMPROP,     /* itemprop=datePublished on any element */
	D_META_OTHER,   /* dc.date.issued, parsely-pub-date, ...: best of other_dates[] */
	D_JSONLD_PAGE,  /* JSON-LD datePublished of a WebPage or other object */
	D_TIME,         /* <time datetime> in the article or byline */
	D_NRANK,
};

struct date_cand {
	const char *value; /* borrowed from the tree or the JSON arena */
	char how[64];
	size_t order;      /* D_META_OTHER: index in other_dates[], lower is better */
};

struct meta {
	struct pl_arena *arena;
	const char *og_title, *ld_headline, *doc_title, *h1;
	const char *canonical, *og_url, *ld_url;
	const char *og_site, *ld_publisher, *app_name;
	const char *meta_author, *rel_author, *byline_el, *author_el;
	char *ld_author; /* arena: names joined with ", " */
	const char *lang, *content_lang, *og_locale, *ld_lang;
	const char *ld_body;
	struct date_cand pub[D_NRANK];
	/* JSON-LD dateModified, article:modified_time, og:updated_time, itemprop,
	 * an "updated" <time> */
	const char *modified[5];
	xmlNode *body;
	const char *byl[8]; /* short texts of byline/date-ish elements, document order */
	size_t nbyl;
	/* boxes whose text was taken to test it: capped, so a page of nested
	 * "author"/"date" classes cannot make the text walks quadratic */
	unsigned box_tries;
};

/* Names in markup (meta keys, rel, type) compare without case. */
static bool named(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static bool has_text(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

static void set_once(const char **slot, const char *v)
{
	if (!*slot && has_text(v))
		*slot = v;
}

static void set_date(struct meta *m, enum date_rank r, const char *v, const char *how)
{
	if (m->pub[r].value || !has_text(v))
		return;
	m->pub[r].value = v;
	size_t n = strlen(how);
	if (n >= sizeof m->pub[r].how)
		n = sizeof m->pub[r].how - 1;
	memcpy(m->pub[r].how, how, n);
	m->pub[r].how[n] = '\0';
}

/* Text of an element, in the arena (NULL when empty): whitespace folded
 * within paragraphs, "\n\n" between blocks (a byline box keeps its lines). */
static const char *elem_text(struct meta *m, xmlNode *n)
{
	struct pl_buf b = PL_BUF_INIT;
	pl_html_node_text(n, &b, NULL, NULL);
	const char *s = b.len && !b.oom ? pl_arena_strndup(m->arena, b.p, b.len) : NULL;
	pl_buf_free(&b);
	return s;
}

/* Text children of an element that holds only text (<title>), folded. */
static const char *child_text(struct meta *m, const xmlNode *n)
{
	struct pl_buf b = PL_BUF_INIT;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content) {
			pl_buf_putc(&b, ' ');
			pl_buf_puts(&b, (const char *)c->content);
		}
	const char *s = NULL;
	if (b.len && !b.oom) {
		struct pl_buf f = PL_BUF_INIT;
		pl_html_fold(b.p, b.len, &f);
		if (f.len && !f.oom)
			s = pl_arena_strndup(m->arena, f.p, f.len);
		pl_buf_free(&f);
	}
	pl_buf_free(&b);
	return s;
}

/* ---- <meta> -------------------------------------------------------------- */

/* A site's own meta name for the publication date ("sn-post-date",
 * "article_date_original"): it says date and publish/post/issue, and not
 * update or expiry. */
static bool generic_pub_key(const char *key)
{
	char buf[64];
	size_t k = 0;
	for (const char *p = key; *p && k + 1 < sizeof buf; p++)
		buf[k++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
	buf[k] = '\0';
	return strstr(buf, "date") && (strstr(buf, "pub") || strstr(buf, "post") || strstr(buf, "issue") ||
				       strstr(buf, "creat") || strstr(buf, "original")) &&
	       !strstr(buf, "updat") && !strstr(buf, "modif") && !strstr(buf, "expir");
}

static void take_meta(struct meta *m, const xmlNode *n)
{
	const char *content = pl_html_attr(n, "content");
	const char *key = pl_html_attr(n, "property");
	if (!key)
		key = pl_html_attr(n, "name");
	if (!key)
		key = pl_html_attr(n, "itemprop");
	const char *equiv = pl_html_attr(n, "http-equiv");
	if (equiv && content && named(equiv, "content-language"))
		set_once(&m->content_lang, content);
	if (!key || !content)
		return;
	/* in order of trust: the first ones name the publication itself */
	static const char *const other_dates[] = {
		"dc.date.issued", "dcterms.issued", "parsely-pub-date",
		"sailthru.date", "pubdate", "publish_date", "publish-date", "article.published",
		"publication_date", "date", "dc.date", "dcterms.created", "citation_publication_date",
	};
	char how[64];
	if (named(key, "og:title"))
		set_once(&m->og_title, content);
	else if (named(key, "og:url"))
		set_once(&m->og_url, content);
	else if (named(key, "og:site_name"))
		set_once(&m->og_site, content);
	else if (named(key, "application-name"))
		set_once(&m->app_name, content);
	else if (named(key, "og:locale"))
		set_once(&m->og_locale, content);
	else if (named(key, "author") || named(key, "article:author") || named(key, "byl") ||
		 named(key, "parsely-author") || named(key, "sailthru.author") ||
		 named(key, "dc.creator")) {
		/* article:author is often a profile URL, which is no byline */
		if (strncmp(content, "http", 4) != 0)
			set_once(&m->meta_author, content);
	} else if (named(key, "og:published_time")) {
		set_date(m, D_META_OG, content, "meta:og:published_time");
	} else if (named(key, "article:published_time")) {
		set_date(m, D_META_ARTICLE, content, "meta:article:published_time");
	} else if (named(key, "datePublished")) {
		set_date(m, D_ITEMPROP, content, "itemprop:datePublished");
	} else if (named(key, "article:modified_time")) {
		set_once(&m->modified[1], content);
	} else if (named(key, "og:updated_time")) {
		set_once(&m->modified[2], content);
	} else if (named(key, "dateModified")) {
		set_once(&m->modified[3], content);
	} else {
		size_t nd = sizeof other_dates / sizeof other_dates[0];
		if (generic_pub_key(key) && (!m->pub[D_META_OTHER].value || nd < m->pub[D_META_OTHER].order) &&
		    has_text(content)) {
			m->pub[D_META_OTHER].value = content;
			m->pub[D_META_OTHER].order = nd;
			snprintf(m->pub[D_META_OTHER].how, sizeof m->pub[D_META_OTHER].how, "meta:%s", key);
		}
		for (size_t i = 0; i < nd; i++)
			if (named(key, other_dates[i]) &&
			    (!m->pub[D_META_OTHER].value || i < m->pub[D_META_OTHER].order) && has_text(content)) {
				m->pub[D_META_OTHER].value = NULL;
				m->pub[D_META_OTHER].order = i;
				size_t k = 0;
				const char *pre = "meta:";
				while (*pre && k + 1 < sizeof how)
					how[k++] = *pre++;
				for (const char *s = other_dates[i]; *s && k + 1 < sizeof how; s++)
					how[k++] = *s;
				how[k] = '\0';
				set_date(m, D_META_OTHER, content, how);
				break;
			}
	}
}

/* ---- JSON-LD -------------------------------------------------------------- */

static bool type_is(const struct pl_json *obj, const char *const *names, size_t nn)
{
	const struct pl_json *t = pl_json_get(obj, "@type");
	if (!t)
		return false;
	size_t cnt = t->type == PL_JSON_ARRAY ? t->len : 1;
	for (size_t i = 0; i < cnt; i++) {
		const struct pl_json *v = t->type == PL_JSON_ARRAY ? t->items[i] : t;
		if (v->type != PL_JSON_STRING)
			continue;
		const char *s = v->str;
		if (strncmp(s, "http://schema.org/", 18) == 0)
			s += 18;
		else if (strncmp(s, "https://schema.org/", 19) == 0)
			s += 19;
		for (size_t k = 0; k < nn; k++)
			if (strcmp(s, names[k]) == 0)
				return true;
	}
	return false;
}

static const char *const article_types[] = {
	"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
	"OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
	"LiveBlogPosting", "SocialMediaPosting", "TechArticle", "ScholarlyArticle", "Report",
	"Review",
};

static const char *json_name(const struct pl_json *v)
{
	if (!v)
		return NULL;
	if (v->type == PL_JSON_STRING)
		return v->str;
	if (v->type == PL_JSON_OBJECT)
		return pl_json_get_str(v, "name");
	if (v->type == PL_JSON_ARRAY && v->len)
		return json_name(v->items[0]);
	return NULL;
}

static void ld_authors(struct meta *m, const struct pl_json *a)
{
	if (!a || m->ld_author)
		return;
	struct pl_buf b = PL_BUF_INIT;
	size_t cnt = a->type == PL_JSON_ARRAY ? a->len : 1;
	for (size_t i = 0; i < cnt && i < 16; i++) {
		const char *nm = json_name(a->type == PL_JSON_ARRAY ? a->items[i] : a);
		if (!has_text(nm) || strncmp(nm, "http", 4) == 0)
			continue;
		if (b.len)
			pl_buf_puts(&b, ", ");
		pl_buf_puts(&b, nm);
	}
	if (b.len && !b.oom)
		m->ld_author = pl_arena_strndup(m->arena, b.p, b.len);
	pl_buf_free(&b);
}

static void ld_object(struct meta *m, const struct pl_json *o)
{
	bool art = type_is(o, article_types, sizeof article_types / sizeof article_types[0]);
	const char *dp = pl_json_get_str(o, "datePublished");
	if (art) {
		set_date(m, D_JSONLD, dp, "json-ld:datePublished");
		set_once(&m->modified[0], pl_json_get_str(o, "dateModified"));
		set_once(&m->ld_headline, pl_json_get_str(o, "headline"));
		set_once(&m->ld_body, pl_json_get_str(o, "articleBody"));
		set_once(&m->ld_url, pl_json_get_str(o, "url"));
		set_once(&m->ld_lang, pl_json_get_str(o, "inLanguage"));
		set_once(&m->ld_publisher, json_name(pl_json_get(o, "publisher")));
		ld_authors(m, pl_json_get(o, "author"));
	} else if (dp) {
		set_date(m, D_JSONLD_PAGE, dp, "json-ld:datePublished");
	}
}

/* Article objects sit at the top, in arrays, in "@graph" or as "mainEntity";
 * a few levels are enough and keep the walk bounded. */
static void ld_walk(struct meta *m, const struct pl_json *v, int depth)
{
	if (!v || depth > 4)
		return;
	if (v->type == PL_JSON_ARRAY) {
		for (size_t i = 0; i < v->len; i++)
			ld_walk(m, v->items[i], depth + 1);
		return;
	}
	if (v->type != PL_JSON_OBJECT)
		return;
	ld_object(m, v);
	ld_walk(m, pl_json_get(v, "@graph"), depth + 1);
	ld_walk(m, pl_json_get(v, "mainEntity"), depth + 1);
}

/* The two mistakes publishers' JSON-LD makes most: a comma before ] or },
 * and raw line breaks or tabs inside strings.  Strict JSON stays strict for
 * everything else (pl_json_parse); this only repairs a copy. */
static void relax_json(const char *s, size_t n, struct pl_buf *out)
{
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\' && i + 1 < n) {
				pl_buf_putc(out, c);
				c = s[++i];
			} else if (c == '"') {
				in_str = false;
			} else if (c == '\n' || c == '\r' || c == '\t') {
				c = ' ';
			}
		} else if (c == '"') {
			in_str = true;
		} else if (c == ',') {
			size_t j = i + 1;
			while (j < n && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t'))
				j++;
			if (j < n && (s[j] == ']' || s[j] == '}'))
				continue;
		}
		pl_buf_putc(out, c);
	}
}

static void take_jsonld(struct meta *m, const xmlNode *script)
{
	for (const xmlNode *c = script->children; c; c = c->next) {
		if (!c->content)
			continue;
		const char *s = (const char *)c->content;
		size_t n = strlen(s);
		/* tolerate the wrappers pages put around it: comments, CDATA, a ';' */
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
			     s[n - 1] == '\t' || s[n - 1] == ';'))
			n--;
		while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
			s++;
			n--;
		}
		if (n >= 7 && strncmp(s, "<!--", 4) == 0 && strncmp(s + n - 3, "-->", 3) == 0) {
			s += 4;
			n -= 7;
		}
		size_t eoff;
		const char *emsg;
		const struct pl_json *j = pl_json_parse(s, n, m->arena, &eoff, &emsg);
		if (!j) {
			struct pl_buf r = PL_BUF_INIT;
			relax_json(s, n, &r);
			if (!r.oom)
				j = pl_json_parse(r.p, r.len, m->arena, &eoff, &emsg);
			pl_buf_free(&r);
		}
		if (j)
			ld_walk(m, j, 0);
	}
}

/* ---- One pass over the document ------------------------------------------ */

static bool bylineish(const char *cls)
{
	return cls && (strstr(cls, "byline") || strstr(cls, "author"));
}

/* Is a <time> inside the article's own furniture (header, byline, article)
 * rather than in a teaser, comment or sidebar? */
static bool time_in_article(const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		const struct hnode *h = p->_private;
		if (h && (h->unlikely || h->tag == TAG_ASIDE || h->tag == TAG_FOOTER ||
			  h->tag == TAG_NAV))
			return false;
		if (h && (h->tag == TAG_ARTICLE || h->tag == TAG_MAIN))
			return true;
		const char *cls = pl_html_attr(p, "class");
		if (cls && (bylineish(cls) || strstr(cls, "date") || strstr(cls, "meta") ||
			    strstr(cls, "publish") || strstr(cls, "article")))
			return true;
	}
	return false;
}

/* Byline boxes, best first: itemprop=author or class "byline" (byline_el),
 * else a short element whose class names an author (author_el), not a bio. */
static void byline_box(struct meta *m, xmlNode *n)
{
	const char *ip = pl_html_attr(n, "itemprop"), *cls = pl_html_attr(n, "class");
	bool by = (ip && strcmp(ip, "author") == 0) || (cls && strstr(cls, "byline"));
	bool au = !by && cls && strstr(cls, "author") && !strstr(cls, "bio") && !strstr(cls, "avatar");
	if ((by && m->byline_el) || (au && m->author_el) || (!by && !au) || m->box_tries >= 64 ||
	    (cls && strstr(cls, "comment")))
		return;
	for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		const struct hnode *ph = p->_private;
		if (ph && (ph->tag == TAG_FORM || ph->tag == TAG_LABEL))
			return; /* "Name (required)" of a comment form */
	}
	m->box_tries++;
	const char *t = elem_text(m, n);
	if (!t || strlen(t) > 150)
		return;
	if (by)
		m->byline_el = t;
	else
		m->author_el = t;
}

/* Does class or id name a byline, date or time box? */
static bool dateish(const xmlNode *n)
{
	static const char *const words[] = {"byline", "date", "time", "publish", "posted", "dateline"};
	const char *v[2] = {pl_html_attr(n, "class"), pl_html_attr(n, "id")};
	for (int i = 0; i < 2; i++) {
		if (!v[i])
			continue;
		char buf[128];
		size_t k = 0;
		for (const char *p = v[i]; *p && k + 1 < sizeof buf; p++)
			buf[k++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
		buf[k] = '\0';
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
			if (strstr(buf, words[w]) && !strstr(buf, "update") && !strstr(buf, "modif"))
				return true;
	}
	return false;
}

/* Does the element or its parent say it holds a modified date (class,
 * itemprop, or text starting "Updated")? */
static bool says_updated(const xmlNode *n)
{
	for (int up = 0; up < 2 && n && n->type == XML_ELEMENT_NODE; up++, n = n->parent) {
		const char *v[2] = {pl_html_attr(n, "class"), pl_html_attr(n, "itemprop")};
		for (int i = 0; i < 2; i++)
			if (v[i] && (strstr(v[i], "update") || strstr(v[i], "Update") ||
				     strstr(v[i], "modif") || strstr(v[i], "Modif")))
				return true;
		for (const xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_TEXT_NODE && c->content) {
				const char *t = (const char *)c->content;
				while (*t == ' ' || *t == '\n' || *t == '\t')
					t++;
				if (*t)
					return strncmp(t, "Updated", 7) == 0 || strncmp(t, "updated", 7) == 0;
			}
	}
	return false;
}

static void collect(struct meta *m, xmlNode *root)
{
	xmlNode *n = root;
	while (n) {
		bool descend = true;
		if (n->type == XML_ELEMENT_NODE) {
			const struct hnode *h = n->_private;
			const char *v;
			switch (h ? h->tag : TAG_OTHER) {
			case TAG_HTML:
				set_once(&m->lang, pl_html_attr(n, "lang"));
				set_once(&m->lang, pl_html_attr(n, "xml:lang"));
				break;
			case TAG_BODY:
				if (!m->body)
					m->body = n;
				break;
			case TAG_TITLE:
				if (!m->doc_title)
					m->doc_title = child_text(m, n);
				descend = false;
				break;
			case TAG_META:
				take_meta(m, n);
				break;
			case TAG_LINK:
				if ((v = pl_html_attr(n, "rel")) && named(v, "canonical"))
					set_once(&m->canonical, pl_html_attr(n, "href"));
				break;
			case TAG_SCRIPT:
				if ((v = pl_html_attr(n, "type")) && named(v, "application/ld+json"))
					take_jsonld(m, n);
				descend = false;
				break;
			case TAG_H1:
				if (!m->h1 && !h->hidden)
					m->h1 = elem_text(m, n);
				break;
			case TAG_TIME:
				/* an "Updated" <time> is no publication date */
				if (!(v = pl_html_attr(n, "datetime")))
					break;
				if (says_updated(n))
					set_once(&m->modified[4], v);
				else if (pl_html_attr(n, "pubdate") || time_in_article(n))
					set_date(m, D_TIME, v, "time-element");
				break;
			case TAG_A:
				if (!m->rel_author && (v = pl_html_attr(n, "rel")) && named(v, "author"))
					m->rel_author = elem_text(m, n);
				break;
			default:
				break;
			}
			if ((v = pl_html_attr(n, "itemprop"))) {
				const char *c = pl_html_attr(n, "content");
				if (!c)
					c = pl_html_attr(n, "datetime");
				if (strcmp(v, "datePublished") == 0 && h && h->tag != TAG_META)
					set_date(m, D_ITEMPROP, c ? c : elem_text(m, n), "itemprop:datePublished");
				else if (strcmp(v, "dateModified") == 0 && h && h->tag != TAG_META)
					set_once(&m->modified[3], c);
			}
			if (h && h->tag != TAG_BODY && h->tag != TAG_HTML && h->tag != TAG_META &&
			    (!m->byline_el || !m->author_el))
				byline_box(m, n);
			if (m->nbyl < sizeof m->byl / sizeof m->byl[0] && h && !h->unlikely && !h->hidden &&
			    !(h->tflags & HT_DROP) && m->body && m->box_tries < 64 && dateish(n)) {
				m->box_tries++;
				const char *t = elem_text(m, n);
				if (t && strlen(t) <= 200)
					m->byl[m->nbyl++] = t;
			}
			if (h && (h->tflags & HT_DROP) && h->tag != TAG_HEAD && h->tag != TAG_META &&
			    h->tag != TAG_LINK)
				descend = false;
		}
		n = pl_html_next(n, root, descend && n->type == XML_ELEMENT_NODE);
	}
}

/* ---- Choosing values -------------------------------------------------------- */

static char *dup_folded(const char *s)
{
	if (!has_text(s))
		return NULL;
	struct pl_buf b = PL_BUF_INIT;
	pl_html_fold(s, strlen(s), &b);
	return pl_buf_steal(&b);
}

/* Text from JSON-LD or a meta value, which publishers often escape twice
 * ("Trump&#8217;s", "&lt;p&gt;"): through the HTML parser when it holds an
 * entity or a tag, so the article gets the characters.  Line breaks become
 * paragraph breaks (JSON-LD articleBody separates paragraphs by them). */
static void markup_text(const char *s, struct pl_buf *out)
{
	size_t n = strlen(s);
	if (!strchr(s, '&') && !strchr(s, '<')) {
		struct pl_buf t = PL_BUF_INIT;
		for (size_t i = 0; i < n;) {
			size_t e = i;
			while (e < n && s[e] != '\n')
				e++;
			size_t before = t.len;
			if (t.len)
				pl_buf_puts(&t, "\n\n");
			size_t mark = t.len;
			pl_html_fold(s + i, e - i, &t);
			if (t.len == mark)
				t.len = before; /* blank line */
			i = e + 1;
		}
		pl_buf_append(out, t.p ? t.p : "", t.len);
		pl_buf_free(&t);
		return;
	}
	struct pl_buf h = PL_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			pl_buf_puts(&h, "<br><br>");
		else
			pl_buf_putc(&h, s[i]);
	}
	if (!h.oom)
		pl_html_fragment_text(h.p, h.len, out, NULL, NULL);
	pl_buf_free(&h);
}

/* A one-line value (title, site, byline) from markup text. */
static char *dup_text(const char *s)
{
	if (!has_text(s))
		return NULL;
	struct pl_buf b = PL_BUF_INIT, f = PL_BUF_INIT;
	markup_text(s, &b);
	pl_html_fold(b.p ? b.p : "", b.len, &f);
	pl_buf_free(&b);
	if (!f.len) {
		pl_buf_free(&f);
		return NULL;
	}
	return pl_buf_steal(&f);
}

/* Between a headline and a site name: pipe, hyphen, en and em dash, "::",
 * guillemet, middle dot. */
static const char *const title_seps[] = {
	" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00bb ", " \u00b7 ",
};

/* "<title>" without the " | Site" part: drop a last (or first) segment after
 * a separator when the rest still has a few words, unless it matches h1. */
static char *clean_title(const char *t, const char *h1)
{
	char *s = dup_folded(t);
	if (!s)
		return NULL;
	if (h1 && strcmp(s, h1) != 0 && strstr(s, h1)) {
		free(s);
		return dup_folded(h1);
	}
	for (size_t i = 0; i < sizeof title_seps / sizeof title_seps[0]; i++) {
		char *last = NULL, *p = s;
		while ((p = strstr(p, title_seps[i]))) {
			last = p;
			p += strlen(title_seps[i]);
		}
		if (last) {
			size_t words = 1;
			for (char *q = s; q < last; q++)
				words += *q == ' ';
			if (words >= 3) {
				*last = '\0';
				break;
			}
		}
	}
	return s;
}

/* A byline box's text as a byline: "By Jane Okafor | 11 hours ago" gives
 * "Jane Okafor" (the date part goes, it is read separately). */
static char *clean_byline(const char *s)
{
	if (!s)
		return NULL;
	if (strncmp(s, "By ", 3) == 0 || strncmp(s, "by ", 3) == 0 || strncmp(s, "BY ", 3) == 0)
		s += 3;
	size_t n = strcspn(s, "|\n");
	const char *bullet = strstr(s, "\xE2\x80\xA2");
	if (bullet && (size_t)(bullet - s) < n)
		n = (size_t)(bullet - s);
	while (n && s[n - 1] == ' ')
		n--;
	return n ? pl_strndup(s, n) : NULL;
}


/* Letters and digits of a and b agree, case aside ("Sportsnet.ca" is not
 * "Sportsnet", but "The Beachbody Blog" is "the beachbody blog"). */
static bool same_name(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '.' || *a == '-')
			a++;
		while (*b == ' ' || *b == '.' || *b == '-')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
		char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
		if (x != y)
			return false;
		a++;
		b++;
	}
}

/* Cut "Headline | Site" to "Headline", in place: when the headline is the
 * page's <h1>, when the tail names the site, or when a short tail follows
 * a pipe (a pipe before two or three words is a site name in practice). */
static void strip_site_suffix(char *title, const char *h1, const char *site)
{
	if (!title)
		return;
	for (size_t i = 0; i < sizeof title_seps / sizeof title_seps[0]; i++) {
		char *last = NULL;
		for (char *p = title; (p = strstr(p, title_seps[i])); p++)
			last = p;
		if (!last)
			continue;
		const char *tail = last + strlen(title_seps[i]);
		size_t head_len = (size_t)(last - title), head_words = 1, tail_words = 1;
		for (const char *q = title; q < last; q++)
			head_words += *q == ' ';
		for (const char *q = tail; *q; q++)
			tail_words += *q == ' ';
		bool is_h1 = h1 && strlen(h1) == head_len && strncmp(title, h1, head_len) == 0;
		bool is_site = has_text(site) && same_name(tail, site);
		bool pipe = i == 0 && tail_words <= 3 && head_words >= 4;
		if (is_h1 || is_site || pipe) {
			*last = '\0';
			return;
		}
	}
}

static char *norm_lang(const char *l)
{
	if (!has_text(l))
		return NULL;
	struct pl_buf b = PL_BUF_INIT;
	/* at most 35 bytes, but never half a UTF-8 character */
	for (const char *p = l; *p && *p != ',' && *p != ';' && *p != ' ' &&
			       (b.len < 35 || pl_utf8_is_cont(*p)); p++)
		pl_buf_putc(&b, *p == '_' ? '-' : *p);
	if (!b.len) {
		pl_buf_free(&b);
		return NULL;
	}
	return pl_buf_steal(&b);
}

/* A date string from markup: ISO 8601 as pl_datetime_parse reads it, the
 * common near-ISO spellings of meta tags, then what a person would write
 * ("November 19, 2019, 9:02 AM") through the text-date finder. */
static bool parse_date(const char *s, const struct pl_ingest_opts *opts, struct pl_datetime *dt)
{
	if (!s)
		return false;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (pl_datetime_parse(s, n, dt))
		return true;
	/* "2019-11-19 12:34:56", "2019/11/19", "2019-11-19T12:34:56.123456+0000":
	 * a space for the T, slashes, fractional seconds, a zone without colon */
	char buf[64];
	size_t k = 0;
	if (n < sizeof buf - 2 && n >= 10 && s[4] == s[7] && (s[4] == '-' || s[4] == '/')) {
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (i < 10 && c == '/')
				c = '-';
			if (i == 10 && c == ' ')
				c = 'T';
			if (c == '.' && i > 10) {
				while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
					i++;
				continue;
			}
			buf[k++] = c;
		}
		buf[k] = '\0';
		if (k > 16 && (buf[k - 5] == '+' || buf[k - 5] == '-') && buf[k - 3] != ':') {
			memmove(buf + k - 1, buf + k - 2, 3);
			buf[k - 2] = ':';
			k++;
		}
		if (pl_datetime_parse(buf, k, dt))
			return true;
	}
	const char *how = NULL;
	struct pl_datetime t;
	if (n <= 120 && pl_text_date(s, n, opts, 0, &t, &how) && strcmp(how, "byline-updated") != 0) {
		*dt = t;
		return true;
	}
	return false;
}

static bool digits(const char *q, int n)
{
	for (int i = 0; i < n; i++)
		if (q[i] < '0' || q[i] > '9')
			return false;
	return true;
}

static int num(const char *q, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (q[i] - '0');
	return v;
}

static bool set_ymd(struct pl_datetime *dt, int y, int mo, int d)
{
	if (y < 1990 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	memset(dt, 0, sizeof *dt);
	dt->year = y;
	dt->month = mo;
	dt->day = d;
	dt->prec = PL_PREC_DAY;
	return true;
}

/* A month written in a URL: "nov", "november" (lowercase), or 0. */
static int url_month(const char *q, size_t *len)
{
	static const char *const names[] = {"january", "february", "march", "april", "may", "june",
					    "july", "august", "september", "october", "november",
					    "december"};
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(names[m]);
		if (strncmp(q, names[m], full) == 0 && q[full] == '/') {
			*len = full;
			return m + 1;
		}
		if (strncmp(q, names[m], 3) == 0 && q[3] == '/') {
			*len = 3;
			return m + 1;
		}
	}
	return 0;
}

/* The date in an article URL: /2019/11/19/, /2019-11-19, /2019/nov/18/, or a
 * slug ending in -20191115. */
static bool url_date(const char *url, struct pl_datetime *dt)
{
	if (!url)
		return false;
	for (const char *p = url; *p; p++) {
		const char *q = p + 1;
		if (*p == '/' && digits(q, 4) && (q[4] == '/' || q[4] == '-')) {
			char sep = q[4];
			size_t ml;
			int mo;
			if (digits(q + 5, 2) && q[7] == sep && digits(q + 8, 2) && !digits(q + 10, 1) &&
			    set_ymd(dt, num(q, 4), num(q + 5, 2), num(q + 8, 2)))
				return true;
			if (sep == '/' && (mo = url_month(q + 5, &ml)) && digits(q + 6 + ml, 2) &&
			    !digits(q + 8 + ml, 1) && set_ymd(dt, num(q, 4), mo, num(q + 6 + ml, 2)))
				return true;
		}
		if ((*p == '-' || *p == '_' || *p == '/') && digits(q, 8) && !digits(q + 8, 1) &&
		    (q[8] == '/' || q[8] == '.' || q[8] == '\0' || q[8] == '-' || q[8] == '_') &&
		    (q[0] == '1' || q[0] == '2') &&
		    set_ymd(dt, num(q, 4), num(q + 4, 2), num(q + 6, 2)))
			return true;
	}
	return false;
}

/* The year of an article URL's /YYYY/ segment (1990..2099), or 0. */
static int url_year(const char *url)
{
	for (const char *p = url; p && (p = strchr(p, '/')); p++)
		if (digits(p + 1, 4) && p[5] == '/' && num(p + 1, 4) >= 1990 && num(p + 1, 4) <= 2099)
			return num(p + 1, 4);
	return 0;
}

/* A byline box as lines the text-date finder reads: "By Jane Okafor | 11
 * hours ago" puts each part on its own line, and a "Posted:" or "Posted on"
 * label goes (the finder knows "Published", not every site's word for it). */
static void byline_lines(const char *s, struct pl_buf *out)
{
	bool line_start = true;
	while (*s) {
		if (line_start) {
			while (*s == ' ')
				s++;
			if (strncmp(s, "Posted on ", 10) == 0)
				s += 10;
			else if (strncmp(s, "Posted: ", 8) == 0)
				s += 8;
			else if (strncmp(s, "Posted ", 7) == 0)
				s += 7;
			line_start = false;
			continue;
		}
		if (*s == '|') {
			pl_buf_putc(out, '\n');
			s++;
			line_start = true;
		} else if (strncmp(s, "\xE2\x80\xA2", 3) == 0 || strncmp(s, "\xC2\xB7", 2) == 0) {
			pl_buf_putc(out, '\n'); /* bullet or middle dot */
			s += (unsigned char)*s == 0xE2 ? 3 : 2;
			line_start = true;
		} else {
			if (*s == '\n')
				line_start = true;
			pl_buf_putc(out, *s++);
		}
	}
}

/* Last in the cascade: dates written in the byline-ish elements ("Posted:
 * Fri 6:45 PM, Feb 16, 2018", "11 hours ago") and the dateline of the body.
 * An "Updated ..." date alone only fills the modified date. */
static void text_dates(struct meta *m, const struct pl_ingest_opts *opts, struct pl_article *out)
{
	/* a year for "05 Oct" only from what the user said (--saved-at) or the
	 * URL's own /2018/; a modified date's year could be the next one */
	int year_hint = (opts && opts->saved_at.prec) ? opts->saved_at.year : url_year(out->url);
	struct pl_datetime t;
	const char *how;
	bool found = false;
	for (size_t i = 0; i < m->nbyl; i++) {
		struct pl_buf seg = PL_BUF_INIT;
		byline_lines(m->byl[i], &seg);
		bool ok = !seg.oom && pl_text_date(seg.p, seg.len, opts, year_hint, &t, &how);
		pl_buf_free(&seg);
		if (!ok)
			continue;
		if (strcmp(how, "byline-updated") == 0) {
			if (out->modified.prec == PL_PREC_NONE)
				out->modified = t;
		} else if (!found) {
			out->published = t;
			out->published_how = pl_strdup(how);
			found = true;
		}
	}
	if (found)
		return;
	size_t n = out->body_len < 600 ? out->body_len : 600;
	/* only the top of the body: a date further down may be anything */
	if (pl_text_date(out->body, n, opts, year_hint, &t, &how) && strcmp(how, "byline-updated") != 0) {
		out->published = t;
		out->published_how = pl_strdup(how);
	}
}

/* Word count of text, for comparing the DOM pick with JSON-LD articleBody. */
static size_t words(const char *s, size_t n)
{
	size_t w = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/* ---- Script and style bodies -------------------------------------------------
 *
 * libxml2 reads the body of a <script> or <style> one character at a time
 * (htmlParseScript): half the bytes of a news page and a third of ingest time.
 * Nothing reads those bodies except JSON-LD, so they are cut out before the
 * parse.  The cut must leave libxml2's tree exactly as it was, less the text
 * child of the cut elements, so the scan below follows libxml2 2.9's HTML
 * tokenizer (HTMLparser.c: htmlParseDocument, htmlParseContentInternal,
 * htmlParseStartTag, htmlParseEndTag, htmlParseComment, htmlParseScript) for
 * the constructs that decide where an element starts, and gives up (copies the
 * rest unchanged) at anything it does not follow: a processing instruction,
 * a DOCTYPE after the prolog or with quoted parts it cannot delimit, a body
 * that starts with '<' (libxml2 then looks for tags before the body), an end
 * tag that only starts like the element's name, a NUL.  Kept whole: bodies of
 * script tags that mention JSON (JSON-LD), and bodies over RAW_MAX (libxml2
 * stops parsing at a text node over 10 MB; cutting it would parse on). */

#define RAW_MAX (1u << 20)

static bool blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && blank((unsigned char)s[i]))
		i++;
	return i;
}

static bool ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of an HTML name (htmlParseHTMLName): 1 may start one, 2 may follow. */
#define NAME_FIRST 1
#define NAME_NEXT 2
#define L (NAME_FIRST | NAME_NEXT)
static const unsigned char name_byte[256] = {
	['A'] = L, ['B'] = L, ['C'] = L, ['D'] = L, ['E'] = L, ['F'] = L, ['G'] = L, ['H'] = L,
	['I'] = L, ['J'] = L, ['K'] = L, ['L'] = L, ['M'] = L, ['N'] = L, ['O'] = L, ['P'] = L,
	['Q'] = L, ['R'] = L, ['S'] = L, ['T'] = L, ['U'] = L, ['V'] = L, ['W'] = L, ['X'] = L,
	['Y'] = L, ['Z'] = L, ['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L, ['f'] = L,
	['g'] = L, ['h'] = L, ['i'] = L, ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L, ['n'] = L,
	['o'] = L, ['p'] = L, ['q'] = L, ['r'] = L, ['s'] = L, ['t'] = L, ['u'] = L, ['v'] = L,
	['w'] = L, ['x'] = L, ['y'] = L, ['z'] = L, ['_'] = L, [':'] = L, ['.'] = L,
	['0'] = NAME_NEXT, ['1'] = NAME_NEXT, ['2'] = NAME_NEXT, ['3'] = NAME_NEXT,
	['4'] = NAME_NEXT, ['5'] = NAME_NEXT, ['6'] = NAME_NEXT, ['7'] = NAME_NEXT,
	['8'] = NAME_NEXT, ['9'] = NAME_NEXT, ['-'] = NAME_NEXT,
};
#undef L

/* Length of the name htmlParseHTMLName reads at s[i]: first [A-Za-z_:.], then
 * [A-Za-z0-9:_.-], at most 100 bytes (HTML_PARSER_BUFFER_SIZE); 0 for none. */
static size_t html_name_len(const char *s, size_t i, size_t n)
{
	if (i >= n || !(name_byte[(unsigned char)s[i]] & NAME_FIRST))
		return 0;
	size_t k = 1;
	while (i + k < n && k < 100 && (name_byte[(unsigned char)s[i + k]] & NAME_NEXT))
		k++;
	return k;
}

/* End of the comment whose "<!--" is at i (htmlParseComment: "-->" or "--!>"
 * whose first '-' is at least 4 bytes in), or n when it runs to the end. */
static size_t comment_end(const char *s, size_t i, size_t n)
{
	for (size_t j = i + 4; j + 3 <= n; j++) {
		const char *d = memchr(s + j, '-', n - j);
		if (!d)
			break;
		j = (size_t)(d - s);
		if (j + 3 <= n && s[j + 1] == '-' && s[j + 2] == '>')
			return j + 3;
		if (j + 4 <= n && s[j + 1] == '-' && s[j + 2] == '!' && s[j + 3] == '>')
			return j + 4;
	}
	return n;
}

static bool at_comment(const char *s, size_t i, size_t n)
{
	return i + 4 <= n && memcmp(s + i, "<!--", 4) == 0;
}

static bool at_doctype(const char *s, size_t i, size_t n)
{
	return i + 9 <= n && s[i] == '<' && s[i + 1] == '!' && strncasecmp(s + i + 2, "doctype", 7) == 0;
}

/* The DOCTYPE at i ends at its first '>' when that stretch has no apostrophe
 * and an even number of quotes (htmlParseExternalID's literals then close
 * before it); else 0: not followed. */
static size_t doctype_end(const char *s, size_t i, size_t n)
{
	const char *gt = memchr(s + i, '>', n - i);
	if (!gt)
		return 0;
	size_t quotes = 0;
	for (const char *p = s + i; p < gt; p++) {
		if (*p == '\'')
			return 0;
		quotes += *p == '"';
	}
	return quotes % 2 ? 0 : (size_t)(gt - s) + 1;
}

/* From just after a start tag's name to where htmlParseStartTag stops: at '>',
 * at "/>", or n.  Attribute values: quoted to the same quote, else to a blank
 * or '>'; a bogus attribute is skipped to a blank, '>' or "/>". */
static size_t start_tag_end(const char *s, size_t t, size_t n)
{
	t = skip_blanks(s, t, n);
	while (t < n && s[t] != '>' && !(s[t] == '/' && t + 1 < n && s[t + 1] == '>')) {
		size_t k = html_name_len(s, t, n);
		if (k) {
			t = skip_blanks(s, t + k, n);
			if (t < n && s[t] == '=') {
				t = skip_blanks(s, t + 1, n);
				if (t < n && (s[t] == '"' || s[t] == '\'')) {
					const char *q = memchr(s + t + 1, s[t], n - t - 1);
					t = q ? (size_t)(q - s) + 1 : n;
				} else {
					while (t < n && s[t] != '>' && !blank((unsigned char)s[t]))
						t++;
				}
			}
		} else {
			while (t < n && !blank((unsigned char)s[t]) && s[t] != '>' &&
			       !(s[t] == '/' && t + 1 < n && s[t + 1] == '>'))
				t++;
		}
		t = skip_blanks(s, t, n);
	}
	return t;
}

/* Case-insensitive search for "</" + name (name lowercase, k bytes) from i:
 * where htmlParseScript stops; n when it runs to the end. */
static size_t raw_end(const char *s, size_t i, size_t n, const char *name, size_t k)
{
	while (i + 2 + k <= n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s);
		if (i + 2 + k <= n && s[i + 1] == '/' && strncasecmp(s + i + 2, name, k) == 0)
			return i;
		i++;
	}
	return n;
}

static bool mentions_json(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (strncasecmp(s + i, "json", 4) == 0)
			return true;
	return false;
}

bool pl_html_strip_raw(const char *s, size_t n, struct pl_buf *out)
{
	size_t i = 0, run = 0; /* s[run..] is not copied yet */
	if (memchr(s, '\0', n))
		goto done;
	/* the prolog: comments, one DOCTYPE, comments */
	for (int pass = 0; pass < 2; pass++) {
		for (i = skip_blanks(s, i, n); at_comment(s, i, n); i = skip_blanks(s, i, n))
			i = comment_end(s, i, n);
		if (i + 1 < n && s[i] == '<' && s[i + 1] == '?')
			goto done;
		if (pass == 0 && at_doctype(s, i, n) && !(i = doctype_end(s, i, n)))
			goto done;
	}
	/* content: only '<' starts anything that matters (text and references end there) */
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt || (size_t)(lt - s) + 1 >= n)
			break;
		i = (size_t)(lt - s);
		unsigned char c = (unsigned char)s[i + 1];
		if (c == '/') { /* end tag: to the next '>'; without a name just "</" */
			if (!html_name_len(s, i + 2, n)) {
				i += 2;
				continue;
			}
			const char *gt = memchr(s + i, '>', n - i);
			if (!gt)
				break;
			i = (size_t)(gt - s) + 1;
			continue;
		}
		if (at_comment(s, i, n)) {
			i = comment_end(s, i, n);
			continue;
		}
		if (c == '?' || at_doctype(s, i, n))
			goto done;
		if (!ascii_letter(c)) { /* '<' as text */
			i++;
			continue;
		}
		size_t tag = i, k = html_name_len(s, i + 1, n);
		const char *name = k == 6 && strncasecmp(s + i + 1, "script", 6) == 0 ? "script"
				   : k == 5 && strncasecmp(s + i + 1, "style", 5) == 0 ? "style"
											   : NULL;
		size_t t = start_tag_end(s, i + 1 + k, n);
		if (t >= n)
			break;
		if (s[t] == '/') { /* "/>": an empty element, no body */
			i = t + 2;
			continue;
		}
		size_t body = t + 1;
		i = body;
		if (!name)
			continue;
		size_t e = raw_end(s, body, n, name, k);
		/* libxml2 closes the element only when the end tag's name is exactly
		 * it (else the body goes on after "</scriptx>"); a body that starts
		 * with '<' is looked at for tags first */
		if (e >= n || html_name_len(s, e + 2, n) != k || (e > body && s[body] == '<'))
			goto done;
		if (e > body && e - body <= RAW_MAX && !(name[1] == 'c' && mentions_json(s + tag, t - tag))) {
			if (run == 0 && !pl_buf_reserve(out, n - (e - body)))
				goto done; /* once: the copy is never longer than this */
			pl_buf_append(out, s + run, body - run);
			run = e;
		}
		const char *gt = memchr(s + e, '>', n - e);
		if (!gt)
			break;
		i = (size_t)(gt - s) + 1;
	}
done:
	if (run == 0)
		return false;
	pl_buf_append(out, s + run, n - run);
	return !out->oom;
}

/* libxml2's HTML parser in recover mode with the shared safe options.  Not
 * NOBLANKS: it drops the whitespace-only text between inline elements and
 * would glue "<b>a</b> <i>b</i>" into "ab".  The input is already UTF-8
 * (pl_decode_text), so the encoding is given and meta charset is ignored. */
static xmlDoc *parse_html(const char *html, size_t len)
{
	pl_xml_init();
	if (len > PL_MAX_INPUT || len > (size_t)__INT_MAX__)
		return NULL;
	struct pl_buf cut = PL_BUF_INIT;
	if (pl_html_strip_raw(html, len, &cut)) {
		html = cut.p;
		len = cut.len;
	}
	xmlDoc *doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", pl_xml_options() | HTML_PARSE_RECOVER);
	pl_buf_free(&cut);
	return doc;
}

int pl_html_extract(const char *origin, const char *html, size_t len,
		    const struct pl_ingest_opts *opts, struct pl_article *out, struct pl_diags *d)
{
	int rc = -1;
	struct meta m;
	memset(&m, 0, sizeof m);
	struct pl_buf body = PL_BUF_INIT;
	xmlDoc *doc = NULL;
	if (len > PL_MAX_INPUT) {
		pl_error(d, origin, "HTML page is larger than the %u MiB limit", PL_MAX_INPUT >> 20);
		goto done;
	}
	m.arena = pl_arena_create(64 * 1024);
	doc = parse_html(html, len);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!m.arena || !root || !pl_html_annotate(root, m.arena)) {
		pl_error(d, origin, "cannot parse HTML");
		goto done;
	}
	collect(&m, root);

	const char *t = m.og_title ? m.og_title : m.ld_headline;
	out->title = t ? dup_text(t) : clean_title(m.doc_title, m.h1);
	if (!out->title)
		out->title = dup_folded(m.h1);
	strip_site_suffix(out->title, m.h1, m.og_site ? m.og_site : m.app_name);

	if (m.body)
		pl_html_main_text(m.body, out->title, &body, &out->captions, &out->ncaptions);
	/* JSON-LD articleBody: the publisher's own copy of the text; prefer it when
	 * the DOM pick is much shorter (teaser markup, scripted pages) */
	if (m.ld_body) {
		size_t wl = words(m.ld_body, strlen(m.ld_body)), wd = words(body.p ? body.p : "", body.len);
		if (wl >= 50 && wd * 10 < wl * 6) {
			pl_buf_reset(&body);
			markup_text(m.ld_body, &body);
		}
	}
	if (body.oom || body.len == 0) {
		pl_error(d, origin, "no article text found in HTML page");
		goto done;
	}
	out->body_len = body.len;
	out->body = pl_buf_steal(&body);

	const char *u = m.canonical && strncmp(m.canonical, "http", 4) == 0 ? m.canonical : NULL;
	if (!u)
		u = m.og_url ? m.og_url : m.ld_url ? m.ld_url : m.canonical;
	out->url = dup_folded(u);
	const char *src = opts && opts->source ? opts->source
			  : m.og_site		? m.og_site
			  : m.ld_publisher	? m.ld_publisher
						: m.app_name;
	out->source = dup_text(src);
	const char *by = m.ld_author ? m.ld_author
			 : m.meta_author ? m.meta_author
			 : m.rel_author ? m.rel_author
					: m.byline_el;
	if (!by)
		by = m.author_el;
	out->byline = by == m.byline_el || by == m.author_el ? clean_byline(by) : dup_text(by);
	out->language = norm_lang(m.lang ? m.lang : m.content_lang ? m.content_lang
						  : m.og_locale ? m.og_locale
								  : m.ld_lang);

	/* the date cascade: first source that parses wins; never a guess */
	for (size_t i = 0; i < sizeof m.modified / sizeof m.modified[0] &&
			   out->modified.prec == PL_PREC_NONE; i++)
		if (m.modified[i] && !parse_date(m.modified[i], opts, &out->modified))
			memset(&out->modified, 0, sizeof out->modified);
	for (int r = 0; r < D_NRANK && out->published.prec == PL_PREC_NONE; r++)
		if (m.pub[r].value && parse_date(m.pub[r].value, opts, &out->published))
			out->published_how = pl_strdup(m.pub[r].how);
	if (out->published.prec == PL_PREC_NONE &&
	    (url_date(out->url, &out->published) || url_date(origin, &out->published)))
		out->published_how = pl_strdup("url");
	size_t dl = pl_text_dateline(out->body, out->body_len);
	if (dl)
		out->dateline = pl_strndup(out->body, dl);
	if (out->published.prec == PL_PREC_NONE)
		text_dates(&m, opts, out);
	rc = 0;
done:
	pl_buf_free(&body);
	if (doc)
		xmlFreeDoc(doc);
	pl_arena_destroy(m.arena);
	return rc;
}

void pl_html_fragment_text(const char *html, size_t len, struct pl_buf *out, char ***captions,
			   size_t *ncaptions)
{
	struct pl_arena *a = pl_arena_create(16 * 1024);
	xmlDoc *doc = a ? parse_html(html, len) : NULL;
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root && pl_html_annotate(root, a))
		pl_html_node_text(root, out, captions, ncaptions);
	if (doc)
		xmlFreeDoc(doc);
	pl_arena_destroy(a);
}
