/* timexes.c - time expressions of stored articles: tagged at ingest, kept in the `timexes` table. */
#include "store_int.h"
#include "parley/time.h"

static int bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
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
		sqlite3_stmt *q = store_stmt(s, ST_INS_TIMEX, d);
		if (!q)
			return -1;
		long sn = pl_range_find(sents, nsent, t->start);
		sqlite3_bind_int64(q, 1, id);
		if (sn >= 0)
			sqlite3_bind_int64(q, 2, sn);
		sqlite3_bind_int64(q, 3, (int64_t)t->start);
		sqlite3_bind_int64(q, 4, (int64_t)t->end);
		sqlite3_bind_text(q, 5, body + t->start, (int)(t->end - t->start), SQLITE_STATIC);
		bind_opt(q, 6, pl_timex_type_name(t->type));
		bind_opt(q, 7, t->value);
		bind_opt(q, 8, t->mod);
		bind_opt(q, 9, t->range_end);
		bind_opt(q, 10, pl_timex_anchor_name(t->anchor));
		bind_opt(q, 11, t->raw);
		bind_opt(q, 12, t->rule_id);
		int rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			store_db_error(s, "cannot insert a time expression", d);
			return -1;
		}
	}
	return 0;
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
