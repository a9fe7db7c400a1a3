/* sentences.c - split an article body into paragraphs and sentences (byte ranges). */
#include "parley/ingest.h"
#include "textutil.h"

#include <stdlib.h>
#include <string.h>

/* The words (abbreviations, sentence starters) come from rules/text/ at run
 * time (textlists.c): nothing about the language is written in this file. */

/* Growable array of ranges. */
struct ranges {
	struct pl_range *v;
	size_t n, cap;
	bool oom;
};

static void push(struct ranges *r, size_t start, size_t end)
{
	if (r->oom || end <= start)
		return;
	if (!pl_grow(&r->v, &r->cap, r->n, sizeof *r->v)) {
		r->oom = true;
		return;
	}
	r->v[r->n].start = start;
	r->v[r->n].end = end;
	r->n++;
}

static long finish(struct ranges *r, struct pl_range **out)
{
	if (r->oom) {
		free(r->v);
		*out = NULL;
		return -1;
	}
	*out = r->v;
	return (long)r->n;
}



/* A line of only whitespace at b[i..) (up to its '\n' or len)? Sets *next to
 * the byte after the line. */
static bool blank_line(const char *b, size_t len, size_t i, size_t *next)
{
	size_t j = i;
	while (j < len && b[j] != '\n') {
		if (b[j] != ' ' && b[j] != '\t' && b[j] != '\r')
			return false;
		j++;
	}
	*next = j < len ? j + 1 : len;
	return true;
}

long pl_paragraphs(const char *body, size_t len, struct pl_range **out)
{
	struct ranges r = {0};
	size_t start = 0, i = 0;
	while (i < len) {
		/* i is at the start of a line */
		size_t next;
		if (blank_line(body, len, i, &next)) {
			size_t s = start, e = i;
			pl_text_trim(body, &s, &e);
			push(&r, s, e);
			start = i = next;
			continue;
		}
		const char *nl = memchr(body + i, '\n', len - i);
		i = nl ? (size_t)(nl - body) + 1 : len;
	}
	size_t s = start, e = len;
	pl_text_trim(body, &s, &e);
	push(&r, s, e);
	return finish(&r, out);
}

/* ---- Sentence boundaries ------------------------------------------------ */

/* Code point at b[i] (0 at or past the end); *k gets its length. */
static uint32_t cp_at(const char *b, size_t end, size_t i, int *k)
{
	uint32_t cp = 0;
	*k = i < end ? pl_utf8_decode(b + i, end - i, &cp) : 0;
	if (*k == 0) {
		*k = i < end ? 1 : 0;
		return i < end ? 0xFFFD : 0;
	}
	return cp;
}

/* Lower-case letters of the scripts news in European languages use.  A
 * sentence never starts with one, so a period before it is no boundary. */
static bool is_lower_cp(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return true;
	if (c >= 0xDF && c <= 0xFF && c != 0xF7)
		return true;
	if (c >= 0x100 && c <= 0x17F)
		return c & 1; /* Latin Extended-A alternates upper, lower */
	if (c >= 0x3B1 && c <= 0x3C9)
		return true; /* Greek */
	if (c >= 0x430 && c <= 0x45F)
		return true; /* Cyrillic */
	return false;
}

static bool is_upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Characters that close a sentence after its final punctuation. */
static bool is_closer(uint32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D /* ” */ ||
	       c == 0x2019 /* ’ */ || c == 0xBB /* » */ || c == 0x203A /* › */;
}

/* Characters that open a token: stripped before looking a word up. */
static bool is_opener(uint32_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C /* “ */ ||
	       c == 0x2018 /* ‘ */ || c == 0xAB /* « */ || c == 0x2039 /* ‹ */;
}

/* Past the opening quotes and brackets at b[i] (before `end`). */
static size_t skip_openers(const char *b, size_t end, size_t i)
{
	for (;;) {
		int k;
		uint32_t c = cp_at(b, end, i, &k);
		if (k == 0 || !is_opener(c))
			return i;
		i += (size_t)k;
	}
}

static bool is_terminal(uint32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */;
}

/* Class of the word ending with the period at b[dot], scanning back to the
 * start of the token (never before `from`). */
static char abbrev_class(const struct pl_textlists *tl, const char *b, size_t from, size_t dot)
{
	size_t s = dot;
	while (s > from && !pl_text_is_space(b[s - 1]))
		s--;
	s = skip_openers(b, dot, s);
	size_t e = dot + 1;
	if (e - s < 2)
		return 0;
	char c = pl_textlists_abbrev_class(tl, b + s, e - s);
	if (c)
		return c;
	/* "1. First item": a number opening the sentence numbers a list item */
	if (s == from && e - s <= 4) {
		bool num = true;
		for (size_t i = s; i < dot; i++)
			num = num && b[i] >= '0' && b[i] <= '9';
		if (num)
			return 't';
	}
	/* "Viera d. Melbourne" (sports results), "Plan b.": a lone lower-case
	 * letter is treated like an initial */
	if (e - s == 2 && b[s] >= 'a' && b[s] <= 'z')
		return 'm';
	/* "J." (an initial) and "J.D.", "U.S.", "E.U." (dotted capitals): a name or
	 * a word usually follows; they end a sentence only before a starter word. */
	bool dotted = true;
	for (size_t i = s; i < e; i += 2)
		if (!(is_upper_ascii(b[i]) && i + 1 < e && b[i + 1] == '.'))
			dotted = false;
	return dotted ? 'm' : 0;
}

