/* match.c - run the rules of one kind over a text: prefilter, scan each rule
 * with PCRE2 under match/depth limits, apply `not` lines and veto rules, and
 * resolve overlaps (priority, then length, then position). */
#include "rules_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Defaults: a rule needing more than a million backtracking steps on one text
 * is broken (catastrophic backtracking), not slow; the depth limit bounds the
 * interpreter's heap for nested groups.  The JIT stack grows to 1 MiB. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define JIT_STACK_MIN (32u << 10)
#define JIT_STACK_MAX (1u << 20)

struct pl_matcher {
	const struct pl_ruleset *rs;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	/* per text: whether a byte occurs in it (has), looked up (memchr) the
	 * first time a rule that needs that byte gets that far; known[b] ==
	 * bstamp when has[b] is of the current subject (a stamp: a new text
	 * costs nothing) */
	uint32_t known[256];
	uint32_t bstamp;
	bool has[256];
	const unsigned char *subj;
	size_t nsubj;
	struct rfound found; /* literals of the current text and where they start */
	struct rposv *cand; /* per start set: merged candidate starts for this text */
	bool *cand_ready;
	uint64_t *bits; /* merge scratch: one bit per byte of the text, kept all zero */
	size_t nbits;   /* words in bits */
	bool no_prefilter;
	const char *trusted; /* pl_matcher_trust_utf8: known valid UTF-8 (borrowed) */
	size_t ntrusted;
	int min_priority; /* pl_matcher_set_min_priority; INT_MIN: every rule runs */
	/* a copy of the last text prepared: the stages run several kinds over one
	 * text (status and topic rules over a sentence), and what the scan of a
	 * text finds depends on the text only */
	char *last;
	size_t nlast, lastcap;
	bool last_ok;
	/* where the current text starts in the last one scanned: it may be a
	 * part of that text (a chunk of the time tagger, its sentence, the
	 * words before an expression), and the positions found are offsets into
	 * the text scanned.  lastat: that text's address in its last call (only
	 * compared, never read through) */
	size_t base;
	uintptr_t lastat;
	/* per kind of the set, in the order of its `run`: each rule's literal
	 * prefilter id, or the slot npf past them, marked seen for every text,
	 * when it has none; so the loop over a kind's rules rejects those whose
	 * literals are absent from a small array, without touching the rules;
	 * kind j's start at runpf + runat[j] */
	uint32_t *runpf;
	size_t *runat;
	const struct kindidx *lastk; /* the kind of the last call, NULL none */
};

struct pl_matcher *pl_matcher_create(const struct pl_ruleset *rs)
{
	struct pl_matcher *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->rs = rs;
	m->min_priority = INT_MIN;
	m->bstamp = 1; /* known[] (all 0) holds nothing yet */
	m->md = pcre2_match_data_create(rs && rs->maxgroups ? rs->maxgroups : 1, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
	size_t nlit = rs && rs->lits.n ? rs->lits.n : 1;
	m->found.present = calloc(nlit, 1);
	m->found.pos = calloc(nlit, sizeof *m->found.pos);
	m->found.touched = malloc(nlit * sizeof *m->found.touched);
	m->found.posids = malloc(nlit * sizeof *m->found.posids);
	/* one more than the prefilters: the slot of the rules without one (runpf) */
	m->found.pfseen = calloc((rs ? rs->lits.npf : 0) + 1, sizeof *m->found.pfseen);
	m->cand = calloc(rs && rs->nstarts ? rs->nstarts : 1, sizeof *m->cand);
	m->cand_ready = calloc(rs && rs->nstarts ? rs->nstarts : 1, sizeof *m->cand_ready);
	size_t nk = rs ? rs->nkinds : 0, nrun = 0;
	for (size_t j = 0; j < nk; j++)
		nrun += rs->kinds[j].n;
	m->runpf = malloc((nrun ? nrun : 1) * sizeof *m->runpf);
	m->runat = malloc((nk ? nk : 1) * sizeof *m->runat);
	if (m->runpf && m->runat) {
		nrun = 0;
		for (size_t j = 0; j < nk; j++) {
			const struct kindidx *k = &rs->kinds[j];
			m->runat[j] = nrun;
			for (size_t i = 0; i < k->n; i++)
				m->runpf[nrun++] = k->run[i]->pf.nlit ? k->run[i]->pf.id : rs->lits.npf;
		}
	}
	if (!m->md || !m->mctx || !m->found.present || !m->found.pos || !m->found.touched ||
	    !m->found.posids || !m->runpf || !m->runat ||
	    !m->found.pfseen || !m->cand || !m->cand_ready) {
		pl_matcher_destroy(m);
		return NULL;
	}
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
	if (m->jit) /* without a JIT stack PCRE2 uses 32 KiB on the machine stack */
		pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
	return m;
}

void pl_matcher_destroy(struct pl_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit);
	free(m->found.present);
	for (size_t i = 0; m->found.pos && i < m->rs->lits.n; i++)
		free(m->found.pos[i].v);
	free(m->found.pos);
	free(m->found.touched);
	free(m->found.posids);
	free(m->found.pfseen);
	free(m->bits);
	for (size_t i = 0; m->cand && i < m->rs->nstarts; i++)
		free(m->cand[i].v);
	free(m->cand);
	free(m->cand_ready);
	free(m->last);
	free(m->runpf);
	free(m->runat);
	free(m);
}

