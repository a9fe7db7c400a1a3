/* store.c - writing articles (with deduplication) and reading them back. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* A pair of texts at or above this 5-word-shingle Jaccard is one text carried
 * by two outlets (a wire copy with a different dateline or a fixed typo);
 * rewrites of the same story by different reporters stay far below it. */
#define NEAR_DUP_JACCARD 0.9
/* Texts shorter than this many words ("Photo gallery", an empty feed item)
 * say nothing about copying: they are never matched across origins. */
#define MIN_WIRE_WORDS 8

const char *pl_precision_name(enum pl_precision p)
{
	static const char *const names[] = { NULL, "year", "month", "day", "hour", "minute", "second" };
	return (unsigned)p < sizeof names / sizeof names[0] ? names[p] : NULL;
}

static bool on_boundary(const char *body, size_t len, size_t at)
{
	return at == len || !pl_utf8_is_cont(body[at]);
}

/* Ranges must be in order, inside the body, not overlapping, and start and end
 * on UTF-8 character boundaries: later stages slice the body with them. */
static int check_ranges(const struct pl_article *a, const struct pl_range *r, size_t n,
			const char *what, struct pl_diags *d)
{
	size_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].start > r[i].end || r[i].end > a->body_len || r[i].start < prev ||
		    !on_boundary(a->body, a->body_len, r[i].start) ||
		    !on_boundary(a->body, a->body_len, r[i].end)) {
			pl_error(d, a->origin, "%s %zu has a bad byte range [%zu, %zu) in a body of %zu bytes",
				 what, i, r[i].start, r[i].end, a->body_len);
			return -1;
		}
		prev = r[i].end;
	}
	return 0;
}

static int bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

static int step_done(struct pl_store *s, sqlite3_stmt *q, const char *what, struct pl_diags *d)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	store_db_error(s, what, d);
	return -1;
}

/* Is the stored `body` the same text as `norm` after normalization? */
static bool same_text(const unsigned char *body, int blen, const char *norm, size_t nlen,
		      struct pl_buf *scratch)
{
	pl_buf_reset(scratch);
	pl_text_normalize((const char *)body, (size_t)blen, scratch);
	return scratch->len == nlen && (nlen == 0 || memcmp(scratch->p, norm, nlen) == 0);
}

/* Look for a stored article (not `self`) with exactly this normalized text.
 * Returns its root id (0 when none) and sets *same_page when it also has the
 * article's URL; -1 on a database error. */
static int64_t find_exact(struct pl_store *s, const struct pl_article *a, const char *hash,
			  const char *norm, size_t nlen, int64_t self, int64_t *same_page,
			  struct pl_buf *scratch, struct pl_diags *d)
{
	sqlite3_stmt *q = store_stmt(s, ST_BY_HASH, d);
	if (!q)
		return -1;
	bind_text(q, 1, hash);
	if (self)
		sqlite3_bind_int64(q, 2, self);
	int64_t root = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!same_text(sqlite3_column_text(q, 1), sqlite3_column_bytes(q, 1), norm, nlen, scratch))
			continue; /* a 64-bit collision: different text */
		int64_t id = sqlite3_column_int64(q, 0), of = sqlite3_column_int64(q, 3);
		const char *url = (const char *)sqlite3_column_text(q, 2);
		if (a->url && url && strcmp(a->url, url) == 0)
			*same_page = id;
		if (!root)
			root = of ? of : id;
		if (*same_page)
			break;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_db_error(s, "cannot look up the content hash", d);
		return -1;
	}
	return root == self ? 0 : root;
}

/* A band value that more than this many articles share comes from text they
 * all carry (an outlet's boilerplate, a recurring background paragraph), not
 * from being copies of each other: it is not counted.  Without the cap, one
 * band of a generated corpus was shared by 3,000 of 9,000 articles and every
 * put read and grouped all of them. */
#define BAND_COMMON 64
/* Candidates must share at least this many of the PL_NBANDS bands (see
 * fingerprint.c for the odds), and at most MAX_CANDIDATES are checked. */
#define BAND_MIN_HITS 3
#define MAX_CANDIDATES 16

struct band_hit {
	int64_t id;
	int hits;
};

static int cmp_hits(const void *a, const void *b)
{
	const struct band_hit *x = a, *y = b;
	if (x->hits != y->hits)
		return y->hits - x->hits;
	return (x->id > y->id) - (x->id < y->id);
}

/* The articles other than self sharing at least BAND_MIN_HITS uncommon bands,
 * most shared first, into cand[0..MAX_CANDIDATES); their count, or -1. */
