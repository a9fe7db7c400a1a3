/* tagger.c - pass 1 of the temporal tagger on the rule engine, then pass 2 per match.
 *
 * For each `timex` match: expand the rule's value (underspecified notation),
 * find the tense (rule attribute, a `timex-before` rule, or the nearest
 * `tense` cue in the sentence), ground the value (resolve.c), then link
 * ranges ("Dec. 14-15", "from January to March") through list TIME_RANGE_JOIN.
 */
#include "parley/time.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Expansions of value and mod templates already made: an expansion is a
 * function of the rule's template and the texts of the match's captures
 * (pl_rule_expand reads nothing else), and the same few expressions ("on
 * Monday", "last week") come back in article after article.  Direct-mapped,
 * a fixed number of slots: memory does not grow with the corpus. */
#define XC_SLOTS 1024

struct xc_slot {
	const struct pl_rule *rule; /* NULL: empty */
	const char *attr;           /* "value" or "mod" (the literal passed to expand_attr) */
	uint32_t hash;
	char *key;                  /* captures, as xc_key writes them */
	size_t keylen;
	char *val;                  /* the expansion, NULL when it fails */
};

struct pl_tagger {
	const struct pl_ruleset *rs;
	struct xc_slot *xc;         /* XC_SLOTS slots, NULL when that allocation failed */
	struct pl_buf xkey;         /* scratch for xc_key */
	/* m: the chunks, the sentences of their tense cues and the windows of
	 * the `timex-before` rules that start at a word boundary; mb: the other
	 * windows.  A matcher reuses the literal scan of its last text for a
	 * part of it, except a part starting inside a word, which it scans again
	 * and keeps: on m that would lose the chunk's scan. */
	struct pl_matcher *m, *mb;
};

/* The tense cues of the current sentence, cached across its time expressions. */
struct tense_cache {
	size_t s_start, s_end; /* sentence the cues belong to; s_end == 0: none yet */
	struct pl_match *cues;
	long ncues;
};

/* How far back the `timex-before` rules look, in bytes: enough for "no later than the ". */
#define BEFORE_WINDOW 40
/* How far the fallback sentence scan goes each way, in bytes. */
#define SENTENCE_SCAN 600

struct pl_tagger *pl_tagger_create(const struct pl_ruleset *rs)
{
	struct pl_tagger *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->rs = rs;
	t->xc = calloc(XC_SLOTS, sizeof *t->xc); /* without it, every expansion is made anew */
	t->m = pl_matcher_create(rs);
	t->mb = pl_matcher_create(rs);
	if (!t->m || !t->mb) {
		pl_tagger_destroy(t);
		return NULL;
	}
	return t;
}

void pl_tagger_destroy(struct pl_tagger *t)
{
	if (!t)
		return;
	pl_matcher_destroy(t->m);
	pl_matcher_destroy(t->mb);
	for (size_t i = 0; t->xc && i < XC_SLOTS; i++) {
		free(t->xc[i].key);
		free(t->xc[i].val);
	}
	free(t->xc);
	pl_buf_free(&t->xkey);
	free(t);
}

const char *pl_timex_type_name(enum pl_timex_type ty)
{
	switch (ty) {
	case PL_TIMEX_TIME: return "TIME";
	case PL_TIMEX_DURATION: return "DURATION";
	case PL_TIMEX_SET: return "SET";
	default: return "DATE";
	}
}

const char *pl_timex_anchor_name(enum pl_timex_anchor a)
{
	switch (a) {
	case PL_ANCHOR_DCT: return "dct";
	case PL_ANCHOR_REF: return "ref";
	case PL_ANCHOR_UNRESOLVED: return "unresolved";
	default: return "none";
	}
}

static enum pl_timex_type parse_type(const char *s)
{
	if (s && strcmp(s, "TIME") == 0)
		return PL_TIMEX_TIME;
	if (s && strcmp(s, "DURATION") == 0)
		return PL_TIMEX_DURATION;
	if (s && strcmp(s, "SET") == 0)
		return PL_TIMEX_SET;
	return PL_TIMEX_DATE;
}

void pl_timexes_free(struct pl_timexes *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++) {
		free(x->v[i].value);
		free(x->v[i].mod);
		free(x->v[i].range_end);
		free(x->v[i].raw);
		free(x->v[i].rule_id);
	}
	free(x->v);
	x->v = NULL;
	x->n = x->cap = 0;
}