void pl_matcher_set_min_priority(struct pl_matcher *m, int priority)
{
	m->min_priority = priority;
}

void pl_matcher_set_limits(struct pl_matcher *m, uint32_t match_limit, uint32_t depth_limit)
{
	pcre2_set_match_limit(m->mctx, match_limit);
	pcre2_set_depth_limit(m->mctx, depth_limit);
}

/* ---- Prefilter -------------------------------------------------------------- */

/* Build the byte-level filter from what PCRE2 learned about the pattern: a
 * code unit every match must contain (the last literal, or the first when
 * there is one fixed first unit).  Caseless ASCII letters need either case;
 * a caseless non-ASCII unit is not used (its other case is other bytes). */
void rules_prefilter_build(struct pl_ruleset *rs, struct pl_rule *r)
{
	(void)rs;
	uint32_t type = 0, unit = 0;
	pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODETYPE, &type);
	if (type == 1) {
		pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODEUNIT, &unit);
	} else {
		pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type);
		if (type == 1)
			pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
	}
	if (type != 1 || unit > 0xFF)
		return;
	uint8_t b = (uint8_t)unit;
	bool letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
	if (!r->case_sensitive && b >= 0x80)
		return;
	r->pf.has_need = true;
	r->pf.need_byte[0] = b;
	r->pf.need_byte[1] = (!r->case_sensitive && letter) ? (uint8_t)(b ^ 0x20) : b;
}

void pl_matcher_trust_utf8(struct pl_matcher *m, const char *text, size_t len)
{
	m->trusted = text;
	m->ntrusted = text ? len : 0;
}

/* Is s[0..len) valid UTF-8?  Free for a range inside the trusted text that
 * does not cut a character (compared as addresses: the subject may be any
 * buffer). */
static bool subject_valid(const struct pl_matcher *m, const char *s, size_t len)
{
	uintptr_t t = (uintptr_t)m->trusted, p = (uintptr_t)s;
	if (m->trusted && p >= t && p - t <= m->ntrusted && len <= m->ntrusted - (p - t)) {
		size_t end = (size_t)(p - t) + len;
		if ((len == 0 || !pl_utf8_is_cont(s[0])) &&
		    (end == m->ntrusted || !pl_utf8_is_cont(m->trusted[end])))
			return true;
	}
	return pl_utf8_valid(s, len);
}

void rules_matcher_prefilter(struct pl_matcher *m, bool on)
{
	m->no_prefilter = !on;
}