static int band_candidates(struct pl_store *s, const int64_t bands[PL_NBANDS], int64_t self,
			   int64_t cand[MAX_CANDIDATES], struct pl_diags *d)
{
	struct band_hit hit[PL_NBANDS * BAND_COMMON];
	size_t nhit = 0;
	sqlite3_stmt *q = store_stmt(s, ST_BAND_HITS, d);
	if (!q)
		return -1;
	/* outside a transaction another connection may write between puts */
	bool remember = !sqlite3_get_autocommit(s->db);
	for (int b = 0; b < PL_NBANDS; b++) {
		int64_t ids[BAND_COMMON + 1];
		size_t n = 0;
		int rc;
		size_t c = 0;
		while (remember && c < s->ncommon && s->common[c] != bands[b])
			c++;
		if (remember && c < s->ncommon)
			continue; /* known to be common */
		sqlite3_bind_int64(q, 1, bands[b]);
		sqlite3_bind_int(q, 2, BAND_COMMON + 1);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			store_db_error(s, "cannot look up similar articles", d);
			return -1;
		}
		if (n > BAND_COMMON) {
			if (remember && s->ncommon < STORE_COMMON_BANDS)
				s->common[s->ncommon++] = bands[b];
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			if (ids[i] == self)
				continue;
			size_t k = 0;
			while (k < nhit && hit[k].id != ids[i])
				k++;
			if (k == nhit)
				hit[nhit++] = (struct band_hit){ ids[i], 0 };
			hit[k].hits++;
		}
	}
	qsort(hit, nhit, sizeof *hit, cmp_hits);
	int ncand = 0;
	for (size_t i = 0; i < nhit && ncand < MAX_CANDIDATES && hit[i].hits >= BAND_MIN_HITS; i++)
		cand[ncand++] = hit[i].id;
	return ncand;
}

/* Look for a near-identical root article through shared MinHash bands, then
 * confirm with the exact shingle Jaccard.  sh[0..nsh) are the article's
 * shingles in text order, sorted and made distinct here when there is a
 * candidate (most articles have none).  0 when none, -1 on error. */
static int64_t find_near(struct pl_store *s, const int64_t bands[PL_NBANDS], uint64_t *sh,
			 size_t nsh, int64_t self, struct pl_buf *scratch, struct pl_diags *d)
{
	int64_t cand[MAX_CANDIDATES];
	int ncand = band_candidates(s, bands, self, cand, d);
	if (ncand < 0)
		return -1;
	if (ncand > 0 && (nsh = store_shingles_set(sh, nsh)) == 0) {
		pl_error(d, s->path, "out of memory");
		return -1;
	}
	for (int i = 0; i < ncand; i++) {
		sqlite3_stmt *b = store_stmt(s, ST_BODY, d);
		if (!b)
			return -1;
		sqlite3_bind_int64(b, 1, cand[i]);
		if (sqlite3_step(b) != SQLITE_ROW)
			continue;
		pl_buf_reset(scratch);
		pl_text_normalize((const char *)sqlite3_column_text(b, 0),
				  (size_t)sqlite3_column_bytes(b, 0), scratch);
		sqlite3_reset(b);
		uint64_t *csh;
		size_t ncsh = store_shingles(scratch->p ? scratch->p : "", scratch->len, &csh);
		double j = store_shingle_similarity(csh, ncsh, sh, nsh);
		free(csh);
		if (j >= NEAR_DUP_JACCARD)
			return cand[i];
	}
	return 0;
}

static int delete_children(struct pl_store *s, int64_t id, struct pl_diags *d)
{
	s->ncommon = 0; /* band counts go down (see struct pl_store) */
	static const enum stmt_id dels[] = { ST_DEL_PARAS, ST_DEL_SENTS, ST_DEL_CAPS, ST_DEL_TIMEX,
					     ST_DEL_BANDS };
	for (size_t i = 0; i < sizeof dels / sizeof dels[0]; i++) {
		sqlite3_stmt *q = store_stmt(s, dels[i], d);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, id);
		if (step_done(s, q, "cannot replace an article", d) < 0)
			return -1;
	}
	return 0;
}

