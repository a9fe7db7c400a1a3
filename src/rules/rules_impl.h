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
	size_t off;  /* file offset of the entry (for messages) */
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
	bool bad;  /* unknown name or cycle inside (reported once, at the macro) */
	/* Compiled on its own it fails, but it may be fine where it is used (a
	 * \k<name> of the rule's capture): the error is kept and reported at the
	 * macro when a rule using it fails inside it, or when no rule uses it. */
	bool suspect, used;
	char *err;
	size_t err_off, err_len;
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

/* Prefilter for one rule (prefilter.c, match.c): a byte every match contains,
 * and literal strings (ids into the set's literal table) one of which every
 * match contains; nlit == 0 means no literal filter. */
struct prefilter {
	uint8_t need_byte[2]; /* either case when caseless */
	bool has_need;
	uint32_t *lit;
	size_t nlit;
	/* Literals every match starts with (after zero-width items): then the
	 * rule is tried only where one occurs, with `acode` (compiled anchored). */
	uint32_t *first;
	size_t nfirst;
	size_t startset; /* index into the set's start sets (rules sharing `first` share it) */
	bool wordstart;  /* the pattern begins with \b: only word starts are candidates */
	uint32_t id;     /* index among the set's prefilters with `lit` (rlits.users) */
	/* Per top-level alternative (a rule's `match` line): literal sets that
	 * must all occur for it to match (indices into the set's `reqs`): line k
	 * has lreq[lat[k] .. lat[k + 1]).  A text passes when some line has all
	 * of its sets present; nline == 0: no such check.  Arena-owned. */
	uint32_t *lreq, *lat;
	size_t nline;
};

/* One required literal set of a line (prefilter.c): ids of its literals
 * (arena) and its number among the marked sets (rlits.users, like a
 * prefilter's `id`). */
struct rreq {
	uint32_t *lit;
	size_t nlit;
	uint32_t id;
};

/* A distinct set of first literals; the matcher merges their positions once
 * per text and every rule with this set reuses the list. */
struct rstartset {
	const uint32_t *ids;
	size_t n;
	/* a large set (more than STARTSET_LARGE ids): one bit per literal id,
	 * set for its members, so the matcher looks up the few literals a text
	 * has instead of walking the set; NULL for a small one */
	uint64_t *member;
};
#define STARTSET_LARGE 32

/* All rules' required literals in one Aho-Corasick automaton over byte
 * classes (ASCII letters case-folded). */
struct rcell {
	uint32_t id, next; /* output chain: literal id, next cell (0 ends) */
};
/* A state's outputs, kept at the end of its row of rlits.next (RS_* words):
 * outid[out .. out + nout) and want[want .. want + nwant), nout and nwant
 * packed in RS_N (nout | nwant << 16).  key: its longest literal, which
 * every other one is a suffix of, so every state where key ends has all of
 * them as outputs: key present means all are (the scan then skips them). */
enum { RS_OUT, RS_WANT, RS_KEY, RS_N, RS_WORDS };
/* An output that records positions: its length in scanned characters,
 * whether \b must be checked before it (WANT_WORD and a word character
 * first), and whether a ' ' comes before its last character (its start is
 * then found by walking back over the runs of white space those stand for). */
