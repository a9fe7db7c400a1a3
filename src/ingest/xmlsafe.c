/* xmlsafe.c - the one place that makes libxml2 safe for hostile input: no network, no file
 * access through entities or DTDs, and no printing of parser errors. */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "ingest/formats.h"
#include "ingest/xmlutil.h"

/* Every external entity, external DTD subset and XInclude resolves through the
 * loader, so refusing here is what keeps file:///etc/passwd and http:// out even
 * if some parse forgot an option.  Returning NULL makes libxml2 treat the entity
 * as unloadable (an error we discard), never as an empty string. */
static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* The library never prints: libxml2's default handlers write to stderr. */
static void discard_structured(void *ud, xmlErrorPtr err)
{
	(void)ud;
	(void)err;
}

static void discard_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void pl_xml_init(void)
{
	/* Idempotent; the handlers are (thread-local) globals that only ever get
	 * these same values, so a repeated call is harmless. */
	static bool parser_ready;
	if (!parser_ready) {
		xmlInitParser();
		parser_ready = true;
	}
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetStructuredErrorFunc(NULL, discard_structured);
	xmlSetGenericErrorFunc(NULL, discard_generic);
}

int pl_xml_options(void)
{
	/* NONET: no network even if the loader were bypassed.  NOERROR/NOWARNING:
	 * silence.  COMPACT: small text nodes stored inline (memory only).
	 * Deliberately absent: NOENT (would substitute entities: billion laughs,
	 * external files), DTDLOAD/DTDATTR/DTDVALID (fetch the external subset),
	 * XINCLUDE, HUGE (lifts the depth and amplification limits). */
	return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
}

/* ---- Reading trees safely (xmlutil.h) ------------------------------------ */

enum pl_xns pl_xml_ns(const xmlNode *n)
{
	static const struct {
		const char *uri;
		enum pl_xns ns;
	} map[] = {
		{ "http://www.w3.org/2005/Atom", PL_XNS_ATOM },
		{ "http://purl.org/dc/elements/1.1/", PL_XNS_DC },
		{ "http://purl.org/dc/terms/", PL_XNS_DCTERMS },
		{ "http://purl.org/rss/1.0/modules/content/", PL_XNS_CONTENT },
		{ "http://iptc.org/std/nar/2006-10-01/", PL_XNS_G2 },
		{ "http://purl.org/rss/1.0/", PL_XNS_NONE },
		{ "http://www.w3.org/1999/xhtml", PL_XNS_NONE },
		{ "http://iptc.org/std/NITF/2006-10-18/", PL_XNS_NONE },
	};
	if (!n->ns || !n->ns->href)
		return PL_XNS_NONE;
	const char *href = (const char *)n->ns->href;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(href, map[i].uri) == 0)
			return map[i].ns;
	if (strncmp(href, "http://iptc.org/std/NITF/", 25) == 0)
		return PL_XNS_NONE; /* other NITF versions */
	return PL_XNS_OTHER;
}

bool pl_xml_is(const xmlNode *n, enum pl_xns ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       (ns == PL_XNS_OTHER || pl_xml_ns(n) == ns);
}

xmlNode *pl_xml_child(const xmlNode *n, enum pl_xns ns, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (pl_xml_is(c, ns, name))
			return c;
	return NULL;
}

const char *pl_xml_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
		if (a->ns || strcmp((const char *)a->name, name) != 0)
			continue;
		/* attribute values are a text node (plus entity refs we ignore) */
		for (const xmlNode *c = a->children; c; c = c->next)
			if (c->type == XML_TEXT_NODE && c->content)
				return (const char *)c->content;
		return "";
	}
	return NULL;
}

void pl_xml_text(const xmlNode *n, struct pl_buf *out)
{
	/* Recursion depth is bounded by libxml2's own nesting limit (256 without
	 * XML_PARSE_HUGE), which such documents hit before we ever see them. */
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				pl_buf_puts(out, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			pl_xml_text(c, out);
		}
	}
}

