/* rules.h - the rule engine: plain-text rule files compiled to PCRE2 patterns.
 *
 * Every extraction stage (boilerplate, time, later actors, places, events,
 * topics) is driven by rules of its `kind`, loaded at run time from rules/ and
 * from user directories (--rules DIR, PARLEY_RULES).  The syntax is in
 * docs/RULES.md.  In short:
 *
 *   list MONTH                    # word list; entries may carry a value
 *     January = 1
 *     Jan     = 1
 *   end
 *   define DAY = (?:0?[1-9]|[12]\d|3[01])    # macro: a named pattern piece
 *
 *   rule time.date.mdy
 *     kind     timex
 *     type     DATE
 *     priority 50
 *     match    \b(?<month>%MONTH)\.?\s+(?<day>%DAY),\s+(?<year>\d{4})\b
 *     value    {year}-{month:MONTH:02}-{day:02}
 *     example  "met on Dec. 14, 2025 in Berlin" -> "Dec. 14, 2025" = 2025-12-14
 *   end
 *
 * `%NAME` in a pattern expands a list (alternation, longest entry first,
 * case-insensitive) or a macro.  Other directives are stored as attributes the
 * consuming stage interprets (type, value, mod, scope, ...).  `veto` rules
 * (kind-specific `not` lines or rules with `veto yes`) cancel overlapping
 * matches.  A user rule with the same id replaces the shipped one.
 */
#ifndef PARLEY_RULES_H
#define PARLEY_RULES_H

#include "parley/util.h"

struct pl_ruleset; /* opaque: every loaded file, list, macro and compiled rule */
struct pl_rule;    /* opaque: one rule */

/* Load rules/ (`shipped`, may be NULL) then each of `user_dirs` in order; a
 * user rule with an id already loaded replaces it.  All problems in all files
 * are added to `d` as file:offset diagnostics (the sources are registered so
 * line:col and carets print).  Returns the set even when some rules failed to
 * compile (those are left out), or NULL when nothing could be read.  Caller
 * destroys. */
struct pl_ruleset *pl_rules_load(const char *shipped, const char *const *user_dirs,
				 size_t nuser, struct pl_diags *d);
/* Same, from one in-memory file (tests, `rules check FILE`); `file` and `text`
 * are copied, so both may go once this returns. */
struct pl_ruleset *pl_rules_load_text(const char *file, const char *text, size_t len,
				      struct pl_diags *d);
/* Like pl_rules_load, but only the files whose names start with one of
 * `prefixes` ({"common", "time"} loads common*.rules and time*.rules). */
struct pl_ruleset *pl_rules_load_prefixed(const char *shipped, const char *const *user_dirs,
					  size_t nuser, const char *const *prefixes,
					  size_t nprefixes, struct pl_diags *d);
/* Load rules/ (`shipped`, may be NULL), then `paths` as one user layer on top:
 * each a *.rules file or a directory of them (`parley rules check FILE...`). */
struct pl_ruleset *pl_rules_load_paths(const char *shipped, const char *const *paths,
				       size_t npaths, struct pl_diags *d);
/* Number of rules that compiled and are live (replaced ones not counted). */
size_t pl_rules_count(const struct pl_ruleset *rs);
/* The i-th kind that has live rules ("boilerplate", "timex", ...), in first-
 * loaded order; NULL when i is past the last.  Owned by the set. */
const char *pl_rules_kind_at(const struct pl_ruleset *rs, size_t i);
void pl_rules_destroy(struct pl_ruleset *rs); /* NULL ok */

/* The rules of one kind ("boilerplate", "timex", ...), in priority order
 * (highest first, then file order).  The array is owned by the set. */
size_t pl_rules_of_kind(const struct pl_ruleset *rs, const char *kind,
			const struct pl_rule *const **out);

/* The strings returned for a rule (id, attributes, file) are owned by its set
 * and live as long as it does. */
const char *pl_rule_id(const struct pl_rule *r);
int pl_rule_priority(const struct pl_rule *r);
bool pl_rule_is_veto(const struct pl_rule *r);
/* An attribute's raw text ("type", "value", "mod", "scope"...), NULL if absent. */
const char *pl_rule_attr(const struct pl_rule *r, const char *name);
/* Where the rule was defined, for messages: file and byte offset of its `rule` line. */
const char *pl_rule_file(const struct pl_rule *r);
size_t pl_rule_offset(const struct pl_rule *r);

/* Look up `word` (case-insensitive, whitespace-folded) in list `list`; returns
 * the entry's value ("1" for Jan in MONTH), the word itself for an entry
 * without value (either owned by the set), or NULL when the list or the word
 * is unknown. */
const char *pl_rules_list_lookup(const struct pl_ruleset *rs, const char *list,
				 const char *word, size_t n);

/* The integer a rule attribute or list value holds: s is an optional sign
 * and 1-18 decimal digits, nothing else, within [min, max].  False (*out
 * untouched) for anything else, so a stage can report "= first" where a
 * number belongs instead of reading it as 0. */
