/* html_body.c - main text of an HTML page: prune furniture, score paragraph
 * containers, pick the best one and its siblings, and write its paragraphs.
 *
 * The scoring follows Mozilla Readability's published design (paragraph score =
 * 1 + commas + length/100, given to the parent, half to the grandparent, less
 * further up; link density and class/id weight; sibling gathering; conditional
 * cleaning; a retry with fewer prunings when the result is short), computed in
 * O(nodes) passes over libxml2's tree.  Every walk is iterative: libxml2 caps
 * HTML nesting on its own, but nothing here relies on it. */
#include "ingest/fmtutil.h"
#include "ingest/html_dom.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Tag table ---------------------------------------------------------- */

struct tagdef {
	const char *name;
	unsigned short id;
	unsigned short flags;
};

/* Sorted by name for bsearch. */
static const struct tagdef tags[] = {
	{"a", TAG_A, HT_INLINE},
	{"abbr", 0, HT_INLINE},
	{"address", TAG_ADDRESS, HT_BLOCK},
	{"applet", 0, HT_DROP},
	{"article", TAG_ARTICLE, HT_BLOCK},
	{"aside", TAG_ASIDE, HT_BLOCK | HT_FURN},
	{"audio", 0, HT_DROP},
	{"b", 0, HT_INLINE},
	{"base", 0, HT_DROP},
	{"bdi", 0, HT_INLINE},
	{"bdo", 0, HT_INLINE},
	{"big", 0, HT_INLINE},
	{"blockquote", TAG_BLOCKQUOTE, HT_BLOCK},
	{"body", TAG_BODY, HT_BLOCK},
	{"br", TAG_BR, 0},
	{"button", TAG_BUTTON, HT_DROP},
	{"canvas", 0, HT_DROP},
	{"caption", 0, HT_BLOCK},
	{"center", 0, HT_BLOCK},
	{"cite", 0, HT_INLINE},
	{"code", TAG_CODE, HT_INLINE},
	{"datalist", 0, HT_DROP},
	{"dd", TAG_DD, HT_BLOCK},
	{"del", 0, HT_INLINE},
	{"details", 0, HT_BLOCK},
	{"dfn", 0, HT_INLINE},
	{"dialog", 0, HT_DROP},
	{"div", TAG_DIV, HT_BLOCK},
	{"dl", TAG_DL, HT_BLOCK | HT_LIST},
	{"dt", TAG_DT, HT_BLOCK},
	{"em", 0, HT_INLINE},
	{"embed", TAG_EMBED, HT_DROP},
	{"fieldset", TAG_FIELDSET, HT_BLOCK},
	{"figcaption", TAG_FIGCAPTION, HT_BLOCK},
	{"figure", TAG_FIGURE, HT_BLOCK},
	{"font", 0, HT_INLINE},
	{"footer", TAG_FOOTER, HT_BLOCK | HT_FURN},
	{"form", TAG_FORM, HT_BLOCK},
	{"frame", 0, HT_DROP},
	{"frameset", 0, HT_DROP},
	{"h1", TAG_H1, HT_BLOCK | HT_HEAD},
	{"h2", TAG_H2, HT_BLOCK | HT_HEAD},
	{"h3", TAG_H3, HT_BLOCK | HT_HEAD},
	{"h4", TAG_H4, HT_BLOCK | HT_HEAD},
	{"h5", TAG_H5, HT_BLOCK | HT_HEAD},
	{"h6", TAG_H6, HT_BLOCK | HT_HEAD},
	{"head", TAG_HEAD, HT_DROP},
	{"header", TAG_HEADER, HT_BLOCK | HT_FURN},
	{"hr", 0, HT_BLOCK},
	{"html", TAG_HTML, HT_BLOCK},
	{"i", 0, HT_INLINE},
	{"iframe", TAG_IFRAME, HT_DROP},
	{"img", TAG_IMG, 0},
	{"input", TAG_INPUT, HT_DROP},
	{"ins", 0, HT_INLINE},
	{"kbd", 0, HT_INLINE},
	{"label", TAG_LABEL, HT_INLINE},
	{"legend", 0, HT_BLOCK},
	{"li", TAG_LI, HT_BLOCK},
	{"link", TAG_LINK, HT_DROP},
	{"main", TAG_MAIN, HT_BLOCK},
	{"map", 0, HT_DROP},
	{"mark", 0, HT_INLINE},
	{"math", 0, HT_DROP},
	{"menu", 0, HT_BLOCK | HT_FURN},
	{"meta", TAG_META, HT_DROP},
	{"nav", TAG_NAV, HT_BLOCK | HT_FURN},
	{"noembed", 0, HT_DROP},
	{"noframes", 0, HT_DROP},
	{"noscript", 0, HT_DROP},
	{"object", TAG_OBJECT, HT_DROP},
	{"ol", TAG_OL, HT_BLOCK | HT_LIST},
	{"optgroup", 0, HT_DROP},
	{"option", 0, HT_DROP},
	{"output", 0, HT_DROP},
	{"p", TAG_P, HT_BLOCK},
	{"param", 0, HT_DROP},
	{"picture", 0, 0},
	{"pre", TAG_PRE, HT_BLOCK},
	{"progress", 0, HT_DROP},
	{"q", 0, HT_INLINE},
	{"rp", 0, HT_DROP},
	{"rt", 0, HT_DROP},
	{"s", 0, HT_INLINE},
	{"samp", 0, HT_INLINE},
	{"script", TAG_SCRIPT, HT_DROP},
	{"section", TAG_SECTION, HT_BLOCK},
	{"select", TAG_SELECT, HT_DROP},
	{"small", 0, HT_INLINE},
	{"source", 0, HT_DROP},
	{"span", TAG_SPAN, HT_INLINE},
	{"strike", 0, HT_INLINE},
	{"strong", 0, HT_INLINE},
	{"style", 0, HT_DROP},
	{"sub", 0, HT_INLINE},
	{"summary", 0, HT_BLOCK},
	{"sup", 0, HT_INLINE},
	{"svg", 0, HT_DROP},
	{"table", TAG_TABLE, HT_BLOCK},
	{"tbody", 0, HT_BLOCK},
	{"td", TAG_TD, HT_BLOCK},
	{"template", 0, HT_DROP},
	{"textarea", TAG_TEXTAREA, HT_DROP},
	{"tfoot", 0, HT_BLOCK},
	{"th", TAG_TH, HT_BLOCK},
	{"thead", 0, HT_BLOCK},
	{"time", TAG_TIME, HT_INLINE},
	{"title", TAG_TITLE, HT_DROP},
	{"tr", TAG_TR, HT_BLOCK},
	{"track", 0, HT_DROP},
	{"tt", 0, HT_INLINE},
	{"u", 0, HT_INLINE},
	{"ul", TAG_UL, HT_BLOCK | HT_LIST},
	{"var", 0, HT_INLINE},
	{"video", TAG_VIDEO, HT_DROP},
	{"wbr", 0, HT_INLINE},
};