/* Insert or update the articles row; returns its id, or -1. */
static int64_t write_row(struct pl_store *s, const struct pl_article *a, const char *hash,
			 int64_t existing, int64_t wire_of, struct pl_diags *d)
{
	struct pl_buf pub = PL_BUF_INIT, mod = PL_BUF_INIT;
	if (a->published.prec != PL_PREC_NONE)
		pl_datetime_format(&a->published, &pub);
	if (a->modified.prec != PL_PREC_NONE)
		pl_datetime_format(&a->modified, &mod);
	int64_t id = -1;
	sqlite3_stmt *q = store_stmt(s, existing ? ST_UPDATE : ST_INSERT, d);
	if (!q)
		goto out;
	bind_text(q, 1, a->origin);
	bind_text(q, 2, a->url);
	bind_text(q, 3, a->title);
	bind_text(q, 4, a->source);
	bind_text(q, 5, a->byline);
	bind_text(q, 6, a->dateline);
	bind_text(q, 7, a->language);
	bind_text(q, 8, pl_format_name(a->format));
	bind_text(q, 9, pub.p);
	bind_text(q, 10, pl_precision_name(a->published.prec));
	bind_text(q, 11, a->published_how);
	bind_text(q, 12, mod.p);
	bind_text(q, 13, hash);
	sqlite3_bind_text(q, 14, a->body, (int)a->body_len, SQLITE_STATIC);
	if (wire_of)
		sqlite3_bind_int64(q, 15, wire_of);
	if (existing)
		sqlite3_bind_int64(q, 16, existing);
	if (pub.oom || mod.oom) {
		pl_error(d, a->origin, "out of memory");
		goto out;
	}
	if (step_done(s, q, existing ? "cannot update an article" : "cannot insert an article", d) < 0)
		goto out;
	id = existing ? existing : sqlite3_last_insert_rowid(s->db);
out:
	pl_buf_free(&pub);
	pl_buf_free(&mod);
	return id;
}

struct ranges_row {
	int64_t id;
	const struct pl_range *paras, *sents;
	size_t npara;
	size_t p; /* sentences: the paragraph walk (both lists are sorted; rows come in order) */
};

static void bind_para(sqlite3_stmt *q, int b, size_t i, void *ud)
{
	const struct ranges_row *w = ud;
	sqlite3_bind_int64(q, b + 1, w->id);
	sqlite3_bind_int64(q, b + 2, (int64_t)i);
	sqlite3_bind_int64(q, b + 3, (int64_t)w->paras[i].start);
	sqlite3_bind_int64(q, b + 4, (int64_t)w->paras[i].end);
}

static void bind_sent(sqlite3_stmt *q, int b, size_t i, void *ud)
{
	struct ranges_row *w = ud;
	const struct pl_range *t = &w->sents[i];
	while (w->p < w->npara && w->paras[w->p].end < t->end)
		w->p++;
	sqlite3_bind_int64(q, b + 1, w->id);
	sqlite3_bind_int64(q, b + 2, (int64_t)i);
	if (w->p < w->npara && w->paras[w->p].start <= t->start && t->end <= w->paras[w->p].end)
		sqlite3_bind_int64(q, b + 3, (int64_t)w->p);
	else
		sqlite3_bind_null(q, b + 3);
	sqlite3_bind_int64(q, b + 4, (int64_t)t->start);
	sqlite3_bind_int64(q, b + 5, (int64_t)t->end);
}

static int write_ranges(struct pl_store *s, int64_t id, const struct pl_range *paras, size_t npara,
			const struct pl_range *sents, size_t nsent, struct pl_diags *d)
{
	struct ranges_row w = { id, paras, sents, npara, 0 };
	if (store_insert_rows(s, BK_PARA, npara, bind_para, &w, "a paragraph", d) < 0)
		return -1;
	return store_insert_rows(s, BK_SENT, nsent, bind_sent, &w, "a sentence", d);
}

static int write_captions(struct pl_store *s, int64_t id, const struct pl_article *a,
			  struct pl_diags *d)
{
	for (size_t i = 0; i < a->ncaptions; i++) {
		sqlite3_stmt *q = store_stmt(s, ST_INS_CAP, d);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, (int64_t)i);
		bind_text(q, 3, a->captions[i] ? a->captions[i] : "");
		if (step_done(s, q, "cannot insert a caption", d) < 0)
			return -1;
	}
	return 0;
}

struct bands_row {
	int64_t id;
	const int64_t *bands;
};

static void bind_band(sqlite3_stmt *q, int b, size_t i, void *ud)
{
	const struct bands_row *w = ud;
	sqlite3_bind_int64(q, b + 1, w->bands[i]);
	sqlite3_bind_int64(q, b + 2, w->id);
}

static int write_bands(struct pl_store *s, int64_t id, const int64_t *bands, size_t n,
		       struct pl_diags *d)
{
	struct bands_row w = { id, bands };
	return store_insert_rows(s, BK_BAND, n, bind_band, &w, "a band", d);
}

