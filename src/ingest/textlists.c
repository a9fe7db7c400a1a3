/* textlists.c - the word lists of the text readers (rules/text/NAME.list), read at run time.
 *
 * The lists hold the language of plain text, dates and sentences (month names,
 * byline words, abbreviations, sentence starters, stopwords); the C code holds
 * only the grammar.  They are loaded from the shipped rules/text/ (every list
 * must be there) and from DIR/text/ of each --rules directory (optional: its
 * entries are added after the shipped ones), so users change them without
 * rebuilding.  File format: one entry a line, '#' starts a comment, blanks
 * around an entry are dropped; fields are separated by tabs (see each file).
 *
 * The sentence splitter asks "is this word an abbreviation / a starter?" at
 * every period, so those two lists are also hashed at load. */
#include "textutil.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const list_names[PL_TL_COUNT] = {
	[PL_TL_ABBREVIATIONS] = "abbreviations",
	[PL_TL_SENTENCE_STARTERS] = "sentence_starters",
	[PL_TL_MONTHS] = "months",
	[PL_TL_TEXTDATE] = "textdate",
	[PL_TL_STOPWORDS] = "stopwords",
	[PL_TL_PLAINTEXT] = "plaintext",
};

/* Kinds of textdate.list and plaintext.list entries the readers look for: an
 * entry of another kind would be dead weight, most likely a typo. */
static const char *const textdate_kinds[] = {
	"weekday", "published", "updated", "connector", "ago", "unit",
	"count", "dayword", "am", "pm", "zone", "suffix", NULL,
};
#define NTEXTDATE_KINDS (sizeof textdate_kinds / sizeof *textdate_kinds - 1)
static const char *const plaintext_kinds[] = { "byline", "bullet", NULL };
#define NPLAINTEXT_KINDS (sizeof plaintext_kinds / sizeof *plaintext_kinds - 1)

/* Open-addressing hash set of byte strings (borrowed from the list texts),
 * each with a one-byte value.  Capacity a power of two, at most half full. */
struct slot {
	const char *key; /* NULL: empty */
	size_t len;
	char val;
};

struct hset {
	struct slot *v;
	size_t mask;
};

struct list {
	const char **v; /* entries, NUL-terminated, pointing into a text */
	size_t n, cap;
};

struct stop_slot {
	const char *w; /* NULL: empty */
	size_t len;
	size_t first, count; /* tl->stop[first .. first + count) */
};

struct pl_textlists {
	char **texts; /* the files read, owned; entries point into them */
	size_t ntexts;
	struct list list[PL_TL_COUNT];
	struct hset abbrev;   /* abbreviation with its period -> 't', 'n' or 'm' */
	struct hset starters; /* sentence starter word -> 1 */
	/* textdate.list split and grouped by kind: kind k (textdate_kinds order)
	 * is phrases[kind_at[k] .. kind_at[k + 1]) */
	struct pl_tl_phrase *phrases;
	size_t kind_at[NTEXTDATE_KINDS + 1];
	struct pl_tl_phrase *months; /* months.list split: name, number */
	/* plaintext.list split and grouped by kind like phrases (plaintext_kinds
	 * order): plain[plain_at[k] .. plain_at[k + 1]); the plain-text reader
	 * asks at every line whether it opens with a bullet */
	struct pl_tl_phrase *plain;
	size_t plain_at[NPLAINTEXT_KINDS + 1];
	struct pl_tl_stopword *stop; /* every word of stopwords.list, sorted (stop_cmp) */
	size_t nstop;
	/* each distinct word of stop: where its run starts and how long it is;
	 * open addressing, at most half full (the language guess looks up every
	 * word of every article: a binary search was 6% of an ingest) */
	struct stop_slot *stopidx;
	size_t stopmask;
	size_t stopmax; /* the longest stopword: longer words are not looked up */
};

/* FNV-1a: short keys, no adversary (the lists are the user's own). */
static size_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return (size_t)h;
}

static bool hset_init(struct hset *h, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	h->v = calloc(cap, sizeof *h->v);
	h->mask = cap - 1;
	return h->v != NULL;
}