static int tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tagdef *)elem)->name);
}

unsigned pl_html_tag(const char *name, unsigned *flags)
{
	const struct tagdef *t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0],
					 tag_cmp);
	*flags = t ? t->flags : 0;
	return t ? t->id : TAG_OTHER;
}

/* ---- Attributes and class names ----------------------------------------- */

/* The HTML parser stores each attribute value as one text child. */
const char *pl_html_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ? (const char *)a->children->content
								    : "";
	return NULL;
}

/* Class/id words (lowercase substrings) as Readability lists them, plus the
 * furniture named in the brief (promos, share bars, newsletter and paywall
 * boxes) and the kinds trafilatura discards (trending rails, recommendations,
 * sliders, bylines, log-in and consent overlays, hover cards and tooltips).
 * A wrong match costs little: the retry without class pruning brings a short
 * result back. */
static const char *const unlikely_words[] = {
	"-ad-", "ad-break", "agegate", "ai2html", "author-", "banner", "breadcrumb", "byline",
	"carousel", "combx", "comment", "community", "consent", "cookie", "copyright",
	"cover-wrap", "dek", "disqus", "extra", "eyebrow", "footer", "gallery", "gdpr", "header",
	"kicker", "legends", "login", "menu", "modal", "more-stories", "newsletter", "outbrain",
	"overlay", "pager", "pagination", "paywall", "popover", "popular", "popup", "promo",
	"rail", "read-more", "read-next", "readmore", "recommend", "related", "remark",
	"replies", "rollover", "rss", "share", "shoutbox", "sidebar", "signin", "skyscraper",
	"slider", "social", "sponsor", "standfirst", "subscribe", "supplemental", "swiper",
	"taboola", "tooltip", "trending", "viral", "widget", "yom-remote",
};
/* Names that keep an element even when an unlikely word matches (Readability
 * also lists "and", which keeps "standfirst" and "brand-promo": left out). */
static const char *const maybe_words[] = {
	"article", "body", "column", "content", "embed", "main", "shadow",
};
static const char *const negative_words[] = {
	"banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr", "masthead",
	"media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
	"skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "hidden",
};
static const char *const positive_words[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
	"pagination", "post", "text", "blog", "story",
};