/* ---- sentences and tense ---------------------------------------------------- */

/* A sentence boundary ends at i: [.!?] then whitespace then an upper-case
 * letter or a quote, or a blank line.  Only a fallback for plain text: real
 * sentences come from pl_sentences. */
static bool boundary_after(const char *s, size_t len, size_t i)
{
	if (s[i] == '\n' && i + 1 < len && s[i + 1] == '\n')
		return true;
	if (s[i] != '.' && s[i] != '!' && s[i] != '?')
		return false;
	size_t j = i + 1;
	if (j >= len || (s[j] != ' ' && s[j] != '\n'))
		return false;
	while (j < len && (s[j] == ' ' || s[j] == '\n'))
		j++;
	return j < len && (isupper((unsigned char)s[j]) || s[j] == '"' || (unsigned char)s[j] >= 0xC0);
}

static void scan_sentence(const char *s, size_t len, size_t at, size_t *st, size_t *en)
{
	size_t lo = at > SENTENCE_SCAN ? at - SENTENCE_SCAN : 0;
	size_t b = at;
	while (b > lo && !boundary_after(s, len, b - 1))
		b--;
	size_t hi = at + SENTENCE_SCAN < len ? at + SENTENCE_SCAN : len;
	size_t e = at;
	while (e < hi && !boundary_after(s, len, e))
		e++;
	*st = b;
	*en = e < len ? e + 1 : len;
}

/* The sentence holding byte `at`: the known one (ingest's ranges), else a
 * punctuation scan around `at` (plain text, or `at` between ranges). */
static void find_sentence(const char *s, size_t len, const struct pl_range *sents, size_t ns,
			  size_t at, size_t *st, size_t *en)
{
	long k = sents ? pl_range_find(sents, ns, at) : -1;
	if (k >= 0) {
		*st = sents[k].start;
		*en = sents[k].end;
		return;
	}
	scan_sentence(s, len, at, st, en);
}

static int tense_word(const char *s)
{
	if (!s)
		return 0;
	return strcmp(s, "future") == 0 ? 1 : strcmp(s, "past") == 0 ? -1 : 0;
}

/* Does text[a, b) hold a quotation mark (" “ ” ``  '' or a closing ’ after
 * a space or before one)?  A cue on the other side of one belongs to the
 * reporting clause, not to the quoted words, or the other way round. */
static bool quote_between(const char *text, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		char c = text[i];
		if (c == '"' || (c == '`' && i + 1 < b && text[i + 1] == '`') ||
		    (c == '\'' && i + 1 < b && text[i + 1] == '\''))
			return true;
		if ((unsigned char)c == 0xE2 && i + 2 < b && (unsigned char)text[i + 1] == 0x80 &&
		    ((unsigned char)text[i + 2] == 0x9C || (unsigned char)text[i + 2] == 0x9D))
			return true;
	}
	return false;
}

/* Tense of the cue nearest to [start, end) in the sentence; 0 when none. */
static int sentence_tense(struct pl_tagger *t, struct tense_cache *tc, const char *text,
			  size_t st, size_t en, size_t start, size_t end, struct pl_diags *d)
{
	if (tc->s_end == 0 || tc->s_start != st || tc->s_end != en) {
		free(tc->cues);
		tc->cues = NULL;
		tc->ncues = pl_match_all(t->m, "tense", text + st, en - st, &tc->cues, d);
		if (tc->ncues < 0)
			tc->ncues = 0;
		tc->s_start = st;
		tc->s_end = en;
	}
	int best = 0;
	size_t bestdist = SIZE_MAX;
	for (long i = 0; i < tc->ncues; i++) {
		size_t cs = st + tc->cues[i].start, ce = st + tc->cues[i].end;
		if (ce > start && cs < end)
			continue; /* a cue inside the expression ("last" in "last Friday") */
		size_t dist = ce <= start ? start - ce : (cs - end) * 2; /* cues before count more */
		if (ce <= start ? quote_between(text, ce, start) : quote_between(text, end, cs))
			continue; /* "... will leave Thursday,'' Castro said": the quote has its own tense */
		int tw = tense_word(pl_rule_attr(tc->cues[i].rule, "tense"));
		if (tw && dist < bestdist) {
			bestdist = dist;
			best = tw;
		}
	}
	return best;
}

