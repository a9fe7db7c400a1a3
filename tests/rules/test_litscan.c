/* test_litscan.c - rules_literals_scan against a plain reference: the text
 * folded (every run of white space one ' ', ASCII letters lower case) and
 * every literal of the shipped rules compared at every character.  What the
 * scan reports -- literals present, start positions of the wanted ones (\b
 * checked for word-start ones), prefilters passed -- must be exactly that.
 * Random texts of words, punctuation and every kind of white space; a fixed
 * seed makes failures repeat. */
#include "parley/rules.h"
#include "rules/rules_impl.h"

#include "../check.h"

static unsigned long long seed = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static const char *const parts[] = {
	"the", "The", "THE", "next", "day", "a", "an", "in", "on", "of", "at", "talks", "Talks",
	"met", "with", "PERSON", "COUNTRY", "December", "14", "2025", "ago", "said", "won’t",
	"“", "”", "—", "–", "…", ",", ".", "(", ")", "-", "_", "x", "ta", "lks", "rea", "ched",
	" ", "  ", "\t", "\n", "\n\n", "\r\n", "\v", "\f", "\xC2\xA0", "\xC2\x85", "\xE2\x80\x83",
	"\xE2\x80\xAF", "\xE3\x80\x80", "\xE2\x80\xA8", "\xE1\x9A\x80", "\xC2\xAB", "\xE2\x80\x99",
	"agreement", "next week", "the following", "more than", "at least",
};

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The text as the scan reads it: characters with their offsets. */
static size_t fold(const unsigned char *u, size_t n, char *ch, size_t *off)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t w = rules_space_len(u + i, n - i);
		if (w) {
			off[k] = i;
			ch[k++] = ' ';
			while (i < n && (w = rules_space_len(u + i, n - i)))
				i += w;
			continue;
		}
		off[k] = i;
		ch[k++] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] + 32 : u[i]);
		i++;
	}
	return k;
}

static void check_text(const struct pl_ruleset *rs, struct rfound *f, const char *s, size_t n,
		       long *bad)
{
	const struct rlits *L = &rs->lits;
	const unsigned char *u = (const unsigned char *)s;
	char *ch = malloc(n + 1);
	size_t *off = malloc((n + 1) * sizeof *off);
	CHECK(rules_literals_scan(rs, s, n, f));
	size_t nch = fold(u, n, ch, off);
	bool ok = true;
	uint8_t *want_present = calloc(L->n, 1);
	uint8_t *pf_pass = calloc(L->npf ? L->npf : 1, 1);
	for (size_t id = 0; id < L->n; id++) {
		size_t len = L->len[id], np = 0;
		for (size_t k = 0; k + len <= nch; k++) {
			if (memcmp(ch + k, L->s[id], len) != 0)
				continue;
			want_present[id] = 1;
			size_t at = off[k];
			if (!L->wantpos[id] || (L->wantpos[id] == WANT_WORD && at > 0 &&
						is_word(u[at - 1]) && is_word(u[at])))
				continue;
			/* positions in order, each the one the scan found */
			if (np >= f->pos[id].n || f->pos[id].v[np] != at)
				ok = false;
			np++;
		}
		if (np != f->pos[id].n)
			ok = false;
		if (want_present[id] != (f->present[id] == f->pgen))
			ok = false;
		if (want_present[id])
			for (uint32_t j = L->usersat[id]; j < L->usersat[id + 1]; j++)
				pf_pass[L->users[j]] = 1;
	}
	for (size_t p = 0; p < L->npf; p++)
		if (pf_pass[p] != (f->pfseen[p] == f->gen))
			ok = false;
	CHECK(ok);
	if (!ok && (*bad)++ < 3)
		fprintf(stderr, "scan differs from the reference on: \"%.*s\"\n", (int)n, s);
	free(want_present);
	free(pf_pass);
	free(ch);
	free(off);
}

int main(void)
{
	const char *dir = getenv("PARLEY_RULES_DIR");
	int rounds = getenv("ROUNDS") ? atoi(getenv("ROUNDS")) : 2000;
	if (!dir)
		SKIP("PARLEY_RULES_DIR is not set (meson test sets it)");
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_ruleset *rs = pl_rules_load(dir, NULL, 0, &d);
	CHECK(rs != NULL && rs->lits.n > 0);
	if (!rs || !rs->lits.n) {
		pl_diags_finish(&d);
		pl_rules_destroy(rs);
		return check_done();
	}
	size_t nl = rs->lits.n;
	struct rfound f = { 0 };
	f.present = calloc(nl, 1);
	f.pos = calloc(nl, sizeof *f.pos);
	f.touched = malloc(nl * sizeof *f.touched);
	f.posids = malloc(nl * sizeof *f.posids);
	f.pfseen = calloc(rs->lits.npf ? rs->lits.npf : 1, sizeof *f.pfseen);
	long bad = 0;
	/* more texts than the present stamps have values: their wrap is covered */
	for (int r = 0; r < rounds; r++) {
		char text[2048];
		size_t n = 0, np = 1 + rnd(60);
		for (size_t i = 0; i < np; i++) {
			const char *p = parts[rnd(sizeof parts / sizeof *parts)];
			size_t k = strlen(p);
			if (n + k + 1 >= sizeof text)
				break;
			memcpy(text + n, p, k);
			n += k;
			if (rnd(3))
				text[n++] = ' ';
		}
		check_text(rs, &f, text, n, &bad);
	}
	for (size_t i = 0; i < nl; i++)
		free(f.pos[i].v);
	free(f.present);
	free(f.pos);
	free(f.touched);
	free(f.posids);
	free(f.pfseen);
	pl_diags_finish(&d);
	pl_rules_destroy(rs);
	return check_done();
}