static void lower_into(char *dst, size_t cap, size_t *len, const char *s)
{
	for (; *s && *len + 1 < cap; s++)
		dst[(*len)++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	dst[*len] = '\0';
}

static bool contains_ci(const char *s, const char *lower_word)
{
	char buf[256];
	size_t n = 0;
	lower_into(buf, sizeof buf, &n, s);
	return strstr(buf, lower_word) != NULL;
}

/* Is `word` one of the space-separated class names in cls (exactly)? */
static bool has_token(const char *cls, const char *word)
{
	if (!cls)
		return false;
	size_t wl = strlen(word);
	for (const char *p = cls; (p = strstr(p, word)); p += wl)
		if ((p == cls || p[-1] == ' ') && (p[wl] == '\0' || p[wl] == ' '))
			return true;
	return false;
}

/* Caption and screen-reader names (substrings of the lowercased class/id). */
static const char *const caption_words[] = { "caption", "credit" };
static const char *const sronly_words[] = {
	"sr-only", "visually-hidden", "visuallyhidden", "screen-reader", "screenreader",
};

/* Which of the word lists above have a word in the class/id text: one pass over
 * the text with the words bucketed by first byte (testing each list's words one
 * strstr at a time made classify a tenth of ingest).  Same answers as strstr. */
enum { W_UNLIKELY = 1, W_MAYBE = 2, W_NEGATIVE = 4, W_POSITIVE = 8, W_CAPTION = 16, W_SRONLY = 32 };
#define LIST(l, bit) { (l), sizeof(l) / sizeof((l)[0]), (bit) }
static const struct {
	const char *const *w;
	size_t n;
	unsigned bit;
} word_lists[] = {
	LIST(unlikely_words, W_UNLIKELY), LIST(maybe_words, W_MAYBE),
	LIST(negative_words, W_NEGATIVE), LIST(positive_words, W_POSITIVE),
	LIST(caption_words, W_CAPTION),	  LIST(sronly_words, W_SRONLY),
};
#undef LIST
#define NWORDS                                                                                     \
	(sizeof unlikely_words / sizeof *unlikely_words + sizeof maybe_words / sizeof *maybe_words + \
	 sizeof negative_words / sizeof *negative_words +                                          \
	 sizeof positive_words / sizeof *positive_words +                                          \
	 sizeof caption_words / sizeof *caption_words + sizeof sronly_words / sizeof *sronly_words)
_Static_assert(NWORDS < 256, "word index offsets are bytes");

struct word_index {
	uint64_t pair[65536 / 64]; /* bit (b0 << 8 | b1): some word starts with bytes b0 b1 */
	unsigned char start[257];  /* words with first byte c: e[start[c] .. start[c + 1]) */
	struct {
		const char *w;
		unsigned char len, bit;
	} e[NWORDS];
};

static struct word_index word_index; /* built once (pthread_once): constant after */
static pthread_once_t word_index_once = PTHREAD_ONCE_INIT;

static void word_index_build(void)
{
	struct word_index *x = &word_index;
	unsigned count[256] = { 0 }, at[256];
	for (size_t l = 0; l < sizeof word_lists / sizeof *word_lists; l++)
		for (size_t i = 0; i < word_lists[l].n; i++)
			count[(unsigned char)word_lists[l].w[i][0]]++;
	unsigned sum = 0;
	for (unsigned c = 0; c < 256; c++) {
		x->start[c] = (unsigned char)sum;
		at[c] = sum;
		sum += count[c];
	}
	x->start[256] = (unsigned char)sum;
	for (size_t l = 0; l < sizeof word_lists / sizeof *word_lists; l++)
		for (size_t i = 0; i < word_lists[l].n; i++) {
			const char *w = word_lists[l].w[i];
			unsigned k = at[(unsigned char)w[0]]++;
			x->e[k].w = w;
			x->e[k].len = (unsigned char)strlen(w);
			x->e[k].bit = (unsigned char)word_lists[l].bit;
			unsigned pair = (unsigned char)w[0] << 8 | (unsigned char)w[1];
			x->pair[pair / 64] |= 1ULL << (pair % 64);
		}
}

static unsigned word_bits(const struct word_index *x, const char *s, size_t len)
{
	unsigned bits = 0;
	for (size_t i = 0; i + 1 < len; i++) { /* every word has two bytes or more */
		unsigned char c = (unsigned char)s[i];
		unsigned pair = c << 8 | (unsigned char)s[i + 1];
		if (!(x->pair[pair / 64] >> (pair % 64) & 1))
			continue;
		for (unsigned k = x->start[c]; k < x->start[c + 1]; k++) {
			const char *w = x->e[k].w;
			size_t wl = x->e[k].len, j = 1; /* w[0] == c */
			if ((bits & x->e[k].bit) || wl > len - i)
				continue;
			while (j < wl && s[i + j] == w[j])
				j++;
			if (j == wl)
				bits |= x->e[k].bit;
		}
	}
	return bits;
}

/* The attributes classify reads, found in one pass (first of each name, as
 * pl_html_attr finds it). */
enum { A_CLASS, A_ID, A_ROLE, A_STYLE, A_HIDDEN, A_ARIA_HIDDEN, A_ITEMPROP, A_N };
static const char *const attr_names[A_N] = {
	"class", "id", "role", "style", "hidden", "aria-hidden", "itemprop",
};

static void read_attrs(const xmlNode *n, const char *v[A_N])
{
	for (int k = 0; k < A_N; k++)
		v[k] = NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		for (int k = 0; k < A_N; k++)
			if (!v[k] && strcmp((const char *)a->name, attr_names[k]) == 0) {
				v[k] = a->children && a->children->content
					       ? (const char *)a->children->content
					       : "";
				break;
			}
}

static void classify(xmlNode *n, struct hnode *h, const struct word_index *wx)
{
	const char *v[A_N];
	read_attrs(n, v);
	const char *cls = v[A_CLASS], *id = v[A_ID], *role = v[A_ROLE], *style = v[A_STYLE];
	if (v[A_HIDDEN])
		h->hidden = true;
	if (style && (contains_ci(style, "display:none") || contains_ci(style, "display: none") ||
		      contains_ci(style, "visibility:hidden")))
		h->hidden = true;
	if (v[A_ARIA_HIDDEN] && strcmp(v[A_ARIA_HIDDEN], "true") == 0 &&
	    !(cls && strstr(cls, "fallback-image")))
		h->hidden = true;
	if (role && (strcmp(role, "menu") == 0 || strcmp(role, "menubar") == 0 ||
		     strcmp(role, "complementary") == 0 || strcmp(role, "navigation") == 0 ||
		     strcmp(role, "alert") == 0 || strcmp(role, "alertdialog") == 0 ||
		     strcmp(role, "dialog") == 0))
		h->unlikely = true;
	if (v[A_ITEMPROP] && strstr(v[A_ITEMPROP], "articleBody"))
		h->weight = 50;
	if (!cls && !id)
		return;
	char buf[512];
	size_t len = 0;
	if (cls)
		lower_into(buf, sizeof buf, &len, cls);
	if (id) {
		lower_into(buf, sizeof buf, &len, " ");
		lower_into(buf, sizeof buf, &len, id);
	}
	unsigned bits = word_bits(wx, buf, len);
	if (h->tag != TAG_BODY && h->tag != TAG_A && h->tag != TAG_HTML && h->tag != TAG_ARTICLE &&
	    h->tag != TAG_MAIN && (bits & W_UNLIKELY) && !(bits & W_MAYBE))
		h->unlikely = true;
	if (bits & W_CAPTION)
		h->caption = true;
	/* hidden by a class: text for screen readers only ("Advertisement", "Skip
	 * to content") or a utility class.  Unlikely rather than hidden, so the
	 * retry without class pruning can still find an article a script would
	 * have revealed */
	if (h->tag != TAG_BODY && h->tag != TAG_HTML &&
	    ((bits & W_SRONLY) || has_token(cls, "hidden") || has_token(cls, "hide") ||
	     has_token(cls, "d-none") || has_token(cls, "is-hidden") || has_token(cls, "invisible")))
		h->unlikely = true;
	if (h->weight)
		return;
	if (bits & W_NEGATIVE)
		h->weight -= 25;
	if (bits & W_POSITIVE)
		h->weight += 25;
}

/* ---- Iterative tree walk ------------------------------------------------ */

static inline struct hnode *H(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}

xmlNode *pl_html_next(xmlNode *n, const xmlNode *root, bool descend)
{
	if (descend && n->children)
		return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	return !n || n == root ? NULL : n->next;
}

bool pl_html_annotate(xmlNode *root, struct pl_arena *a)
{
	pthread_once(&word_index_once, word_index_build);
	for (xmlNode *n = root; n; n = pl_html_next(n, root, n->type == XML_ELEMENT_NODE)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		struct hnode *h = pl_arena_alloc(a, sizeof *h);
		if (!h)
			return false;
		memset(h, 0, sizeof *h);
		unsigned fl;
		h->tag = (unsigned short)pl_html_tag((const char *)n->name, &fl);
		h->tflags = (unsigned short)fl;
		classify(n, h, &word_index);
		n->_private = h;
		/* the publisher's own itemprop=articleBody outranks class names: no
		 * ancestor of it is unlikely ("has-sidebar", "rail" layouts) */
		if (h->weight == 50)
			for (xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
				if (p->_private)
					((struct hnode *)p->_private)->unlikely = false;
	}
	return true;
}

/* ---- Text measure -------------------------------------------------------- */

static bool is_space_at(const unsigned char *s, size_t i, size_t len, size_t *w)
{
	unsigned char c = s[i];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*w = 1;
		return true;
	}
	/* U+00A0 no-break space and U+200B zero width space fold like spaces */
	if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0) {
		*w = 2;
		return true;
	}
	if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0x8B || (s[i + 2] >= 0x80 && s[i + 2] <= 0x8A) || s[i + 2] == 0xAF)) {
		*w = 3;
		return true;
	}
	return false;
}