/* Insert or replace (a later list's entry wins). */
static void hset_put(struct hset *h, const char *k, size_t n, char val)
{
	size_t i = hash(k, n) & h->mask;
	while (h->v[i].key && !(h->v[i].len == n && memcmp(h->v[i].key, k, n) == 0))
		i = (i + 1) & h->mask;
	h->v[i] = (struct slot){ k, n, val };
}

static char hset_get(const struct hset *h, const char *k, size_t n)
{
	if (!h->v)
		return 0;
	for (size_t i = hash(k, n) & h->mask; h->v[i].key; i = (i + 1) & h->mask)
		if (h->v[i].len == n && memcmp(h->v[i].key, k, n) == 0)
			return h->v[i].val;
	return 0;
}

static bool in_set(const char *const *set, const char *s, size_t n)
{
	for (; *set; set++)
		if (strlen(*set) == n && memcmp(*set, s, n) == 0)
			return true;
	return false;
}

static bool kind_is(const char *f, size_t fl, const char *kind)
{
	return strlen(kind) == fl && memcmp(f, kind, fl) == 0;
}

/* The value (third field) of a textdate.list entry of kind f[0..fl), for the
 * kinds that need one: textdate.c reads it as a number or a unit name. */
static bool check_textdate_value(const char *f, size_t fl, const char *e, const char *path,
				 size_t off, struct pl_diags *d)
{
	static const char *const units[] = { "second", "minute", "hour", "day", "week", "month", NULL };
	size_t vl = 0;
	const char *v = pl_list_field(e, 2, &vl);
	long x;
	size_t at = v ? off + (size_t)(v - e) : off, n = v ? vl : strlen(e);
	if (kind_is(f, fl, "count") || kind_is(f, fl, "dayword")) {
		/* a count of units ("an hour ago"), days before the saving time */
		if (!pl_list_int(v, vl, 0, 9999, &x)) {
			pl_error_at(d, path, at, n, "'%.*s' needs a number 0-9999 after the phrase and a tab",
				    (int)fl, f);
			return false;
		}
	} else if (kind_is(f, fl, "zone")) {
		/* minutes east of UTC, at most a day either way; "us:"/"eu:" for DST */
		const char *z = v;
		size_t zl = vl;
		if (z && zl > 3 && (memcmp(z, "us:", 3) == 0 || memcmp(z, "eu:", 3) == 0))
			z += 3, zl -= 3;
		if (!pl_list_int(z, zl, -1440, 1440, &x)) {
			pl_error_at(d, path, at, n,
				    "zone needs minutes east of UTC (-1440 to 1440, \"us:\" or \"eu:\" "
				    "before for daylight time) after the phrase and a tab");
			return false;
		}
	} else if (kind_is(f, fl, "unit")) {
		if (!v || !in_set(units, v, vl)) {
			pl_error_at(d, path, at, n,
				    "unit needs second, minute, hour, day, week or month after the phrase and a tab");
			return false;
		}
	}
	return true;
}