/* ---- one match --------------------------------------------------------------- */

struct found {
	enum pl_timex_type type;
	char *raw, *mod;
	int tense; /* forced by the rule or a before-rule; 0: from the sentence */
	bool ok;
};

/* The cache key of a match: each capture's name, then its text with its
 * length (or "unset"), into t->xkey; its hash (FNV-1a). */
static uint32_t xc_key(struct pl_tagger *t, const struct pl_match *mt, const char *subject)
{
	struct pl_buf *k = &t->xkey;
	pl_buf_reset(k);
	for (int c = 0; c < mt->ncap; c++) {
		const struct pl_capture *cp = &mt->cap[c];
		size_t n = cp->start == SIZE_MAX ? SIZE_MAX : cp->end - cp->start;
		pl_buf_append(k, (const char *)&cp->name, sizeof cp->name);
		pl_buf_append(k, (const char *)&n, sizeof n);
		if (n != SIZE_MAX)
			pl_buf_append(k, subject + cp->start, n);
	}
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->p[i]) * 16777619u;
	return h;
}

/* Expand a template attribute; NULL when absent or a capture is missing
 * (or out of memory). */
static char *expand_attr(struct pl_tagger *t, const struct pl_match *mt, const char *name,
			 const char *subject)
{
	const char *tmpl = pl_rule_attr(mt->rule, name);
	if (!tmpl)
		return NULL;
	struct xc_slot *sl = NULL;
	uint32_t h = 0;
	if (t->xc) {
		h = xc_key(t, mt, subject) ^ (uint32_t)(uintptr_t)mt->rule ^ (uint32_t)(uintptr_t)name;
		sl = &t->xc[h % XC_SLOTS];
		if (!t->xkey.oom && sl->rule == mt->rule && sl->attr == name && sl->hash == h &&
		    sl->keylen == t->xkey.len && (!sl->keylen || memcmp(sl->key, t->xkey.p, sl->keylen) == 0))
			return sl->val ? pl_strdup(sl->val) : NULL;
	}
	struct pl_buf b = PL_BUF_INIT;
	bool ok = pl_rule_expand(t->rs, mt, tmpl, subject, &b), oom = b.oom;
	char *res = ok ? pl_buf_steal(&b) : NULL;
	if (!ok)
		pl_buf_free(&b);
	if (sl && !oom && (res || !ok) && !t->xkey.oom) {
		char *key = malloc(t->xkey.len + 1), *val = res ? pl_strdup(res) : NULL;
		if (key && (val || !res)) {
			if (t->xkey.len) /* no captures: an empty key */
				memcpy(key, t->xkey.p, t->xkey.len);
			free(sl->key);
			free(sl->val);
			*sl = (struct xc_slot){ mt->rule, name, h, key, t->xkey.len, val };
		} else {
			free(key);
			free(val);
		}
	}
	return res;
}