void pl_xml_inner(xmlNode *n, struct pl_buf *out)
{
	xmlBufferPtr xb = xmlBufferCreate();
	if (!xb) {
		out->oom = true;
		return;
	}
	for (xmlNode *c = n->children; c; c = c->next)
		xmlNodeDump(xb, n->doc, c, 0, 0);
	pl_buf_append(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
}

/* First error a reader reported. */
struct xml_err {
	bool set;
	int line, col;
	char msg[160];
};

static void reader_error(void *arg, xmlErrorPtr err)
{
	struct xml_err *e = arg;
	if (e->set || !err || err->level < XML_ERR_ERROR)
		return;
	e->set = true;
	e->line = err->line;
	e->col = err->int2;
	const char *m = err->message ? err->message : "malformed XML";
	/* one line only: some messages go on to quote the document on the next */
	const char *nl = strchr(m, '\n');
	size_t n = nl ? (size_t)(nl - m) : strlen(m);
	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--; /* libxml2 messages end in a newline */
	/* libxml2 suggests lifting its limits; for hostile input that is the wrong advice */
	const char *huge = strstr(m, " use XML_PARSE_HUGE option");
	if (huge && (size_t)(huge - m) < n)
		n = (size_t)(huge - m);
	while (n > 0 && (m[n - 1] == ':' || m[n - 1] == ' '))
		n--;
	if (strncmp(m, "Excessive depth in document", 27) == 0) {
		m = "elements nested deeper than the 256 levels allowed";
		n = strlen(m);
	} else if (strncmp(m, "Detected an entity reference loop", 33) == 0) {
		m = "entity expansion too large (an entity bomb?)";
		n = strlen(m);
	}
	if (n >= sizeof e->msg)
		n = sizeof e->msg - 1;
	memcpy(e->msg, m, n);
	e->msg[n] = '\0';
}

/* Report `e` (or just `what`) as a diagnostic at its position in `xml`. */
static void report(struct pl_diags *d, enum pl_severity sev, const char *origin, const char *xml,
		   size_t len, const struct xml_err *e, const char *what)
{
	if (!e->set || e->line <= 0) {
		pl_diags_add(d, sev, origin, false, 0, 0, "%s", what);
		return;
	}
	/* libxml2 gives line and column; diagnostics carry a byte offset */
	size_t off = 0;
	for (int line = 1; line < e->line && off < len; off++)
		if (xml[off] == '\n')
			line++;
	size_t eol = off;
	while (eol < len && xml[eol] != '\n')
		eol++;
	if (e->col > 1 && (size_t)(e->col - 1) <= eol - off)
		off += (size_t)(e->col - 1);
	pl_diags_source(d, origin, xml, len);
	size_t end = len;
	while (end > 0 && (xml[end - 1] == '\n' || xml[end - 1] == ' ' || xml[end - 1] == '\t'))
		end--;
	/* libxml2 words a cut-off document as "extra content" or "premature end";
	 * at the very end of the input the plain reason is more useful */
	const char *msg = off >= end ? "the document ends before its elements are closed (cut off?)"
				     : e->msg;
	pl_diags_add(d, sev, origin, true, off, 0, "%s: %s", what, msg);
}

int pl_xml_stream(const char *origin, const char *xml, size_t len, const struct pl_xml_stream *s,
		  struct pl_diags *d)
{
	struct xml_err err;
	int rc = 0;

	pl_xml_init();
	/* The text is UTF-8 already (pl_decode_text): IGNORE_ENC keeps a stale
	 * encoding="ISO-8859-1" declaration from decoding it a second time. */
	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, "UTF-8",
						pl_xml_options() | XML_PARSE_IGNORE_ENC);
	if (!r) {
		pl_error(d, origin, "cannot start the XML reader");
		return -1;
	}
	memset(&err, 0, sizeof err);
	xmlTextReaderSetStructuredErrorHandler(r, reader_error, &err);
	int ret = xmlTextReaderRead(r);
	while (ret == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    !s->pick(s->ctx, (const char *)xmlTextReaderConstLocalName(r),
			     (const char *)xmlTextReaderConstNamespaceUri(r), xmlTextReaderDepth(r))) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		int depth = xmlTextReaderDepth(r);
		xmlNode *node = xmlTextReaderExpand(r); /* this subtree only */
		if (!node) {
			ret = -1;
			break;
		}
		rc = s->take(s->ctx, node, depth);
		if (rc != 0)
			break;
		ret = xmlTextReaderNext(r); /* past the subtree, which the reader frees */
	}
	if (rc < 0) {
		pl_error(d, origin, "out of memory");
	} else if (rc == 0 && ret < 0) {
		/* items before the error are delivered already and stay so */
		bool some = s->items && *s->items > 0;
		struct pl_buf what = PL_BUF_INIT;
		pl_buf_printf(&what, some ? "%s is malformed after its last complete item" : "malformed %s",
			      s->what);
		report(d, some ? PL_WARNING : PL_ERROR, origin, xml, len, &err,
		       what.p ? what.p : "malformed XML");
		pl_buf_free(&what);
		rc = some ? 0 : -1;
	}
	xmlFreeTextReader(r);
	return rc;
}
