/* events_ccache.c - candidate rows cache: the event_actors rows the merge's candidate seeks read, in memory.
 *
 * Each mention looks up candidate events by actor key (a name, or a country
 * key "c:UKR"/"p:UKR") and by place, and family, in a window of days: at
 * 10,000 stored articles ~110 SQLite seeks per article, the largest part of
 * an ingest.  The cache keeps what those seeks read (event id, day_lo,
 * day_hi) per key, family and 32-day bucket of day_lo (event_actors' fine
 * rows; events with a place), and in one list per key and family for coarse
 * event_actors rows, in the index order (day_lo, event id), and answers a seek
 * with the rows SQL would give, in the same order, LIMIT included.
 *
 * A bucket is read from SQL the first time a seek needs it.  Written through:
 * the merge adds the rows it inserts (cc_add); a change it does not mirror
 * (an event's keys moving) unloads the buckets concerned (cc_drop), and
 * anything else (consolidation, another writer, a rollback) empties the cache
 * through the merger's gen.  Bounded: past CC_MAX_BYTES it starts over, so
 * memory does not grow with the corpus (10,000 generated articles need about
 * 8 MiB).
 */
#include "events_int.h"

#include <stdlib.h>
#include <string.h>

/* Days per bucket of fine rows: a near seek spans 5 days, a far one 14. */
#define CC_BUCKET_DAYS 32
/* A seek over more buckets than this (a month- or year-long window) goes to
 * SQL: loading them would read far more rows than the seek returns. */
#define CC_MAX_SPAN 4
/* Memory held at most, counted as rows, buckets, index slots and keys. */
#define CC_MAX_BYTES ((size_t)16 << 20)
/* Rows one bucket may hold (a quarter of CC_MAX_BYTES). */
#define CC_BUCKET_MAX (CC_MAX_BYTES / 4 / sizeof(struct cc_row))
/* The bucket number of the coarse list. */
#define CC_COARSE INT64_MIN
#define CC_LIMIT 64

/* Days fit 32 bits (years -5.8 million to 5.8 million); a row whose do not
 * makes its bucket uncacheable. */
struct cc_row {
	int64_t id;
	int32_t lo, hi; /* hi INT32_MIN: NULL, no seek's day_hi >= ?5 holds */
};

/* One bucket of one key.  `key`: index of its key in the key pool. */
struct cc_bucket {
	int64_t bucket; /* CC_COARSE for the coarse list */
	struct cc_row *v; /* ordered by (lo, id) */
	uint32_t key, n, cap;
	bool loaded; /* v holds every row of the bucket */
};

/* An interned key: kind byte ('0' + enum cc_kind), family, NUL, key, NUL. */
struct cc_key {
	char *s;
	size_t len;
	uint32_t hash;
};

struct pl_ccache {
	struct cc_bucket *b; /* dense; index below */
	size_t nb, bcap;
	uint32_t *bidx; /* open addressing over b: entry index + 1, 0 free */
	size_t bidx_cap;
	struct cc_key *k; /* dense; index below */
	size_t nk, kcap;
	uint32_t *kidx;
	size_t kidx_cap;
	size_t bytes; /* what CC_MAX_BYTES bounds */
	uint32_t gen; /* the merger's gen the contents are valid for */
};

struct pl_ccache *cc_create(void)
{
	return calloc(1, sizeof(struct pl_ccache));
}

static void cc_empty(struct pl_ccache *c)
{
	for (size_t i = 0; i < c->nb; i++)
		free(c->b[i].v);
	for (size_t i = 0; i < c->nk; i++)
		free(c->k[i].s);
	free(c->b);
	free(c->bidx);
	free(c->k);
	free(c->kidx);
	uint32_t gen = c->gen;
	memset(c, 0, sizeof *c);
	c->gen = gen;
}

void cc_reset(struct pl_ccache *c)
{
	if (c)
		cc_empty(c);
}

void cc_destroy(struct pl_ccache *c)
{
	if (!c)
		return;
	cc_empty(c);
	free(c);
}