static bool word_byte(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Pass 1 for one match: raw value, type, mod and forced tense.  chunk_start:
 * where the text t->m scanned last starts (SIZE_MAX: none). */
static struct found pass1(struct pl_tagger *t, const struct pl_match *mt, const char *text,
			  size_t sent_start, size_t chunk_start, struct pl_diags *d)
{
	struct found f = { PL_TIMEX_DATE, NULL, NULL, 0, false };
	f.type = parse_type(pl_rule_attr(mt->rule, "type"));
	f.raw = expand_attr(t, mt, "value", text);
	if (!f.raw)
		return f;
	f.mod = expand_attr(t, mt, "mod", text);
	f.tense = tense_word(pl_rule_attr(mt->rule, "tense"));
	/* the words just before the expression ("by Christmas") */
	size_t ws = mt->start > BEFORE_WINDOW ? mt->start - BEFORE_WINDOW : 0;
	if (ws < sent_start)
		ws = sent_start;
	while (ws < mt->start && pl_utf8_is_cont(text[ws]))
		ws++; /* start the window on a character boundary */
	if (ws < mt->start) {
		struct pl_match *bm = NULL;
		bool part = chunk_start != SIZE_MAX && ws >= chunk_start &&
			    (ws == 0 || !word_byte(text[ws - 1]) || !word_byte(text[ws]));
		long nb = pl_match_all(part ? t->m : t->mb, "timex-before", text + ws,
				       mt->start - ws, &bm, d);
		for (long i = 0; i < nb; i++) {
			if (ws + bm[i].end != mt->start)
				continue;
			const char *bmod = pl_rule_attr(bm[i].rule, "mod");
			if (bmod && !f.mod)
				f.mod = pl_strdup(bmod);
			if (!f.tense)
				f.tense = tense_word(pl_rule_attr(bm[i].rule, "tense"));
		}
		free(bm);
	}
	f.ok = true;
	return f;
}

/* Only a value with an unknown year or week ("XXXX-12-14", "XXXX-WXX-1",
 * also inside "ref(G):A|B") is grounded by tense (resolve.c, resolve_partial
 * without a direction); SETs are not grounded at all.  Finding the tense cues
 * of a sentence runs the `tense` rules over it, so it is skipped otherwise. */
static bool needs_tense(const struct found *f)
{
	return f->type != PL_TIMEX_SET && strstr(f->raw, "XXXX-") != NULL;
}

/* Pass 2 for one match.  Returns false when the value is impossible. */
static bool pass2(struct pl_timex_ctx *ctx, const struct found *f, struct pl_buf *val,
		  enum pl_timex_anchor *an)
{
	if (f->type == PL_TIMEX_SET && f->raw[0] != 'P') { /* "every Monday": XXXX-WXX-1 as is */
		pl_buf_reset(val);
		pl_buf_puts(val, f->raw);
		*an = PL_ANCHOR_NONE;
		return true;
	}
	bool point = f->type == PL_TIMEX_DATE || f->type == PL_TIMEX_TIME;
	/* Only explicit and DCT-anchored points move the reference: a value
	 * computed from the reference ("a year earlier") must not drift it. */
	bool move = point && strncmp(f->raw, "ref", 3) != 0;
	return pl_timex_resolve(ctx, f->raw, move, val, an);
}

static bool push(struct pl_timexes *out, const struct pl_timex *x)
{
	if (!pl_grow(&out->v, &out->cap, out->n, sizeof *out->v))
		return false;
	out->v[out->n++] = *x;
	return true;
}

/* ---- ranges ------------------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Add one to the 4-digit year that starts `v` (in place; 9999 stays). */
static void bump_year(char *v)
{
	int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	if (y >= 9999 || !isdigit((unsigned char)v[3]))
		return;
	y++;
	for (int i = 3; i >= 0; i--, y /= 10)
		v[i] = (char)('0' + y % 10);
}

/* Link x[i] and x[i+1] when only a range connector stands between them. */
static void link_ranges(const struct pl_ruleset *rs, const char *text, struct pl_timex *x, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		struct pl_timex *a = &x[i], *b = &x[i + 1];
		if (a->type != b->type || a->type == PL_TIMEX_SET || a->type == PL_TIMEX_DURATION ||
		    a->range_end)
			continue;
		size_t gs = a->end, ge = b->start;
		while (gs < ge && is_space(text[gs]))
			gs++;
		while (ge > gs && is_space(text[ge - 1]))
			ge--;
		if (ge == gs || ge - gs > 12)
			continue;
		const char *need = pl_rules_list_lookup(rs, "TIME_RANGE_JOIN", text + gs, ge - gs);
		if (!need)
			continue;
		if (strcmp(need, "any") != 0) { /* the word before the first must be `need` */
			size_t we = a->start;
			while (we > 0 && is_space(text[we - 1]))
				we--;
			size_t ws = we;
			while (ws > 0 && isalpha((unsigned char)text[ws - 1]))
				ws--;
			if (we - ws != strlen(need) || strncasecmp(text + ws, need, we - ws) != 0)
				continue;
		}
		/* "from November to March": an end grounded without a year must
		 * not come before the start */
		if (strncmp(b->raw, "XXXX-", 5) == 0 && strlen(b->value) == strlen(a->value) &&
		    strcmp(b->value, a->value) < 0 && isdigit((unsigned char)b->value[0]))
			bump_year(b->value);
		a->range_end = pl_strdup(b->value);
	}
}

