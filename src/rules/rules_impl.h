/* rules_impl.h - private to src/rules: the in-memory form of loaded rule files,
 * shared by the parser (load.c), the pattern compiler (compile.c), the matcher
 * (match.c), value templates (value.c) and the example runner (examples.c).
 *
 * Ownership: every string and array hangs off the struct pl_ruleset and is
 * freed by pl_rules_destroy; strings live in the set's arena, arrays are
 * realloc'd vectors freed one by one.
 */
#ifndef PARLEY_RULES_IMPL_H
#define PARLEY_RULES_IMPL_H

#include "parley/rules.h"

#include <pcre2.h>

/* One rule file as read; `text` stays alive so diagnostics raised later
 * (examples, compile errors) can register the source for carets. */
struct rfile {
	char *path;
	char *text;
	size_t len;
	int dir; /* 0 = shipped or the only one, 1.. = user dirs in order */
};

struct lentry {
	char *text;  /* as written (whitespace runs folded to one space) */
	char *key;   /* case-folded, for lookup */
	char *value; /* text after '=', or NULL */
};

struct rlist {
	char *name;
	struct lentry *e; /* sorted by key after loading */
	size_t n, cap;
	bool case_sensitive;
	size_t file, off; /* where it was defined */
	bool dead;        /* replaced by a later directory */
};

struct rmacro {
	char *name;
	char *body;
	size_t file, off, body_off; /* body_off: file offset of the body text */
	bool dead;
	bool bad;  /* its pattern does not compile (reported once, at the macro) */
	int state; /* expansion: 0 idle, 1 being expanded (cycle check) */
};

/* A pattern line (`match` or `not`) as written, with its file offset. */
struct rpat {
	char *src;
	size_t off;
};

struct rattr {
	char *name, *val;
	size_t off;
};

struct rexample {
	char *ctx;    /* after '@', or NULL */
	char *text;   /* subject */
	char *expect; /* expected matched text; NULL means `none` */
	char *value;  /* expected value; NULL means not checked */
	size_t off;   /* file offset of the example's text (for messages) */
};

/* Required-literal prefilter for one rule (see prefilter in match.c). */
struct prefilter {
	uint8_t need_byte[2]; /* a byte the subject must contain (both cases when caseless) */
	bool has_need;
	/* Literal words, at least one of which every match contains (ASCII lower
	 * case when the rule is caseless); nwords == 0 means "no filter". */
	char **words;
	size_t nwords;
	bool words_caseless;
};

struct pl_rule {
	char *id, *kind;
	const char *path; /* the file's path (owned by the set) */
	int prio;
	bool veto, case_sensitive;
	size_t file, off, order; /* order: position in load order, for ties */
	struct rpat *match, *nots;
	size_t nmatch, nnot;
	struct rattr *attr;
	size_t nattr;
	struct rexample *ex;
	size_t nex;
	bool dead;   /* replaced or failed to compile */
	bool broken; /* had an error: left out */

	pcre2_code *code;      /* all `match` lines as alternatives */
	pcre2_code **notcode;  /* one per `not` line */
	/* Named captures: unique names and, per name, the group numbers carrying it
	 * (several with DUPNAMES; the first set one wins). */
	const char *capname[PL_MAX_CAPTURES];
	uint16_t capgroups[PL_MAX_CAPTURES][4];
	uint8_t capngroups[PL_MAX_CAPTURES];
	int ncap;
	uint32_t ngroups; /* capture count, for match data sizing */
	struct prefilter pf;
};

struct kindidx {
	char *kind;
	struct pl_rule **rules; /* priority desc, then load order */
	size_t n;
};

struct pl_ruleset {
	struct pl_arena *arena;
	struct rfile *files;
	size_t nfiles, filescap;
	struct rlist *lists;
	size_t nlists, listscap;
	struct rmacro *macros;
	size_t nmacros, macroscap;
	struct pl_rule *rules;
	size_t nrules, rulescap;
	char **attrnames; /* declared with `attribute` */
	size_t nattrnames, attrnamescap;
	struct kindidx *kinds;
	size_t nkinds;
	uint32_t maxgroups;
	const char *example_ctx; /* set while pl_rules_test runs one example */
};

/* Grow a vector of `size`-byte items so one more fits; false on OOM. */
bool rules_grow(void *vecp, size_t *cap, size_t n, size_t size);

/* Parse one file's text into rs (load.c).  Errors go to d; returns false only on OOM. */
bool rules_parse(struct pl_ruleset *rs, size_t file, struct pl_diags *d);
/* Mark replaced entries dead and report duplicates within a directory (load.c). */
void rules_resolve_duplicates(struct pl_ruleset *rs, struct pl_diags *d);
/* Compile every live rule; broken ones are marked and left out (compile.c). */
void rules_compile_all(struct pl_ruleset *rs, struct pl_diags *d);
/* Fill r->pf from the compiled pattern (match.c). */
void rules_prefilter_build(struct pl_ruleset *rs, struct pl_rule *r);
/* Build the per-kind index (compile.c). */
bool rules_index_kinds(struct pl_ruleset *rs);

/* Live list / macro by name, or NULL. */
struct rlist *rules_find_list(const struct pl_ruleset *rs, const char *name, size_t n);
struct rmacro *rules_find_macro(const struct pl_ruleset *rs, const char *name, size_t n);
const struct kindidx *rules_kind(const struct pl_ruleset *rs, const char *kind);

/* Case-fold `s` (ASCII, Latin-1, Greek, Cyrillic upper case to lower case) and
 * fold whitespace runs to one space, trimming both ends, into `out`. */
void rules_fold(const char *s, size_t n, struct pl_buf *out);

/* Scan every match of one rule over the subject (match.c); used by the
 * example runner for veto rules.  Same ownership as pl_match_all. */
long rules_scan_rule(struct pl_matcher *m, const struct pl_rule *r, const char *subject,
		     size_t len, struct pl_match **out, struct pl_diags *d);

/* Check a value template against a rule at load time: captures exist, lists
 * exist, functions known.  Adds errors at `off` in the rule's file (value.c). */
void rules_check_template(struct pl_ruleset *rs, const struct pl_rule *r, const char *tmpl,
			  size_t off, struct pl_diags *d);

/* Register the file's source with d and return its path (for positioned diagnostics). */
const char *rules_diag_file(const struct pl_ruleset *rs, size_t file, struct pl_diags *d);

#endif