bool pl_rules_int(const char *s, long min, long max, long *out);
/* Check that every entry of list `list` has an integer value in [min, max]
 * (pl_rules_int): each one that does not (or has no value) is a warning at
 * its file:line:col in `d`, naming `what` the value is for.  Returns how
 * many were bad; 0 when the list is unknown. */
size_t pl_rules_list_check_int(const struct pl_ruleset *rs, const char *list, long min,
			       long max, const char *what, struct pl_diags *d);
/* Add `msg` (copied) to `d` with severity `sev` at the value of rule r's
 * attribute `name` in its file (line:col and caret), or at the rule's own
 * line when it has no such attribute. */
void pl_rule_attr_diag(const struct pl_ruleset *rs, const struct pl_rule *r, const char *name,
		       enum pl_severity sev, const char *msg, struct pl_diags *d);

/* ---- Matching ---------------------------------------------------------- */

#define PL_MAX_CAPTURES 16

struct pl_capture {
	const char *name; /* owned by the rule */
	size_t start, end; /* byte offsets into the subject; start == end == SIZE_MAX if unset */
};

struct pl_match {
	const struct pl_rule *rule;
	size_t start, end; /* byte offsets into the subject, end exclusive */
	struct pl_capture cap[PL_MAX_CAPTURES];
	int ncap;
};

/* Scratch state for matching (PCRE2 match data, match context with limits,
 * JIT stack).  One per thread.  Borrows `rs`, which must outlive it; NULL on
 * OOM; caller destroys. */
struct pl_matcher;
struct pl_matcher *pl_matcher_create(const struct pl_ruleset *rs);
void pl_matcher_destroy(struct pl_matcher *m); /* NULL ok */
/* Override the PCRE2 match limit and depth limit (defaults: 1,000,000 and 10,000). */
void pl_matcher_set_limits(struct pl_matcher *m, uint32_t match_limit, uint32_t depth_limit);
/* From now on pl_match_all does not run the rules (other than vetoes) of a
 * priority below `priority`: their matches are neither returned nor compete
 * with others.  INT_MIN (the default) runs every rule.  For a caller that only
 * uses matches of higher priority (the boilerplate stage: a context rule that
 * cannot apply to this text). */
void pl_matcher_set_min_priority(struct pl_matcher *m, int priority);

/* Declare text[0..len) valid UTF-8 (the caller checked it once, e.g. for a
 * whole article): pl_match_all then skips its own check for subjects lying
 * inside it that begin and end on character boundaries.  NULL forgets it.
 * The text is borrowed: it must stay alive and unchanged while declared. */
void pl_matcher_trust_utf8(struct pl_matcher *m, const char *text, size_t len);

/* Find every match of the rules of `kind` in subject[0..len), resolve overlaps
 * (a veto cancels what it overlaps; otherwise higher priority, then longer,
 * then earlier wins), and return them sorted by start.  *out is malloc'd
 * (caller frees).  A rule that hits the match or depth limit is reported in `d`
 * by id (a warning) and skipped; the rest go on.  Returns the count, -1 on OOM. */
long pl_match_all(struct pl_matcher *m, const char *kind, const char *subject, size_t len,
		  struct pl_match **out, struct pl_diags *d);

/* Expand a rule's value template (e.g. "{year}-{month:MONTH:02}-{day:02}") for
 * one match of `subject` (borrowed, the text the match was made in), appending
 * to `out`.  Supported: {cap}, {cap:LIST} (list lookup),
 * {cap:02} (zero pad, width 1-99), {cap:num} (number words/digits -> integer), and
 * combinations {cap:LIST:02}.  Returns false (and leaves a reason in `out`)
 * when a capture is missing or a lookup fails. */
bool pl_rule_expand(const struct pl_ruleset *rs, const struct pl_match *mt, const char *tmpl,
		    const char *subject, struct pl_buf *out);

/* Run every `example` line of every rule (of every kind, or of `kind` when not
 * NULL).  Failures are diagnostics at the example's position ("expected ...,
 * got ...").  `value_fn` lets a stage compute the value an example expects
 * (the time stage normalizes); NULL compares expanded `value` templates.
 * Returns the number of examples run; *nfailed gets the failures. */
typedef bool (*pl_example_value_fn)(const struct pl_ruleset *rs, const struct pl_match *mt,
				    const char *subject, size_t len, struct pl_buf *value, void *ud);
long pl_rules_test(const struct pl_ruleset *rs, const char *kind, pl_example_value_fn value_fn,
		   void *ud, long *nfailed, struct pl_diags *d);
/* While pl_rules_test runs an example written `example @CTX "text" -> ...`,
 * the CTX text (e.g. "2025-12-15" or "2025-12-15T10:00", owned by the set);
 * NULL when the example has none or no example is running.  For value_fn. */
const char *pl_rules_example_context(const struct pl_ruleset *rs);

#endif