/* Code points after folding runs of whitespace to one; commas of any script. */
static unsigned measure(const char *text, unsigned *commas)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text);
	unsigned n = 0, c = 0;
	bool prev_ws = false;
	for (size_t i = 0; i < len;) {
		size_t w;
		if (is_space_at(s, i, len, &w)) {
			if (!prev_ws)
				n++;
			prev_ws = true;
			i += w;
			continue;
		}
		prev_ws = false;
		if (s[i] == ',')
			c++;
		else if (s[i] == 0xEF && i + 2 < len && s[i + 1] == 0xBC && s[i + 2] == 0x8C)
			c++; /* U+FF0C fullwidth comma */
		else if (s[i] == 0xE3 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x81)
			c++; /* U+3001 ideographic comma */
		if (!pl_utf8_is_cont((char)s[i]))
			n++;
		i++;
	}
	*commas = c;
	return n;
}

/* ---- Scoring ------------------------------------------------------------- */

enum {
	F_STRIP = 1, /* drop elements whose class/id is unlikely */
	F_WEIGHT = 2, /* use class/id weights */
	F_CLEAN = 4,  /* clean conditionally while writing */
	F_FURN = 8,   /* drop furniture tags: nav, aside, footer, header, menu */
	F_TRIM = 16,  /* when writing, drop small unlikely boxes (share text, bylines) */
};

static bool dropped(const struct hnode *h, int flags)
{
	if (!h)
		return false;
	if ((h->tflags & HT_DROP) || h->hidden)
		return true;
	return ((flags & F_FURN) && (h->tflags & HT_FURN)) || ((flags & F_STRIP) && h->unlikely);
}

