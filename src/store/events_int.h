/* events_int.h - private pieces shared by the events files of src/store/ (events_*.c). */
#ifndef PARLEY_EVENTS_INT_H
#define PARLEY_EVENTS_INT_H

#include "parley/eventstore.h"
#include "store_int.h"

/* Migration steps 1 -> 2 ... 4 -> 5 (events_schema.c), listed in schema.c. */
extern const char store_events_schema_v2[];
extern const char store_events_schema_v3[];
extern const char store_events_schema_v4[];

/* ---- Actor names (events_names.c) ----------------------------------------- */

/* One name an actor is known by, lower-cased, with the canonical name it
 * stands for.  A key may appear several times (ambiguous family names). */
struct name_entry {
	char *key;     /* lower-cased alias, owned */
	char *canon;   /* canonical name, owned */
	char code[12]; /* ISO alpha-3 or organisation code; "" for people without one */
	bool collective;
};

struct name_table {
	struct name_entry *v;
	size_t n, cap;
};

/* Load people, countries and organisations from data_dir/actors. 0 or -1 (+diag). */
int names_load(struct name_table *t, const char *data_dir, struct pl_diags *d);
void names_free(struct name_table *t);
/* The entries whose key is `name` (case-insensitive): *first and the count. */
size_t names_find(const struct name_table *t, const char *name, const struct name_entry **first);
/* True when `name` is the canonical name of a country or organisation. */
bool names_collective(const struct name_table *t, const char *name);

/* ---- The merger --------------------------------------------------------- */

enum merge_stmt {
	MS_ART_MENTION_IDS,
	MS_DEL_ART_MACTORS,
	MS_DEL_ART_MTOPICS,
	MS_DEL_ARTICLE,
	MS_DEL_MENTION_LINK,
	MS_SENTENCES,
	MS_INS_MENTION,
	MS_INS_MACTOR,
	MS_INS_MTOPIC,
	MS_CAPTION_N,
	MS_INS_EXTRACT,
	MS_ART_MENTIONS,
	MS_ART_ACTORS,
	MS_CAND_ACTOR,
	MS_CAND_CKEY,
	MS_CAND_ACTOR_FAR,
	MS_CAND_CKEY_FAR,
	MS_CAND_ACTOR_FINE,
	MS_CAND_CKEY_FINE,
	MS_ANY_COARSE,
	MS_FOLD_WINDOW,
	MS_CAND_PLACE,
	MS_EVENT_KEYS,
	MS_EVENT_ACTORS,
	MS_EVENT_MSETS,
	MS_INS_EVENT,
	MS_ARTICLE_COPIES,
	MS_NEW_EACTOR,
	MS_PUT_EACTOR,
	MS_INS_ETOPIC,
	MS_INS_EMENTION,
	MS_UPD_KEYS,
	MS_UPD_AKEYS,
	MS_STALE,
	MS_MOVE_MENTIONS,
	MS_COPY_EACTORS,
	MS_DEL_EVENT_ACTORS,
	MS_DEL_EVENT_TOPICS,
	MS_DEL_EVENT_LINKS,
	MS_DEL_EVENT,
	MS_STALE_LOST,
	MS_UNSTALE,
	MS_DATA_VERSION,
	MS_CC_FINE,
	MS_CC_CFINE,
	MS_CC_COARSE,
	MS_CC_CCOARSE,
	MS_CC_PLACE,
	MS_FOLD_ROWS,
	MS_COUNT
};

/* One event's merge keys as MS_EVENT_KEYS reads them, cached by id: most
 * candidates of a mention are events other mentions looked at already.
 * Strings packed in s: place (when has_place), status group, family. */
struct ekey_slot {
	int64_t id;
	uint32_t gen; /* valid when the merger's gen */
	int64_t lo, hi; /* 0 when not dated, as SQLite reads NULL */
	int q;
	bool dated, has_place;
	unsigned char group_at, family_at; /* offsets into s */
	char s[84];
};
/* Slots of the keys cache (direct-mapped by id): a fixed size, so memory
 * does not grow with the corpus (8 MB). */
#define EKEY_SLOTS 65536

