/* timexes.c - time expressions of stored articles: tagged at ingest, kept in the `timexes` table. */
#include "store_int.h"
#include "parley/time.h"

struct timex_row {
	int64_t id;
	const char *body;
	const struct pl_timex *v;
	const struct pl_range *sents;
	size_t nsent;
};

static void bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

static void bind_timex(sqlite3_stmt *q, int b, size_t i, void *ud)
{
	const struct timex_row *w = ud;
	const struct pl_timex *t = &w->v[i];
	long sn = pl_range_find(w->sents, w->nsent, t->start);
	sqlite3_bind_int64(q, b + 1, w->id);
	if (sn >= 0)
		sqlite3_bind_int64(q, b + 2, sn);
	else
		sqlite3_bind_null(q, b + 2);
	sqlite3_bind_int64(q, b + 3, (int64_t)t->start);
	sqlite3_bind_int64(q, b + 4, (int64_t)t->end);
	sqlite3_bind_text(q, b + 5, w->body + t->start, (int)(t->end - t->start), SQLITE_STATIC);
	bind_opt(q, b + 6, pl_timex_type_name(t->type));
	bind_opt(q, b + 7, t->value);
	bind_opt(q, b + 8, t->mod);
	bind_opt(q, b + 9, t->range_end);
	bind_opt(q, b + 10, pl_timex_anchor_name(t->anchor));
	bind_opt(q, b + 11, t->raw);
	bind_opt(q, b + 12, t->rule_id);
}

int pl_store_put_timexes(struct pl_store *s, int64_t id, const char *body, size_t body_len,
			 const struct pl_timexes *x, const struct pl_range *sents, size_t nsent,
			 struct pl_diags *d)
{
	for (size_t i = 0; i < x->n; i++) {
		const struct pl_timex *t = &x->v[i];
		if (t->start > t->end || t->end > body_len) {
			pl_error(d, s->path, "time expression %zu of article %lld is outside its body",
				 i, (long long)id);
			return -1;
		}
	}
	struct timex_row w = { id, body, x->v, sents, nsent };
	return store_insert_rows(s, BK_TIMEX, x->n, bind_timex, &w, "a time expression", d);
}

int pl_store_timex_hook(struct pl_store *s, const struct pl_put_info *info,
			const struct pl_article *a, const struct pl_range *sents, size_t nsent,
			void *ud, struct pl_diags *d)
{
	if (info->result != PL_PUT_STORED && info->result != PL_PUT_UPDATED)
		return 0;
	struct pl_timexes x = { 0 };
	/* A DCT coarser than a day would ground "yesterday" to nonsense: leave
	 * relative expressions unresolved instead. */
	const struct pl_datetime *dct = a->published.prec >= PL_PREC_DAY ? &a->published : NULL;
	int rc = -1;
	if (pl_timex_tag_article(ud, a->body, a->body_len, sents, nsent, dct, &x, d) < 0)
		pl_error(d, a->origin, "out of memory tagging time expressions");
	else
		rc = pl_store_put_timexes(s, info->id, a->body, a->body_len, &x, sents, nsent, d);
	pl_timexes_free(&x);
	return rc < 0 ? 1 : 0;
}