struct rwant {
	uint32_t id;
	uint8_t len;
	bool word, inner;
};
struct rlits {
	char **s; /* interned literal strings (arena), ASCII lower case */
	uint32_t *len; /* their lengths (after building) */
	size_t n, cap;
	uint32_t *hash; /* interning: open addressing, id + 1 per slot (0 empty) */
	size_t hcap;    /* slots, a power of two */
	uint8_t cls[256];
	uint32_t ncls;
	uint32_t *delta;    /* nstates * ncls transitions (state numbers) */
	uint32_t *fail;
	uint32_t *outfirst; /* per state: first output cell, 0 none (building only) */
	struct rcell *outcell;
	size_t nstates;
	/* The scan's classes: cls, but ASCII white space is ' ' and each byte
	 * that may start a multi-byte space has a class of its own (its column
	 * in `next` is flagged NEXT_MAYBE). */
	uint16_t scls[256];
	uint32_t nscls;
	/* The DFA for scanning: per state a row of nscls transitions, then the
	 * state's outputs (RS_WORDS).  A transition is the target's row offset,
	 * NEXT_OUT set when the target has outputs, NEXT_MAYBE when the byte may
	 * start a multi-byte space (read then as ' ', or else as itself): both
	 * rare, so the scan tests one compare per byte.  A state reached by ' '
	 * stays there without outputs on more white space, which is how a run of
	 * it reads as one ' '. */
	uint32_t *next;
	/* The outputs for the scan, per state in the order of its output chain:
	 * every literal ending there (outid) and those of them that want
	 * positions (want). */
	uint32_t *outid;
	struct rwant *want;
	/* per id: record occurrence positions (a rule or a `not` line starts with
	 * it): WANT_ALL everywhere, WANT_WORD only where \b can hold before it
	 * (every pattern starting with it begins with \b), 0 never */
	uint8_t *wantpos;
	/* per id: the prefilters whose `lit` holds it (CSR: users[usersat[id] ..
	 * usersat[id + 1]]), so a text marks the rules it passes in one sweep
	 * over the literals it contains; npf prefilters have a `lit` */
	uint32_t *usersat, *users;
	uint32_t npf;
};
enum { WANT_ALL = 1, WANT_WORD = 2 };

/* Start positions of one literal in the current text (matcher scratch). */
struct rposv {
	size_t *v;
	size_t n, cap;
};

/* What the scan of one text found (matcher scratch, reset per text through
 * `touched`, so a call costs nothing per literal it does not meet). */
struct rfound {
	/* per literal id: == pgen when it occurs in the text (a stamp, so a new
	 * text costs nothing; cleared when pgen wraps) */
	uint8_t *present;
	uint8_t pgen;
	struct rposv *pos;  /* per literal id: where it starts (wanted literals only) */
	uint32_t *touched;  /* ids present, in the order first met */
	size_t ntouched;
	uint32_t *posids;   /* ids with positions (pos[id].n > 0), in no order */
	size_t nposids;
	/* per prefilter id (rlits.npf): == gen when one of its literals occurs */
	uint32_t *pfseen;
	uint32_t gen;
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
	pcre2_code *acode;     /* the same, PCRE2_ANCHORED (when pf.nfirst) */
	bool jit, ajit;        /* code / acode JIT-compiled: run with pcre2_jit_match */
	pcre2_code **notcode;  /* one per `not` line */
	/* per `not` line: its prefilter (required and first literals) and the
	 * anchored form (when notpf[k].nfirst), JIT flags bit 0 code, bit 1 acode */
	struct prefilter *notpf;
	pcre2_code **notacode;
	uint8_t *notjit;
	/* Loading compiles `code` and `notcode` only (errors, captures and the
	 * prefilter need them).  The forms a match runs -- JIT code, the anchored
	 * `acode`/`notacode` compiled from the expanded patterns kept here -- are
	 * made the first time the rule runs (rules_prepare), so a process pays
	 * only for the rules its texts reach.  `ready` (RULE_READY_*) says which
	 * are made; written under a lock, so matchers of several threads may
	 * share the set. */
	const char *apat;      /* expanded pattern (arena), for acode; NULL unless pf.nfirst */
	size_t apatlen;
	const char **notapat;  /* per `not` line, likewise */
	size_t *notapatlen;
	_Atomic unsigned char ready;
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
	size_t nveto; /* how many of them are vetoes */
	/* the same rules as the matcher runs them: the others (in the order of
	 * `rules`), then the nveto vetoes */
	struct pl_rule **run;
};

