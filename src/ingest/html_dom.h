/* html_dom.h - private to the HTML extractor (html.c, html_body.c): the DOM
 * walk state shared between main-text scoring and metadata. */
#ifndef PARLEY_INGEST_HTML_DOM_H
#define PARLEY_INGEST_HTML_DOM_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "parley/util.h"

/* What the tag table knows about an element name. */
enum {
	HT_DROP = 1 << 0,   /* never text: script, style, form controls, media */
	HT_FURN = 1 << 1,   /* page furniture (nav, footer, aside, header): dropped when strict */
	HT_BLOCK = 1 << 2,  /* starts and ends a paragraph */
	HT_INLINE = 1 << 3, /* text inside belongs to the enclosing block */
	HT_HEAD = 1 << 4,   /* h1..h6 */
	HT_LIST = 1 << 5,   /* ul, ol, dl */
};

/* Per-element facts, allocated in the extractor's arena and hung on
 * xmlNode._private.  Lengths count code points after whitespace folding. */
struct hnode {
	unsigned short tag;    /* index into the tag table, or TAG_OTHER */
	unsigned short tflags; /* HT_* of the tag */
	bool unlikely;         /* class/id names furniture (comments, share bar, ...) */
	bool hidden;           /* hidden, aria-hidden, display:none */
	bool caption;          /* class/id names a photo caption or credit */
	bool scored;           /* has a content score (is a candidate) */
	signed char weight;    /* class/id weight: -25, 0, +25 (+50 for itemprop=articleBody) */
	unsigned tlen;         /* all text below */
	unsigned llen;         /* text inside links below */
	unsigned own;          /* text whose nearest block ancestor is this element */
	unsigned own_commas;
	/* descendants: <p>, <li>, <img>, form inputs, embeds; text in headings */
	unsigned np, nli, nimg, ninput, nembed, hlen;
	unsigned commas;       /* all commas below */
	double score;
};

/* Tag ids the code tests for by name. */
enum {
	TAG_OTHER = 0,
	TAG_A, TAG_ARTICLE, TAG_BLOCKQUOTE, TAG_BODY, TAG_BR, TAG_DD, TAG_DIV, TAG_DL, TAG_DT,
	TAG_EMBED, TAG_FIGCAPTION, TAG_FIGURE, TAG_FORM, TAG_H1, TAG_H2, TAG_H3, TAG_H4, TAG_H5,
	TAG_H6, TAG_HTML, TAG_IFRAME, TAG_IMG, TAG_INPUT, TAG_LI, TAG_MAIN, TAG_OBJECT, TAG_OL,
	TAG_P, TAG_PRE, TAG_SECTION, TAG_TABLE, TAG_TD, TAG_TH, TAG_TIME, TAG_UL, TAG_ADDRESS,
	TAG_FIELDSET, TAG_SPAN, TAG_HEADER, TAG_FOOTER, TAG_NAV, TAG_ASIDE, TAG_TR, TAG_SELECT,
	TAG_BUTTON, TAG_TEXTAREA, TAG_VIDEO, TAG_TITLE, TAG_META, TAG_LINK, TAG_SCRIPT, TAG_HEAD,
	TAG_CODE, TAG_LABEL,
};

/* Value of attribute `name` of element n, borrowed from the tree; NULL when
 * absent, "" when it has no value. */
const char *pl_html_attr(const xmlNode *n, const char *name);

/* The node after `n` in document order within `root`, entering n's children
 * when `descend`; NULL at the end.  The iterative walk every pass uses. */
xmlNode *pl_html_next(xmlNode *n, const xmlNode *root, bool descend);

/* Hang a struct hnode (zeroed, tag and class facts filled) on every element
 * below and including `root`, allocated in `a`.  Iterative: depth is not a
 * limit.  Returns false on OOM. */
bool pl_html_annotate(xmlNode *root, struct pl_arena *a);
/* The tag id and HT_* flags of element name `name` (lowercase, as libxml2's
 * HTML parser gives it). */
unsigned pl_html_tag(const char *name, unsigned *flags);
/* Main text of a page whose elements carry hnodes: prune, score, pick the
 * best container and its siblings, and append its paragraphs to `out`
 * ("\n\n" between paragraphs).  Captions met inside the chosen content are
 * appended to *caps (malloc'd strings; the caller frees).  `title` (may be
 * NULL) lets a heading that repeats the title be left out. */
void pl_html_main_text(xmlNode *body, const char *title, struct pl_buf *out, char ***caps,
		       size_t *ncaps);
/* Append the text of the subtree at `n` (block elements as paragraphs). */
void pl_html_node_text(xmlNode *n, struct pl_buf *out, char ***caps, size_t *ncaps);
/* A copy of html[0..len) for libxml2 with the bodies of <script> and <style>
 * elements cut out (html.c says which are kept and why), appended to `out`
 * (caller frees).  libxml2 then builds the same tree less those text nodes.
 * Returns false when nothing was cut or on OOM (parse the original then). */
bool pl_html_strip_raw(const char *html, size_t len, struct pl_buf *out);
/* Fold whitespace of s[0..len) into `out` (single spaces, trimmed). */
void pl_html_fold(const char *s, size_t len, struct pl_buf *out);

#endif