/* Floor division: the bucket of day `day` (days may be negative). */
static int64_t bucket_of(int64_t day)
{
	int64_t b = day / CC_BUCKET_DAYS;
	return day % CC_BUCKET_DAYS < 0 ? b - 1 : b;
}

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static uint32_t hash_bucket(uint32_t key, int64_t bucket)
{
	uint64_t x = ((uint64_t)key << 32 ^ (uint64_t)bucket) * 0x9E3779B97F4A7C15u;
	return (uint32_t)(x >> 32);
}

/* Rebuild an index of `cap` slots over `n` entries whose hashes hash(i)
 * gives.  False when out of memory (the old index stays). */
static bool reindex(uint32_t **idx, size_t *idx_cap, size_t cap, size_t n,
		    uint32_t (*hash)(const struct pl_ccache *, size_t), const struct pl_ccache *c)
{
	uint32_t *v = calloc(cap, sizeof *v);
	if (!v)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t at = hash(c, i) & (cap - 1);
		while (v[at])
			at = (at + 1) & (cap - 1);
		v[at] = (uint32_t)i + 1;
	}
	free(*idx);
	*idx = v;
	*idx_cap = cap;
	return true;
}

static uint32_t key_hash(const struct pl_ccache *c, size_t i)
{
	return c->k[i].hash;
}

static uint32_t bucket_hash(const struct pl_ccache *c, size_t i)
{
	return hash_bucket(c->b[i].key, c->b[i].bucket);
}

/* The index of key `s` (len bytes), interned when `add`; -1 when absent (or
 * out of memory). */
static long key_find(struct pl_ccache *c, const char *s, size_t len, bool add)
{
	uint32_t h = hash_bytes(s, len);
	size_t at = 0;
	if (c->kidx_cap) {
		for (at = h & (c->kidx_cap - 1); c->kidx[at]; at = (at + 1) & (c->kidx_cap - 1)) {
			const struct cc_key *k = &c->k[c->kidx[at] - 1];
			if (k->hash == h && k->len == len && memcmp(k->s, s, len) == 0)
				return (long)c->kidx[at] - 1;
		}
	}
	if (!add || c->nk >= UINT32_MAX - 1)
		return -1;
	if ((c->nk + 1) * 2 > c->kidx_cap) {
		if (!reindex(&c->kidx, &c->kidx_cap, c->kidx_cap ? c->kidx_cap * 2 : 1024, c->nk,
			     key_hash, c))
			return -1;
		for (at = h & (c->kidx_cap - 1); c->kidx[at]; at = (at + 1) & (c->kidx_cap - 1))
			;
	}
	if (c->nk == c->kcap && !pl_grow(&c->k, &c->kcap, c->nk, sizeof *c->k))
		return -1;
	char *copy = malloc(len);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	c->k[c->nk] = (struct cc_key){ .s = copy, .len = len, .hash = h };
	c->kidx[at] = (uint32_t)++c->nk;
	c->bytes += len + sizeof(struct cc_key) + 2 * sizeof(uint32_t);
	return (long)c->nk - 1;
}

/* The bucket `bucket` of key index `key`, made (not loaded) when `add`;
 * NULL when absent (or out of memory). */
static struct cc_bucket *bucket_find(struct pl_ccache *c, uint32_t key, int64_t bucket, bool add)
{
	uint32_t h = hash_bucket(key, bucket);
	size_t at = 0;
	if (c->bidx_cap) {
		for (at = h & (c->bidx_cap - 1); c->bidx[at]; at = (at + 1) & (c->bidx_cap - 1)) {
			struct cc_bucket *b = &c->b[c->bidx[at] - 1];
			if (b->key == key && b->bucket == bucket)
				return b;
		}
	}
	if (!add || c->nb >= UINT32_MAX - 1)
		return NULL;
	if ((c->nb + 1) * 2 > c->bidx_cap) {
		if (!reindex(&c->bidx, &c->bidx_cap, c->bidx_cap ? c->bidx_cap * 2 : 4096, c->nb,
			     bucket_hash, c))
			return NULL;
		for (at = h & (c->bidx_cap - 1); c->bidx[at]; at = (at + 1) & (c->bidx_cap - 1))
			;
	}
	if (c->nb == c->bcap && !pl_grow(&c->b, &c->bcap, c->nb, sizeof *c->b))
		return NULL;
	c->b[c->nb] = (struct cc_bucket){ .bucket = bucket, .key = key };
	c->bidx[at] = (uint32_t)++c->nb;
	c->bytes += sizeof(struct cc_bucket) + 2 * sizeof(uint32_t);
	return &c->b[c->nb - 1];
}

