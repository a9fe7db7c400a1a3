/* extract_int.h - types and helpers shared inside src/extract (private).
 *
 * A unit is one sentence (or caption) under extraction; its names become
 * mentions, written as placeholder words in two layers of text (see
 * extract.c).  Ownership: a unit owns its mention, segment and region arrays
 * and its arena (strings of mentions); an article's `known` people are owned
 * by the unit struct that lives for the whole article.
 */
#ifndef PARLEY_EXTRACT_INT_H
#define PARLEY_EXTRACT_INT_H

#include "parley/events.h"
#include "parley/extract.h"
#include "parley/rules.h"
#include "parley/time.h"

/* Free everything one event owns and zero it (the event itself is not freed). */
void pl_event_clear(struct pl_event *e);

enum tag { T_PERSON, T_COUNTRY, T_ORG, T_GROUP, T_DEMONYM, T_PLACE };

struct pl_extractor {
	const struct pl_ruleset *rs;
	struct refdata *rd;
	struct pl_matcher *m;
	struct pl_tagger *tagger;
	int64_t *first_role; /* per actor: the day its first office began; INT64_MIN without any */
	/* per actor, its roles in file order: role_idx[role_start[a] .. role_start[a + 1]);
	 * best_role runs for every person of every event */
	size_t *role_start;
	int *role_idx;
	long *role_rank;   /* per role: its ROLE_RANK, 1000 when unranked or malformed */
	const char **short_name; /* per actor: list SHORT_NAME's value for its name, NULL */
	/* the event types of the `event` rules with their values in the
	 * per-type lists, looked up once (every event needs five of them);
	 * type_slot: open addressing over `types`, -1 empty, ntype_slots a power of two */
	struct type_info *types;
	size_t ntypes;
	int *type_slot;
	size_t ntype_slots;
};

/* An event type's entries in lists EVENT_PLOVER, EVENT_CAMEO, EVENT_DEADLINE,
 * EVENT_LABEL, EVENT_LABEL_NEGATED and EVENT_LABEL_CONTEXT (NULL: none);
 * strings owned by the rule set. */
struct type_info {
	const char *type;
	const char *plover, *cameo, *deadline, *label, *label_negated, *label_context;
};

/* One entity mention in a unit (sentence or caption).  Strings live in the
 * unit arena. */
struct mention {
	size_t os, oe; /* offsets in the unit text */
	enum tag tag;
	int actor;     /* reference actor, -1 */
	int place;     /* reference place, -1 */
	const char *name;    /* unknown person or named group, NULL */
	const char *country; /* code for unknown people, groups, role requests */
	const char *title;   /* title as the text gives it, lower-cased, NULL */
	const char *role;    /* role request ("president") resolved at the event date */
	const char *sector;
	bool pronoun;        /* "he" after a verb of saying: takes the sentence's subject */
};

struct seg {
	size_t ls, le; /* in the layer text */
	size_t os, oe; /* in the unit text */
	int men;
};

struct layer {
	struct pl_buf text;
	struct seg *v;
	size_t n, cap;
};

/* A nested stretch of a unit: quotes, relative clauses, dashes, parentheses,
 * "since ..." phrases. */
struct region {
	size_t s, e;
	bool quote;
	/* a phrase naming an earlier event ("since a round in Miami at the
	 * beginning of December"): its date and place are that event's, never
	 * the date or place of a trigger outside it */
	bool earlier;
};

/* Everything about one unit being processed. */
struct unit {
	const char *t; /* unit text */
	size_t len;
	size_t base;   /* offset of the unit in the body (0 for captions) */
	bool caption;
	struct mention *men;
	size_t nmen, mencap;
	struct layer l1, l2;
	struct region *reg;
	size_t nreg, regcap;
	struct pl_arena *ar;
	const struct pl_timex *tx; /* this unit's time expressions (offsets in the unit) */
	size_t ntx;
	bool has_dct;    /* the article's publication day, for names alone */
	int64_t dct_day;
	int prev_person; /* the subject person of the sentence before (for "He"), -1 */
	int prev_known;  /* or that subject as a person of `known` below, -1 */
	/* people the reference data does not know, named earlier in the article
	 * ("Uri Lubrani, Israel's top official..."): later "Lubrani" is them */
	struct known {
		char *surname, *name, *country, *title;
	} *known;
	size_t nknown, knowncap;
};

/* Participants named by another event of the article (a continuation of
 * talks takes the participants of the talks before it). */
struct label_names {
	char *names;  /* as extract_join_names gives them; owned by the holder */
	bool plural;
};

/* The participants of one talks or meeting mention, kept for a later
 * continuation of talks in the same article (owned by struct art). */
struct ctx_talks {
	struct pl_event_actor *actors;
	size_t n;
	struct label_names names;
};