/* Forget which bytes the current subject has (another text comes). */
static void bytes_forget(struct pl_matcher *m)
{
	if (++m->bstamp == 0) { /* wrapped: old stamps could look current */
		memset(m->known, 0, sizeof m->known);
		m->bstamp = 1;
	}
}

/* Does the current subject contain byte b?  A rule's needed byte is one of
 * a few per rule set, so looking each up once per text beats a table of
 * all 256 built from every byte.  The look-up is off the inlined path. */
__attribute__((noinline)) static bool look_byte(struct pl_matcher *m, uint8_t b)
{
	m->has[b] = memchr(m->subj, b, m->nsubj) != NULL;
	m->known[b] = m->bstamp;
	return m->has[b];
}

static inline bool has_byte(struct pl_matcher *m, uint8_t b)
{
	return m->known[b] == m->bstamp ? m->has[b] : look_byte(m, b);
}

/* Can a pattern with this prefilter match the current text? */
static inline bool prefilter_pass(struct pl_matcher *m, const struct prefilter *pf)
{
	if (m->no_prefilter)
		return true;
	if (pf->nlit && m->found.pfseen[pf->id] != m->found.gen)
		return false;
	if (pf->has_need) {
		if (!has_byte(m, pf->need_byte[0]) &&
		    (pf->need_byte[1] == pf->need_byte[0] || !has_byte(m, pf->need_byte[1])))
			return false;
	}
	if (pf->nline == 0)
		return true;
	/* some line has every one of its required sets in the text */
	for (size_t k = 0; k < pf->nline; k++) {
		size_t j = pf->lat[k];
		while (j < pf->lat[k + 1] && m->found.pfseen[m->rs->reqs[pf->lreq[j]].id] == m->found.gen)
			j++;
		if (j == pf->lat[k + 1])
			return true;
	}
	return false;
}

/* One match attempt: JIT-compiled code goes straight to the machine code
 * (pcre2_jit_match skips pcre2_match's option and subject checks; the text
 * was checked once per call of pl_match_all). */
static int run(const struct pl_matcher *m, const pcre2_code *code, bool jit, const char *s,
	       size_t len, size_t off)
{
	if (jit)
		return pcre2_jit_match(code, (PCRE2_SPTR)s, len, off, 0, m->md, m->mctx);
	return pcre2_match(code, (PCRE2_SPTR)s, len, off, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
}

/* ---- Scanning ----------------------------------------------------------------- */

struct cands {
	struct pl_match *v;
	size_t n, cap;
};

static void fill_caps(const struct pl_rule *r, const PCRE2_SIZE *ov, struct pl_match *mt)
{
	mt->ncap = r->ncap;
	for (int i = 0; i < r->ncap; i++) {
		mt->cap[i].name = r->capname[i];
		mt->cap[i].start = mt->cap[i].end = SIZE_MAX;
		for (int k = 0; k < r->capngroups[i]; k++) {
			uint16_t g = r->capgroups[i][k];
			if (ov[2 * g] != PCRE2_UNSET) {
				mt->cap[i].start = ov[2 * g];
				mt->cap[i].end = ov[2 * g + 1];
				break;
			}
		}
	}
}

static void limit_warning(const struct pl_rule *r, int rc, size_t off, struct pl_diags *d)
{
	const char *what = rc == PCRE2_ERROR_MATCHLIMIT ? "match limit"
			   : rc == PCRE2_ERROR_DEPTHLIMIT ? "depth limit"
			   : rc == PCRE2_ERROR_JIT_STACKLIMIT ? "JIT stack limit"
			   : rc == PCRE2_ERROR_HEAPLIMIT ? "heap limit" : "an error";
	if (d)
		pl_diags_add(d, PL_WARNING, r->path, false, 0, 0,
			     "rule '%s' hit the %s at byte %zu; its matches in this text are dropped",
			     r->id, what, off);
}

/* Every non-empty match of `code` (rule r) that starts before `stop` (and
 * perhaps one after it) appended to c: the scan ends once it is past `stop`,
 * SIZE_MAX for all.  Returns 0, 1 when a limit was hit (warned; this rule's
 * matches from this scan are removed), or -1 on OOM. */
static int scan(struct pl_matcher *m, const struct pl_rule *r, const pcre2_code *code, bool jit,
		const char *s, size_t len, size_t stop, struct cands *c, struct pl_diags *d)
{
	size_t first = c->n, off = 0;
	while (off <= len && off < stop) {
		int rc = run(m, code, jit, s, len, off);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			limit_warning(r, rc, off, d);
			c->n = first;
			return 1;
		}
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		size_t st = ov[0], en = ov[1];
		if (en > st) {
			if (!pl_grow(&c->v, &c->cap, c->n, sizeof *c->v))
				return -1;
			struct pl_match *mt = &c->v[c->n++];
			mt->rule = r;
			mt->start = st;
			mt->end = en;
			if (code == r->code)
				fill_caps(r, ov, mt);
			else
				mt->ncap = 0; /* a `not` line: only its extent counts */
			off = en;
		} else {
			/* empty match: step one code point so the scan moves on */
			off = st + 1;
			while (off < len && pl_utf8_is_cont(s[off]))
				off++;
		}
	}
	return 0;
}