/* One event's actors as MS_EVENT_ACTORS lists them, cached by id (valid
 * when gen is the merger's): per actor a flags byte (1 country, 2 role,
 * 4 title, 8 collective) then name and the strings flagged, each ending in
 * a NUL.  Lists longer than EACTOR_BLOB are not cached: at most
 * EACTOR_SLOTS * EACTOR_BLOB bytes (16 MB).  As many slots as the keys
 * cache: with half as many, two events of a 10,000-article store shared a
 * slot and 66k of 376k candidate checks read the actors back from SQL (7k
 * now). */
struct eactor_slot {
	int64_t id;
	uint32_t gen;
	unsigned short na, len;
	char *blob; /* malloc'd, EACTOR_BLOB bytes, NULL until first used */
};
#define EACTOR_SLOTS 65536
#define EACTOR_BLOB 256

/* One event's reports (the actor lists of its mentions, with their place
 * countries) as MS_EVENT_MSETS reads them, for the bridging check; cached by
 * id (valid when gen is the merger's), records in mention id order
 * (mrec_put in events_merge.c), at most MSET_BLOB bytes: at most
 * MSET_SLOTS * MSET_BLOB bytes (32 MB), a few MB in practice. */
struct mset_slot {
	int64_t id;
	uint32_t gen, len, cap;
	char *blob; /* malloc'd, NULL until first used */
};
#define MSET_SLOTS 32768
#define MSET_BLOB 1024

struct pl_merger {
	const struct pl_ruleset *rs; /* borrowed; NULL: every type its own family */
	struct name_table names;
	sqlite3 *db;                 /* the connection the statements belong to */
	sqlite3_stmt *st[MS_COUNT];
	struct pl_arena *scratch;    /* per-article keys, cleared after each article */
	/* the mentions of the article being merged that joined an event so
	 * far (its same-article candidates), in the order (start, id) */
	struct placed {
		int64_t start, mention, event;
		const char *family; /* scratch arena */
		bool stale;         /* its event is marked for refresh */
	} *placed;
	size_t nplaced, placed_cap;
	/* events marked for refresh, not yet in events_stale (merge_flush) */
	int64_t *stale;
	size_t nstale, stale_cap;
	/* that article, and its articles and outlets counts (with its wire
	 * copies) once read (counted >= 0) */
	int64_t article;
	long narticles, noutlets;
	/* Event keys cache, valid while no one else wrote: the connection's
	 * total changes and data_version when the merger last finished
	 * writing (stamped); any other write, a rollback or an error clears it. */
	struct ekey_slot *keys;
	struct eactor_slot *actors;
	struct pl_ccache *cc; /* candidate rows (events_ccache.c), same validity */
	struct mset_slot *msets;
	uint32_t gen; /* bumped to empty the caches */
	int64_t stamp_changes, stamp_version;
	bool stamped;
	/* some event_actors row may be coarse (fine = 0) and dated: read when
	 * the cache is checked, set by writes; when false the candidate search
	 * leaves out its coarse half (it would find nothing) */
	bool coarse;
	/* consolidation so far: the families and day ranges of the fine
	 * event_actors rows folded events left under another event's id (they
	 * keep the keys of the event they came from until the refresh) */
	struct fold_window {
		char family[32];
		int64_t lo, hi;
	} folds[64];
	size_t nfolds;
	bool folds_lost; /* more than the table holds: assume any */
};

/* An event is "fine" (found by the windowed index seek) when its date keys
 * are at least day-precise and span at most FINE_SPAN_DAYS; SQL over a row
 * `e` of events.  ACTOR_CKEY_SQL: the country key of an actor row. */
#define FINE_SPAN_DAYS 14
#define EVENT_FINE_SQL \
	"(e.day_lo IS NOT NULL AND e.key_precision % 10 >= 3 AND e.day_hi - e.day_lo <= 14)"
#define ACTOR_CKEY_SQL \
	"CASE WHEN collective AND country IS NOT NULL THEN 'c:' || country " \
	"WHEN country IS NOT NULL THEN 'p:' || country END"

/* ---- Candidate rows cache (events_ccache.c) -------------------------------- */

