/* timeml.c - read a TimeML (.tml) document for scoring: the plain text of <TEXT>,
 * its gold TIMEX3 spans as byte offsets, and the document creation time. */
#include "parley/time.h"

#include "ingest/formats.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	struct pl_buf text;
	struct pl_timeml_timex *gold;
	size_t n, cap;
	bool oom;
};

static char *attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? pl_strdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Collect the character data under n in document order; TIMEX3 elements
 * record where their text starts and ends.  Entity references are skipped,
 * never expanded (predefined ones like &amp; arrive already as text). */
static void collect(struct reader *r, xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				pl_buf_puts(&r->text, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			size_t start = r->text.len;
			collect(r, c);
			if (!is(c, "TIMEX3"))
				continue;
			if (!pl_grow(&r->gold, &r->cap, r->n, sizeof *r->gold)) {
				r->oom = true;
				return;
			}
			struct pl_timeml_timex *g = &r->gold[r->n++];
			g->start = start;
			g->end = r->text.len;
			g->type = attr(c, "type");
			g->value = attr(c, "value");
			g->mod = attr(c, "mod");
		}
	}
}

static xmlNode *find(xmlNode *n, const char *name)
{
	for (xmlNode *c = n; c; c = c->next) {
		if (is(c, name))
			return c;
		xmlNode *f = find(c->children, name);
		if (f)
			return f;
	}
	return NULL;
}

int pl_timeml_read(const char *path, struct pl_timeml_doc *doc, struct pl_diags *d)
{
	struct pl_buf raw = PL_BUF_INIT;
	struct reader r = { PL_BUF_INIT, NULL, 0, 0, false };
	xmlDoc *x = NULL;
	int rc = -1;
	memset(doc, 0, sizeof *doc);
	if (pl_read_file(path, PL_MAX_INPUT, &raw, d) != 0)
		goto out;
	pl_xml_init();
	x = xmlReadMemory(raw.p ? raw.p : "", (int)raw.len, path, NULL, pl_xml_options());
	xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
	if (!root) {
		pl_error(d, path, "not well-formed XML");
		goto out;
	}
	xmlNode *dct = find(root, "DCT");
	xmlNode *dt = dct ? find(dct->children, "TIMEX3") : NULL;
	xmlNode *text = find(root, "TEXT");
	if (!text) {
		pl_error(d, path, "no <TEXT> element");
		goto out;
	}
	collect(&r, text);
	if (r.oom || r.text.oom) {
		pl_error(d, path, "out of memory");
		goto out;
	}
	doc->dct = dt ? attr(dt, "value") : NULL;
	doc->len = r.text.len;
	doc->text = pl_buf_steal(&r.text);
	doc->gold = r.gold;
	doc->ngold = r.n;
	r.gold = NULL;
	r.n = 0;
	rc = doc->text ? 0 : -1;
out:
	for (size_t i = 0; i < r.n; i++) {
		free(r.gold[i].type);
		free(r.gold[i].value);
		free(r.gold[i].mod);
	}
	free(r.gold);
	pl_buf_free(&r.text);
	xmlFreeDoc(x);
	pl_buf_free(&raw);
	return rc;
}

void pl_timeml_doc_free(struct pl_timeml_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->ngold; i++) {
		free(doc->gold[i].type);
		free(doc->gold[i].value);
		free(doc->gold[i].mod);
	}
	free(doc->gold);
	free(doc->text);
	free(doc->dct);
	memset(doc, 0, sizeof *doc);
}