/* ---- chunked matching ---------------------------------------------------------- */

/* Matching runs over chunks of whole sentences of at least CHUNK_MIN bytes:
 * the engine's literal prefilter then skips, per chunk, every rule whose
 * words do not occur in it, which on long texts is most of them.  Time
 * expressions do not cross sentence boundaries. */
#define CHUNK_MIN 64

/* End of the chunk starting at `at`: the first sentence end at or after at + CHUNK_MIN. */
static size_t chunk_end(const char *s, size_t len, const struct pl_range *sents, size_t ns,
			size_t *si, size_t at)
{
	if (sents && ns) {
		while (*si < ns && sents[*si].end <= at + CHUNK_MIN)
			(*si)++;
		if (*si >= ns)
			return len;
		return sents[(*si)++].end;
	}
	for (size_t i = at + CHUNK_MIN; i < len; i++)
		if (boundary_after(s, len, i))
			return i + 1;
	return len;
}

/* Offsets of a chunk's match become offsets into the text. */
static void shift_match(struct pl_match *mt, size_t at)
{
	mt->start += at;
	mt->end += at;
	for (int c = 0; c < mt->ncap; c++)
		if (mt->cap[c].start != SIZE_MAX) {
			mt->cap[c].start += at;
			mt->cap[c].end += at;
		}
}

/* Passes 1 and 2 for one match (offsets into body), appended to out when its
 * value holds.  Returns false on OOM. */
static bool tag_one(struct pl_tagger *t, struct pl_timex_ctx *ctx, struct tense_cache *tc,
		    struct pl_buf *val, const char *body, size_t len, const struct pl_range *sents,
		    size_t nsents, size_t chunk_start, const struct pl_match *mt,
		    struct pl_timexes *out, struct pl_diags *d)
{
	size_t st, en;
	find_sentence(body, len, sents, nsents, mt->start, &st, &en);
	struct found f = pass1(t, mt, body, st, chunk_start, d);
	if (!f.ok)
		return true;
	ctx->tense = f.tense;
	if (!ctx->tense && ctx->has_dct && needs_tense(&f))
		ctx->tense = sentence_tense(t, tc, body, st, en, mt->start, mt->end, d);
	enum pl_timex_anchor an;
	if (!pass2(ctx, &f, val, &an) || val->oom) {
		free(f.raw);
		free(f.mod);
		return true;
	}
	struct pl_timex x = { 0 };
	x.start = mt->start;
	x.end = mt->end;
	x.type = f.type;
	x.anchor = an;
	x.value = pl_buf_steal(val);
	x.mod = f.mod;
	x.raw = f.raw;
	x.rule_id = pl_strdup(pl_rule_id(mt->rule));
	if (!x.value || !x.rule_id || !push(out, &x)) {
		free(x.value);
		free(x.mod);
		free(x.raw);
		free(x.rule_id);
		return false;
	}
	return true;
}

/* ---- entry points ----------------------------------------------------------------- */