/* Check one entry of list `id`; false after a diagnostic at its offset. */
static bool check_entry(enum pl_textlist_id id, const char *e, const char *path, size_t off,
			struct pl_diags *d)
{
	size_t n = strlen(e), fl = 0, vl = 0;
	const char *f = pl_list_field(e, 0, &fl), *v = pl_list_field(e, 1, &vl);
	switch (id) {
	case PL_TL_ABBREVIATIONS: {
		size_t an = strcspn(e, " \t");
		const char *cls = e + an + strspn(e + an, " \t");
		if (e[an - 1] != '.') {
			pl_error_at(d, path, off, an, "abbreviation '%.*s' must end with its period",
				    (int)an, e);
			return false;
		}
		if (strcmp(cls, "title") != 0 && strcmp(cls, "number") != 0 && strcmp(cls, "maybe") != 0) {
			pl_error_at(d, path, off + (size_t)(cls - e), strlen(cls),
				    "abbreviation class must be title, number or maybe, not '%s'", cls);
			return false;
		}
		return true;
	}
	case PL_TL_SENTENCE_STARTERS:
		if (strcspn(e, " \t") != n) {
			pl_error_at(d, path, off, n, "a sentence starter is one word");
			return false;
		}
		return true;
	case PL_TL_MONTHS: {
		long m;
		if (!pl_list_int(v, vl, 1, 12, &m)) {
			pl_error_at(d, path, off, n, "expected a month name, a tab and its number 1-12");
			return false;
		}
		return true;
	}
	case PL_TL_TEXTDATE:
	case PL_TL_PLAINTEXT:
		if (!in_set(id == PL_TL_TEXTDATE ? textdate_kinds : plaintext_kinds, f, fl)) {
			pl_error_at(d, path, off, fl, "unknown kind '%.*s' (kind, a tab, the phrase)",
				    (int)fl, f);
			return false;
		}
		if (!v || vl == 0) {
			pl_error_at(d, path, off, n, "'%.*s' entry without a phrase after a tab", (int)fl, f);
			return false;
		}
		if (id == PL_TL_TEXTDATE)
			return check_textdate_value(f, fl, e, path, off, d);
		return true;
	case PL_TL_STOPWORDS:
		if (strcspn(e, " \t") == n) {
			pl_error_at(d, path, off, n, "expected a language tag and its words");
			return false;
		}
		return true;
	case PL_TL_COUNT:
		break;
	}
	return true;
}

/* Split `text` (owned by tl) into entries of list `id`, in place. */
static bool read_entries(struct pl_textlists *tl, enum pl_textlist_id id, char *text, size_t len,
			 const char *path, struct pl_diags *d)
{
	struct list *L = &tl->list[id];
	bool ok = true;
	for (size_t i = 0; i < len;) {
		char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, next = nl ? e + 1 : len;
		char *hashc = memchr(text + i, '#', e - i);
		size_t s = i, end = hashc ? (size_t)(hashc - text) : e;
		while (s < end && pl_text_is_space(text[s]))
			s++;
		while (end > s && pl_text_is_space(text[end - 1]))
			end--;
		i = next;
		if (end == s)
			continue;
		text[end] = '\0'; /* within the line: at its '#', blank or '\n', or the text's NUL */
		if (!check_entry(id, text + s, path, s, d)) {
			ok = false;
			continue;
		}
		if (!pl_grow(&L->v, &L->cap, L->n, sizeof *L->v)) {
			pl_error(d, path, "out of memory");
			return false;
		}
		L->v[L->n++] = text + s;
	}
	return ok;
}

/* Read DIR/text/NAME.list into tl.  A missing file is an error only when
 * `required` (the shipped directory). */
static bool read_list(struct pl_textlists *tl, enum pl_textlist_id id, const char *dir, bool required,
		      struct pl_diags *d)
{
	struct pl_buf path = PL_BUF_INIT, text = PL_BUF_INIT;
	bool ok = false;
	pl_buf_printf(&path, "%s/text/%s.list", dir, list_names[id]);
	if (path.oom) {
		pl_error(d, dir, "out of memory");
		goto out;
	}
	struct stat st;
	if (stat(path.p, &st) != 0) {
		if (!required && errno == ENOENT) {
			ok = true;
			goto out;
		}
		pl_error(d, path.p, "cannot read word list: %s%s", strerror(errno),
			 required ? " (every rules/text/*.list the text readers need must be there)" : "");
		goto out;
	}
	if (pl_read_file(path.p, PL_MAX_INPUT, &text, d) != 0)
		goto out;
	if (!text.p) {
		ok = true; /* an empty file adds nothing */
		goto out;
	}
	size_t bad = pl_utf8_valid_prefix(text.p, text.len);
	if (bad != text.len) {
		pl_diags_source(d, path.p, text.p, bad);
		pl_error_at(d, path.p, bad, 1, "word list is not valid UTF-8");
		goto out;
	}
	char **v = realloc(tl->texts, (tl->ntexts + 1) * sizeof *v);
	if (!v) {
		pl_error(d, path.p, "out of memory");
		goto out;
	}
	tl->texts = v;
	size_t len = text.len;
	char *owned = pl_buf_steal(&text);
	tl->texts[tl->ntexts++] = owned;
	pl_diags_source(d, path.p, owned, len); /* for line:column before entries are cut */
	ok = read_entries(tl, id, owned, len, path.p, d);
out:
	pl_buf_free(&path);
	pl_buf_free(&text);
	return ok;
}

