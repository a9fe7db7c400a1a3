/* xmlutil.h - private to feed.c and newsxml.c: reading text out of libxml2 trees
 * without ever expanding an entity, and turning reader errors into diagnostics. */
#ifndef PARLEY_INGEST_XMLUTIL_H
#define PARLEY_INGEST_XMLUTIL_H

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "parley/util.h"

/* Namespaces the news formats use, by URI (prefixes are the document's choice). */
enum pl_xns {
	PL_XNS_NONE, /* no namespace, RSS 1.0's namespace, NITF and XHTML: plain names */
	PL_XNS_ATOM,
	PL_XNS_DC,
	PL_XNS_DCTERMS,
	PL_XNS_CONTENT,
	PL_XNS_G2,
	PL_XNS_OTHER,
};
enum pl_xns pl_xml_ns(const xmlNode *n);
/* Element `n` has local name `name` (and, unless ns is PL_XNS_OTHER, namespace ns). */
bool pl_xml_is(const xmlNode *n, enum pl_xns ns, const char *name);
/* First element child of `n` with that name, or NULL. */
xmlNode *pl_xml_child(const xmlNode *n, enum pl_xns ns, const char *name);
/* Attribute value (no namespace) or NULL; borrowed from the tree. */
const char *pl_xml_attr(const xmlNode *n, const char *name);
/* Append the text of `n`'s subtree.  Entity references are skipped, never
 * expanded: that is what keeps billion-laughs and external entities inert. */
void pl_xml_text(const xmlNode *n, struct pl_buf *out);
/* Append the markup of `n`'s children (for XHTML content handed to the HTML
 * fragment reader); entity references stay references. */
void pl_xml_inner(xmlNode *n, struct pl_buf *out);

/* Streaming: the reader walks the document; elements `pick` chooses are expanded
 * to a subtree, given to `take`, and freed when the reader moves past them, so
 * memory holds one item at a time whatever the document's length. */
struct pl_xml_stream {
	/* An element starts at `depth` (local name, namespace URI or NULL): expand it? */
	bool (*pick)(void *ctx, const char *name, const char *uri, int depth);
	/* The expanded element, valid only during the call.  0 go on, 1 stop, -1 out of memory. */
	int (*take)(void *ctx, xmlNode *node, int depth);
	void *ctx;
	const char *what;   /* the input in messages: "feed", "XML" */
	const long *items;  /* items delivered so far (kept by ctx): an error after some is a warning */
};
/* Run the stream over xml[0..len) (UTF-8).  Returns 0 at the end of the document,
 * 1 when take asked to stop, -1 after a diagnostic naming `origin` (malformed XML
 * before any item, out of memory).  Malformed XML after items is a warning and 0. */
int pl_xml_stream(const char *origin, const char *xml, size_t len, const struct pl_xml_stream *s,
		  struct pl_diags *d);

#endif