/* Drop candidates of rule r that overlap a match of one of its `not` lines. */
static int cmp_start(const void *a, const void *b);

/* Remove from c->v[from..to) every candidate that overlaps one of
 * cut[0..ncut) (scratch: sorted and its ends turned into running maxima, so
 * each test is one binary search).  Later entries of c move down. */
static void drop_overlapping(struct cands *c, size_t from, size_t to, struct pl_match *cut,
			     size_t ncut)
{
	qsort(cut, ncut, sizeof *cut, cmp_start);
	for (size_t i = 1; i < ncut; i++)
		if (cut[i].end < cut[i - 1].end)
			cut[i].end = cut[i - 1].end;
	size_t w = from;
	for (size_t i = from; i < to; i++) {
		size_t lo = 0, hi = ncut; /* lo: how many cuts start before this one ends */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (cut[mid].start < c->v[i].end)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!(lo > 0 && cut[lo - 1].end > c->v[i].start))
			c->v[w++] = c->v[i];
	}
	memmove(&c->v[w], &c->v[to], (c->n - to) * sizeof *c->v);
	c->n -= to - w;
}

static int scan_anchored(struct pl_matcher *m, const struct pl_rule *r, const pcre2_code *acode,
			 bool jit, const struct prefilter *pf, const char *s, size_t len, size_t stop,
			 struct cands *c, struct pl_diags *d);

/* Drop candidates of rule r that overlap a match of one of its `not` lines.
 * A line is skipped when its literals are absent, and tried only where its
 * first literals occur when it has them (as rules are). */
static int apply_nots(struct pl_matcher *m, const struct pl_rule *r, const char *s, size_t len,
		      struct cands *c, size_t from, size_t to, struct pl_diags *d)
{
	struct cands nm = { 0 };
	for (size_t k = 0; k < r->nnot; k++) {
		const struct prefilter *pf = &r->notpf[k];
		if (!prefilter_pass(m, pf))
			continue;
		int rc = r->notacode[k] && !m->no_prefilter
				 ? scan_anchored(m, r, r->notacode[k], r->notjit[k] & 2, pf, s, len,
						 SIZE_MAX, &nm, d)
				 : scan(m, r, r->notcode[k], r->notjit[k] & 1, s, len, SIZE_MAX, &nm, d);
		if (rc < 0) {
			free(nm.v);
			return -1;
		}
	}
	if (nm.n)
		drop_overlapping(c, from, to, nm.v, nm.n);
	free(nm.v);
	return 0;
}