struct ptrvec {
	xmlNode **v;
	size_t n, cap;
	bool oom;
};

static void vec_push(struct ptrvec *pv, xmlNode *n)
{
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 64;
		xmlNode **v = realloc(pv->v, cap * sizeof *v);
		if (!v) {
			pv->oom = true;
			return;
		}
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = n;
}

static bool scorable(const struct hnode *h)
{
	switch (h->tag) {
	case TAG_LI: case TAG_DT: case TAG_DD: case TAG_TH: case TAG_TR: case TAG_H1:
	case TAG_UL: case TAG_OL: case TAG_DL: case TAG_TABLE: case TAG_FORM:
	case TAG_FIGCAPTION: case TAG_FIGURE: case TAG_ADDRESS:
		return false;
	default:
		return !(h->tflags & HT_INLINE);
	}
}

/* Nearest ancestor-or-self of a text node's parent that is not inline: the
 * paragraph its text belongs to.  *in_link says whether an <a> was crossed. */
static xmlNode *text_owner(xmlNode *p, bool *in_link)
{
	*in_link = false;
	while (p && p->type == XML_ELEMENT_NODE) {
		struct hnode *h = H(p);
		if (!h || !(h->tflags & HT_INLINE))
			return p;
		if (h->tag == TAG_A)
			*in_link = true;
		p = p->parent;
	}
	return NULL;
}

/* One post-order pass: text lengths, link lengths, descendant counts; collects
 * the paragraphs (elements with at least 25 code points of their own text). */
