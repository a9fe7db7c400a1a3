/* time.h - the temporal tagger: find time expressions and normalize them to TimeML TIMEX3.
 *
 * Two passes, as HeidelTime does.  Pass 1 runs the `timex` rules of
 * rules/time*.rules over the text; each rule's `value` template expands to an
 * *underspecified* value in the notation of docs/TIME.md ("day-1",
 * "XXXX-WXX-1", "<XXXX-WXX-5", "XXXX-12-25", "ref:year-1", "P5H"...).  Pass 2
 * (the resolver) grounds it against the document creation time (DCT), the
 * sentence's tense (found by the `tense` rules; news default: past) and the
 * running reference time (the last DATE mentioned), using calendar arithmetic
 * on day numbers only: never the local clock or time zone.
 *
 * Without a DCT, relative expressions stay underspecified (their value is the
 * notation, `anchor` is PL_ANCHOR_UNRESOLVED) and are never resolved against today.
 */
#ifndef PARLEY_TIME_H
#define PARLEY_TIME_H

#include "parley/ingest.h"
#include "parley/rules.h"
#include "parley/util.h"

enum pl_timex_type { PL_TIMEX_DATE, PL_TIMEX_TIME, PL_TIMEX_DURATION, PL_TIMEX_SET };

/* How a value was obtained. */
enum pl_timex_anchor {
	PL_ANCHOR_NONE = 0,   /* explicit in the text ("Dec. 14, 2025", "five hours") */
	PL_ANCHOR_DCT,        /* computed from the document creation time ("yesterday") */
	PL_ANCHOR_REF,        /* computed from the running reference time ("a year earlier") */
	PL_ANCHOR_UNRESOLVED, /* relative, but no DCT was given: value is the notation */
};

/* One time expression.  Strings are owned by the list (struct pl_timexes). */
struct pl_timex {
	size_t start, end;     /* UTF-8 byte offsets into the tagged text, end exclusive */
	enum pl_timex_type type;
	enum pl_timex_anchor anchor;
	char *value;           /* TIMEX3 value ("2025-12-14", "P5H" is written "PT5H") */
	char *mod;             /* TIMEX3 mod ("BEFORE", "START", "APPROX"...), NULL if none */
	char *range_end;       /* value of the end of a range ("Dec. 14-15"), NULL if none */
	char *raw;             /* the underspecified value the rule emitted (pass 1) */
	char *rule_id;         /* id of the rule that matched */
};

/* A growable list of time expressions; zero-initialize, free with pl_timexes_free. */
struct pl_timexes {
	struct pl_timex *v;
	size_t n, cap;
};
void pl_timexes_free(struct pl_timexes *x); /* frees every member and the array; keeps x reusable; NULL ok */

/* Static strings. */
const char *pl_timex_type_name(enum pl_timex_type t);     /* "DATE", "TIME", ... */
const char *pl_timex_anchor_name(enum pl_timex_anchor a); /* "none", "dct", "ref", "unresolved" */

/* A tagger: borrows the rule set (which must outlive it) and owns the
 * matcher scratch.  One per thread.  NULL on OOM. */
struct pl_tagger;
struct pl_tagger *pl_tagger_create(const struct pl_ruleset *rs);
void pl_tagger_destroy(struct pl_tagger *t); /* NULL ok */

/* Tag plain text[0..len) (valid UTF-8; borrowed for the call).  `dct` may be NULL or have prec
 * PL_PREC_NONE: then relative expressions stay unresolved.  Sentences (for
 * tense) are found by a simple punctuation scan.  Appends to *out (caller
 * frees with pl_timexes_free).  Returns the number appended, -1 on OOM.
 * Rule run-time problems (match limits) become warnings in `d`. */
long pl_timex_tag(struct pl_tagger *t, const char *text, size_t len,
		  const struct pl_datetime *dct, struct pl_timexes *out, struct pl_diags *d);

/* Same for an article body whose sentences are known (pl_sentences ranges,
 * sorted, may be NULL/0 to scan).  Ingest calls this to fill the `timexes`
 * table. */
long pl_timex_tag_article(struct pl_tagger *t, const char *body, size_t len,
			  const struct pl_range *sents, size_t nsents,
			  const struct pl_datetime *dct, struct pl_timexes *out,
			  struct pl_diags *d);

