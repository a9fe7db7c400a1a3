/* labels.c - non-overlapping label rows: first fit, then 1-D displacement by
 * pool-adjacent-violators (the exact least-squares answer labella.js
 * approximates with forces), each row an append-only stack of packed blocks. */
#include "render/layout_int.h"

#include <math.h>
#include <stdlib.h>

/* A block: consecutive labels of one row packed edge to edge (plus gap).
 * Member k sits at pos + (its offset); `sum` is the sum over members of
 * ideal - offset, so the unconstrained least-squares position is sum / n. */
struct block {
	size_t first, n;   /* members: row->lab[first .. first + n) */
	double width;      /* packed width, gaps included */
	double sum;
	double tmin, tmax; /* min / max of ideal - offset */
	double pos;
};

struct row {
	size_t *lab;       /* indices into the caller's array, in order */
	size_t nlab, labcap;
	struct block *blk;
	size_t nblk, blkcap;
};

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* What appending a label would do to row r: the merged block that results and
 * how many blocks it swallows.  Returns the largest displacement of a member
 * of the merged block, or INFINITY if it cannot fit. */
static double simulate(const struct row *r, const struct lbl *l, double lo, double hi,
		       double gap, double max_shift, struct block *out, size_t *nmerge)
{
	struct block b = { r->nlab, 1, l->w, l->ideal, l->ideal, l->ideal, 0 };
	b.pos = clampd(l->ideal, lo, hi - l->w);
	size_t k = r->nblk;
	while (k > 0) {
		const struct block *t = &r->blk[k - 1];
		if (t->pos + t->width + gap <= b.pos + 1e-9)
			break;
		/* Merge t (left) and b: b's offsets grow by t->width + gap. */
		double shift = t->width + gap;
		struct block m;
		m.first = t->first;
		m.n = t->n + b.n;
		m.width = shift + b.width;
		m.sum = t->sum + b.sum - (double)b.n * shift;
		m.tmin = fmin(t->tmin, b.tmin - shift);
		m.tmax = fmax(t->tmax, b.tmax - shift);
		if (m.width > hi - lo || (m.tmax - m.tmin) / 2 > max_shift)
			return INFINITY; /* only grows with further merges */
		m.pos = clampd(m.sum / (double)m.n, lo, hi - m.width);
		b = m;
		k--;
	}
	*out = b;
	*nmerge = r->nblk - k;
	return fmax(fabs(b.pos - b.tmin), fabs(b.tmax - b.pos));
}

static int commit(struct row *r, size_t idx, const struct block *b, size_t nmerge)
{
	if (!pl_grow(&r->lab, &r->labcap, r->nlab, sizeof *r->lab))
		return -1;
	r->lab[r->nlab++] = idx;
	r->nblk -= nmerge;
	if (!pl_grow(&r->blk, &r->blkcap, r->nblk, sizeof *r->blk))
		return -1;
	r->blk[r->nblk++] = *b;
	return 0;
}

long labels_place(struct lbl *l, size_t n, int rows, double lo, double hi, double gap,
		  double max_shift)
{
	for (size_t i = 0; i < n; i++) {
		l[i].row = -1;
		l[i].x = l[i].ideal;
	}
	if (rows <= 0 || n == 0)
		return 0;
	struct row *rw = calloc((size_t)rows, sizeof *rw);
	if (!rw)
		return -1;
	long placed = 0, rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (l[i].w > hi - lo)
			continue;
		int best = -1;
		double best_d = INFINITY;
		struct block best_b = { 0 }, b = { 0 };
		size_t best_m = 0, m = 0;
		for (int r = 0; r < rows; r++) {
			double d = simulate(&rw[r], &l[i], lo, hi, gap, max_shift, &b, &m);
			if (d > max_shift)
				continue;
			if (m == 0 && d < 0.5) { /* first fit: it sits where it belongs */
				best = r;
				best_b = b;
				best_m = m;
				break;
			}
			if (d < best_d) {
				best = r;
				best_d = d;
				best_b = b;
				best_m = m;
			}
		}
		if (best < 0)
			continue;
		if (commit(&rw[best], i, &best_b, best_m) < 0) {
			rc = -1;
			break;
		}
		l[i].row = best;
		placed++;
	}
	/* Members of a block are packed from its position. */
	for (int r = 0; r < rows; r++) {
		for (size_t k = 0; k < rw[r].nblk; k++) {
			const struct block *b = &rw[r].blk[k];
			double x = b->pos;
			for (size_t j = b->first; j < b->first + b->n; j++) {
				struct lbl *p = &l[rw[r].lab[j]];
				p->x = x;
				x += p->w + gap;
			}
		}
		free(rw[r].lab);
		free(rw[r].blk);
	}
	free(rw);
	return rc < 0 ? -1 : placed;
}