static void measure_tree(xmlNode *root, int flags, struct ptrvec *paras)
{
	xmlNode *n = root;
	for (;;) {
		bool descend = false;
		struct hnode *h = H(n);
		if (h) {
			unsigned short keep_tag = h->tag, keep_fl = h->tflags;
			bool u = h->unlikely, hid = h->hidden, cap = h->caption;
			signed char w = h->weight;
			memset(h, 0, sizeof *h);
			h->tag = keep_tag;
			h->tflags = keep_fl;
			h->unlikely = u;
			h->hidden = hid;
			h->caption = cap;
			h->weight = w;
			descend = !dropped(h, flags);
		} else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			bool in_link;
			unsigned commas = 0, len = n->content ? measure((const char *)n->content, &commas) : 0;
			xmlNode *own = text_owner(n->parent, &in_link);
			struct hnode *oh = H(own), *ph = H(n->parent);
			if (len && oh) {
				oh->own += len;
				oh->own_commas += commas;
			}
			if (ph) {
				ph->tlen += len;
				ph->commas += commas;
			}
		}
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			struct hnode *eh = H(n);
			if (eh && !dropped(eh, flags)) {
				if (eh->tag == TAG_A) {
					const char *href = pl_html_attr(n, "href");
					/* in-page links (footnotes, tables of contents) count less */
					eh->llen = href && href[0] == '#' ? eh->tlen * 3 / 10 : eh->tlen;
				}
				if (eh->tflags & HT_HEAD)
					eh->hlen = eh->tlen;
				if (eh->own >= 25 && scorable(eh))
					vec_push(paras, n);
				struct hnode *ph = n != root ? H(n->parent) : NULL;
				if (ph) {
					ph->tlen += eh->tlen;
					ph->llen += eh->llen;
					ph->commas += eh->commas;
					ph->hlen += eh->hlen;
					ph->np += eh->np + (eh->tag == TAG_P);
					ph->nli += eh->nli + (eh->tag == TAG_LI);
					ph->nimg += eh->nimg + (eh->tag == TAG_IMG);
					ph->ninput += eh->ninput + (eh->tag == TAG_INPUT || eh->tag == TAG_SELECT ||
								    eh->tag == TAG_TEXTAREA);
					ph->nembed += eh->nembed + (eh->tag == TAG_IFRAME || eh->tag == TAG_EMBED ||
								    eh->tag == TAG_OBJECT || eh->tag == TAG_VIDEO);
				}
			} else if (eh) {
				/* dropped elements still count as embeds/inputs for cleaning */
				struct hnode *ph = n != root ? H(n->parent) : NULL;
				if (ph) {
					ph->ninput += (eh->tag == TAG_INPUT || eh->tag == TAG_SELECT ||
						       eh->tag == TAG_TEXTAREA);
					ph->nembed += (eh->tag == TAG_IFRAME || eh->tag == TAG_EMBED ||
						       eh->tag == TAG_OBJECT || eh->tag == TAG_VIDEO);
				}
			}
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

static double link_density(const struct hnode *h)
{
	return h->tlen ? (double)h->llen / h->tlen : 0.0;
}

static void init_score(struct hnode *h, int flags, bool with_weight)
{
	double s = 0;
	switch (h->tag) {
	case TAG_DIV: s = 5; break;
	case TAG_PRE: case TAG_TD: case TAG_BLOCKQUOTE: s = 3; break;
	case TAG_ADDRESS: case TAG_OL: case TAG_UL: case TAG_DL: case TAG_DD: case TAG_DT:
	case TAG_LI: case TAG_FORM: s = -3; break;
	case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
	case TAG_TH: s = -5; break;
	default: break;
	}
	if ((flags & F_WEIGHT) && with_weight)
		s += h->weight;
	h->score = s;
	h->scored = true;
}

static bool is_elem_parent(const xmlNode *n)
{
	return n->parent && n->parent->type == XML_ELEMENT_NODE;
}

static void score_paragraphs(const struct ptrvec *paras, int flags, struct ptrvec *cands)
{
	for (size_t i = 0; i < paras->n; i++) {
		const struct hnode *ph = H(paras->v[i]);
		double s = 1.0 + ph->own_commas + (ph->own / 100 < 3 ? ph->own / 100 : 3);
		xmlNode *anc = paras->v[i]->parent;
		for (int level = 0; level < 5 && anc && is_elem_parent(anc); level++, anc = anc->parent) {
			struct hnode *ah = H(anc);
			if (!ah)
				break;
			if (!ah->scored) {
				init_score(ah, flags, false);
				vec_push(cands, anc);
			}
			ah->score += s / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
		}
	}
	for (size_t i = 0; i < cands->n; i++) {
		struct hnode *h = H(cands->v[i]);
		/* a good class name ("content", "article") counts for no more than
		 * the text it holds: a tiny "content-title" box must not win */
		double w = (flags & F_WEIGHT) ? h->weight : 0, base = h->score;
		if (w > 0 && base > 0 && w > base)
			w = base;
		else if (w > 0 && base <= 0)
			w = 0;
		h->score = (base + w) * (1.0 - link_density(h));
	}
}

static bool contains(const xmlNode *anc, const xmlNode *n)
{
	for (; n; n = n->parent)
		if (n == anc)
			return true;
	return false;
}

static size_t element_children(const xmlNode *n, xmlNode **only)
{
	size_t k = 0;
	for (xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			k++;
			*only = c;
		}
	return k;
}

/* Readability's choice: the best candidate, raised to a common ancestor of
 * close rivals, or to a parent that scores better. */
static xmlNode *pick_top(struct ptrvec *cands, xmlNode *body, int flags)
{
	xmlNode *top5[5] = {0};
	for (size_t i = 0; i < cands->n; i++) {
		xmlNode *c = cands->v[i];
		double s = H(c)->score;
		for (int t = 0; t < 5; t++) {
			if (!top5[t] || s > H(top5[t])->score) {
				memmove(top5 + t + 1, top5 + t, (size_t)(4 - t) * sizeof top5[0]);
				top5[t] = c;
				break;
			}
		}
	}
	xmlNode *top = top5[0];
	if (!top || top->_private == body->_private || H(top)->tag == TAG_HTML)
		return body;
	struct hnode *th = H(top);
	/* rivals within 75% of the best that share an ancestor with it */
	xmlNode *alts[4];
	int nalt = 0;
	for (int t = 1; t < 5; t++)
		if (top5[t] && H(top5[t])->score / th->score >= 0.75)
			alts[nalt++] = top5[t];
	if (nalt >= 3) {
		for (xmlNode *p = top->parent; p && p != body && H(p); p = p->parent) {
			int within = 0;
			for (int k = 0; k < nalt; k++)
				within += contains(p, alts[k]);
			if (within >= 3) {
				top = p;
				break;
			}
		}
		th = H(top);
		if (!th->scored)
			init_score(th, flags, true);
	}
	/* climb while the parent's score does not fall too far, taking a better one */
	double last = th->score, threshold = last / 3;
	for (xmlNode *p = top->parent; p && p != body && H(p); p = p->parent) {
		struct hnode *ph = H(p);
		if (!ph->scored)
			continue;
		if (ph->score < threshold)
			break;
		if (ph->score > last) {
			top = p;
			break;
		}
		last = ph->score;
	}
	/* a container that is its parent's only element child stands for it */
	xmlNode *only = NULL;
	while (top->parent && top->parent != body && H(top->parent) &&
	       element_children(top->parent, &only) == 1)
		top = top->parent;
	return top;
}

/* ---- Writing text ------------------------------------------------------- */

struct emitter {
	struct pl_buf *out;
	size_t start; /* out->len when writing began: breaks never lead */
	int pend;     /* 0 nothing, 1 space, 2 line break, 3 paragraph break */
};

static void emit_text(struct emitter *e, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		size_t w;
		if (is_space_at(s, i, len, &w)) {
			if (e->pend < 1)
				e->pend = 1;
			i += w;
			continue;
		}
		size_t j = i;
		while (j < len && !is_space_at(s, j, len, &w))
			j++;
		if (e->out->len > e->start && e->pend)
			pl_buf_puts(e->out, e->pend == 3 ? "\n\n" : e->pend == 2 ? "\n" : " ");
		e->pend = 0;
		pl_buf_append(e->out, s + i, j - i);
		i = j;
	}
}

static void emit_break(struct emitter *e, int kind)
{
	if (e->pend < kind)
		e->pend = kind;
}

void pl_html_fold(const char *s, size_t len, struct pl_buf *out)
{
	struct emitter e = {out, out->len, 0};
	emit_text(&e, s, len);
}

static void emit_tree(xmlNode *root, int flags, const char *title, struct emitter *e);

/* A photo caption or credit: <figcaption>, or a small block whose class
 * says so (galleries often use <div class="caption">). */
