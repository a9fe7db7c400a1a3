/* fingerprint.c - normalized text, content hash, shingles and MinHash bands for deduplication. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* A shingle is 5 consecutive words: long enough that unrelated articles about
 * the same talks share few, short enough that one edited word changes few. */
#define SHINGLE_WORDS 5
/* Below this many shingles (~25 words) a text is too short to call two texts
 * near-identical; such texts only match exactly. */
#define MIN_SHINGLES 20
/* MinHash signature: NBANDS bands of ROWS minima.  With 8 bands of 2, each band
 * of a pair with Jaccard J agrees with probability J^2.  A candidate must share
 * at least 3 of the 8 bands (BAND_MIN_HITS in store.c): a pair at 0.9 (p 0.81) fails that
 * with probability 0.0009, at 0.95 with 0.00002; a pair at 0.3 (articles that
 * share a boilerplate paragraph or two) passes it with probability 0.03, at
 * 0.1 with 0.00005.  With "one band" instead, 30% of a generated corpus became
 * candidates of each other and their exact checks (re-normalizing and
 * shingling each candidate's body) were a fifth of the ingest's time. */
#define ROWS 2

/* True for code points that separate words: whitespace, punctuation, symbols
 * in the Latin-1 supplement and the general/CJK punctuation blocks. */
static bool is_separator(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
	return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2190 && cp <= 0x2BFF) ||
	       (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
	       cp == 0xFEFF || (cp >= 0xFE50 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF0F);
}

