/* textutil.h - private to the text readers (plaintext.c, textdate.c,
 * sentences.c): fields of compiled word-list entries and blank trimming. */
#ifndef PARLEY_INGEST_TEXTUTIL_H
#define PARLEY_INGEST_TEXTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

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