/* Index of textdate kind f[0..fl) in textdate_kinds; NTEXTDATE_KINDS when none. */
static size_t kind_index(const char *f, size_t fl)
{
	size_t k = 0;
	while (k < NTEXTDATE_KINDS && !kind_is(f, fl, textdate_kinds[k]))
		k++;
	return k;
}

/* Kind index of a textdate.list entry (its first field). */
static size_t entry_kind(const char *e)
{
	size_t fl = 0;
	const char *f = pl_list_field(e, 0, &fl);
	return kind_index(f, fl);
}

/* Split textdate.list once and group it by kind (a counting sort: stable, so
 * each kind keeps list order, which breaks ties between equally long phrases). */
static bool index_phrases(struct pl_textlists *tl)
{
	const struct list *L = &tl->list[PL_TL_TEXTDATE];
	size_t count[NTEXTDATE_KINDS + 1] = { 0 };
	tl->phrases = malloc((L->n ? L->n : 1) * sizeof *tl->phrases);
	if (!tl->phrases)
		return false;
	for (size_t i = 0; i < L->n; i++)
		count[entry_kind(L->v[i])]++;
	tl->kind_at[0] = 0;
	for (size_t k = 0; k < NTEXTDATE_KINDS; k++)
		tl->kind_at[k + 1] = tl->kind_at[k] + count[k];
	size_t fill[NTEXTDATE_KINDS];
	memcpy(fill, tl->kind_at, sizeof fill);
	for (size_t i = 0; i < L->n; i++) {
		const char *e = L->v[i];
		size_t k = entry_kind(e);
		if (k == NTEXTDATE_KINDS)
			continue; /* not reached: check_entry refuses unknown kinds */
		struct pl_tl_phrase *p = &tl->phrases[fill[k]++];
		p->phrase = pl_list_field(e, 1, &p->plen); /* check_entry: always there */
		p->vlen = 0;
		p->value = pl_list_field(e, 2, &p->vlen);
	}
	return true;
}

/* Split plaintext.list once and group it by kind, each in list order. */
static bool index_plain(struct pl_textlists *tl)
{
	const struct list *L = &tl->list[PL_TL_PLAINTEXT];
	tl->plain = malloc((L->n ? L->n : 1) * sizeof *tl->plain);
	if (!tl->plain)
		return false;
	size_t n = 0;
	for (size_t k = 0; k < NPLAINTEXT_KINDS; k++) {
		tl->plain_at[k] = n;
		for (size_t i = 0; i < L->n; i++) {
			size_t fl;
			const char *f = pl_list_field(L->v[i], 0, &fl);
			if (!kind_is(f, fl, plaintext_kinds[k]))
				continue;
			struct pl_tl_phrase *p = &tl->plain[n++];
			p->phrase = pl_list_field(L->v[i], 1, &p->plen); /* check_entry: always there */
			p->value = NULL;
			p->vlen = 0;
		}
	}
	tl->plain_at[NPLAINTEXT_KINDS] = n;
	return true;
}

static bool index_months(struct pl_textlists *tl)
{
	const struct list *L = &tl->list[PL_TL_MONTHS];
	tl->months = malloc((L->n ? L->n : 1) * sizeof *tl->months);
	if (!tl->months)
		return false;
	for (size_t i = 0; i < L->n; i++) {
		struct pl_tl_phrase *p = &tl->months[i];
		p->phrase = pl_list_field(L->v[i], 0, &p->plen);
		p->value = pl_list_field(L->v[i], 1, &p->vlen); /* check_entry: always there */
	}
	return true;
}