/* The row already stored under this origin: its id, wire_of and whether its
 * text is the same.  0 with *id = 0 when there is none; -1 on error. */
static int find_origin(struct pl_store *s, const char *origin, const char *hash, const char *norm,
		       size_t nlen, int64_t *id, int64_t *wire_of, bool *same,
		       struct pl_buf *scratch, struct pl_diags *d)
{
	sqlite3_stmt *q = store_stmt(s, ST_BY_ORIGIN, d);
	if (!q)
		return -1;
	bind_text(q, 1, origin);
	int rc = sqlite3_step(q);
	*id = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		*wire_of = sqlite3_column_int64(q, 3);
		*same = strcmp((const char *)sqlite3_column_text(q, 1), hash) == 0 &&
			same_text(sqlite3_column_text(q, 2), sqlite3_column_bytes(q, 2), norm, nlen,
				  scratch);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_db_error(s, "cannot look up the origin", d);
		return -1;
	}
	return 0;
}

int pl_store_put(struct pl_store *s, const struct pl_article *a, const struct pl_range *paras,
		 size_t npara, const struct pl_range *sents, size_t nsent, struct pl_put_info *info,
		 struct pl_diags *d)
{
	const char *name = a->origin ? a->origin : s->path;
	memset(info, 0, sizeof *info);
	if (!a->origin || !a->body) {
		pl_error(d, name, "article without %s cannot be stored", a->origin ? "a body" : "an origin");
		return -1;
	}
	if (!pl_utf8_valid(a->body, a->body_len) || strlen(a->body) != a->body_len) {
		pl_error(d, name, "article body is not valid UTF-8 text (internal error)");
		return -1;
	}
	if (check_ranges(a, paras, npara, "paragraph", d) < 0 ||
	    check_ranges(a, sents, nsent, "sentence", d) < 0)
		return -1;

	struct pl_buf norm = PL_BUF_INIT, scratch = PL_BUF_INIT;
	char hash[17];
	int64_t bands[PL_NBANDS], self = 0, self_wire = 0, root = 0, same_page = 0;
	size_t nbands = 0, nsh = 0;
	uint64_t *sh = NULL;
	bool same = false;
	int rc = -1;
	pl_text_normalize(a->body, a->body_len, &norm);
	if (norm.oom || scratch.oom) {
		pl_error(d, name, "out of memory");
		goto out;
	}
	const char *np = norm.p ? norm.p : "";
	store_hash_norm(np, norm.len, hash);

	if (find_origin(s, a->origin, hash, np, norm.len, &self, &self_wire, &same, &scratch, d) < 0)
		goto out;
	if (self && same) {
		*info = (struct pl_put_info){ PL_PUT_DUPLICATE, self, self_wire };
		rc = 0;
		goto out;
	}
	size_t words = norm.len > 0;
	for (size_t i = 0; i < norm.len; i++)
		words += np[i] == ' ';
	if (words >= MIN_WIRE_WORDS &&
	    (root = find_exact(s, a, hash, np, norm.len, self, &same_page, &scratch, d)) < 0)
		goto out;
	if (!self && same_page) { /* the same page saved under another name */
		*info = (struct pl_put_info){ PL_PUT_DUPLICATE, same_page, 0 };
		rc = 0;
		goto out;
	}
	nsh = store_shingles_raw(np, norm.len, &sh); /* once: for the bands and every candidate */
	nbands = store_bands_of(sh, nsh, bands);
	if (!root && nbands && (root = find_near(s, bands, sh, nsh, self, &scratch, d)) < 0)
		goto out;

	int64_t id = write_row(s, a, hash, self, root, d);
	if (id < 0 || (self && delete_children(s, id, d) < 0) || write_captions(s, id, a, d) < 0)
		goto out;
	if (root) {
		/* A root that became a copy hands its own copies to the new root, so
		 * wire_of always points at a root. */
		sqlite3_stmt *q = self ? store_stmt(s, ST_REPOINT, d) : NULL;
		if (self && !q)
			goto out;
		if (q) {
			sqlite3_bind_int64(q, 1, id);
			sqlite3_bind_int64(q, 2, root);
			if (step_done(s, q, "cannot relink wire copies", d) < 0)
				goto out;
		}
	} else if (write_ranges(s, id, paras, npara, sents, nsent, d) < 0 ||
		   write_bands(s, id, bands, nbands, d) < 0) {
		goto out;
	}
	*info = (struct pl_put_info){ root ? PL_PUT_WIRE : self ? PL_PUT_UPDATED : PL_PUT_STORED, id,
				      root };
	rc = 0;
out:
	free(sh);
	pl_buf_free(&norm);
	pl_buf_free(&scratch);
	return rc;
}