/* Output bytes for an ASCII byte: 0 for a separator, else its lowercase. */
static const unsigned char ascii_norm[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
	['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
	['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
	['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
	['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

/* Every stored body is normalized at least once and every near-duplicate
 * candidate's again, so this writes straight into the buffer (the output is
 * never longer than the input: separators fold, case maps keep lengths) with
 * a table for ASCII; the same result as decoding and re-encoding each code
 * point. */
void pl_text_normalize(const char *s, size_t n, struct pl_buf *out)
{
	if (!pl_buf_reserve(out, n))
		return;
	unsigned char *o = (unsigned char *)out->p + out->len;
	bool pending_space = false, any = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		if (c < 0x80) {
			i++;
			if (!ascii_norm[c]) {
				pending_space = any;
				continue;
			}
			if (pending_space)
				*o++ = ' ';
			pending_space = false;
			any = true;
			*o++ = ascii_norm[c];
			continue;
		}
		int k = pl_utf8_decode(s + i, n - i, &cp);
		if (k <= 0) { /* invalid byte: never in stored text; skip it as a separator */
			i++;
			pending_space = any;
			continue;
		}
		if (is_separator(cp)) {
			i += (size_t)k;
			pending_space = any;
			continue;
		}
		if (pending_space)
			*o++ = ' ';
		pending_space = false;
		any = true;
		if (cp >= 0xC0 && cp <= 0xDE) { /* Latin-1 capitals (0xD7 is a separator) */
			cp += 0x20;
			*o++ = (unsigned char)(0xC0 | (cp >> 6));
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
		} else {
			memcpy(o, s + i, (size_t)k); /* valid, so re-encoding gives the same bytes */
			o += k;
		}
		i += (size_t)k;
	}
	out->len = (size_t)(o - (unsigned char *)out->p);
	out->p[out->len] = '\0';
}

static uint64_t fnv1a(const char *s, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define FNV_OFFSET 0xcbf29ce484222325ULL

void store_hash_norm(const char *norm, size_t n, char hex[17])
{
	static const char digits[] = "0123456789abcdef";
	uint64_t h = fnv1a(norm, n, FNV_OFFSET);
	for (int i = 15; i >= 0; i--, h >>= 4)
		hex[i] = digits[h & 15];
	hex[16] = '\0';
}

void pl_content_hash(const char *body, size_t n, char hex[17])
{
	struct pl_buf norm = PL_BUF_INIT;
	pl_text_normalize(body, n, &norm);
	store_hash_norm(norm.p ? norm.p : "", norm.len, hex);
	pl_buf_free(&norm);
}

/* splitmix64's finalizer: a cheap, well-mixed 64-bit permutation. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Sort v[0..m) ascending: LSD radix sort, 8 bits a pass, tmp holds m more.
 * qsort's comparison calls were 60% of the shingling every put does. */
static void sort_u64(uint64_t *v, uint64_t *tmp, size_t m)
{
	size_t count[8][256];
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < m; i++)
		for (int p = 0; p < 8; p++)
			count[p][(v[i] >> (8 * p)) & 0xFF]++;
	uint64_t *src = v, *dst = tmp;
	for (int p = 0; p < 8; p++) {
		size_t sum = 0;
		bool one = false; /* every value has the same byte here: nothing to move */
		for (int b = 0; b < 256; b++) {
			size_t c = count[p][b];
			one = one || c == m;
			count[p][b] = sum;
			sum += c;
		}
		if (one)
			continue;
		for (size_t i = 0; i < m; i++)
			dst[count[p][(src[i] >> (8 * p)) & 0xFF]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, m * sizeof *v);
}

/* See store_int.h. */
size_t store_shingles_raw(const char *norm, size_t n, uint64_t **out)
{
	*out = NULL;
	size_t nwords = 0;
	for (size_t i = 0; i < n; i++)
		nwords += norm[i] == ' ';
	nwords += n > 0;
	if (nwords < SHINGLE_WORDS)
		return 0;
	uint64_t *w = malloc(nwords * sizeof *w);
	uint64_t *sh = malloc((nwords - SHINGLE_WORDS + 1) * sizeof *sh);
	if (!w || !sh) {
		free(w);
		free(sh);
		return 0;
	}
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || norm[i] == ' ') {
			w[k++] = fnv1a(norm + start, i - start, FNV_OFFSET);
			start = i + 1;
		}
	size_t m = 0;
	for (size_t i = 0; i + SHINGLE_WORDS <= k; i++) {
		uint64_t h = 0;
		for (size_t j = 0; j < SHINGLE_WORDS; j++)
			h = mix(h ^ w[i + j]) + j; /* order matters: "a b" differs from "b a" */
		sh[m++] = h;
	}
	free(w);
	*out = sh;
	return m;
}

/* See store_int.h. */
size_t store_shingles_set(uint64_t *sh, size_t m)
{
	uint64_t *tmp = m ? malloc(m * sizeof *tmp) : NULL;
	if (!tmp)
		return 0;
	sort_u64(sh, tmp, m);
	free(tmp);
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (u == 0 || sh[u - 1] != sh[i])
			sh[u++] = sh[i];
	return u;
}

/* See store_int.h. */
size_t store_shingles(const char *norm, size_t n, uint64_t **out)
{
	size_t m = store_shingles_raw(norm, n, out);
	return *out ? store_shingles_set(*out, m) : 0;
}

double store_shingle_similarity(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny)
{
	size_t both = 0, i = 0, j = 0;
	while (i < nx && j < ny) {
		if (x[i] == y[j]) {
			both++;
			i++;
			j++;
		} else if (x[i] < y[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t either = nx + ny - both;
	return either ? (double)both / (double)either : 0.0;
}

double store_norm_similarity(const char *a, size_t na, const char *b, size_t nb)
{
	uint64_t *x, *y;
	size_t nx = store_shingles(a, na, &x), ny = store_shingles(b, nb, &y);
	double r = store_shingle_similarity(x, nx, y, ny);
	free(x);
	free(y);
	return r;
}

double pl_text_similarity(const char *a, size_t na, const char *b, size_t nb)
{
	struct pl_buf x = PL_BUF_INIT, y = PL_BUF_INIT;
	pl_text_normalize(a, na, &x);
	pl_text_normalize(b, nb, &y);
	double r = store_norm_similarity(x.p ? x.p : "", x.len, y.p ? y.p : "", y.len);
	pl_buf_free(&x);
	pl_buf_free(&y);
	return r;
}

/* Does v[0..m) hold at least k (<= MIN_SHINGLES) distinct values?  Usually
 * decided by the first k, which differ. */
static bool distinct_at_least(const uint64_t *v, size_t m, size_t k)
{
	uint64_t seen[MIN_SHINGLES];
	size_t n = 0;
	for (size_t i = 0; i < m && n < k; i++) {
		size_t j = 0;
		while (j < n && seen[j] != v[i])
			j++;
		if (j == n)
			seen[n++] = v[i];
	}
	return n >= k;
}

size_t store_bands_of(const uint64_t *sh, size_t m, int64_t bands[PL_NBANDS])
{
	/* minima do not care about order or repeats: sh may be a raw list */
	if (m < MIN_SHINGLES || !distinct_at_least(sh, m, MIN_SHINGLES))
		return 0;
	/* four minima per pass over the shingles: the loop and the load are
	 * shared, and the four mixes are independent work for the CPU */
	_Static_assert(PL_NBANDS * ROWS % 4 == 0, "minima come in fours");
	uint64_t mins[PL_NBANDS * ROWS];
	for (size_t r = 0; r < PL_NBANDS * ROWS; r += 4) {
		uint64_t s0 = mix(0x9e3779b97f4a7c15ULL * (r + 1)), s1 = mix(0x9e3779b97f4a7c15ULL * (r + 2));
		uint64_t s2 = mix(0x9e3779b97f4a7c15ULL * (r + 3)), s3 = mix(0x9e3779b97f4a7c15ULL * (r + 4));
		uint64_t m0 = UINT64_MAX, m1 = UINT64_MAX, m2 = UINT64_MAX, m3 = UINT64_MAX;
		for (size_t i = 0; i < m; i++) {
			uint64_t x = sh[i], h0 = mix(x ^ s0), h1 = mix(x ^ s1), h2 = mix(x ^ s2),
				 h3 = mix(x ^ s3);
			m0 = h0 < m0 ? h0 : m0;
			m1 = h1 < m1 ? h1 : m1;
			m2 = h2 < m2 ? h2 : m2;
			m3 = h3 < m3 ? h3 : m3;
		}
		mins[r] = m0;
		mins[r + 1] = m1;
		mins[r + 2] = m2;
		mins[r + 3] = m3;
	}
	for (size_t b = 0; b < PL_NBANDS; b++) {
		uint64_t h = mix((uint64_t)b + 1);
		for (size_t r = 0; r < ROWS; r++)
			h = mix(h ^ mins[b * ROWS + r]);
		bands[b] = (int64_t)h;
	}
	return PL_NBANDS;
}