/* By word (bytes, then length), then by language: equal words stay in
 * language order. */
static int stop_cmp(const void *a, const void *b)
{
	const struct pl_tl_stopword *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->w, y->w, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->lang < y->lang ? -1 : x->lang > y->lang;
}

/* Every word of every language of stopwords.list ("en<TAB>the of and ..."),
 * sorted for pl_textlists_stopword. */
static bool index_stopwords(struct pl_textlists *tl)
{
	const struct list *L = &tl->list[PL_TL_STOPWORDS];
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++) { /* count, then fill */
		n = 0;
		for (size_t l = 0; l < L->n; l++) {
			const char *p = L->v[l];
			p += strcspn(p, " \t"); /* skip the language tag */
			for (;;) {
				p += strspn(p, " \t");
				size_t k = strcspn(p, " \t");
				if (!k)
					break;
				if (pass)
					tl->stop[n] = (struct pl_tl_stopword){ p, k, l };
				n++;
				p += k;
			}
		}
		if (pass == 0 && !(tl->stop = malloc((n ? n : 1) * sizeof *tl->stop)))
			return false;
	}
	tl->nstop = n;
	qsort(tl->stop, n, sizeof *tl->stop, stop_cmp);
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	if (!(tl->stopidx = calloc(cap, sizeof *tl->stopidx)))
		return false;
	tl->stopmask = cap - 1;
	for (size_t i = 0; i < n;) {
		size_t e = i + 1;
		while (e < n && tl->stop[e].len == tl->stop[i].len &&
		       memcmp(tl->stop[e].w, tl->stop[i].w, tl->stop[i].len) == 0)
			e++;
		size_t h = hash(tl->stop[i].w, tl->stop[i].len) & tl->stopmask;
		while (tl->stopidx[h].w)
			h = (h + 1) & tl->stopmask;
		tl->stopidx[h] = (struct stop_slot){ tl->stop[i].w, tl->stop[i].len, i, e - i };
		if (tl->stop[i].len > tl->stopmax)
			tl->stopmax = tl->stop[i].len;
		i = e;
	}
	return true;
}

/* Hash the abbreviation and starter lists, in list order (later wins), and
 * split and sort the lists the date finder and the language guess search. */
static bool index_lists(struct pl_textlists *tl)
{
	const struct list *a = &tl->list[PL_TL_ABBREVIATIONS], *s = &tl->list[PL_TL_SENTENCE_STARTERS];
	if (!hset_init(&tl->abbrev, a->n) || !hset_init(&tl->starters, s->n) || !index_phrases(tl) ||
	    !index_months(tl) || !index_stopwords(tl) || !index_plain(tl))
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const char *e = a->v[i];
		size_t an = strcspn(e, " \t");
		const char *cls = e + an + strspn(e + an, " \t");
		hset_put(&tl->abbrev, e, an, cls[0] == 't' ? 't' : cls[0] == 'n' ? 'n' : 'm');
	}
	for (size_t i = 0; i < s->n; i++)
		hset_put(&tl->starters, s->v[i], strlen(s->v[i]), 1);
	return true;
}

struct pl_textlists *pl_textlists_load(const char *const *dirs, size_t ndirs, struct pl_diags *d)
{
	struct pl_textlists *tl = calloc(1, sizeof *tl);
	if (!tl || ndirs == 0) {
		pl_error(d, NULL, tl ? "no rules directory for the word lists" : "out of memory");
		goto fail;
	}
	bool ok = true;
	/* every file is read (and every problem reported) before giving up */
	for (size_t k = 0; k < ndirs; k++)
		for (int id = 0; id < PL_TL_COUNT; id++)
			ok &= read_list(tl, (enum pl_textlist_id)id, dirs[k], k == 0, d);
	if (!ok)
		goto fail;
	if (!index_lists(tl)) {
		pl_error(d, dirs[0], "out of memory");
		goto fail;
	}
	return tl;
fail:
	pl_textlists_destroy(tl);
	return NULL;
}