/* Key bytes: kind, family, NUL, key, NUL; 0 when they do not fit.  A place
 * is folded to lower case as COLLATE NOCASE compares it (ASCII only). */
static size_t make_key(char *buf, size_t size, enum cc_kind kind, const char *family,
		       const char *key)
{
	size_t fl = strlen(family), kl = strlen(key), len = fl + kl + 3;
	if (len > size)
		return 0;
	buf[0] = (char)('0' + kind);
	memcpy(buf + 1, family, fl + 1);
	memcpy(buf + 2 + fl, key, kl + 1);
	for (size_t i = 2 + fl; kind == CC_PLACE && i < len - 1; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	return len;
}

static void unload(struct pl_ccache *c, struct cc_bucket *b)
{
	c->bytes -= b->cap * sizeof *b->v;
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
	b->loaded = false;
}

static bool day32(int64_t day)
{
	return day >= INT32_MIN + 1 && day <= INT32_MAX;
}

/* Room for one more row in b; false when out of memory or too many. */
static bool room(struct pl_ccache *c, struct cc_bucket *b)
{
	if (b->n < b->cap)
		return true;
	size_t cap = b->cap;
	if (b->cap >= UINT32_MAX / 2 || !pl_grow(&b->v, &cap, b->n, sizeof *b->v))
		return false;
	c->bytes += (cap - b->cap) * sizeof *b->v;
	b->cap = (uint32_t)cap;
	return true;
}

/* Bucket `bucket` (CC_COARSE: the coarse list) of key index `key` (bytes
 * `kb`), read from SQL unless loaded.  NULL when the cache cannot hold it
 * (the caller asks SQL); *err set after a diag. */
static struct cc_bucket *get(struct pl_merger *m, struct pl_store *s, uint32_t key,
			     const char *kb, int64_t bucket, bool *err, struct pl_diags *d)
{
	struct pl_ccache *c = m->cc;
	struct cc_bucket *b = bucket_find(c, key, bucket, true);
	if (!b || b->loaded)
		return b;
	static const enum merge_stmt load[3][2] = {
		[CC_NAME] = { MS_CC_FINE, MS_CC_COARSE },
		[CC_CKEY] = { MS_CC_CFINE, MS_CC_CCOARSE },
		[CC_PLACE] = { MS_CC_PLACE, MS_CC_PLACE },
	};
	bool coarse = bucket == CC_COARSE;
	sqlite3_stmt *q = merge_stmt(m, s, load[kb[0] - '0'][coarse], d);
	if (!q) {
		*err = true;
		return NULL;
	}
	const char *family = kb + 1;
	bind_str(q, 1, family);
	bind_str(q, 2, family + strlen(family) + 1);
	if (!coarse) {
		sqlite3_bind_int64(q, 3, bucket * CC_BUCKET_DAYS);
		sqlite3_bind_int64(q, 4, bucket * CC_BUCKET_DAYS + CC_BUCKET_DAYS - 1);
	}
	int rc;
	bool fits = true;
	while (fits && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t lo = sqlite3_column_int64(q, 1), hi = sqlite3_column_int64(q, 2);
		bool hnull = sqlite3_column_type(q, 2) == SQLITE_NULL;
		/* a bucket that alone would take a quarter of the cap: SQL answers
		 * its seeks (memory stays within the cap plus one such load) */
		if (!day32(lo) || (!hnull && !day32(hi)) || b->n >= CC_BUCKET_MAX || !room(c, b)) {
			fits = false;
			break;
		}
		b->v[b->n++] = (struct cc_row){ .id = sqlite3_column_int64(q, 0),
						.lo = (int32_t)lo,
						.hi = hnull ? INT32_MIN : (int32_t)hi };
	}
	sqlite3_reset(q);
	if (!fits || rc != SQLITE_DONE) {
		unload(c, b);
		if (fits) {
			store_db_error(s, "cannot look up candidate events", d);
			*err = true;
		}
		return NULL; /* !fits: SQL answers instead */
	}
	b->loaded = true;
	return b;
}

/* Index of the first row of b at or after (lo, id). */
static size_t lower_bound(const struct cc_bucket *b, int64_t lo, int64_t id)
{
	size_t x = 0, y = b->n;
	while (x < y) {
		size_t mid = x + (y - x) / 2;
		const struct cc_row *r = &b->v[mid];
		if (r->lo < lo || (r->lo == lo && r->id < id))
			x = mid + 1;
		else
			y = mid;
	}
	return x;
}

static void sync_gen(struct pl_merger *m)
{
	if (m->cc->gen != m->gen) {
		cc_empty(m->cc);
		m->cc->gen = m->gen;
	}
}

int cc_seek(struct pl_merger *m, struct pl_store *s, enum cc_kind kind, const char *family,
	    const char *key, int64_t from, int64_t to, int64_t min_hi, bool far, bool coarse,
	    int64_t *out, size_t *nout, struct pl_diags *d)
{
	char kb[256];
	size_t len = make_key(kb, sizeof kb, kind, family, key);
	*nout = 0;
	if (!len || to < from || !day32(from) || !day32(to) ||
	    bucket_of(to) - bucket_of(from) >= CC_MAX_SPAN)
		return 0;
	sync_gen(m);
	if (m->cc->bytes >= CC_MAX_BYTES)
		cc_empty(m->cc); /* start over: memory stays bounded */
	long ki = key_find(m->cc, kb, len, true);
	if (ki < 0)
		return 0;
	bool err = false;
	size_t n = 0;
	for (int64_t bn = bucket_of(from); bn <= bucket_of(to) && n < CC_LIMIT; bn++) {
		const struct cc_bucket *b = get(m, s, (uint32_t)ki, kb, bn, &err, d);
		if (!b)
			return err ? -1 : 0;
		for (size_t i = lower_bound(b, from, INT64_MIN); i < b->n && n < CC_LIMIT; i++) {
			const struct cc_row *r = &b->v[i];
			if (r->lo > to)
				break;
			if (r->hi >= min_hi && (!far || r->hi > r->lo))
				out[n++] = r->id;
		}
	}
	if (coarse && !far && n < CC_LIMIT) {
		const struct cc_bucket *b = get(m, s, (uint32_t)ki, kb, CC_COARSE, &err, d);
		if (!b)
			return err ? -1 : 0;
		for (size_t i = 0; i < b->n && b->v[i].lo <= to && n < CC_LIMIT; i++)
			if (b->v[i].hi >= min_hi)
				out[n++] = b->v[i].id;
	}
	*nout = n;
	return 1;
}

/* The loaded bucket a row of (kind, family, key) with keys fine/lo is in. */
static struct cc_bucket *row_bucket(struct pl_merger *m, enum cc_kind kind, const char *family,
				    const char *key, bool fine, int64_t lo)
{
	char kb[256];
	sync_gen(m);
	size_t len = make_key(kb, sizeof kb, kind, family, key);
	long k = len ? key_find(m->cc, kb, len, false) : -1;
	struct cc_bucket *b =
		k < 0 ? NULL : bucket_find(m->cc, (uint32_t)k, fine ? bucket_of(lo) : CC_COARSE, false);
	return b && b->loaded ? b : NULL;
}

void cc_add(struct pl_merger *m, enum cc_kind kind, const char *family, const char *key,
	    int64_t id, bool fine, int64_t lo, int64_t hi)
{
	struct cc_bucket *b = row_bucket(m, kind, family, key, fine, lo);
	if (!b)
		return; /* not loaded: read from SQL, row included, when needed */
	if (!day32(lo) || !day32(hi) || !room(m->cc, b)) {
		unload(m->cc, b); /* cannot mirror it: read again */
		return;
	}
	size_t at = lower_bound(b, lo, id);
	memmove(&b->v[at + 1], &b->v[at], (b->n - at) * sizeof *b->v);
	b->v[at] = (struct cc_row){ .id = id, .lo = (int32_t)lo, .hi = (int32_t)hi };
	b->n++;
}

void cc_drop(struct pl_merger *m, enum cc_kind kind, const char *family, const char *key,
	     bool fine, int64_t lo)
{
	struct cc_bucket *b = row_bucket(m, kind, family, key, fine, lo);
	if (b)
		unload(m->cc, b);
}