static bool ascii_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool prepare_subject(struct pl_matcher *m, const char *s, size_t len)
{
	if (s != (const char *)m->subj || len != m->nsubj)
		bytes_forget(m); /* what it knows is of another text */
	m->subj = (const unsigned char *)s;
	m->nsubj = len;
	/* The text scanned last, or a part of it (found by address in the last
	 * call's text, checked against the copy): what the scan of the whole
	 * found is a superset of what the part's own scan finds -- literals
	 * there, starting positions there and a few more (a literal running past
	 * the part's end) -- and the prefilter only skips rules and positions
	 * that cannot match, so the matches are the same.  Except at the part's
	 * start: there \b holds whatever came before, and a word-start literal
	 * inside a word was not recorded; such a part is scanned again. */
	uintptr_t p = (uintptr_t)s;
	if (m->last_ok && p >= m->lastat && p - m->lastat <= m->nlast &&
	    len <= m->nlast - (p - m->lastat)) {
		size_t k = (size_t)(p - m->lastat);
		if ((k == 0 || !ascii_word(m->last[k - 1]) || len == 0 || !ascii_word(s[0])) &&
		    memcmp(s, m->last + k, len) == 0) {
			m->base = k;
			return true;
		}
	}
	if (m->last_ok && len == m->nlast && memcmp(s, m->last, len) == 0) {
		m->base = 0; /* the same text at another address */
		m->lastat = p;
		return true;
	}
	m->last_ok = false;
	bytes_forget(m);
	m->base = 0;
	if (len > m->lastcap) {
		char *nl = realloc(m->last, len);
		if (nl) {
			m->last = nl;
			m->lastcap = len;
		}
	}
	bool keep = len <= m->lastcap;
	if (m->rs->nstarts)
		memset(m->cand_ready, 0, m->rs->nstarts * sizeof *m->cand_ready);
	if (m->rs->lits.n && !rules_literals_scan(m->rs, s, len, &m->found))
		return false;
	if (keep) {
		memcpy(m->last, s, len);
		m->nlast = len;
		m->lastat = p;
		m->last_ok = true;
	}
	return true;
}

/* The sorted union of the start positions of a start set's literals,
 * computed once per text: each position sets its bit in a bitmap of the
 * text, and the set bits are read back in order (clearing them again).
 * A large set (the words of %NUMBER, %MONTH) is not walked: the few literals
 * the text has positions for are looked up in it instead. */
static int merge_starts(struct pl_matcher *m, size_t ss, size_t len)
{
	const struct rstartset *set = &m->rs->starts[ss];
	struct rposv *out = &m->cand[ss];
	size_t total = 0, lo = SIZE_MAX, hi = 0;
	if (m->cand_ready[ss])
		return 0;
	uint32_t few[64];
	const uint32_t *ids = set->ids;
	size_t nids = set->n;
	if (set->member && m->found.nposids < nids && m->found.nposids <= sizeof few / sizeof *few) {
		nids = 0;
		for (size_t i = 0; i < m->found.nposids; i++) {
			uint32_t id = m->found.posids[i];
			if (set->member[id / 64] >> (id % 64) & 1)
				few[nids++] = id;
		}
		ids = few;
	}
	for (size_t i = 0; i < nids; i++) {
		const struct rposv *p = &m->found.pos[ids[i]];
		if (p->n) {
			total += p->n;
			if (p->v[0] < lo)
				lo = p->v[0];
			if (p->v[p->n - 1] > hi)
				hi = p->v[p->n - 1];
		}
	}
	out->n = 0;
	m->cand_ready[ss] = true;
	if (total == 0)
		return 0;
	if (total > out->cap) {
		size_t *nv = realloc(out->v, total * sizeof *nv);
		if (!nv)
			return -1;
		out->v = nv;
		out->cap = total;
	}
	size_t need = len / 64 + 1;
	if (need > m->nbits) {
		uint64_t *nb = realloc(m->bits, need * sizeof *nb);
		if (!nb)
			return -1;
		memset(nb + m->nbits, 0, (need - m->nbits) * sizeof *nb);
		m->bits = nb;
		m->nbits = need;
	}
	for (size_t i = 0; i < nids; i++) {
		const struct rposv *p = &m->found.pos[ids[i]];
		for (size_t j = 0; j < p->n; j++)
			m->bits[p->v[j] / 64] |= (uint64_t)1 << (p->v[j] % 64);
	}
	for (size_t w = lo / 64; w <= hi / 64; w++) {
		uint64_t x = m->bits[w];
		m->bits[w] = 0;
		while (x) {
			out->v[out->n++] = w * 64 + (size_t)__builtin_ctzll(x);
			x &= x - 1;
		}
	}
	return 0;
}