struct pl_ruleset {
	struct pl_arena *arena;
	struct rfile *files;
	size_t nfiles, filescap;
	struct rlist *lists;
	size_t nlists, listscap;
	/* live lists by name once duplicates are resolved (open addressing,
	 * list index + 1 per slot, 0 empty); NULL before: rules_find_list scans */
	uint32_t *listhash;
	size_t listhcap; /* slots, a power of two */
	struct rmacro *macros;
	size_t nmacros, macroscap;
	struct pl_rule *rules;
	size_t nrules, rulescap;
	char **attrnames; /* declared with `attribute` */
	size_t nattrnames, attrnamescap;
	struct kindidx *kinds;
	size_t nkinds;
	uint32_t maxgroups;
	struct rlits lits;
	struct rstartset *starts;
	size_t nstarts;
	struct rreq *reqs; /* every line's required sets (prefilter.lreq) */
	size_t nreqs, reqscap;
	const char *example_ctx; /* set while pl_rules_test runs one example */
};

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

/* Make the forms of rule r that a match is about to run (see struct
 * pl_rule): RULE_READY_PLAIN, `code` and every `notcode` JIT-compiled;
 * RULE_READY_ANCHORED, the forms the prefilter runs (the anchored ones where
 * there are first literals, else the plain ones).  The set is borrowed const
 * by matchers, but these forms are a cache of the rule: made once (compile.c). */
enum { RULE_READY_PLAIN = 1, RULE_READY_ANCHORED = 2 };
void rules_prepare(const struct pl_rule *r, unsigned what);

/* Scan every match of one rule over the subject (match.c); used by the
 * example runner for veto rules.  Same ownership as pl_match_all. */
long rules_scan_rule(struct pl_matcher *m, const struct pl_rule *r, const char *subject,
		     size_t len, struct pl_match **out, struct pl_diags *d);

/* Check a value template against a rule at load time: captures exist, lists
 * exist, functions known.  Adds errors at `off` in the rule's file (value.c). */
void rules_check_template(struct pl_ruleset *rs, const struct pl_rule *r, const char *tmpl,
			  size_t off, struct pl_diags *d);

/* Literal prefilter (prefilter.c): extract a rule's required literals from
 * its expanded pattern; build the automaton once all rules are in; scan a
 * text marking present[id] for the literals it contains; free. */
void rules_literals_extract(struct pl_ruleset *rs, struct prefilter *pf, const char *pat, size_t n);
bool rules_literals_build(struct pl_ruleset *rs);
bool rules_literals_scan(const struct pl_ruleset *rs, const char *s, size_t n, struct rfound *f);
void rules_literals_free(struct pl_ruleset *rs);
/* Length of the white-space character at s (what \s matches under UCP:
 * ASCII white space, U+0085, U+00A0, U+1680, U+180E, U+2000..U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000), 0 when s does not start with one.  The
 * literal scan reads each run of them as one ' '; tests/rules/test_prefilter.c
 * checks the list against PCRE2. */
size_t rules_space_len(const unsigned char *s, size_t n);

/* The first UTF-8 bytes of every non-ASCII character \d matches under
 * PCRE2_UCP (Unicode Nd: Arabic-Indic U+0660 = D9, Devanagari U+0966 = E0,
 * fullwidth U+FF10 = EF, ...).  tests/rules/test_prefilter.c checks the list
 * against PCRE2's own tables, so a Unicode update cannot silently break it. */
#define RULES_ND_LEAD 8
extern const unsigned char rules_nd_lead[RULES_ND_LEAD];

/* Turn the literal prefilter of a matcher on (default) or off: for the
 * benchmark, which checks both give the same matches (match.c). */
void rules_matcher_prefilter(struct pl_matcher *m, bool on);

/* Register the file's source with d and return its path (for positioned diagnostics). */
const char *rules_diag_file(const struct pl_ruleset *rs, size_t file, struct pl_diags *d);

#endif