/* Is the word at b[i..end) one of sentence_starters.list?  A word directly
 * followed by '.' ("A. Smith") is an initial, not a starter. */
static bool starter_at(const struct pl_textlists *tl, const char *b, size_t end, size_t i)
{
	i = skip_openers(b, end, i);
	size_t e = i;
	while (e < end && ((b[e] >= 'a' && b[e] <= 'z') || (b[e] >= 'A' && b[e] <= 'Z') || b[e] == '\''))
		e++;
	if (e == i || (e < end && b[e] == '.'))
		return false;
	return pl_textlists_is_starter(tl, b + i, e - i);
}

/* Does a sentence end at the terminal punctuation b[i] (inside a paragraph
 * [ps, pe))?  If so, *end is the byte after its closing punctuation and
 * quotes and *next the start of the next sentence. */
static bool boundary(const struct pl_textlists *tl, const char *b, size_t ps, size_t pe, size_t i,
		     size_t *end, size_t *next)
{
	int k;
	uint32_t first = cp_at(b, pe, i, &k);
	size_t j = i + (size_t)k;
	bool single_period = first == '.';
	/* runs like "?!", "...", "?”" */
	for (;;) {
		uint32_t c = cp_at(b, pe, j, &k);
		if (k == 0 || !is_terminal(c))
			break;
		single_period = false;
		j += (size_t)k;
	}
	bool closed = false;
	for (;;) {
		uint32_t c = cp_at(b, pe, j, &k);
		if (k == 0 || !is_closer(c))
			break;
		closed = true;
		j += (size_t)k;
	}
	if (j >= pe || !pl_text_is_space(b[j]))
		return false; /* "3.5", "U.S.-led", "example.com", or the paragraph's end */
	size_t n = j;
	while (n < pe && pl_text_is_space(b[n]))
		n++;
	uint32_t c = cp_at(b, pe, n, &k);
	if (is_lower_cp(c) || c == ',' || c == ';' || c == ':')
		return false; /* "he asked", "... and then" */
	if (single_period && !closed) {
		switch (abbrev_class(tl, b, ps, i)) {
		case 't':
			return false;
		case 'n':
			if (c >= '0' && c <= '9')
				return false;
			break;
		case 'm':
			if (!starter_at(tl, b, pe, n))
				return false;
			break;
		default:
			break;
		}
	}
	*end = j;
	*next = n;
	return true;
}

/* The bytes split_paragraph stops at: a line break, sentence punctuation, and
 * the lead byte of an ellipsis (E2 80 A6); the rest is skipped in a tight loop. */
static const bool stop_byte[256] = {
	['\n'] = true, ['.'] = true, ['!'] = true, ['?'] = true, [0xE2] = true,
};

static void split_paragraph(const struct pl_textlists *tl, const char *b, size_t ps, size_t pe,
			    struct ranges *r)
{
	size_t start = ps, i = ps;
	while (i < pe) {
		while (i < pe && !stop_byte[(unsigned char)b[i]])
			i++;
		if (i == pe)
			break;
		unsigned char c = (unsigned char)b[i];
		if (c == '\n') {
			/* A line break kept inside a paragraph (a list item, a <br>) ends
			 * the sentence: ingest joins the lines of running text. */
			size_t s = start, e = i;
			pl_text_trim(b, &s, &e);
			push(r, s, e);
			start = ++i;
			continue;
		}
		if (c == '.' || c == '!' || c == '?' || (c == 0xE2 && i + 2 < pe && b[i + 1] == '\x80' && b[i + 2] == '\xA6')) {
			size_t end, next;
			if (boundary(tl, b, start, pe, i, &end, &next)) {
				size_t s = start, e = end;
				pl_text_trim(b, &s, &e);
				push(r, s, e);
				start = i = next;
				continue;
			}
		}
		i++;
	}
	pl_text_trim(b, &start, &pe);
	push(r, start, pe);
}

long pl_sentences(const char *body, size_t len, struct pl_range **out)
{
	return pl_sentences_with(NULL, body, len, out);
}

long pl_sentences_with(const struct pl_textlists *tl, const char *body, size_t len,
		       struct pl_range **out)
{
	if (!tl)
		tl = pl_textlists_default();
	if (!tl) {
		*out = NULL;
		return -1; /* without its abbreviations the splitter would cut "Mr." */
	}
	struct pl_range *paras = NULL;
	long np = pl_paragraphs(body, len, &paras);
	if (np < 0) {
		*out = NULL;
		return -1;
	}
	struct ranges r = {0};
	for (long p = 0; p < np; p++)
		split_paragraph(tl, body, paras[p].start, paras[p].end, &r);
	free(paras);
	return finish(&r, out);
}

long pl_range_find(const struct pl_range *v, size_t n, size_t at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* first range ending after `at` */
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].end <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].start <= at ? (long)lo : -1;
}