/* Like scan, for a pattern whose every match starts with one of its first
 * literals (pf): try the anchored form only at their occurrences before
 * `stop`, in order, skipping those inside the previous match (the same
 * matches a scan finds). */
static int scan_anchored(struct pl_matcher *m, const struct pl_rule *r, const pcre2_code *acode,
			 bool jit, const struct prefilter *pf, const char *s, size_t len, size_t stop,
			 struct cands *c, struct pl_diags *d)
{
	const size_t *v;
	/* positions are offsets into the text scanned, of which s may be a part */
	size_t n, base = m->base, scanned = m->last_ok ? m->nlast : len;
	if (pf->nfirst == 1) {
		v = m->found.pos[pf->first[0]].v;
		n = m->found.pos[pf->first[0]].n;
	} else if (merge_starts(m, pf->startset, scanned) < 0) {
		return -1;
	} else {
		v = m->cand[pf->startset].v;
		n = m->cand[pf->startset].n;
	}
	size_t first = c->n, off = 0;
	bool ws = pf->wordstart, caps = acode == r->acode;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < base)
			continue; /* none: no literal starts in white space */
		size_t at = v[i] - base;
		if (at >= stop || at >= len)
			break; /* past the part (a literal has a character at least) */
		if (at < off)
			continue;
		/* \b cannot hold between two ASCII word characters */
		if (ws && at > 0 && ascii_word(s[at - 1]) && ascii_word(s[at]))
			continue;
		int rc = run(m, acode, jit, s, len, at);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0) {
			limit_warning(r, rc, at, d);
			c->n = first;
			return 1;
		}
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		if (ov[1] <= ov[0])
			continue; /* empty (or \K after the end): dropped like in scan */
		if (!pl_grow(&c->v, &c->cap, c->n, sizeof *c->v))
			return -1;
		struct pl_match *mt = &c->v[c->n++];
		mt->rule = r;
		mt->start = ov[0];
		mt->end = ov[1];
		if (caps)
			fill_caps(r, ov, mt);
		else
			mt->ncap = 0; /* a `not` line: only its extent counts */
		off = ov[1];
	}
	return 0;
}

long rules_scan_rule(struct pl_matcher *m, const struct pl_rule *r, const char *subject,
		     size_t len, struct pl_match **out, struct pl_diags *d)
{
	struct cands c = { 0 };
	*out = NULL;
	if (!pl_utf8_valid(subject, len))
		return 0;
	rules_prepare(r, RULE_READY_PLAIN);
	if (scan(m, r, r->code, r->jit, subject, len, SIZE_MAX, &c, d) < 0) {
		free(c.v);
		return -1;
	}
	*out = c.v;
	return (long)c.n;
}

/* Order for choosing among overlapping candidates: priority, length, start, rule order. */
static int cmp_pick(const void *a, const void *b)
{
	const struct pl_match *x = a, *y = b;
	int px = pl_rule_priority(x->rule), py = pl_rule_priority(y->rule);
	if (px != py)
		return px > py ? -1 : 1;
	size_t lx = x->end - x->start, ly = y->end - y->start;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rule->order < y->rule->order ? -1 : x->rule->order > y->rule->order;
}