void pl_textlists_destroy(struct pl_textlists *tl)
{
	if (!tl)
		return;
	for (size_t i = 0; i < tl->ntexts; i++)
		free(tl->texts[i]);
	free(tl->texts);
	for (int i = 0; i < PL_TL_COUNT; i++)
		free(tl->list[i].v);
	free(tl->abbrev.v);
	free(tl->starters.v);
	free(tl->phrases);
	free(tl->months);
	free(tl->stop);
	free(tl->stopidx);
	free(tl->plain);
	free(tl);
}

/* ---- The default lists ---------------------------------------------------- */

static const struct pl_textlists *installed; /* pl_textlists_use */
static struct pl_textlists *shipped;         /* loaded on first need, kept for the process */
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

static void load_shipped(void)
{
	const char *env = getenv("PARLEY_RULES_DIR");
	const char *dir = env && *env ? env : PARLEY_SRC_RULES_DIR;
	struct pl_diags d;
	pl_diags_init(&d);
	shipped = pl_textlists_load(&dir, 1, &d); /* NULL: the readers find no words */
	pl_diags_finish(&d);
}

void pl_textlists_use(const struct pl_textlists *tl)
{
	installed = tl;
}

const struct pl_textlists *pl_textlists_default(void)
{
	if (installed)
		return installed;
	pthread_once(&shipped_once, load_shipped);
	return shipped;
}

/* ---- Lookups (textutil.h) --------------------------------------------------- */

const struct pl_textlists *pl_textlists_of(const struct pl_ingest_opts *opts)
{
	return opts && opts->textlists ? opts->textlists : pl_textlists_default();
}

const char *const *pl_textlist(const struct pl_textlists *tl, enum pl_textlist_id id, size_t *n)
{
	if (!tl) {
		*n = 0;
		return NULL;
	}
	*n = tl->list[id].n;
	return tl->list[id].v;
}

const struct pl_tl_phrase *pl_textlists_phrases(const struct pl_textlists *tl, const char *kind,
						size_t *n)
{
	size_t k = tl ? kind_index(kind, strlen(kind)) : NTEXTDATE_KINDS;
	if (k == NTEXTDATE_KINDS) {
		*n = 0;
		return NULL;
	}
	*n = tl->kind_at[k + 1] - tl->kind_at[k];
	return tl->phrases + tl->kind_at[k];
}

const struct pl_tl_phrase *pl_textlists_plain(const struct pl_textlists *tl, const char *kind,
					      size_t *n)
{
	*n = 0;
	for (size_t k = 0; tl && k < NPLAINTEXT_KINDS; k++)
		if (strcmp(kind, plaintext_kinds[k]) == 0) {
			*n = tl->plain_at[k + 1] - tl->plain_at[k];
			return tl->plain + tl->plain_at[k];
		}
	return NULL;
}

const struct pl_tl_phrase *pl_textlists_months(const struct pl_textlists *tl, size_t *n)
{
	*n = tl ? tl->list[PL_TL_MONTHS].n : 0;
	return tl ? tl->months : NULL;
}

const struct pl_tl_stopword *pl_textlists_stopword(const struct pl_textlists *tl, const char *w,
						   size_t n, size_t *count)
{
	*count = 0;
	if (!tl || !tl->stopidx || n > tl->stopmax)
		return NULL;
	for (size_t h = hash(w, n) & tl->stopmask; tl->stopidx[h].w; h = (h + 1) & tl->stopmask) {
		const struct stop_slot *e = &tl->stopidx[h];
		if (e->len == n && memcmp(e->w, w, n) == 0) {
			*count = e->count;
			return &tl->stop[e->first];
		}
	}
	return NULL;
}

char pl_textlists_abbrev_class(const struct pl_textlists *tl, const char *w, size_t n)
{
	return tl ? hset_get(&tl->abbrev, w, n) : 0;
}

bool pl_textlists_is_starter(const struct pl_textlists *tl, const char *w, size_t n)
{
	return tl && hset_get(&tl->starters, w, n) != 0;
}