static bool is_caption(const struct hnode *h)
{
	return h->tag == TAG_FIGCAPTION ||
	       (h->caption && h->tlen < 400 && h->tag != TAG_A && h->tag != TAG_BODY &&
		h->tag != TAG_ARTICLE && h->tag != TAG_MAIN);
}

static void add_caption(xmlNode *n, char ***caps, size_t *ncaps)
{
	struct pl_buf b = PL_BUF_INIT;
	struct emitter e = {&b, 0, 0};
	emit_tree(n, 0, NULL, &e);
	for (size_t i = 0; b.len && i < *ncaps; i++)
		if (strcmp((*caps)[i], b.p) == 0)
			b.len = 0; /* galleries repeat their captions */
	if (b.len && !b.oom)
		pl_fmt_add_caption(caps, ncaps, pl_buf_steal(&b)); /* frees it on failure */
	pl_buf_free(&b);
}

/* Readability's _cleanConditionally: is this block junk (link lists, image
 * galleries, forms, embeds) rather than article? */
static bool junk_block(xmlNode *n, const struct hnode *h, int flags)
{
	switch (h->tag) {
	case TAG_FORM: case TAG_FIELDSET: case TAG_TABLE: case TAG_UL: case TAG_OL: case TAG_DIV:
	case TAG_SECTION: case TAG_DL:
		break;
	default:
		return false;
	}
	int weight = (flags & F_WEIGHT) ? h->weight : 0;
	/* prose (few links, no images, embeds or inputs) is not junk, whatever
	 * its class says ("leafmedia" wrapping a lead paragraph) */
	if (link_density(h) < 0.25 && h->nimg == 0 && h->nembed == 0 && h->ninput == 0 &&
	    h->tlen >= 80)
		return false;
	if (weight + (h->scored ? h->score : 0) < 0)
		return true;
	if (h->commas >= 10)
		return false;
	bool is_list = h->tag == TAG_UL || h->tag == TAG_OL || h->tag == TAG_DL;
	bool in_figure = false;
	for (xmlNode *p = n->parent; p && H(p); p = p->parent)
		if (H(p)->tag == TAG_FIGURE) {
			in_figure = true;
			break;
		}
	double ld = link_density(h);
	double hdens = h->tlen ? (double)h->hlen / h->tlen : 0;
	long li = (long)h->nli - 100;
	if (!in_figure && h->nimg > 1 && (double)h->np / h->nimg < 0.5)
		return true;
	if (!is_list && li > (long)h->np)
		return true;
	if (h->ninput > h->np / 3)
		return true;
	if (!is_list && hdens < 0.9 && h->tlen < 25 && (h->nimg == 0 || h->nimg > 2) && !in_figure)
		return true;
	if (!is_list && weight < 25 && ld > 0.2)
		return true;
	if (weight >= 25 && ld > 0.5)
		return true;
	if ((h->nembed == 1 && h->tlen < 75) || h->nembed > 1)
		return true;
	return false;
}