long pl_timex_tag_article(struct pl_tagger *t, const char *body, size_t len,
			  const struct pl_range *sents, size_t nsents,
			  const struct pl_datetime *dct, struct pl_timexes *out,
			  struct pl_diags *d)
{
	/* checked once here, not again for every chunk, sentence and window */
	const char *trusted = pl_utf8_valid(body, len) ? body : NULL;
	pl_matcher_trust_utf8(t->m, trusted, len);
	pl_matcher_trust_utf8(t->mb, trusted, len);
	struct pl_timex_ctx ctx;
	pl_timex_ctx_init(&ctx, dct);
	struct tense_cache tc = { 0, 0, NULL, 0 };
	struct pl_buf val = PL_BUF_INIT;
	size_t first = out->n, si = 0;
	long rc = 0;
	/* chunk by chunk, each chunk's matches in text order, so a chunk's
	 * sentence is matched for tense cues while its scan is the last one */
	for (size_t at = 0; at < len && rc == 0;) {
		size_t e = chunk_end(body, len, sents, nsents, &si, at);
		struct pl_match *mt = NULL;
		long nm = pl_match_all(t->m, "timex", body + at, e - at, &mt, d);
		if (nm < 0)
			rc = -1;
		for (long i = 0; i < nm && rc == 0; i++) {
			shift_match(&mt[i], at);
			if (!tag_one(t, &ctx, &tc, &val, body, len, sents, nsents, at, &mt[i], out, d))
				rc = -1;
		}
		free(mt);
		at = e;
	}
	if (rc == 0) {
		if (out->n > first) /* out->v is NULL while the list is empty: no NULL + 0 */
			link_ranges(t->rs, body, out->v + first, out->n - first);
		rc = (long)(out->n - first);
	} else { /* nothing of a failed article */
		for (size_t i = first; i < out->n; i++) {
			free(out->v[i].value);
			free(out->v[i].mod);
			free(out->v[i].range_end);
			free(out->v[i].raw);
			free(out->v[i].rule_id);
		}
		out->n = first;
	}
	pl_buf_free(&val);
	free(tc.cues);
	pl_matcher_trust_utf8(t->m, NULL, 0);
	pl_matcher_trust_utf8(t->mb, NULL, 0);
	return rc;
}

long pl_timex_tag(struct pl_tagger *t, const char *text, size_t len,
		  const struct pl_datetime *dct, struct pl_timexes *out, struct pl_diags *d)
{
	/* the ingest splitter knows abbreviations and initials ("Daniel P. Davison") */
	struct pl_range *sents = NULL;
	long ns = pl_sentences(text, len, &sents);
	long rc = pl_timex_tag_article(t, text, len, sents, ns > 0 ? (size_t)ns : 0, dct, out, d);
	free(sents);
	return rc;
}

bool pl_timex_example_value(const struct pl_ruleset *rs, const struct pl_match *mt,
			    const char *subject, size_t len, struct pl_buf *value, void *ud)
{
	struct pl_tagger *t = ud;
	const char *cx = pl_rules_example_context(rs);
	struct pl_datetime dct;
	bool has = cx && pl_timex_parse_dct(cx, &dct);
	struct pl_timex_ctx ctx;
	pl_timex_ctx_init(&ctx, has ? &dct : NULL);
	size_t st, en;
	scan_sentence(subject, len, mt->start, &st, &en);
	struct pl_diags dd;
	pl_diags_init(&dd); /* run-time warnings of an example are not its result */
	struct found f = pass1(t, mt, subject, st, SIZE_MAX, &dd);
	if (!f.ok) {
		pl_diags_finish(&dd);
		pl_buf_puts(value, "(no value)");
		return false;
	}
	ctx.tense = f.tense;
	if (!ctx.tense && has) {
		struct tense_cache tc = { 0, 0, NULL, 0 };
		ctx.tense = sentence_tense(t, &tc, subject, st, en, mt->start, mt->end, &dd);
		free(tc.cues);
	}
	enum pl_timex_anchor an;
	struct pl_buf v = PL_BUF_INIT;
	bool ok = pass2(&ctx, &f, &v, &an);
	pl_buf_puts(value, ok ? (v.p ? v.p : "") : "rejected");
	if (ok && f.mod) {
		pl_buf_puts(value, " mod ");
		pl_buf_puts(value, f.mod);
	}
	pl_buf_free(&v);
	pl_diags_finish(&dd);
	free(f.raw);
	free(f.mod);
	return ok;
}