struct pl_ccache;
/* What a seek looks up: an actor name, a country key ("c:UKR", "p:UKR") of
 * event_actors, or an event's place (case-insensitive, as COLLATE NOCASE). */
enum cc_kind { CC_NAME, CC_CKEY, CC_PLACE };
/* An empty cache (NULL when out of memory); cc_destroy frees it (NULL ok). */
struct pl_ccache *cc_create(void);
void cc_destroy(struct pl_ccache *c);
/* Empty it now (it also empties itself when the merger's gen moves). */
void cc_reset(struct pl_ccache *c);
/* The event ids a candidate seek of SQL (MS_CAND_ACTOR..., MS_CAND_PLACE)
 * returns, in its order, into out[0..64): fine event_actors rows (CC_PLACE:
 * events) of `family` with key `key` and day_lo in from..to, day_hi >= min_hi
 * (far: and day_hi > day_lo, not for places), then (coarse, not far, not
 * places) coarse rows with day_lo <= to and day_hi >= min_hi, 64 at most.
 * 1 when answered, 0 when the caller must ask SQL (a window too long to
 * cache), -1 after a diag. */
int cc_seek(struct pl_merger *m, struct pl_store *s, enum cc_kind kind, const char *family,
	    const char *key, int64_t from, int64_t to, int64_t min_hi, bool far, bool coarse,
	    int64_t *out, size_t *nout, struct pl_diags *d);
/* The merge inserted the row (event `id`, key `key`, family, fine, day_lo
 * `lo`, day_hi `hi`; dated; a place's rows are all "fine"): added where
 * loaded. */
void cc_add(struct pl_merger *m, enum cc_kind kind, const char *family, const char *key,
	    int64_t id, bool fine, int64_t lo, int64_t hi);
/* Rows of key `key` in `family` with keys fine/lo changed in a way not
 * mirrored: their bucket is read again when needed. */
void cc_drop(struct pl_merger *m, enum cc_kind kind, const char *family, const char *key,
	     bool fine, int64_t lo);

/* Write the refresh marks merging left in memory to events_stale (before a
 * commit, and before anything reads the table).  0 or -1 after a diag. */
int merge_flush(struct pl_merger *m, struct pl_store *s, struct pl_diags *d);

/* pl_events_put_article with the article's sentences (ranges in order, as
 * stored) already at hand: the extraction loop read them. */
int events_put_article(struct pl_store *s, struct pl_merger *m, int64_t article_id,
		       const struct pl_events *mentions, const struct pl_range *sents,
		       size_t nsent, int64_t run, struct pl_diags *d);

/* Confidence of an event (events_refresh.c): 1 - prod over its independent
 * texts of text_miss(best), `best` the text's best mention confidence
 * (captions halved), clamped to [0, 1]; at most 0.99. */
double text_miss(double best);
double event_confidence(double miss);

/* The merger's cached statement `id` on the connection of `s` (re-prepared
 * when the merger moves to another store), reset; NULL after a diag. */
sqlite3_stmt *merge_stmt(struct pl_merger *m, struct pl_store *s, enum merge_stmt id,
			 struct pl_diags *d);

/* enum pl_precision of "day", "month"...; PL_PREC_NONE for NULL/unknown. */
enum pl_precision precision_parse(const char *name);
/* Status and date-source names as the schema spells them ("occurred",
 * "sentence"...); status_from_str is case-insensitive. */
const char *status_str(enum pl_event_status s);
bool status_from_str(const char *s, enum pl_event_status *out);
const char *date_source_str(enum pl_date_source s);
/* Score of a date source: sentence 3, reference 2, publication 1, none 0. */
int date_source_score(const char *name);
/* Bind a possibly NULL string (static lifetime for the step). */
void bind_str(sqlite3_stmt *q, int i, const char *s);
/* A column as a malloc'd string (NULL for SQL NULL). */
char *column_dup(sqlite3_stmt *q, int i);
/* Column 0 of every row of `q` (stepped to the end, then reset); *ids is
 * malloc'd (caller frees).  Count, or -1 on a database error or OOM (*ids
 * NULL). */
long column_ids(sqlite3_stmt *q, int64_t **ids);

#endif