/* A pl_example_value_fn for pl_rules_test (`ud` is a struct pl_tagger *):
 * the value of one example match as the tagger computes it, grounded against
 * the example's @DCT when it has one, followed by " mod MOD" when a mod applies. */
bool pl_timex_example_value(const struct pl_ruleset *rs, const struct pl_match *mt,
			    const char *subject, size_t len, struct pl_buf *value, void *ud);

/* ---- Pass 2 on its own (unit tests, `rules test`) ------------------------ */

/* What the resolver knows when it grounds one value. */
struct pl_timex_ctx {
	bool has_dct;
	int dct_year, dct_month, dct_day;
	bool dct_has_time;
	int dct_hour, dct_minute;
	int tense; /* -1 past, +1 future, 0 unknown (treated as past: news) */
	/* running reference time: the last resolved DATE; internal representation,
	 * set up by pl_timex_ctx_init and moved by pl_timex_resolve */
	int ref_gran, ref_year, ref_month, ref_day, ref_sub;
	/* the last month, season, quarter or half mentioned (at first the DCT's
	 * year): the coarse reference of "refc:" values */
	int refc_gran, refc_year, refc_month, refc_sub;
	/* the last day mentioned (at first the DCT): "ref:" day units when the
	 * reference is coarser than a day ("noon" after "in 1990") */
	int refd_year, refd_month, refd_day;
};
/* Initialise from a DCT (NULL or prec NONE: no DCT); the reference starts at the DCT. */
void pl_timex_ctx_init(struct pl_timex_ctx *c, const struct pl_datetime *dct);

/* Ground the underspecified `raw` value (NUL-terminated, borrowed).  Writes the TIMEX3
 * value to `out` (reset first) and sets *anchor.  When `move_ref` is true and
 * the result is a DATE-like point, the context's reference time moves to it.
 * Returns false when `raw` is malformed or names an impossible date
 * ("2025-02-30"): the expression should be dropped. */
bool pl_timex_resolve(struct pl_timex_ctx *c, const char *raw, bool move_ref,
		      struct pl_buf *out, enum pl_timex_anchor *anchor);

/* Parse "YYYY-MM-DD[THH:MM[:SS]]" (or YYYY-MM / YYYY) into *dt.  Used for
 * --dct and the TimeML DCT.  Returns false when malformed. */
bool pl_timex_parse_dct(const char *s, struct pl_datetime *dt);

/* ---- TimeML (evaluation) ------------------------------------------------- */

/* One gold TIMEX3 of a TimeML document, located in the plain text of <TEXT>. */
struct pl_timeml_timex {
	size_t start, end; /* byte offsets into pl_timeml_doc.text */
	char *type, *value, *mod; /* mod NULL if absent */
};

/* A TimeML document reduced to what scoring needs.  Everything owned by the doc. */
struct pl_timeml_doc {
	char *text;             /* the character data of <TEXT>, tags stripped */
	size_t len;
	char *dct;              /* value of the CREATION_TIME TIMEX3, NULL if absent */
	struct pl_timeml_timex *gold;
	size_t ngold;
};

/* Read a .tml file with libxml2 (safe options, no entity expansion).  Returns
 * 0, or -1 after a diagnostic naming `path`.  Free with pl_timeml_doc_free. */
int pl_timeml_read(const char *path, struct pl_timeml_doc *doc, struct pl_diags *d);
void pl_timeml_doc_free(struct pl_timeml_doc *doc); /* frees the members, not doc; NULL ok */

/* Write a TimeML document (the form pl_timeml_read reads) in three steps so a
 * long text can be written piece by piece: _begin (the XML declaration,
 * <TimeML>, the <DCT> when `dct` is not NULL, <TEXT>), _text once per piece,
 * _end.  _text writes text[0..len) (valid UTF-8, borrowed) with the n
 * expressions v (sorted, offsets into text) as inline TIMEX3 elements
 * numbered t<tid0>, t<tid0+1>...  Characters XML 1.0 forbids (C0 controls
 * but tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD and CR is written &#13;,
 * so the output is well-formed whatever the text holds.  Appends to `out`
 * (caller owns; out->oom on failure). */
void pl_timeml_write_begin(struct pl_buf *out, const char *dct);
void pl_timeml_write_text(const char *text, size_t len, const struct pl_timex *v, size_t n,
			  size_t tid0, struct pl_buf *out);
void pl_timeml_write_end(struct pl_buf *out);

#endif