/* ---- Reading ------------------------------------------------------------- */

static const char *col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

int pl_store_each(struct pl_store *s, bool with_text, pl_stored_fn fn, void *ud,
		  struct pl_diags *d)
{
	static const char sql[] =
		"SELECT id, origin, url, title, source, byline, dateline, language, format, "
		"published, published_precision, published_how, modified, content_hash, ingested_at, "
		"CASE WHEN ?1 THEN body END, length(CAST(body AS BLOB)), wire_of, "
		"(SELECT count(*) FROM captions c WHERE c.article_id = a.id), "
		"(SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id), "
		"(SELECT count(*) FROM sentences t WHERE t.article_id = a.id) "
		"FROM articles a ORDER BY id";
	sqlite3_stmt *q = NULL, *cq = NULL;
	const char **caps = NULL;
	size_t capcap = 0;
	int rc = -1, st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT text FROM captions WHERE article_id = ?1 ORDER BY n", -1,
			       &cq, NULL) != SQLITE_OK) {
		store_db_error(s, "cannot list articles", d);
		goto out;
	}
	sqlite3_bind_int(q, 1, with_text);
	while ((st = sqlite3_step(q)) == SQLITE_ROW) {
		struct pl_stored r = {
			.id = sqlite3_column_int64(q, 0),
			.origin = col(q, 1), .url = col(q, 2), .title = col(q, 3), .source = col(q, 4),
			.byline = col(q, 5), .dateline = col(q, 6), .language = col(q, 7),
			.format = col(q, 8), .published = col(q, 9), .published_precision = col(q, 10),
			.published_how = col(q, 11), .modified = col(q, 12), .content_hash = col(q, 13),
			.ingested_at = col(q, 14), .body = col(q, 15),
			.body_len = (size_t)sqlite3_column_int64(q, 16),
			.wire_of = sqlite3_column_int64(q, 17),
			.ncaptions = (long)sqlite3_column_int64(q, 18),
			.nparagraphs = (long)sqlite3_column_int64(q, 19),
			.nsentences = (long)sqlite3_column_int64(q, 20),
		};
		if (with_text && r.ncaptions > 0) {
			if ((size_t)r.ncaptions > capcap) {
				const char **p = realloc(caps, (size_t)r.ncaptions * sizeof *p);
				if (!p) {
					pl_error(d, s->path, "out of memory");
					goto out;
				}
				caps = p;
				capcap = (size_t)r.ncaptions;
			}
			sqlite3_reset(cq);
			sqlite3_bind_int64(cq, 1, r.id);
			long n = 0;
			/* Each step invalidates the previous row's text: copy each caption. */
			while (n < r.ncaptions && sqlite3_step(cq) == SQLITE_ROW)
				caps[n++] = sqlite3_mprintf("%s", col(cq, 0));
			r.ncaptions = n;
			r.captions = caps;
		}
		int u = fn(&r, ud);
		for (long i = 0; with_text && i < r.ncaptions; i++)
			sqlite3_free((void *)caps[i]);
		if (u) {
			rc = u;
			goto out;
		}
	}
	if (st != SQLITE_DONE) {
		store_db_error(s, "cannot list articles", d);
		goto out;
	}
	rc = 0;
out:
	free(caps);
	sqlite3_finalize(q);
	sqlite3_finalize(cq);
	return rc;
}

int pl_store_counts(struct pl_store *s, struct pl_store_counts *c, struct pl_diags *d)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM articles), "
		"(SELECT count(*) FROM articles WHERE wire_of IS NOT NULL), "
		"(SELECT count(*) FROM articles WHERE published IS NOT NULL), "
		"(SELECT count(*) FROM paragraphs), (SELECT count(*) FROM sentences), "
		"(SELECT count(*) FROM captions), "
		"(SELECT count(DISTINCT source) FROM articles), (SELECT count(*) FROM timexes)";
	sqlite3_stmt *q = NULL;
	int rc = -1;
	memset(c, 0, sizeof *c);
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		store_db_error(s, "cannot count articles", d);
	} else {
		int64_t *f[] = { &c->articles, &c->wire_copies, &c->dated, &c->paragraphs,
				 &c->sentences, &c->captions, &c->sources, &c->timexes };
		for (int i = 0; i < 8; i++)
			*f[i] = sqlite3_column_int64(q, i);
		rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}