/* Write the subtree at `root`; `flags` selects pruning and cleaning. */
static void emit_tree(xmlNode *root, int flags, const char *title, struct emitter *e)
{
	xmlNode *n = root;
	for (;;) {
		bool descend = false;
		struct hnode *h = H(n);
		if (h) {
			descend = !dropped(h, flags);
			if (descend && n != root && is_caption(h)) {
				descend = false; /* captions are kept apart (collect_captions) */
			} else if (descend && n != root && (flags & F_TRIM) && h->unlikely && h->tlen < 200) {
				descend = false; /* kept for scoring, too small to be the article */
			} else if (descend && n != root && (flags & F_CLEAN) && junk_block(n, h, flags)) {
				descend = false;
			} else if (descend && n != root && (flags & F_CLEAN) &&
				   (h->tag == TAG_P || h->tag == TAG_LI) && h->tlen < 200 &&
				   h->llen * 10 >= h->tlen * 9 && h->tlen > 0) {
				descend = false; /* a paragraph that is one link: "related" teasers */
			} else if (descend && (h->tag == TAG_H1 || h->tag == TAG_H2)) {
				if ((flags & F_WEIGHT) && h->weight < 0)
					descend = false;
				else if (title) {
					struct pl_buf t = PL_BUF_INIT;
					pl_html_node_text(n, &t, NULL, NULL);
					if (t.len && t.len == strlen(title) && strncasecmp(t.p, title, t.len) == 0)
						descend = false;
					pl_buf_free(&t);
				}
			}
			if (descend && (h->tflags & HT_BLOCK))
				emit_break(e, 3);
			else if (h->tag == TAG_BR)
				emit_break(e, e->pend >= 2 ? 3 : 2); /* <br><br> separates paragraphs */
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			emit_text(e, (const char *)n->content, strlen((const char *)n->content));
		}
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			struct hnode *eh = H(n);
			if (eh && (eh->tflags & HT_BLOCK))
				emit_break(e, 3);
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

/* Captions below `region`, each once, in document order. */
static void collect_captions(xmlNode *region, int flags, char ***caps, size_t *ncaps)
{
	if (!caps)
		return;
	xmlNode *n = region;
	while (n) {
		bool descend = false;
		struct hnode *h = H(n);
		if (h && !dropped(h, flags)) {
			descend = true;
			if (is_caption(h)) {
				add_caption(n, caps, ncaps);
				descend = false;
			}
		}
		n = pl_html_next(n, region, descend);
	}
}

void pl_html_node_text(xmlNode *n, struct pl_buf *out, char ***caps, size_t *ncaps)
{
	struct emitter e = {out, out->len, 0};
	emit_tree(n, 0, NULL, &e);
	collect_captions(n, 0, caps, ncaps);
}

static bool has_sentence_end(const xmlNode *n)
{
	/* Readability: a short paragraph that ends a sentence is article text */
	struct pl_buf b = PL_BUF_INIT;
	pl_html_node_text((xmlNode *)n, &b, NULL, NULL);
	bool yes = false;
	for (size_t i = 0; i < b.len; i++)
		if (b.p[i] == '.' && (i + 1 == b.len || b.p[i + 1] == ' ')) {
			yes = true;
			break;
		}
	pl_buf_free(&b);
	return yes;
}

/* Extract with one set of flags; returns the length written. */
static size_t extract(xmlNode *body, int flags, const char *title, struct pl_buf *out,
		      xmlNode **chosen)
{
	struct ptrvec paras = {0}, cands = {0};
	measure_tree(body, flags, &paras);
	score_paragraphs(&paras, flags, &cands);
	xmlNode *top = pick_top(&cands, body, flags);
	*chosen = top;
	struct hnode *th = H(top);
	struct emitter e = {out, out->len, 0};
	size_t start = out->len;
	xmlNode *parent = top->parent;
	if (top == body || !parent || !H(parent)) {
		emit_tree(top, flags, title, &e);
	} else {
		double thresh = th->score * 0.2 > 10 ? th->score * 0.2 : 10;
		const char *tcls = pl_html_attr(top, "class");
		for (xmlNode *s = parent->children; s; s = s->next) {
			struct hnode *sh = H(s);
			if (!sh || dropped(sh, flags))
				continue;
			bool take = s == top;
			if (!take) {
				double bonus = 0;
				const char *scls = pl_html_attr(s, "class");
				if (tcls && scls && *tcls && strcmp(tcls, scls) == 0)
					bonus = th->score * 0.2;
				if (sh->scored && sh->score + bonus >= thresh)
					take = true;
				else if (!sh->scored && bonus > 0 && sh->tlen >= 80 && link_density(sh) < 0.25)
					take = true; /* a same-class part whose paragraphs sit too deep to score */
				else if (sh->tag == TAG_P) {
					double ld = link_density(sh);
					if (sh->tlen > 80 && ld < 0.25)
						take = true;
					else if (sh->tlen < 80 && sh->tlen > 0 && ld == 0 && has_sentence_end(s))
						take = true;
				}
			}
			if (take)
				emit_tree(s, flags, title, &e);
		}
	}
	free(paras.v);
	free(cands.v);
	return out->len - start;
}

/* The part of the page the captions of the article are taken from: the
 * <article>, <main> or itemprop=articleBody around the chosen container, else
 * the container's parent (its siblings hold the figures). */
static xmlNode *caption_region(xmlNode *top, xmlNode *body)
{
	for (xmlNode *p = top; p && p != body && H(p); p = p->parent) {
		const struct hnode *h = H(p);
		if (h->tag == TAG_ARTICLE || h->tag == TAG_MAIN || h->weight == 50)
			return p;
	}
	return top != body && top->parent && H(top->parent) ? top->parent : top;
}

void pl_html_main_text(xmlNode *body, const char *title, struct pl_buf *out, char ***caps,
		       size_t *ncaps)
{
	/* Readability's retry: all prunings, then without the class/id ones (small
	 * unlikely boxes still go when writing), then without weights, then bare
	 * (furniture tags stay out until the last).
	 * The first result of 500+ characters wins; below that a later attempt
	 * replaces an earlier one only when it finds half as much text again, so
	 * a short article does not get its furniture back. */
	static const int attempts[] = {F_FURN | F_STRIP | F_WEIGHT | F_CLEAN,
				       F_FURN | F_TRIM | F_WEIGHT | F_CLEAN, F_FURN | F_TRIM | F_CLEAN, 0};
	struct pl_buf best = PL_BUF_INIT;
	int best_flags = 0, last_flags = 0;
	xmlNode *best_top = body;
	for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
		last_flags = attempts[i];
		struct pl_buf cur = PL_BUF_INIT;
		xmlNode *top = body;
		size_t got = extract(body, attempts[i], title, &cur, &top);
		if (!best.p || got * 2 > best.len * 3) {
			pl_buf_free(&best);
			best = cur;
			best_flags = attempts[i];
			best_top = top;
		} else {
			pl_buf_free(&cur);
		}
		/* a pick of <body> itself means pruning left no container: retry */
		if (best.len >= 500 && best_top != body)
			break;
	}
	pl_buf_append(out, best.p ? best.p : "", best.len);
	pl_buf_free(&best);
	/* captions use the tree's stats, which are those of the last attempt */
	if (best_flags != last_flags) {
		struct ptrvec paras = {0};
		measure_tree(body, best_flags, &paras);
		free(paras.v);
	}
	collect_captions(caption_region(best_top, body), best_flags, caps, ncaps);
}