static int cmp_start(const void *a, const void *b)
{
	const struct pl_match *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Index of the first accepted interval whose end is > start (accepted sorted
 * by start and pairwise disjoint, so ends are sorted too). */
static size_t first_ending_after(const struct pl_match *acc, size_t n, size_t start)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (acc[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long pl_match_all(struct pl_matcher *m, const char *kind, const char *subject, size_t len,
		  struct pl_match **out, struct pl_diags *d)
{
	/* the stages call a few kinds in turn, mostly the same one again */
	const struct kindidx *k = m->lastk && strcmp(kind, m->lastk->kind) == 0
					  ? m->lastk : rules_kind(m->rs, kind);
	if (k)
		m->lastk = k;
	struct cands c = { 0 }, veto = { 0 };
	struct pl_match *acc = NULL;
	size_t nacc = 0;
	long ret = -1;
	*out = NULL;
	if (!k || len == 0)
		return 0;
	if (!subject_valid(m, subject, len)) {
		if (d)
			pl_diags_add(d, PL_WARNING, NULL, false, 0, 0,
				     "text is not valid UTF-8; no '%s' rules applied", kind);
		return 0;
	}
	if (!prepare_subject(m, subject, len))
		goto out;
	m->found.pfseen[m->rs->lits.npf] = m->found.gen; /* runpf's slot for no prefilter */
	/* The other rules first, then the vetoes, only when there is something
	 * to veto and only as far as the candidates reach: the matches of a scan
	 * come in order, so none of those after the last candidate's end can
	 * overlap one (what a veto does there is never seen). */
	size_t reach = 0, nplain = k->n - k->nveto;
	const uint32_t *runpf = m->runpf + m->runat[k - m->rs->kinds], *seen = m->found.pfseen;
	const uint32_t gen = m->found.gen;
	const bool filter = !m->no_prefilter;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && c.n == 0)
			break;
		for (size_t i = pass ? nplain : 0; i < (pass ? k->n : nplain); i++) {
			/* prefilter_pass's first test, on the small array */
			if (filter && seen[runpf[i]] != gen)
				continue;
			const struct pl_rule *r = k->run[i];
			if (r->prio < m->min_priority && !r->veto) /* INT_MIN: never */
				continue;
			if (!prefilter_pass(m, &r->pf))
				continue;
			rules_prepare(r, m->no_prefilter ? RULE_READY_PLAIN : RULE_READY_ANCHORED);
			struct cands *dst = r->veto ? &veto : &c;
			size_t from = dst->n, stop = r->veto ? reach : SIZE_MAX;
			int rc = r->acode && !m->no_prefilter
					 ? scan_anchored(m, r, r->acode, r->ajit, &r->pf, subject, len,
							 stop, dst, d)
					 : scan(m, r, r->code, r->jit, subject, len, stop, dst, d);
			if (rc < 0)
				goto out;
			if (r->nnot && dst->n > from &&
			    apply_nots(m, r, subject, len, dst, from, dst->n, d) < 0)
				goto out;
		}
		for (size_t i = 0; pass == 0 && k->nveto && i < c.n; i++) /* after `not` lines */
			if (c.v[i].end > reach)
				reach = c.v[i].end;
	}
	/* Vetoes: any candidate overlapping a veto match goes. */
	if (veto.n && c.n)
		drop_overlapping(&c, 0, c.n, veto.v, veto.n);
	/* Greedy by preference; the accepted set stays sorted by start. */
	if (c.n) {
		qsort(c.v, c.n, sizeof *c.v, cmp_pick);
		acc = malloc(c.n * sizeof *acc);
		if (!acc)
			goto out;
		for (size_t i = 0; i < c.n; i++) {
			size_t at = first_ending_after(acc, nacc, c.v[i].start);
			if (at < nacc && acc[at].start < c.v[i].end)
				continue; /* overlaps an accepted, preferred match */
			memmove(&acc[at + 1], &acc[at], (nacc - at) * sizeof *acc);
			acc[at] = c.v[i];
			nacc++;
		}
		qsort(acc, nacc, sizeof *acc, cmp_start); /* already sorted; keeps the contract explicit */
	}
	*out = acc;
	acc = NULL;
	ret = (long)nacc;
out:
	free(acc);
	free(c.v);
	free(veto.v);
	return ret;
}
