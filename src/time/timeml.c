/* timeml.c - TimeML (.tml) documents: read one for scoring (the plain text of
 * <TEXT>, its gold TIMEX3 spans as byte offsets, the document creation time),
 * and write the tagger's expressions as one (`parley timex --format timeml`). */
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

/* ---- Writing ---------------------------------------------------------------- */

/* Append s[0..n) as XML character data or attribute value: the specials
 * escaped, CR as a reference (a parser turns a literal one into LF), and what
 * XML 1.0 cannot hold at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF)
 * as U+FFFD: the text is kept readable and the document well-formed. */
static void xml_escape(struct pl_buf *b, const char *s, size_t n)
{
	size_t run = 0; /* start of the bytes copied unchanged */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		size_t skip = 1;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c == '\r')
			rep = "&#13;";
		else if (c < 0x20 && c != '\t' && c != '\n')
			rep = "\xEF\xBF\xBD";
		else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
			 ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			rep = "\xEF\xBF\xBD"; /* U+FFFE, U+FFFF */
			skip = 3;
		} else
			continue;
		pl_buf_append(b, s + run, i - run);
		pl_buf_puts(b, rep);
		i += skip - 1;
		run = i + 1;
	}
	pl_buf_append(b, s + run, n - run);
}

static void xml_escape_str(struct pl_buf *b, const char *s)
{
	xml_escape(b, s, strlen(s));
}

void pl_timeml_write_begin(struct pl_buf *out, const char *dct)
{
	pl_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n");
	if (dct) {
		/* the TempEval form, which pl_timeml_read takes the DCT from */
		pl_buf_puts(out, "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"");
		xml_escape_str(out, dct);
		pl_buf_puts(out, "\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">");
		xml_escape_str(out, dct);
		pl_buf_puts(out, "</TIMEX3></DCT>\n");
	}
	pl_buf_puts(out, "<TEXT>");
}

void pl_timeml_write_text(const char *text, size_t len, const struct pl_timex *v, size_t n,
			  size_t tid0, struct pl_buf *out)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pl_timex *t = &v[i];
		if (t->start < at || t->end > len || t->end < t->start)
			continue; /* overlapping or outside: the tagger never gives these */
		xml_escape(out, text + at, t->start - at);
		pl_buf_printf(out, "<TIMEX3 tid=\"t%zu\" type=\"%s\" value=\"", tid0 + i,
			      pl_timex_type_name(t->type));
		xml_escape_str(out, t->value);
		pl_buf_putc(out, '"');
		if (t->mod) {
			pl_buf_puts(out, " mod=\"");
			xml_escape_str(out, t->mod);
			pl_buf_putc(out, '"');
		}
		pl_buf_putc(out, '>');
		xml_escape(out, text + t->start, t->end - t->start);
		pl_buf_puts(out, "</TIMEX3>");
		at = t->end;
	}
	xml_escape(out, text + at, len - at);
}

void pl_timeml_write_end(struct pl_buf *out)
{
	pl_buf_puts(out, "</TEXT>\n</TimeML>\n");
}
