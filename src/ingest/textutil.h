/* textutil.h - private to the text readers (plaintext.c, textdate.c,
 * sentences.c): their word lists (textlists.c), fields of list entries and
 * blank trimming. */
#ifndef PARLEY_INGEST_TEXTUTIL_H
#define PARLEY_INGEST_TEXTUTIL_H

#include "parley/ingest.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* The lists of rules/text/, one file each (NAME.list). */
enum pl_textlist_id {
	PL_TL_ABBREVIATIONS,     /* "Mr.<TAB>title": sentences.c */
	PL_TL_SENTENCE_STARTERS, /* "The": sentences.c */
	PL_TL_MONTHS,            /* "Dec<TAB>12": textdate.c */
	PL_TL_TEXTDATE,          /* "kind<TAB>phrase[<TAB>value]": textdate.c */
	PL_TL_STOPWORDS,         /* "en<TAB>the of and ...": plaintext.c */
	PL_TL_PLAINTEXT,         /* "kind<TAB>word": plaintext.c */
	PL_TL_COUNT
};

/* The lists a reader uses: opts->textlists, else pl_textlists_default().
 * NULL only when the default lists could not be read (then no word matches). */
const struct pl_textlists *pl_textlists_of(const struct pl_ingest_opts *opts);
/* The entries of one list, in file order (shipped, then each user dir), each
 * NUL-terminated without comment or surrounding blanks; owned by tl (NULL ok:
 * no entries). */
const char *const *pl_textlist(const struct pl_textlists *tl, enum pl_textlist_id id, size_t *n);
/* A textdate.list entry with its fields split once, at load. */
struct pl_tl_phrase {
	const char *phrase, *value; /* into the list text; value NULL when the entry has none */
	size_t plen, vlen;
};
/* The textdate.list entries of `kind` ("zone", "unit", ...), in list order
 * (shipped, then each user dir); owned by tl.  None (NULL, *n = 0) for a kind
 * textlists.c does not accept or a NULL tl.  The date finder asks at every
 * word of a byline, so the entries are grouped by kind at load. */
const struct pl_tl_phrase *pl_textlists_phrases(const struct pl_textlists *tl, const char *kind,
						size_t *n);
/* The plaintext.list entries of `kind` ("byline", "bullet") split at load,
 * in list order: phrase = the word, no value; owned by tl.  None (NULL,
 * *n = 0) for another kind or a NULL tl. */
const struct pl_tl_phrase *pl_textlists_plain(const struct pl_textlists *tl, const char *kind,
					      size_t *n);
/* months.list split at load: phrase = the month name, value = its number. */
const struct pl_tl_phrase *pl_textlists_months(const struct pl_textlists *tl, size_t *n);
/* A word of stopwords.list and the index (in pl_textlist(PL_TL_STOPWORDS)) of
 * the entry, one a language, that lists it. */
struct pl_tl_stopword {
	const char *w; /* into the list text, not NUL-terminated */
	size_t len;
	size_t lang;
};
/* The stopword entries equal to w[0..n) (case-sensitive; the lists are lower
 * case), one per language that lists the word, in language order; *count of
 * them, NULL when none.  A hash lookup into a table sorted at load. */
const struct pl_tl_stopword *pl_textlists_stopword(const struct pl_textlists *tl, const char *w,
						   size_t n, size_t *count);
/* Class of abbreviation w[0..n) (its period included) in abbreviations.list:
 * 't' title, 'n' number, 'm' maybe; 0 when not listed.  A hash lookup. */
char pl_textlists_abbrev_class(const struct pl_textlists *tl, const char *w, size_t n);
/* Is w[0..n) in sentence_starters.list (case-sensitive)?  A hash lookup. */
bool pl_textlists_is_starter(const struct pl_textlists *tl, const char *w, size_t n);

/* Field k (0-based) of a word-list entry "kind<TAB>phrase<TAB>value" (the
 * lists in rules/text/); *len gets its length.  NULL when there are fewer fields. */
static inline const char *pl_list_field(const char *entry, int k, size_t *len)
{
	for (; k > 0; k--) {
		const char *t = strchr(entry, '\t');
		if (!t)
			return NULL;
		entry = t + strspn(t, "\t");
	}
	*len = strcspn(entry, "\t");
	return entry;
}

/* The optionally signed decimal that is all of v[0..n) ("12", "-300"), when it
 * lies in [lo, hi]; false otherwise.  The numeric fields of the lists are
 * checked with it at load (textlists.c), so the readers can rely on them. */
static inline bool pl_list_int(const char *v, size_t n, long lo, long hi, long *out)
{
	size_t i = v && n && (v[0] == '-' || v[0] == '+') ? 1 : 0;
	long x = 0;
	if (!v || i == n)
		return false;
	for (; i < n; i++) {
		if (v[i] < '0' || v[i] > '9' || x > 100000000)
			return false; /* the bound keeps x far from overflow */
		x = x * 10 + (v[i] - '0');
	}
	if (v[0] == '-')
		x = -x;
	if (x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static inline bool pl_text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Shrink [*s, *e) of t past whitespace on both sides: ASCII blanks, line
 * breaks and NBSP (U+00A0, which saved web pages leave at line ends). */
static inline void pl_text_trim(const char *t, size_t *s, size_t *e)
{
	for (;;) {
		if (*s < *e && pl_text_is_space(t[*s]))
			(*s)++;
		else if (*e - *s >= 2 && (unsigned char)t[*s] == 0xC2 && (unsigned char)t[*s + 1] == 0xA0)
			*s += 2;
		else
			break;
	}
	for (;;) {
		if (*e > *s && pl_text_is_space(t[*e - 1]))
			(*e)--;
		else if (*e - *s >= 2 && (unsigned char)t[*e - 2] == 0xC2 && (unsigned char)t[*e - 1] == 0xA0)
			*e -= 2;
		else
			break;
	}
}

#endif