/* The article being processed. */
struct art {
	const struct pl_article_view *a;
	bool has_dct;
	int64_t dct_day;
	struct pl_datetime dct;
	char *published; /* ISO */
	/* running reference: the last recent day-precise date seen in the body */
	bool has_ref;
	int64_t ref_day;
	/* the latest talks and the latest meeting with participants (body, then
	 * captions), for a continuation of talks without actors (`context talks`) */
	struct ctx_talks last_talks, last_meet;
	/* continuations that came before any talks with participants: indexes
	 * into the output list, given those of the next talks the article reports */
	size_t *waiting;
	size_t nwaiting, waitcap;
};

struct edate {
	int64_t day, end_day; /* end_day == day when a single day/unit */
	enum pl_precision prec;
	int hour, minute;
	const char *mod;
	bool ok;
};

/* The best time expression of the unit for a trigger at [ts, te): same region
 * first, then the enclosing main clause; nearest wins. */
struct date_opts {
	bool deadline_ok; /* the type can take a deadline */
	size_t window;    /* only expressions this close to the trigger, same clause */
	bool windowed;
	bool past_only;   /* skip dates after `dct_day` (a statement is reported after it is made) */
	bool has_dct;
	int64_t dct_day;
	bool noun;        /* the trigger is a noun naming an event: a date after it in
			   * its clause beats one before it outside its noun phrase */
};

/* ---- extract.c ---- */

/* Grow *v (elements of `size`) so that index n fits; false on OOM. */
bool extract_grow(void **v, size_t *cap, size_t n, size_t size);
/* A rule attribute, NULL when absent or empty. */
const char *extract_attr(const struct pl_rule *r, const char *name);
/* Value of `w` in rule list `list` (NULL `w` or unknown: NULL). */
const char *extract_lookup(const struct pl_extractor *x, const char *list, const char *w);
/* The same for w[0..n) (need not end in a NUL). */
const char *extract_lookup_n(const struct pl_extractor *x, const char *list, const char *w,
			     size_t n);
/* Innermost region (quote, relative clause, aside) holding offset p; -1 for the main clause. */
int extract_region_of(const struct unit *u, size_t p);
/* A clause break in u->t[a..b) (see extract.c). */
bool extract_crosses(const struct unit *u, size_t a, size_t b, bool quotes);

/* ---- dates.c ---- */

/* A TIMEX3 value usable as an event date (YYYY, YYYY-MM, YYYY-MM-DD[THH:MM],
 * part-of-day, YYYY-Www[-WE]) into *e; false for anything else. */
bool extract_parse_value(const char *v, struct edate *e);
/* The date of a DATE/TIME expression, range end and mod included. */
bool extract_timex_date(const struct pl_timex *tx, struct edate *e);
/* The best time expression of the unit for the trigger [ts, te). */
bool extract_sentence_date(const struct unit *u, size_t ts, size_t te, const struct date_opts *o,
			   struct edate *out);
/* ISO text of the start (or end) of a date at its precision; caller frees; NULL on OOM. */
char *extract_date_str(const struct edate *e, bool end);
/* A trigger at [ts, te) of the main clause that its sentence does not date,
 * next to a clause of the sentence that names a day before the running
 * reference `ref_day` and is tied to it by a sequence word: "X took the text
 * to Abu Dhabi; Y then spent five hours with Z on Dec. 2" (X's event: mod
 * BEFORE that day), "... on Dec. 2, after which Ushakov said" (mod AFTER).
 * The sentence narrates the past: that bound, not the reference (the story's
 * present), is what the text supports.  False when there is none. */
bool extract_sequence_date(const struct pl_extractor *x, const struct unit *u, size_t ts,
			   size_t te, int64_t ref_day, struct edate *out);

/* ---- label.c ---- */

/* Expand a label template for event e (actors' mentions amen, their
 * reference actors aact, the trigger's words); caller frees; never NULL
 * unless OOM (falls back to the type). */
char *extract_make_label(const struct pl_extractor *x, const struct pl_event *e,
			 const struct unit *u, const int *amen, const int *aact,
			 const struct pl_span *trigger, const char *tmpl);
/* Names of the actors of e with role `role` (NULL: all) as labels show them
 * ("Zelensky, Witkoff and Kushner") appended to b; *plural tells the verb form. */
void extract_join_names(const struct pl_extractor *x, const struct pl_event *e,
			const struct unit *u, const int *amen, const int *aact, const char *role,
			struct pl_buf *b, bool *plural);
/* A label whose {participants} and {all} are `given` (no source or target);
 * caller frees; NULL only on OOM. */
char *extract_make_label_given(const struct pl_extractor *x, const struct pl_event *e,
			       const struct label_names *given, const char *tmpl);

#endif
