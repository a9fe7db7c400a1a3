/* extract.c - one article's sentences -> event mentions (struct pl_event).
 *
 * Per sentence (and per caption, as weak evidence):
 *   1. the reference data's alias recognizer finds people, countries and
 *      their metonyms, demonyms, organisations and places in one token pass;
 *   2. layer 1: each is replaced by a placeholder word (PERSON, COUNTRY,
 *      DEMONYM, ORG, PLACE) so rules can name entity slots;
 *   3. `actor` rules over layer 1 merge titles and groups ("German Chancellor
 *      PERSON", "the DEMONYM leader", "COUNTRY officials") into one mention:
 *      layer 2, where GROUP joins the placeholders;
 *   4. `event` rules over layer 2: the match is the trigger, captures named
 *      source*, target*, participant*, host*, speaker* pick the actors inside
 *      them, place* the place; `place` rules give "in PLACE" phrases;
 *   5. `status` and `topic` rules over the original sentence;
 *   6. date (sentence timex, else running reference, else publication),
 *      status by cue and date, place, topics, label, confidence.
 * Offsets in a layer map back to the sentence through its placeholder
 * segments: between two segments a layer's text equals the original.
 * Dates are chosen in dates.c, labels built in label.c, the reference data
 * loaded and matched in refdata.c.
 */
#include "parley/extract.h"

#include "extract_int.h"
#include "refdata.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tag_word[] = { "PERSON", "COUNTRY", "ORG", "GROUP", "DEMONYM", "PLACE" };

/* Bounds of the numbers rules give: a ROLE_RANK (1 heads of state ...), a
 * `window` in bytes of one sentence. */
#define RANK_MAX 999
#define WINDOW_MAX 100000

/* ---- small helpers -------------------------------------------------------------- */

bool extract_grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*v, nc * size);
	if (!p)
		return false;
	*v = p;
	*cap = nc;
	return true;
}

static char *xdup(const char *s)
{
	return s ? pl_strdup(s) : NULL;
}

const char *extract_attr(const struct pl_rule *r, const char *name)
{
	const char *v = pl_rule_attr(r, name);
	return v && *v ? v : NULL;
}

const char *extract_lookup(const struct pl_extractor *x, const char *list, const char *w)
{
	return w ? pl_rules_list_lookup(x->rs, list, w, strlen(w)) : NULL;
}

const char *extract_lookup_n(const struct pl_extractor *x, const char *list, const char *w,
			     size_t n)
{
	return pl_rules_list_lookup(x->rs, list, w, n);
}

static char *lower_dup(struct pl_arena *ar, const char *s, size_t n)
{
	char *p = pl_arena_strndup(ar, s, n);
	if (p)
		for (char *q = p; *q; q++)
			*q = (char)tolower((unsigned char)*q);
	return p;
}

/* ---- layers --------------------------------------------------------------------- */

static void layer_reset(struct layer *l)
{
	pl_buf_reset(&l->text);
	l->n = 0;
}

static void layer_free(struct layer *l)
{
	pl_buf_free(&l->text);
	free(l->v);
}

/* Unit offset of layer offset p; `end` maps a position at a placeholder's end
 * to the mention's end. */
static size_t map_pos(const struct layer *l, size_t p, bool end)
{
	const struct seg *prev = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct seg *s = &l->v[i];
		if (p < s->ls)
			break;
		if (p == s->ls)
			return s->os;
		if (p < s->le)
			return end ? s->oe : s->os;
		prev = s;
	}
	return prev ? prev->oe + (p - prev->le) : p;
}

/* Append src[from..to), text copied unchanged into the layer. */
static bool layer_put(struct layer *l, const char *src, size_t from, size_t to)
{
	pl_buf_append(&l->text, src + from, to - from);
	return !l->text.oom;
}

/* Append the placeholder word of `tag` for mention `men`, which spans
 * [os, oe) of the unit text. */
static bool layer_ph(struct layer *l, int men, size_t os, size_t oe, enum tag tag)
{
	if (!extract_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v))
		return false;
	struct seg *s = &l->v[l->n++];
	s->ls = l->text.len;
	pl_buf_puts(&l->text, tag_word[tag]);
	s->le = l->text.len;
	s->os = os;
	s->oe = oe;
	s->men = men;
	return !l->text.oom;
}

static int add_mention(struct unit *u, const struct mention *m)
{
	if (!extract_grow((void **)&u->men, &u->mencap, u->nmen, sizeof *u->men))
		return -1;
	u->men[u->nmen] = *m;
	return (int)u->nmen++;
}

/* Mentions whose placeholders lie inside layer span [s, e). */
static size_t mentions_in(const struct layer *l, size_t s, size_t e, int *out, size_t max)
{
	size_t n = 0;
	if (s == SIZE_MAX)
		return 0;
	for (size_t i = 0; i < l->n && n < max; i++)
		if (l->v[i].ls >= s && l->v[i].le <= e)
			out[n++] = l->v[i].men;
	return n;
}

static bool is_actor_tag(enum tag t)
{
	return t == T_PERSON || t == T_COUNTRY || t == T_ORG || t == T_GROUP || t == T_DEMONYM;
}

/* ---- step 1-2: recognition to layer 1 -------------------------------------------- */

/* Does p start with lit[0..n) (n >= 1)?  strncmp, after a first-byte test:
 * these run at every byte of every sentence. */
static inline bool has_at(const char *p, const char *lit, size_t n)
{
	return p[0] == lit[0] && strncmp(p, lit, n) == 0;
}

/* The first offset in [from, to) of t holding byte c; `to` when none.  The
 * per-sentence scans below visit only the bytes that can start what they
 * look for. */
static size_t find_byte(const char *t, size_t from, size_t to, char c)
{
	const char *p = from < to ? memchr(t + from, c, to - from) : NULL;
	return p ? (size_t)(p - t) : to;
}

/* A subject pronoun that stands for the previous sentence's subject: "He"/
 * "She" opening the sentence, or "he"/"she" right after a closing quote
 * ("..., she told the staff").  Returns its length (0: none), *at its offset. */
static size_t pronoun_at(const struct unit *u, size_t *at)
{
	const char *t = u->t;
	if (!strncmp(t, "He ", 3) || !strncmp(t, "She ", 4)) {
		*at = 0;
		return t[0] == 'H' ? 2 : 3;
	}
	/* the quote follows a ',' or a '\'': only those bytes are visited (at
	 * j = i - 1, i + 5 < len), in text order */
	size_t lim = u->len > 6 ? u->len - 6 : 0;
	size_t nc = find_byte(t, 0, lim, ','), na = find_byte(t, 0, lim, '\'');
	while (nc < lim || na < lim) {
		size_t j = nc < na ? nc : na, i = j + 1;
		if (j == nc)
			nc = find_byte(t, j + 1, lim, ',');
		else
			na = find_byte(t, j + 1, lim, '\'');
		size_t q = has_at(t + i, "\xe2\x80\x9d ", 4) ? 4 : has_at(t + i, "'' ", 3) ? 3
			   : (t[i] == '"' && t[i + 1] == ' ') ? 2 : 0;
		if (!q)
			continue;
		if (has_at(t + i + q, "he ", 3) || has_at(t + i + q, "she ", 4)) {
			*at = i + q;
			return t[i + q] == 'h' ? 2 : 3;
		}
	}
	return 0;
}

/* One name found in a unit: a reference-data hit, a person named earlier in
 * the article, or a subject pronoun. */
struct l1_item {
	size_t start, end;
	int kind;  /* 0 hit (ref = sense), 1 known person (ref = index), 2 pronoun
		    * (ref = actor), 3 pronoun after a verb of saying (resolved later) */
	int ref;
};

static int cmp_item(const void *a, const void *b)
{
	const struct l1_item *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static bool is_word_byte(char c)
{
	return ((unsigned char)c | 0x20) >= 'a' && ((unsigned char)c | 0x20) <= 'z';
}

/* Append the known people's surnames found in the unit (outside the hits). */
static bool find_known(const struct unit *u, struct l1_item **v, size_t *n, size_t *cap,
		       size_t nhits)
{
	for (size_t k = 0; k < u->nknown; k++) {
		const char *sn = u->known[k].surname;
		size_t sl = strlen(sn);
		for (const char *p = u->t; (p = strstr(p, sn)) != NULL && (size_t)(p - u->t) < u->len; p += sl) {
			size_t st = (size_t)(p - u->t), en = st + sl;
			if (en > u->len || (st && is_word_byte(u->t[st - 1])) ||
			    (en < u->len && is_word_byte(u->t[en])))
				continue;
			bool clash = false;
			for (size_t h = 0; h < nhits && !clash; h++)
				clash = (*v)[h].start < en && st < (*v)[h].end;
			if (clash)
				continue;
			if (!extract_grow((void **)v, cap, *n, sizeof **v))
				return false;
			(*v)[(*n)++] = (struct l1_item){ st, en, 1, (int)k };
		}
	}
	return true;
}

/* Does t[0..n) end with a verb of saying and at most three more words
 * ("said", "saying at the time", "said that")? */
static bool after_saying(const char *t, size_t n)
{
	static const char *const verbs[] = { "said", "says", "saying", "added", "adding",
					     "insisted", "insisting", "declared", "stressed" };
	size_t e = n;
	for (int words = 0; words < 4; words++) {
		while (e && t[e - 1] == ' ')
			e--;
		size_t b = e;
		while (b && is_word_byte(t[b - 1]))
			b--;
		if (b == e)
			return false;
		for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++)
			if (e - b == strlen(verbs[k]) && strncmp(t + b, verbs[k], e - b) == 0)
				return true;
		e = b;
	}
	return false;
}

/* "Mordechai ..., saying at the time he was willing to withdraw": a "he"/
 * "she" right after a verb of saying stands for the sentence's first person
 * named before it, who may be a person the actor rules find ("Defense
 * Minister Yitzhak Mordechai"): appended as items of kind 3, resolved by
 * resolve_said_pronouns once layer 2 is built. */
static bool find_said_pronouns(const struct unit *u, struct l1_item **v, size_t *n, size_t *cap)
{
	if (u->caption || u->len < 6)
		return true;
	/* every "he " at j (1 <= i, i + 4 < len): "she " at i = j - 1 when the
	 * byte before is 's' (then "he" itself follows a word byte), else "he " at i = j */
	const char *t = u->t;
	size_t lim = u->len - 4;
	for (size_t j = find_byte(t, 1, lim + 1, 'h'); j <= lim; j = find_byte(t, j + 1, lim + 1, 'h')) {
		if (t[j + 1] != 'e' || t[j + 2] != ' ')
			continue;
		size_t i = t[j - 1] == 's' ? j - 1 : j, pl = t[j - 1] == 's' ? 3 : 2;
		if (i < 1 || i >= lim || is_word_byte(t[i - 1]) || !after_saying(t, i))
			continue;
		if (!extract_grow((void **)v, cap, *n, sizeof **v))
			return false;
		(*v)[(*n)++] = (struct l1_item){ i, i + pl, 3, -1 };
	}
	return true;
}

/* Give each said-pronoun (see find_said_pronouns) the first person named
 * before it in layer 2; one with nobody before it stays no actor. */
static void resolve_said_pronouns(struct unit *u)
{
	int first = -1;
	for (size_t i = 0; i < u->l2.n; i++) {
		struct mention *m = &u->men[u->l2.v[i].men];
		if (m->tag != T_PERSON)
			continue;
		if (!m->pronoun) {
			if (first < 0 && (m->actor >= 0 || m->name || m->role))
				first = u->l2.v[i].men;
			continue;
		}
		if (first < 0)
			continue;
		/* the subject's identity at the pronoun's own span */
		size_t os = m->os, oe = m->oe;
		*m = u->men[first];
		m->os = os;
		m->oe = oe;
		m->pronoun = true;
	}
}

/* A family name alone ("Harris", "Philippe") names a person of the
 * reference data only from two years before that person's first office: a
 * 1989 "Harris" is not Kamala Harris.  Full names always do. */
static bool too_early(const struct pl_extractor *x, const struct unit *u, const struct rd_hit *h)
{
	const struct rd_sense *s = &x->rd->senses[h->sense];
	if (s->kind != RS_PERSON || !u->has_dct || memchr(u->t + h->start, ' ', h->end - h->start))
		return false;
	int64_t from = x->first_role[s->idx];
	return from != INT64_MIN && u->dct_day + 730 < from;
}

static bool build_l1(struct pl_extractor *x, struct unit *u)
{
	struct rd_hit *hits = NULL;
	long nh = rd_recognize(x->rd, u->t, u->len, &hits);
	if (nh < 0)
		return false;
	struct l1_item *items = NULL;
	size_t ni = 0, icap = 0;
	bool ok = true;
	for (long i = 0; i < nh && ok; i++) {
		if (too_early(x, u, &hits[i]))
			continue;
		ok = extract_grow((void **)&items, &icap, ni, sizeof *items);
		if (ok)
			items[ni++] = (struct l1_item){ hits[i].start, hits[i].end, 0, hits[i].sense };
	}
	free(hits);
	size_t nhits = ni;
	ok = ok && find_known(u, &items, &ni, &icap, nhits);
	/* "He urged ...", "..., she told": the subject of the sentence before */
	size_t ps = 0, pn = pronoun_at(u, &ps);
	if (ok && pn && (u->prev_person >= 0 || u->prev_known >= 0) && !u->caption &&
	    (ok = extract_grow((void **)&items, &icap, ni, sizeof *items)))
		items[ni++] = u->prev_known >= 0 ? (struct l1_item){ ps, ps + pn, 1, u->prev_known }
						 : (struct l1_item){ ps, ps + pn, 2, u->prev_person };
	ok = ok && find_said_pronouns(u, &items, &ni, &icap);
	if (ni > nhits)
		qsort(items, ni, sizeof *items, cmp_item);
	layer_reset(&u->l1);
	size_t at = 0;
	for (size_t i = 0; i < ni && ok; i++) {
		if (items[i].start < at)
			continue; /* overlaps what came before */
		struct mention m = { items[i].start, items[i].end, T_PLACE, -1, -1,
				     NULL, NULL, NULL, NULL, NULL };
		if (items[i].kind == 2) {
			m.tag = T_PERSON;
			m.actor = items[i].ref;
		} else if (items[i].kind == 3) {
			m.tag = T_PERSON;
			m.pronoun = true;
		} else if (items[i].kind == 1) {
			const struct known *k = &u->known[items[i].ref];
			m.tag = T_PERSON;
			m.name = k->name;
			m.country = k->country;
			m.title = k->title;
		} else {
			const struct rd_sense *s = &x->rd->senses[items[i].ref];
			switch ((enum rd_sense_kind)s->kind) {
			case RS_PERSON: m.tag = T_PERSON; m.actor = s->idx; break;
			case RS_COUNTRY: case RS_METONYM: m.tag = T_COUNTRY; m.actor = s->idx; break;
			case RS_DEMONYM:
				/* "the Ukrainians" name a side; "Ukrainian" qualifies a noun */
				m.tag = u->t[items[i].end - 1] == 's' ? T_GROUP : T_DEMONYM;
				m.actor = s->idx;
				break;
			case RS_ORG: m.tag = T_ORG; m.actor = s->idx; break;
			case RS_PLACE: m.tag = T_PLACE; break;
			}
			for (int k = items[i].ref; k >= 0; k = x->rd->senses[k].next)
				if (x->rd->senses[k].kind == RS_PLACE) {
					m.place = x->rd->senses[k].idx;
					break;
				}
		}
		int mi = add_mention(u, &m);
		ok = mi >= 0 && layer_put(&u->l1, u->t, at, items[i].start) &&
		     layer_ph(&u->l1, mi, items[i].start, items[i].end, m.tag);
		at = items[i].end;
	}
	free(items);
	return ok && layer_put(&u->l1, u->t, at, u->len);
}

/* Remember the people of this unit the reference data does not know, under
 * their surname, for the rest of the article. */
static bool learn_known(struct unit *u)
{
	for (size_t i = 0; i < u->nmen; i++) {
		const struct mention *m = &u->men[i];
		const char *sp = m->tag == T_PERSON && m->actor < 0 && m->name && !m->role
				 ? strrchr(m->name, ' ') : NULL;
		if (!sp || strlen(sp + 1) < 3)
			continue;
		bool have = false;
		for (size_t k = 0; k < u->nknown && !have; k++)
			have = strcmp(u->known[k].surname, sp + 1) == 0;
		if (have)
			continue;
		if (!extract_grow((void **)&u->known, &u->knowncap, u->nknown, sizeof *u->known))
			return false;
		struct known *k = &u->known[u->nknown];
		k->surname = pl_strdup(sp + 1);
		k->name = pl_strdup(m->name);
		k->country = m->country ? pl_strdup(m->country) : NULL;
		k->title = m->title ? pl_strdup(m->title) : NULL;
		if (!k->surname || !k->name) {
			free(k->surname);
			free(k->name);
			free(k->country);
			free(k->title);
			return false;
		}
		u->nknown++;
	}
	return true;
}

/* ---- step 3: actor rules to layer 2 ----------------------------------------------- */

static int first_of(struct unit *u, const struct layer *l, const struct pl_capture *c,
		    bool (*want)(enum tag))
{
	int ids[16];
	size_t n = mentions_in(l, c->start, c->end, ids, 16);
	for (size_t i = 0; i < n; i++)
		if (want(u->men[ids[i]].tag))
			return ids[i];
	return -1;
}

static bool tag_person(enum tag t) { return t == T_PERSON; }
static bool tag_any(enum tag t) { return is_actor_tag(t); }

static const struct pl_capture *cap(const struct pl_match *mt, const char *name)
{
	for (int i = 0; i < mt->ncap; i++)
		if (strcmp(mt->cap[i].name, name) == 0 && mt->cap[i].start != SIZE_MAX &&
		    mt->cap[i].end > mt->cap[i].start)
			return &mt->cap[i];
	return NULL;
}

/* The code ("UKR", "NATO") a mention stands for. */
static const char *mention_code(const struct pl_extractor *x, const struct mention *m)
{
	if (m->actor >= 0)
		return x->rd->actors[m->actor].country;
	return m->country;
}

/* Title text -> role vocabulary via list TITLE_ROLE (rules/actors.rules). */
static const char *title_role(const struct pl_extractor *x, const char *title)
{
	return extract_lookup(x, "TITLE_ROLE", title);
}

/* Build the mention an actor-rule match stands for. */
static bool actor_match(struct pl_extractor *x, struct unit *u, const struct pl_match *mt,
			struct mention *out)
{
	const struct layer *l = &u->l1;
	const char *t = l->text.p;
	const struct pl_capture *cn = cap(mt, "name"), *cc = cap(mt, "country"),
				*ct = cap(mt, "title");
	const char *tagw = extract_attr(mt->rule, "tag");
	memset(out, 0, sizeof *out);
	out->actor = out->place = -1;
	out->os = map_pos(l, mt->start, false);
	out->oe = map_pos(l, mt->end, true);
	out->tag = tagw && strcmp(tagw, "GROUP") == 0 ? T_GROUP : T_PERSON;
	out->sector = extract_attr(mt->rule, "sector");
	if (ct)
		out->title = lower_dup(u->ar, t + ct->start, ct->end - ct->start);
	int cm = cc ? first_of(u, l, cc, tag_any) : -1;
	if (cm >= 0)
		out->country = mention_code(x, &u->men[cm]);
	if (extract_attr(mt->rule, "country"))
		out->country = extract_attr(mt->rule, "country");
	int pm = cn ? first_of(u, l, cn, tag_person) : -1;
	if (out->tag == T_GROUP) {
		if (extract_attr(mt->rule, "name"))
			out->name = extract_attr(mt->rule, "name");
		else if (cm >= 0 && u->men[cm].tag != T_PERSON && u->men[cm].actor >= 0)
			out->actor = u->men[cm].actor;
		else if (pm >= 0 || cm >= 0) {
			/* "the PERSON administration", "PERSON's team": the person's country */
			const struct mention *pmm = &u->men[pm >= 0 ? pm : cm];
			const char *code = mention_code(x, pmm);
			out->actor = code ? rd_actor_by_id(x->rd, 'c', code) : -1;
			if (out->actor < 0)
				out->actor = code ? rd_actor_by_id(x->rd, 'o', code) : -1;
		}
		if (out->actor >= 0 && x->rd->actors[out->actor].kind == RD_PERSON)
			out->actor = -1;
		return out->actor >= 0 || out->name;
	}
	if (pm >= 0) {
		out->actor = u->men[pm].actor;
		return true;
	}
	if (cn) {
		/* unknown person named by the text: "Polish Prime Minister Donald Tusk" */
		out->name = pl_arena_strndup(u->ar, t + cn->start, cn->end - cn->start);
		return out->name && (out->country || out->title);
	}
	/* a role noun ("the Ukrainian leader"), resolved at the event's date */
	out->role = extract_attr(mt->rule, "role");
	if (!out->role && out->title)
		out->role = title_role(x, out->title);
	return out->role && out->country;
}

static bool build_l2(struct pl_extractor *x, struct unit *u, struct pl_diags *d)
{
	struct pl_match *ms = NULL;
	long n = pl_match_all(x->m, "actor", u->l1.text.p ? u->l1.text.p : "", u->l1.text.len, &ms, d);
	if (n < 0)
		return false;
	layer_reset(&u->l2);
	const char *src = u->l1.text.p ? u->l1.text.p : "";
	size_t at = 0, si = 0;
	bool ok = true;
	for (long i = 0; i <= n && ok; i++) {
		size_t upto = i < n ? ms[i].start : u->l1.text.len;
		/* copy layer-1 text and placeholders up to the match */
		while (ok && si < u->l1.n && u->l1.v[si].le <= upto) {
			const struct seg *s = &u->l1.v[si++];
			if (s->ls < at)
				continue;
			ok = layer_put(&u->l2, src, at, s->ls) &&
			     layer_ph(&u->l2, s->men, s->os, s->oe, u->men[s->men].tag);
			at = s->le;
		}
		if (!ok)
			break;
		if (i == n) {
			ok = layer_put(&u->l2, src, at, upto);
			break;
		}
		struct mention m;
		if (!actor_match(x, u, &ms[i], &m))
			continue;
		int mi = add_mention(u, &m);
		ok = mi >= 0 && layer_put(&u->l2, src, at, ms[i].start) &&
		     layer_ph(&u->l2, mi, m.os, m.oe, m.tag);
		/* "DEMONYM and DEMONYM officials": a second group of the same kind */
		const struct pl_capture *c2 = cap(&ms[i], "country2");
		int cm2 = c2 ? first_of(u, &u->l1, c2, tag_any) : -1;
		if (ok && cm2 >= 0 && m.tag == T_GROUP && u->men[cm2].actor >= 0) {
			struct mention m2 = m;
			m2.actor = u->men[cm2].actor;
			m2.name = NULL;
			int mi2 = add_mention(u, &m2);
			pl_buf_puts(&u->l2.text, " and ");
			ok = mi2 >= 0 && layer_ph(&u->l2, mi2, m.os, m.oe, m.tag);
		}
		at = ms[i].end;
		while (si < u->l1.n && u->l1.v[si].ls < at)
			si++;
	}
	free(ms);
	return ok;
}

/* ---- regions: quotes, relative clauses, dashes ----------------------------------- */

static bool add_region(struct unit *u, size_t s, size_t e, bool quote)
{
	if (e <= s)
		return true;
	if (!extract_grow((void **)&u->reg, &u->regcap, u->nreg, sizeof *u->reg))
		return false;
	u->reg[u->nreg++] = (struct region){ s, e, quote, false };
	return true;
}

static bool starts_word(const char *t, size_t len, size_t i, const char *w)
{
	size_t n = strlen(w);
	return i + n <= len && strncmp(t + i, w, n) == 0 &&
	       (i + n == len || !isalpha((unsigned char)t[i + n]));
}

/* "since a round in Miami at the beginning of December" (to the next clause
 * break): a phrase naming an earlier event, a region of its own.  Not "since
 * Monday", "since the beginning of December", "since then" (a time expression
 * right after "since" is when an ongoing state began: it dates the trigger).
 * `at` is the offset of "since"/"Since"; the region's end, or `at` when none. */
static size_t earlier_phrase(const struct unit *u, size_t at)
{
	size_t j = at + 5;
	while (j < u->len && u->t[j] == ' ')
		j++;
	if (j == at + 5 || j >= u->len || starts_word(u->t, u->len, j, "then"))
		return at;
	for (size_t k = 0; k < u->ntx; k++)
		if (u->tx[k].start == j)
			return at;
	size_t e = j;
	while (e < u->len && u->t[e] != ',' && u->t[e] != ';' && u->t[e] != ':' &&
	       !has_at(u->t + e, "\xe2\x80\x94", 3))
		e++;
	while (e > j && (u->t[e - 1] == ' ' || u->t[e - 1] == '.'))
		e--;
	return e;
}

static bool find_regions(struct unit *u)
{
	const char *t = u->t;
	size_t len = u->len;
	u->nreg = 0;
	for (size_t i = 0; i < len; i++) {
		/* every case below starts at one of these bytes (or at 0: "Since");
		 * a space only matters before "since" */
		static const unsigned char opens[256] = { [0xE2] = 1, ['`'] = 1, ['"'] = 1,
							  [','] = 1, ['('] = 1, [' '] = 2 };
		unsigned char cls = opens[(unsigned char)t[i]];
		if (i && (cls == 0 || (cls == 2 && (i + 1 >= len || t[i + 1] != 's'))))
			continue;
		/* “...”, "..." or ``...'' (wire copy) */
		bool curly = has_at(t + i, "\xe2\x80\x9c", 3), ticks = has_at(t + i, "``", 2);
		if (curly || ticks || t[i] == '"') {
			const char *close = curly ? "\xe2\x80\x9d" : ticks ? "''" : "\"";
			size_t ol = curly ? 3 : ticks ? 2 : 1, cl = strlen(close);
			size_t j = i + ol;
			while (j + cl <= len && !has_at(t + j, close, cl))
				j++;
			if (j + cl > len)
				j = len; /* a quote running on past the sentence */
			if (!add_region(u, i, j + (j < len ? cl : 0), true))
				return false;
			i = j + (j < len ? cl : 0);
			if (i)
				i--;
			continue;
		}
		/* ", which ... ," and the like */
		if (t[i] == ',' && i + 2 < len) {
			size_t j = i + 1;
			while (j < len && t[j] == ' ')
				j++;
			if (starts_word(t, len, j, "which") || starts_word(t, len, j, "who") ||
			    starts_word(t, len, j, "whose") || starts_word(t, len, j, "where")) {
				size_t k = j;
				while (k < len && t[k] != ',' && t[k] != ';' && !has_at(t + k, "\xe2\x80\x94", 3))
					k++;
				if (!add_region(u, i, k, false))
					return false;
				i = k ? k - 1 : 0;
			}
		}
		/* "since a round in Miami ...": an earlier event's phrase */
		if ((i == 0 && starts_word(t, len, 0, "Since")) ||
		    (t[i] == ' ' && i + 1 < len && t[i + 1] == 's' && starts_word(t, len, i + 1, "since"))) {
			size_t at = i == 0 && t[0] == 'S' ? 0 : i + 1;
			size_t e = earlier_phrase(u, at);
			if (e > at) {
				if (!add_region(u, at, e, false))
					return false;
				u->reg[u->nreg - 1].earlier = true;
				i = e - 1;
				continue;
			}
		}
		/* "( ... )" and "— ... —" asides */
		if (t[i] == '(' || has_at(t + i, "\xe2\x80\x94", 3)) {
			bool paren = t[i] == '(';
			size_t j = i + (paren ? 1 : 3);
			while (j < len && (paren ? t[j] != ')' : !has_at(t + j, "\xe2\x80\x94", 3)))
				j++;
			if (j < len) {
				if (!add_region(u, i, j + (paren ? 1 : 3), false))
					return false;
				i = j + (paren ? 1 : 3) - 1;
			}
		}
	}
	return true;
}

/* Innermost region holding offset p, -1 for the main clause. */
int extract_region_of(const struct unit *u, size_t p)
{
	int best = -1;
	for (size_t i = 0; i < u->nreg; i++)
		if (u->reg[i].s <= p && p < u->reg[i].e &&
		    (best < 0 || u->reg[i].e - u->reg[i].s < u->reg[best].e - u->reg[best].s))
			best = (int)i;
	return best;
}

/* Is there a clause break (comma, semicolon, colon, dash, " and that "; with
 * `quotes` also a quote mark) in t[a..b)?  Without `quotes`, a pair of commas is an aside
 * (", President Trump's son-in-law,") and does not break. */
bool extract_crosses(const struct unit *u, size_t a, size_t b, bool quotes)
{
	int commas = 0;
	for (size_t i = a; i < b && i < u->len; i++) {
		unsigned char c = (unsigned char)u->t[i];
		if (c == ',') {
			commas++;
			if (quotes)
				return true;
			continue;
		}
		if (c == ';' || c == ':' || (quotes && c == '"'))
			return true;
		/* "said X would meet Y in Moscow and that Z would meet W": a
		 * second reported clause */
		if (c == ' ' && i + 10 <= b && strncmp(u->t + i, " and that ", 10) == 0)
			return true;
		if (c == 0xE2 && i + 2 < u->len && (unsigned char)u->t[i + 1] == 0x80 &&
		    ((unsigned char)u->t[i + 2] == 0x94 ||
		     (quotes && ((unsigned char)u->t[i + 2] == 0x9C || (unsigned char)u->t[i + 2] == 0x9D))))
			return true;
	}
	return commas % 2 != 0;
}

/* ---- dates ------------------------------------------------------------------------- */

/* ---- building events --------------------------------------------------------------- */

/* The office to show for a person on `day`: the one the text names when he
 * holds it, else the highest in list ROLE_RANK (rules/actors.rules: heads
 * before ministers before envoys), else the latest begun. */
static const struct rd_role *best_role(const struct pl_extractor *x, int actor, int64_t day,
				       const char *named)
{
	const struct rd_role *best = NULL;
	long bestrank = 0;
	for (size_t k = x->role_start[actor]; k < x->role_start[actor + 1]; k++) {
		const struct rd_role *r = &x->rd->roles[x->role_idx[k]];
		if (r->from > day || day > r->to)
			continue;
		if (named && !strcmp(r->role, named))
			return r;
		long rank = x->role_rank[x->role_idx[k]];
		if (!best || rank < bestrank || (rank == bestrank && r->from > best->from)) {
			best = r;
			bestrank = rank;
		}
	}
	return best;
}

/* Who holds the office a role mention names ("the Ukrainian leader") on
 * `day`: the reference actor, -1 when nobody known (or no role mention). */
static int role_holder(const struct pl_extractor *x, const struct mention *m, int64_t day)
{
	const struct refdata *rd = x->rd;
	if (!m->role || !m->country)
		return -1;
	int actor = rd_holder(rd, m->country, m->role, day);
	/* "leader": the head the rules name for that country, else president, then PM */
	if (actor < 0 && strcmp(m->role, "leader") == 0) {
		const char *pref = extract_lookup(x, "LEADER_ROLE", m->country);
		if (pref)
			actor = rd_holder(rd, m->country, pref, day);
		if (actor < 0)
			actor = rd_holder(rd, m->country, "president", day);
		if (actor < 0)
			actor = rd_holder(rd, m->country, "prime minister", day);
	}
	return actor;
}

/* Resolve a mention into an event actor at `day`. */
static bool fill_actor(const struct pl_extractor *x, const struct unit *u, int mi,
		       const char *role, int64_t day, bool has_day, struct pl_event_actor *ea,
		       int *resolved)
{
	const struct mention *m = &u->men[mi];
	const struct refdata *rd = x->rd;
	memset(ea, 0, sizeof *ea);
	ea->role = xdup(role);
	int actor = m->actor;
	if (actor < 0 && has_day)
		actor = role_holder(x, m, day);
	*resolved = actor;
	if (actor >= 0) {
		const struct rd_actor *a = &rd->actors[actor];
		ea->name = xdup(a->name);
		ea->country = xdup(a->country);
		if (a->kind == RD_PERSON && has_day) {
			const struct rd_role *r = best_role(x, actor, day, m->title ? title_role(x, m->title) : NULL);
			if (r) {
				ea->title = xdup(r->role);
				if (rd_actor_by_id(rd, 'o', r->of) >= 0)
					ea->country = (free(ea->country), xdup(r->of));
			}
		}
		if (!ea->title && m->title)
			ea->title = xdup(m->title);
		if (m->tag == T_GROUP && m->title)
			ea->title = (free(ea->title), xdup(m->title));
	} else if (m->name) {
		ea->name = xdup(m->name);
		ea->country = xdup(m->country);
		ea->title = xdup(m->title);
	} else if (m->role && m->country) {
		/* nobody known in that office then: keep the office itself */
		const char *code = m->country;
		int c = rd_actor_by_id(rd, 'c', code);
		struct pl_buf b = PL_BUF_INIT;
		pl_buf_printf(&b, "%s %s", c >= 0 ? rd->actors[c].name : code, m->title ? m->title : m->role);
		ea->name = pl_buf_steal(&b);
		ea->country = xdup(code);
		ea->title = xdup(m->role);
	} else {
		free(ea->role);
		return false;
	}
	return ea->name != NULL;
}

static bool add_topic(struct pl_event *e, const char *t)
{
	for (size_t i = 0; i < e->ntopics; i++)
		if (strcmp(e->topics[i], t) == 0)
			return true;
	char **p = realloc(e->topics, (e->ntopics + 1) * sizeof *p);
	if (!p)
		return false;
	e->topics = p;
	e->topics[e->ntopics] = pl_strdup(t);
	return e->topics[e->ntopics++] != NULL;
}

/* Topics named in attribute text "a, b; c" (comma-separated). */
static bool add_topics(struct pl_event *e, const char *list)
{
	while (list && *list) {
		while (*list == ' ' || *list == ',')
			list++;
		const char *c = strchr(list, ',');
		size_t n = c ? (size_t)(c - list) : strlen(list);
		while (n && list[n - 1] == ' ')
			n--;
		if (n) {
			char buf[64];
			if (n >= sizeof buf)
				n = sizeof buf - 1;
			memcpy(buf, list, n);
			buf[n] = '\0';
			if (!add_topic(e, buf))
				return false;
		}
		list = c ? c + 1 : NULL;
	}
	return true;
}

/* Per-unit results of the place, status and topic rules. */
struct unit_rules {
	struct pl_match *places, *status, *topics;
	long nplaces, nstatus, ntopics;
};

/* The status cue that governs a trigger: the nearest cue in the same region
 * that ends at most `window` bytes before the trigger or overlaps it. */
static const struct pl_match *status_cue(const struct unit *u, const struct unit_rules *ur,
					 size_t ts, size_t te)
{
	const size_t window = 60;
	int treg = extract_region_of(u, ts);
	const struct pl_match *best = NULL;
	size_t bestd = SIZE_MAX;
	for (long i = 0; i < ur->nstatus; i++) {
		const struct pl_match *c = &ur->status[i];
		const char *scope = extract_attr(c->rule, "scope");
		size_t w = scope && strcmp(scope, "sentence") == 0 ? u->len : window;
		if (c->start > te + 2 || c->end + w < ts)
			continue;
		bool whole = scope && strcmp(scope, "sentence") == 0;
		if (scope && strcmp(scope, "after") == 0 && c->end > ts)
			continue; /* a cue for what follows it, not for its own verb */
		if (!whole && extract_region_of(u, c->start) != treg)
			continue;
		size_t dist = c->end <= ts ? ts - c->end : c->start >= te ? c->start - te : 0;
		if (!whole && (c->end <= ts ? extract_crosses(u, c->end, ts, true) : c->start >= te && extract_crosses(u, te, c->start, true)))
			continue;
		if (dist < bestd) {
			best = c;
			bestd = dist;
		}
	}
	return best;
}

/* Where a mention is: its gazetteer place, else for a seat of government that
 * is no place of its own ("the Kremlin", "the White House") the capital. */
static int mention_place(const struct pl_extractor *x, const struct mention *m)
{
	if (m->place >= 0)
		return m->place;
	if (m->tag == T_COUNTRY && m->actor >= 0 && x->rd->actors[m->actor].kind == RD_COUNTRY)
		return x->rd->actors[m->actor].capital;
	return -1;
}

/* The place of a trigger: the nearest "in PLACE" phrase of the unit within
 * `window` bytes, not across a clause break. */
static int phrase_place(const struct pl_extractor *x, const struct unit *u,
			const struct unit_rules *ur, size_t ts, size_t te, size_t window)
{
	int best = -1;
	size_t bestd = SIZE_MAX;
	int bestprio = -1000;
	for (long i = 0; i < ur->nplaces; i++) {
		const struct pl_match *pm = &ur->places[i];
		const struct pl_capture *cp = cap(pm, "place"), *cc = cap(pm, "capital");
		int place = -1;
		if (cp) {
			int ids[8];
			size_t n = mentions_in(&u->l2, cp->start, cp->end, ids, 8);
			for (size_t k = 0; k < n && place < 0; k++)
				place = mention_place(x, &u->men[ids[k]]);
		} else if (cc) {
			int ids[8];
			size_t n = mentions_in(&u->l2, cc->start, cc->end, ids, 8);
			for (size_t k = 0; k < n && place < 0; k++) {
				const char *code = mention_code(x, &u->men[ids[k]]);
				int c = code ? rd_actor_by_id(x->rd, 'c', code) : -1;
				if (c >= 0)
					place = x->rd->actors[c].capital;
			}
		}
		if (place < 0)
			continue;
		size_t ps = map_pos(&u->l2, pm->start, false), pe = map_pos(&u->l2, pm->end, true);
		int preg = extract_region_of(u, ps);
		if (preg >= 0 && u->reg[preg].earlier && preg != extract_region_of(u, ts))
			continue; /* "talks ... since a round in Miami": Miami is that round's */
		size_t dist = ps >= te ? ps - te : ts >= pe ? ts - pe : 0;
		int prio = pl_rule_priority(pm->rule);
		const char *scope = extract_attr(pm->rule, "scope");
		if (scope && !strcmp(scope, "sentence"))
			dist = u->len + dist; /* anywhere in the sentence, after every nearer phrase */
		else if (dist > window ||
			 (ps >= te ? extract_crosses(u, te, ps, false) : pe <= ts && extract_crosses(u, pe, ts, false)))
			continue;
		if (dist < bestd || (dist == bestd && prio > bestprio)) {
			best = place;
			bestd = dist;
			bestprio = prio;
		}
	}
	return best;
}

static struct pl_event_location *make_location(const struct refdata *rd, int place)
{
	if (place < 0)
		return NULL;
	const struct rd_place *p = &rd->places[place];
	struct pl_event_location *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->name = xdup(p->name);
	l->country = xdup(p->country);
	l->lat = p->lat;
	l->lon = p->lon;
	l->has_coords = p->has_coords;
	return l;
}

/* ---- one unit --------------------------------------------------------------------- */

struct pending {
	struct pl_event e;
	int amen[32];           /* mention of each actor */
	int aact[32];           /* its reference actor, -1 if none */
	size_t ts, te;          /* trigger in the unit */
	const struct pl_rule *rule;
	unsigned char aside[32]; /* side of each actor: SIDE_SUBJECT, SIDE_OTHER, SIDE_HOST */
	/* one of separate meetings ("met Y and Z separately"): on side
	 * `split_side` only the actors of party `split_party` are kept; -1 none */
	int split_side;
	const char *split_party;
	const struct pl_match *mt; /* the match it comes from (owned by run_unit) */
};

/* Sides of a meeting frame: the subject's captures ("participant",
 * "source"), the others ("participant2", "target"...), and a host (never
 * split off). */
enum { SIDE_SUBJECT, SIDE_OTHER, SIDE_HOST };

static void free_actor(struct pl_event_actor *a)
{
	free(a->name);
	free(a->country);
	free(a->role);
	free(a->title);
}

static void add_role_actors(const struct pl_extractor *x, struct unit *u, struct pending *p,
			    const int *ids, size_t n, const char *role, int64_t day, bool has_day)
{
	for (size_t k = 0; k < n && p->e.nactors < 32; k++) {
		const struct mention *m = &u->men[ids[k]];
		if (!is_actor_tag(m->tag))
			continue;
		struct pl_event_actor ea;
		int act = -1;
		if (!fill_actor(x, u, ids[k], role, day, has_day, &ea, &act))
			continue;
		bool dup = false;
		for (size_t i = 0; i < p->e.nactors && !dup; i++)
			dup = strcmp(p->e.actors[i].name, ea.name) == 0;
		if (dup) {
			free_actor(&ea);
			continue;
		}
		struct pl_event_actor *v = realloc(p->e.actors, (p->e.nactors + 1) * sizeof *v);
		if (!v) {
			free_actor(&ea);
			return;
		}
		p->e.actors = v;
		p->amen[p->e.nactors] = ids[k];
		p->aact[p->e.nactors] = act;
		p->e.actors[p->e.nactors++] = ea;
	}
}

static const char *cap_role(const char *name)
{
	if (!strncmp(name, "source", 6) || !strncmp(name, "speaker", 7))
		return "source";
	if (!strncmp(name, "target", 6))
		return "target";
	if (!strncmp(name, "participant", 11) || !strncmp(name, "host", 4))
		return "participant";
	return NULL;
}

static int capture_side(const char *name)
{
	if (!strncmp(name, "host", 4))
		return SIDE_HOST;
	return !strcmp(name, "participant") || !strcmp(name, "source") || !strcmp(name, "speaker")
		       ? SIDE_SUBJECT : SIDE_OTHER;
}

/* The party an actor belongs to when a meeting is split: its country (Witkoff
 * and Kushner are one party), else its name. */
static const char *party_of(const struct pl_event_actor *a)
{
	return a->country ? a->country : a->name;
}

/* One of separate meetings: drop the actors of side p->split_side that are
 * not of party p->split_party. */
static void keep_party(struct pending *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->e.nactors; i++) {
		struct pl_event_actor *a = &p->e.actors[i];
		if (p->aside[i] == p->split_side && strcmp(party_of(a), p->split_party) != 0) {
			free_actor(a);
			continue;
		}
		p->e.actors[n] = *a;
		p->amen[n] = p->amen[i];
		p->aact[n] = p->aact[i];
		p->aside[n] = p->aside[i];
		n++;
	}
	p->e.nactors = n;
}

static double clamp01(double v)
{
	return v < 0.05 ? 0.05 : v > 0.99 ? 0.99 : v;
}

static uint32_t type_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The list entries of event type `type` (see struct type_info): from the
 * table built by index_types for the types of the event rules, else looked
 * up now into *tmp (a type no event rule names); never NULL. */
static const struct type_info *type_info(const struct pl_extractor *x, const char *type,
					 struct type_info *tmp)
{
	if (x->ntype_slots) {
		size_t i = type_hash(type) & (x->ntype_slots - 1);
		for (; x->type_slot[i] >= 0; i = (i + 1) & (x->ntype_slots - 1))
			if (strcmp(x->types[x->type_slot[i]].type, type) == 0)
				return &x->types[x->type_slot[i]];
	}
	*tmp = (struct type_info){ type,
				   extract_lookup(x, "EVENT_PLOVER", type),
				   extract_lookup(x, "EVENT_CAMEO", type),
				   extract_lookup(x, "EVENT_DEADLINE", type),
				   extract_lookup(x, "EVENT_LABEL", type),
				   extract_lookup(x, "EVENT_LABEL_NEGATED", type),
				   extract_lookup(x, "EVENT_LABEL_CONTEXT", type) };
	return tmp;
}

/* The label template of an event's type: a negated event's own when list
 * EVENT_LABEL_NEGATED has one ("talks did not take place"). */
static const char *label_template(const struct pl_extractor *x, const struct pl_event *e)
{
	struct type_info tmp;
	const struct type_info *ti = type_info(x, e->type, &tmp);
	const char *t = e->status == PL_STATUS_NEGATED ? ti->label_negated : NULL;
	return t ? t : ti->label;
}

/* A rule's `window DATE [PLACE]` (bytes): false when it has none or it is
 * malformed (reported by pl_extractor_create; then the rule has no window). */
static bool parse_window(const char *win, long *date, long *place)
{
	char a[24], b[24];
	size_t i = 0, na = 0, nb = 0;
	if (!win)
		return false;
	while (win[i] && win[i] != ' ' && win[i] != '\t' && na + 1 < sizeof a)
		a[na++] = win[i++];
	while (win[i] == ' ' || win[i] == '\t')
		i++;
	while (win[i] && win[i] != ' ' && win[i] != '\t' && nb + 1 < sizeof b)
		b[nb++] = win[i++];
	a[na] = b[nb] = '\0';
	*place = -1;
	return win[i] == '\0' && pl_rules_int(a, 0, WINDOW_MAX, date) &&
	       (nb == 0 || pl_rules_int(b, 0, WINDOW_MAX, place));
}

/* `window DATE [PLACE]`: the place window, when given, else the date one; 200
 * bytes without the attribute. */
static size_t place_window(const char *win)
{
	long d, p;
	if (!parse_window(win, &d, &p))
		return 200;
	return (size_t)(p > 0 ? p : d > 0 ? d : 200);
}

/* Fill date, status, place, topics, label and confidence of a pending event. */
static bool finish_event(struct pl_extractor *x, struct unit *u, const struct art *ar,
			 const struct unit_rules *ur, struct pending *p, const struct pl_match *mt)
{
	struct pl_event *e = &p->e;
	const struct pl_rule *r = mt->rule;
	/* date */
	struct edate ed;
	const char *win = extract_attr(r, "window");
	/* `fallback none`: a noun naming an earlier event ("the bombings") */
	const char *fb = extract_attr(r, "fallback");
	bool noun = fb && !strcmp(fb, "none");
	long wdate = 0, wplace;
	bool windowed = parse_window(win, &wdate, &wplace);
	struct type_info tmp;
	struct date_opts dopt = { type_info(x, e->type, &tmp)->deadline != NULL,
				  windowed ? (size_t)wdate : SIZE_MAX, windowed,
				  extract_attr(r, "past") != NULL, ar->has_dct, ar->dct_day, noun };
	if (extract_sentence_date(u, p->ts, p->te, &dopt, &ed)) {
		e->date_source = PL_DATE_SENTENCE;
	} else if (noun) {
		/* a noun naming an earlier event ("the bombings"): only its own date */
		memset(&ed, 0, sizeof ed);
		e->date_source = PL_DATE_NONE;
	} else if (!u->caption && ar->has_ref &&
		   extract_sequence_date(x, u, p->ts, p->te, ar->ref_day, &ed)) {
		/* a sentence narrating the past ("Driscoll took the revised text
		 * to Russian officials in Abu Dhabi; Witkoff and Kushner then spent
		 * five hours with Putin on Dec. 2"): before (or after) the day it
		 * names, not the running reference (the story's present) */
		e->date_source = PL_DATE_SENTENCE;
	} else if (!u->caption && ar->has_ref) {
		memset(&ed, 0, sizeof ed);
		ed.day = ed.end_day = ar->ref_day;
		ed.prec = PL_PREC_DAY;
		ed.ok = true;
		e->date_source = PL_DATE_REFERENCE;
	} else if (ar->has_dct) {
		memset(&ed, 0, sizeof ed);
		ed.day = ed.end_day = ar->dct_day;
		ed.prec = PL_PREC_DAY;
		ed.ok = true;
		e->date_source = PL_DATE_PUBLICATION;
	} else {
		memset(&ed, 0, sizeof ed);
		e->date_source = PL_DATE_NONE;
	}
	if (ed.ok) {
		e->date = extract_date_str(&ed, false);
		if (ed.end_day != ed.day && ed.prec == PL_PREC_DAY)
			e->date_end = extract_date_str(&ed, true);
		e->precision = ed.prec;
		e->date_mod = xdup(ed.mod);
		if (!e->date)
			return false;
	}
	int64_t day = ed.ok ? ed.day : ar->dct_day;
	bool has_day = ed.ok || ar->has_dct;
	/* actors from the captures */
	for (int i = 0; i < mt->ncap; i++) {
		const char *role = cap_role(mt->cap[i].name);
		if (!role || mt->cap[i].start == SIZE_MAX)
			continue;
		int ids[16];
		size_t n = mentions_in(&u->l2, mt->cap[i].start, mt->cap[i].end, ids, 16);
		size_t before = p->e.nactors;
		add_role_actors(x, u, p, ids, n, role, day, has_day);
		for (size_t k = before; k < p->e.nactors; k++)
			p->aside[k] = (unsigned char)capture_side(mt->cap[i].name);
	}
	if (p->split_side >= 0)
		keep_party(p);
	/* status: the rule's own, then a cue, then the date */
	enum pl_event_status st = PL_STATUS_OCCURRED;
	if (extract_attr(r, "status"))
		pl_event_status_parse(extract_attr(r, "status"), &st);
	/* a noun naming an earlier event takes no cue of the verb it is the
	 * object of ("would investigate the genocide"): its date decides */
	const struct pl_match *cue = extract_attr(r, "status") || noun ? NULL
				     : status_cue(u, ur, p->ts, p->te);
	if (cue && extract_attr(cue->rule, "status"))
		pl_event_status_parse(extract_attr(cue->rule, "status"), &st);
	if (ed.ok && e->date_source == PL_DATE_SENTENCE && ar->has_dct) {
		if ((st == PL_STATUS_OCCURRED || st == PL_STATUS_ONGOING) && ed.day > ar->dct_day)
			st = PL_STATUS_PLANNED;
		/* background: a sentence date well before publication (a month and more) */
		if ((st == PL_STATUS_OCCURRED || st == PL_STATUS_ONGOING) &&
		    ed.end_day + 45 < ar->dct_day && (!ed.mod || strcmp(ed.mod, "BEFORE") != 0))
			st = PL_STATUS_HISTORICAL;
	}
	/* a plan without a date of its own does not happen on the running
	 * reference day (the story's past) or publication day: it is planned as
	 * of then, so it is due on or after it (the chart draws it so) */
	if (st == PL_STATUS_PLANNED && !e->date_mod &&
	    (e->date_source == PL_DATE_REFERENCE || e->date_source == PL_DATE_PUBLICATION) &&
	    !(e->date_mod = pl_strdup("ON_OR_AFTER")))
		return false;
	e->status = st;
	/* place: the rule's own capture, else the nearest "in PLACE" phrase */
	int place = -1;
	const struct pl_capture *pc = cap(mt, "place");
	if (pc) {
		int ids[8];
		size_t n = mentions_in(&u->l2, pc->start, pc->end, ids, 8);
		for (size_t k = 0; k < n && place < 0; k++)
			place = mention_place(x, &u->men[ids[k]]);
	}
	if (place < 0)
		place = phrase_place(x, u, ur, p->ts, p->te, place_window(win));
	if (place >= 0 && !(e->location = make_location(x->rd, place)))
		return false;
	/* topics: the rule's own, then every topic cue of the same sentence */
	if (!add_topics(e, extract_attr(r, "topic")))
		return false;
	for (long i = 0; i < ur->ntopics; i++)
		if (!add_topics(e, extract_attr(ur->topics[i].rule, "topic")))
			return false;
	/* label */
	struct pl_span trig = { u->t + p->ts, p->te - p->ts };
	const char *tmpl = extract_attr(r, "label");
	e->label = extract_make_label(x, e, u, p->amen, p->aact, &trig,
			      tmpl ? tmpl : label_template(x, e));
	/* confidence: rule priority, actors, date source, caption */
	double c = 0.55 + pl_rule_priority(r) / 400.0;
	if (e->nactors == 0)
		c -= 0.25;
	for (size_t i = 0; i < e->nactors; i++)
		if (!e->actors[i].country)
			c -= 0.05;
	c += e->date_source == PL_DATE_SENTENCE ? 0.1
	     : e->date_source == PL_DATE_REFERENCE ? 0.0
	     : e->date_source == PL_DATE_PUBLICATION ? -0.1 : -0.15;
	if (u->caption)
		c *= 0.5;
	e->confidence = clamp01(c);
	return e->label != NULL;
}

static bool push_event(struct pl_events *out, struct pl_event *e)
{
	if (!extract_grow((void **)&out->v, &out->cap, out->n, sizeof *out->v))
		return false;
	out->v[out->n++] = *e;
	return true;
}

static void drop_pending(struct pending *p)
{
	pl_event_clear(&p->e);
	memset(p, 0, sizeof *p);
}

/* Give pending p (no actors) the sources of statement s of the same unit in
 * role `role`, relabel it and add `bonus` to its confidence.  False on OOM. */
static bool give_speakers(const struct pl_extractor *x, struct unit *u, struct pending *p,
			  const struct pending *s, const char *role, double bonus)
{
	int64_t day = 0;
	bool has = false;
	struct edate ed;
	if (p->e.date && extract_parse_value(p->e.date, &ed)) {
		day = ed.day;
		has = true;
	}
	size_t had = p->e.nactors;
	for (size_t j = 0; j < s->e.nactors; j++) {
		if (strcmp(s->e.actors[j].role, "source") != 0)
			continue;
		int id = s->amen[j];
		add_role_actors(x, u, p, &id, 1, role, day, has);
	}
	if (!p->e.nactors)
		return true;
	/* the speakers are the subject's side: named first ("Umerov and US
	 * delegation hold talks") */
	for (size_t j = had; j < p->e.nactors; j++)
		for (size_t k = j; k > j - had; k--) {
			struct pl_event_actor a = p->e.actors[k];
			int m = p->amen[k], c = p->aact[k];
			unsigned char sd = p->aside[k];
			p->e.actors[k] = p->e.actors[k - 1];
			p->amen[k] = p->amen[k - 1];
			p->aact[k] = p->aact[k - 1];
			p->aside[k] = p->aside[k - 1];
			p->e.actors[k - 1] = a;
			p->amen[k - 1] = m;
			p->aact[k - 1] = c;
			p->aside[k - 1] = sd;
		}
	double c = p->e.confidence + bonus;
	free(p->e.label);
	struct pl_span trig = { u->t + p->ts, p->te - p->ts };
	const char *tmpl = extract_attr(p->rule, "label");
	p->e.label = extract_make_label(x, &p->e, u, p->amen, p->aact, &trig,
				      tmpl ? tmpl : label_template(x, &p->e));
	p->e.confidence = clamp01(c);
	return p->e.label != NULL;
}

/* The distinct countries (or names) of the sources of s, at most max. */
static size_t source_sides(const struct pending *s, const char **v, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < s->e.nactors; i++) {
		const struct pl_event_actor *a = &s->e.actors[i];
		if (strcmp(a->role, "source") != 0)
			continue;
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(v[k], party_of(a)) == 0;
		if (!seen && n < max)
			v[n++] = party_of(a);
	}
	return n;
}

/* Does talks (or meeting) p, reported by statement s, have s's speakers
 * as participants?  Only when p follows s's verb closely (80 bytes, same
 * clause: "X said that talks ..."), and either
 *   - p has no actors and the speakers are of two sides or more (a joint
 *     report: "American and Ukrainian negotiators said on Sunday evening
 *     that a long day of talks in Geneva had produced ..."), or
 *   - p's actors are one party named after "with" (the other side of the
 *     table) and the speakers are one other party: the speaker's side is
 *     the missing one ("Ukraine's chief negotiator Rustem Umerov said the
 *     talks with the US delegation in Berlin ... had brought progress"),
 *     unless a speaker only speaks for it (a spokesperson).
 * *bonus: the confidence to add (the -0.25 of an event without actors goes). */
static bool speakers_take_part(const struct pl_extractor *x, const struct unit *u,
			       const struct pending *s, const struct pending *p, double *bonus)
{
	const char *sides[4];
	if (!s->rule || strcmp(s->e.type, "STATEMENT") != 0 || s->te > p->ts || p->ts - s->te > 80 ||
	    extract_region_of(u, s->ts) != extract_region_of(u, p->ts) ||
	    extract_crosses(u, s->te, p->ts, true))
		return false;
	size_t nsides = source_sides(s, sides, 4);
	if (!p->e.nactors) {
		*bonus = 0.25;
		return nsides >= 2;
	}
	if (nsides != 1)
		return false;
	/* a spokesperson speaks for a side but does not sit at its table
	 * (list NOT_AT_TABLE) */
	for (size_t i = 0; i < s->e.nactors; i++)
		if (!strcmp(s->e.actors[i].role, "source") && s->e.actors[i].title &&
		    extract_lookup(x, "NOT_AT_TABLE", s->e.actors[i].title))
			return false;
	const char *party = party_of(&p->e.actors[0]);
	size_t first = SIZE_MAX;
	for (size_t i = 0; i < p->e.nactors; i++) {
		if (strcmp(party_of(&p->e.actors[i]), party) != 0 ||
		    strcmp(p->e.actors[i].role, "participant") != 0)
			return false;
		if (u->men[p->amen[i]].os < first)
			first = u->men[p->amen[i]].os;
	}
	if (!strcmp(party, sides[0]) || first < p->te || first - p->te > 60)
		return false;
	/* "with" between the trigger and its first actor, as a word */
	for (size_t i = p->te; i + 6 <= first; i++)
		if (!strncmp(u->t + i, " with ", 6)) {
			*bonus = 0.0;
			return true;
		}
	return false;
}

/* What a demand asks for is no event of its own: "Moscow has insisted that
 * Ukraine withdraw" is Russia's demand, not a (hypothetical) Ukrainian
 * withdrawal.  Drops hypothetical events whose trigger follows a DEMAND
 * trigger of the same clause closely. */
static void drop_demanded(const struct unit *u, struct pending *pend, long nev)
{
	for (long i = 0; i < nev; i++) {
		struct pending *p = &pend[i];
		if (!p->rule || p->e.status != PL_STATUS_HYPOTHETICAL || !strcmp(p->e.type, "DEMAND"))
			continue;
		for (long k = 0; k < nev; k++) {
			const struct pending *dm = &pend[k];
			if (k == i || !dm->rule || strcmp(dm->e.type, "DEMAND") != 0 || dm->te > p->ts ||
			    p->ts - dm->te > 60 || extract_region_of(u, dm->ts) != extract_region_of(u, p->ts) ||
			    extract_crosses(u, dm->te, p->ts, true))
				continue;
			drop_pending(p);
			break;
		}
	}
}

/* The event of match mt as pending p (see struct pending for the split
 * fields).  A match without a type leaves p empty.  False on OOM. */
static bool make_pending(struct pl_extractor *x, struct unit *u, const struct art *ar,
			 const struct unit_rules *ur, struct pending *p, const struct pl_match *mt,
			 int split_side, const char *split_party)
{
	const struct pl_rule *r = mt->rule;
	const char *type = extract_attr(r, "type");
	if (!type)
		return true;
	p->rule = r;
	p->mt = mt;
	p->split_side = split_side;
	p->split_party = split_party;
	const struct pl_capture *tc = cap(mt, "trigger");
	size_t s = tc ? tc->start : mt->start, e = tc ? tc->end : mt->end;
	p->ts = map_pos(&u->l2, s, false);
	p->te = map_pos(&u->l2, e, true);
	p->e.type = pl_strdup(type);
	struct type_info tmp;
	const struct type_info *ti = type_info(x, type, &tmp);
	p->e.plover = xdup(ti->plover);
	p->e.cameo = xdup(ti->cameo);
	p->e.nmentions = p->e.narticles = p->e.noutlets = 1;
	return p->e.type && finish_event(x, u, ar, ur, p, mt);
}

/* Is a word of list SEPARATELY ("separately") next to the trigger [ts, te)
 * (just before it, inside it or right after it, same clause)? */
static bool separately_cue(const struct pl_extractor *x, const struct unit *u, size_t ts, size_t te)
{
	size_t a = ts > 12 ? ts - 12 : 0, b = te + 13 < u->len ? te + 13 : u->len;
	for (size_t i = a; i < b; i++) {
		if (!isalpha((unsigned char)u->t[i]) || (i > 0 && isalpha((unsigned char)u->t[i - 1])))
			continue;
		size_t j = i;
		while (j < u->len && isalpha((unsigned char)u->t[j]))
			j++;
		char w[24];
		if (j - i < sizeof w) {
			for (size_t k = i; k < j; k++)
				w[k - i] = (char)tolower((unsigned char)u->t[k]);
			w[j - i] = '\0';
			if (extract_lookup(x, "SEPARATELY", w) &&
			    !(j <= ts && extract_crosses(u, j, ts, true)) &&
			    !(i >= te && extract_crosses(u, te, i, true)))
				return true;
		}
		i = j;
	}
	return false;
}

/* The parties (see party_of) of side `side` of p, at most `max`; their count. */
static size_t side_parties(const struct pending *p, int side, const char **v, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->e.nactors; i++) {
		if (p->aside[i] != side)
			continue;
		const char *party = party_of(&p->e.actors[i]);
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(v[k], party) == 0;
		if (!seen && n < max)
			v[n++] = party;
	}
	return n;
}

/* Separate meetings: "X met the Ukrainian delegation separately", "Trump will
 * meet separately with Zelensky and Putin" are one meeting per party of the
 * listed side (the other side's when it lists several, else the subject's),
 * each with the whole of the other side, not one meeting of everyone.  The
 * meeting's pending is replaced by its parts in place; *nev grows.  False on OOM. */
static bool split_separate(struct pl_extractor *x, struct unit *u, const struct art *ar,
			   const struct unit_rules *ur, struct pending **pend, long *nev)
{
	struct pending *v = *pend;
	long n = *nev;
	for (long i = 0; i < n; i++) {
		struct pending *p = &v[i];
		if (!p->rule || p->split_side >= 0 || p->e.status == PL_STATUS_NEGATED ||
		    (strcmp(p->e.type, "MEET") != 0 && strcmp(p->e.type, "TALKS") != 0) ||
		    !separately_cue(x, u, p->ts, p->te))
			continue;
		const char *obj[16], *subj[16];
		size_t no = side_parties(p, SIDE_OTHER, obj, 16), ns = side_parties(p, SIDE_SUBJECT, subj, 16);
		int side = no >= 2 && ns ? SIDE_OTHER : ns >= 2 && no ? SIDE_SUBJECT : -1;
		if (side < 0)
			continue;
		const char **parties = side == SIDE_OTHER ? obj : subj;
		size_t np = side == SIDE_OTHER ? no : ns;
		struct pending *w = realloc(v, (size_t)(n + (long)np - 1) * sizeof *w);
		if (!w)
			return false;
		v = w;
		*pend = v;
		p = &v[i];
		memmove(&v[i + (long)np], &v[i + 1], (size_t)(n - i - 1) * sizeof *v);
		memset(&v[i + 1], 0, (np - 1) * sizeof *v);
		/* the parts are made from the match again; the parties' names
		 * live in the whole meeting, freed after */
		struct pending whole = *p;
		const struct pl_match *mt = p->mt;
		memset(p, 0, sizeof *p);
		n += (long)np - 1;
		*nev = n;
		bool ok = true;
		for (size_t k = 0; k < np && ok; k++)
			ok = make_pending(x, u, ar, ur, &v[i + (long)k], mt, side, parties[k]);
		drop_pending(&whole);
		if (!ok)
			return false;
		i += (long)np - 1;
	}
	return true;
}

/* ---- continuations of talks ------------------------------------------------------ */

static void ctx_clear(struct ctx_talks *c)
{
	for (size_t i = 0; i < c->n; i++)
		free_actor(&c->actors[i]);
	free(c->actors);
	free(c->names.names);
	memset(c, 0, sizeof *c);
}

/* Is the rule a continuation of talks ("discussions may continue", "a new
 * round"): `context talks`. */
static bool is_continuation(const struct pl_rule *r)
{
	const char *c = extract_attr(r, "context");
	return c && !strcmp(c, "talks");
}

static bool is_participant(const struct pl_event_actor *a)
{
	return a->role && !strcmp(a->role, "participant");
}

/* *d = a copy of participant a (d zeroed; freed with the event even when
 * a copy fails).  False on OOM. */
static bool copy_actor(struct pl_event_actor *d, const struct pl_event_actor *a)
{
	d->name = pl_strdup(a->name);
	d->role = pl_strdup(a->role);
	d->country = a->country ? pl_strdup(a->country) : NULL;
	d->title = a->title ? pl_strdup(a->title) : NULL;
	return d->name && d->role && (!a->country || d->country) && (!a->title || d->title);
}

/* Keep the participants of a talks or meeting mention (pending p of unit u)
 * in c, replacing what c held.  False on OOM. */
static bool ctx_keep(const struct pl_extractor *x, const struct unit *u, const struct pending *p,
		     struct ctx_talks *c)
{
	struct ctx_talks n = { 0 };
	struct pl_buf b = PL_BUF_INIT;
	bool ok = (n.actors = calloc(p->e.nactors, sizeof *n.actors)) != NULL;
	for (size_t i = 0; ok && i < p->e.nactors; i++) {
		const struct pl_event_actor *a = &p->e.actors[i];
		if (!is_participant(a))
			continue;
		ok = copy_actor(&n.actors[n.n++], a);
	}
	if (ok) {
		extract_join_names(x, &p->e, u, p->amen, p->aact, "participant", &b, &n.names.plural);
		ok = (n.names.names = pl_buf_steal(&b)) != NULL;
	}
	pl_buf_free(&b);
	if (!ok) {
		ctx_clear(&n);
		return false;
	}
	ctx_clear(c);
	*c = n;
	return true;
}

/* Give a continuation of talks without actors the participants of c, marked
 * as coming from context: a label of list EVENT_LABEL_CONTEXT ("Follow-up
 * talks in Miami: Zelensky, Witkoff and Kushner") and a confidence 0.15 below
 * what the same mention with actors of its own would have.  False on OOM. */
static bool ctx_give(const struct pl_extractor *x, const struct ctx_talks *c, struct pl_event *e)
{
	if (!c->n || e->nactors)
		return true;
	if (!(e->actors = calloc(c->n, sizeof *e->actors)))
		return false;
	double conf = e->confidence + 0.25 - 0.15; /* the no-actor penalty goes */
	for (size_t i = 0; i < c->n; i++) {
		const struct pl_event_actor *a = &c->actors[i];
		if (!copy_actor(&e->actors[e->nactors++], a))
			return false;
		if (!a->country)
			conf -= 0.05;
	}
	struct type_info tmp;
	const char *tmpl = type_info(x, e->type, &tmp)->label_context;
	char *label = extract_make_label_given(x, e, &c->names, tmpl ? tmpl : label_template(x, e));
	if (!label)
		return false;
	free(e->label);
	e->label = label;
	e->confidence = clamp01(conf);
	return true;
}

/* After pending p became out->v[idx]: a continuation of talks without actors
 * takes the participants of the latest talks of the article (else of the
 * latest meeting), or waits for the next talks when none came before; talks
 * or a meeting with participants (not background) are kept for later ones,
 * and talks give theirs to the continuations waiting.  `donor` was kept by
 * ctx_keep before the push (the pending's mentions are needed).  False on OOM. */
static bool ctx_after_push(const struct pl_extractor *x, struct art *ar, struct pl_events *out,
			   size_t idx, bool continuation, bool talks_donor)
{
	struct pl_event *e = &out->v[idx];
	if (continuation && !e->nactors) {
		const struct ctx_talks *c = ar->last_talks.n ? &ar->last_talks : &ar->last_meet;
		if (c->n)
			return ctx_give(x, c, e);
		if (!extract_grow((void **)&ar->waiting, &ar->waitcap, ar->nwaiting, sizeof *ar->waiting))
			return false;
		ar->waiting[ar->nwaiting++] = idx;
		return true;
	}
	if (talks_donor) {
		for (size_t i = 0; i < ar->nwaiting; i++)
			if (!ctx_give(x, &ar->last_talks, &out->v[ar->waiting[i]]))
				return false;
		ar->nwaiting = 0;
	}
	return true;
}

static long run_unit(struct pl_extractor *x, struct unit *u, struct art *ar,
		     struct pl_events *out, struct pl_diags *d)
{
	const struct pl_article_view *a = ar->a;
	struct unit_rules ur = { 0 };
	struct pl_match *ev = NULL;
	struct pending *pend = NULL;
	long nev = 0, added = -1;
	u->nmen = 0;
	if (!build_l1(x, u) || !build_l2(x, u, d) || !find_regions(u))
		goto done;
	resolve_said_pronouns(u);
	const char *l2 = u->l2.text.p ? u->l2.text.p : "";
	if ((nev = pl_match_all(x->m, "event", l2, u->l2.text.len, &ev, d)) < 0)
		goto done;
	if (nev == 0) {
		added = 0;
		goto done;
	}
	if ((ur.nplaces = pl_match_all(x->m, "place", l2, u->l2.text.len, &ur.places, d)) < 0 ||
	    (ur.nstatus = pl_match_all(x->m, "status", u->t, u->len, &ur.status, d)) < 0 ||
	    (ur.ntopics = pl_match_all(x->m, "topic", u->t, u->len, &ur.topics, d)) < 0)
		goto done;
	pend = calloc((size_t)nev, sizeof *pend);
	if (!pend)
		goto done;
	for (long i = 0; i < nev; i++)
		if (!make_pending(x, u, ar, &ur, &pend[i], &ev[i], -1, NULL))
			goto done;
	if (!split_separate(x, u, ar, &ur, &pend, &nev))
		goto done;
	/* quotes: an event inside a quote with no actor of its own is the
	 * speaker's (the source of a STATEMENT of the unit outside that quote) */
	for (long i = 0; i < nev; i++) {
		struct pending *p = &pend[i];
		int qr = extract_region_of(u, p->ts);
		if (!p->rule || p->e.nactors || qr < 0 || !u->reg[qr].quote)
			continue;
		for (long k = 0; k < nev; k++) {
			struct pending *s = &pend[k];
			if (k == i || !s->rule || strcmp(s->e.type, "STATEMENT") != 0 ||
			    extract_region_of(u, s->ts) == qr)
				continue;
			if (!give_speakers(x, u, p, s, "source", 0.15))
				goto done;
			break;
		}
	}
	/* talks or a meeting reported right after a statement's verb are the
	 * speakers' (see speakers_take_part) */
	for (long i = 0; i < nev; i++) {
		struct pending *p = &pend[i];
		if (!p->rule || (strcmp(p->e.type, "TALKS") != 0 && strcmp(p->e.type, "MEET") != 0))
			continue;
		for (long k = 0; k < nev; k++) {
			struct pending *s = &pend[k];
			double bonus;
			if (k == i || !speakers_take_part(x, u, s, p, &bonus))
				continue;
			if (!give_speakers(x, u, p, s, "participant", bonus))
				goto done;
			break;
		}
	}
	drop_demanded(u, pend, nev);
	added = 0;
	for (long i = 0; i < nev; i++) {
		struct pending *p = &pend[i];
		if (!p->rule)
			continue;
		struct pl_event_source *src = calloc(1, sizeof *src);
		if (!src)
			goto done;
		p->e.sources = src;
		p->e.nsources = 1;
		src->article = xdup(a->origin);
		src->title = xdup(a->title);
		src->source = xdup(a->source);
		src->published = xdup(ar->published);
		src->sentence = pl_strndup(u->t, u->len);
		src->start = u->base + p->ts;
		src->end = u->base + p->te;
		src->rule = xdup(pl_rule_id(p->rule));
		src->caption = u->caption;
		/* participants for later continuations of talks (see ctx_after_push) */
		bool cont = is_continuation(p->rule) && !p->e.nactors, donor = false, talks = false;
		if (!cont && p->e.status != PL_STATUS_HISTORICAL) {
			talks = !strcmp(p->e.type, "TALKS");
			for (size_t j = 0; j < p->e.nactors && !donor; j++)
				donor = is_participant(&p->e.actors[j]);
			if (donor && (talks || !strcmp(p->e.type, "MEET")) &&
			    !ctx_keep(x, u, p, talks ? &ar->last_talks : &ar->last_meet))
				goto done;
		}
		if (!src->sentence || !src->rule || !push_event(out, &p->e))
			goto done;
		memset(p, 0, sizeof *p);
		added++;
		if (!ctx_after_push(x, ar, out, out->n - 1, cont, donor && talks))
			goto done;
	}
done:
	if (pend) {
		for (long i = 0; i < nev; i++)
			if (pend[i].e.type || pend[i].e.sources)
				drop_pending(&pend[i]);
		free(pend);
	}
	free(ev);
	free(ur.places);
	free(ur.status);
	free(ur.topics);
	return added;
}

/* ---- article -------------------------------------------------------------------- */

/* Surnames that are ordinary words are never aliases (list SURNAME_BLOCK). */
static bool surname_blocked(const char *s, size_t n, void *ud)
{
	const struct pl_extractor *x = ud;
	return pl_rules_list_lookup(x->rs, "SURNAME_BLOCK", s, n) != NULL;
}

/* The numbers the extractor reads from rules, checked once: a bad one is a
 * warning at its file:line (and is then ignored) rather than a silent 0. */
static void check_numbers(const struct pl_ruleset *rs, struct pl_diags *d)
{
	pl_rules_list_check_int(rs, "ROLE_RANK", 0, RANK_MAX, "rank", d);
	const struct pl_rule *const *v;
	size_t n = pl_rules_of_kind(rs, "event", &v);
	for (size_t i = 0; i < n; i++) {
		const char *win = extract_attr(v[i], "window");
		long a, b;
		if (!win || parse_window(win, &a, &b))
			continue;
		struct pl_buf msg = PL_BUF_INIT;
		pl_buf_printf(&msg, "rule '%s': 'window' takes one or two byte counts from 0 to %d "
			      "(date, then place), not '%s'; the rule has no window",
			      pl_rule_id(v[i]), WINDOW_MAX, win);
		pl_rule_attr_diag(rs, v[i], "window", PL_WARNING, msg.p ? msg.p : "", d);
		pl_buf_free(&msg);
	}
}

/* The per-actor role lists, role ranks and short names (see struct
 * pl_extractor): what every event's actors would otherwise look up again in
 * the whole role table and the rules' lists.  False on OOM. */
static bool index_roles(struct pl_extractor *x)
{
	const struct refdata *rd = x->rd;
	size_t na = rd->nactors, nr = rd->nroles;
	x->role_start = calloc(na + 2, sizeof *x->role_start);
	x->role_idx = malloc((nr ? nr : 1) * sizeof *x->role_idx);
	x->role_rank = malloc((nr ? nr : 1) * sizeof *x->role_rank);
	x->short_name = calloc(na ? na : 1, sizeof *x->short_name);
	if (!x->role_start || !x->role_idx || !x->role_rank || !x->short_name)
		return false;
	for (size_t i = 0; i < nr; i++) {
		const struct rd_role *r = &rd->roles[i];
		const char *rk = extract_lookup(x, "ROLE_RANK", r->role);
		long rank = 1000; /* unranked; a bad rank was reported by pl_extractor_create */
		if (rk && !pl_rules_int(rk, 0, RANK_MAX, &rank))
			rank = 1000;
		x->role_rank[i] = rank;
		if (r->actor >= 0 && (size_t)r->actor < na)
			x->role_start[r->actor + 2]++;
	}
	/* counts at [a + 2], prefix sums to starts at [a + 1], then filled in
	 * file order moving [a + 1] to the end of actor a */
	for (size_t a = 2; a < na + 2; a++)
		x->role_start[a] += x->role_start[a - 1];
	for (size_t i = 0; i < nr; i++) {
		int a = rd->roles[i].actor;
		if (a >= 0 && (size_t)a < na)
			x->role_idx[x->role_start[a + 1]++] = (int)i;
	}
	for (size_t a = 0; a < na; a++)
		x->short_name[a] = extract_lookup(x, "SHORT_NAME", rd->actors[a].name);
	return true;
}

/* The type table of struct pl_extractor from the `event` rules.  False on OOM. */
static bool index_types(struct pl_extractor *x)
{
	const struct pl_rule *const *v;
	size_t n = pl_rules_of_kind(x->rs, "event", &v);
	size_t slots = 16;
	while (slots < 2 * n + 2)
		slots *= 2;
	x->types = calloc(n ? n : 1, sizeof *x->types);
	x->type_slot = malloc(slots * sizeof *x->type_slot);
	if (!x->types || !x->type_slot)
		return false;
	for (size_t i = 0; i < slots; i++)
		x->type_slot[i] = -1;
	x->ntype_slots = slots;
	for (size_t r = 0; r < n; r++) {
		const char *type = extract_attr(v[r], "type");
		if (!type)
			continue;
		size_t i = type_hash(type) & (slots - 1);
		while (x->type_slot[i] >= 0 && strcmp(x->types[x->type_slot[i]].type, type) != 0)
			i = (i + 1) & (slots - 1);
		if (x->type_slot[i] >= 0)
			continue; /* a type already seen */
		struct type_info tmp;
		x->ntype_slots = 0; /* type_info looks it up */
		x->types[x->ntypes] = *type_info(x, type, &tmp);
		x->ntype_slots = slots;
		x->type_slot[i] = (int)x->ntypes++;
	}
	return true;
}

struct pl_extractor *pl_extractor_create(const struct pl_ruleset *rs, const char *data_dir,
					 struct pl_diags *d)
{
	struct pl_extractor *x = calloc(1, sizeof *x);
	if (!x) {
		pl_error(d, data_dir, "out of memory");
		return NULL;
	}
	x->rs = rs;
	if (!(x->rd = rd_load(data_dir, d)))
		goto fail;
	if (rd_derive_surnames(x->rd, surname_blocked, x) < 0) {
		pl_error(d, data_dir, "out of memory");
		goto fail;
	}
	if (!(x->first_role = malloc((x->rd->nactors ? x->rd->nactors : 1) * sizeof *x->first_role))) {
		pl_error(d, data_dir, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < x->rd->nactors; i++)
		x->first_role[i] = INT64_MIN;
	for (size_t i = 0; i < x->rd->nroles; i++) {
		const struct rd_role *r = &x->rd->roles[i];
		if (r->actor < 0 || (size_t)r->actor >= x->rd->nactors || r->from == INT64_MIN)
			continue;
		int64_t *f = &x->first_role[r->actor];
		if (*f == INT64_MIN || r->from < *f)
			*f = r->from;
	}
	if (!index_roles(x) || !index_types(x) || !(x->m = pl_matcher_create(rs)) || !(x->tagger = pl_tagger_create(rs))) {
		pl_error(d, data_dir, "out of memory");
		goto fail;
	}
	check_numbers(rs, d);
	return x;
fail:
	pl_extractor_destroy(x);
	return NULL;
}

void pl_extractor_destroy(struct pl_extractor *x)
{
	if (!x)
		return;
	rd_free(x->rd);
	free(x->first_role);
	free(x->role_start);
	free(x->role_idx);
	free(x->role_rank);
	free(x->short_name);
	free(x->types);
	free(x->type_slot);
	pl_matcher_destroy(x->m);
	pl_tagger_destroy(x->tagger);
	free(x);
}

/* The first person named in the unit (usually the subject), known to the
 * reference data or introduced by the text, for a "He" opening the next
 * sentence; kept when the unit names nobody. */
static void set_prev_person(const struct pl_extractor *x, const struct art *ar, struct unit *u)
{
	size_t first = SIZE_MAX;
	for (size_t mi = 0; mi < u->nmen; mi++) {
		const struct mention *m = &u->men[mi];
		if (m->tag != T_PERSON || m->os >= first)
			continue;
		/* "the Ukrainian leader told reporters ... “...,” he said": the
		 * office holder at publication */
		int actor = m->actor >= 0 ? m->actor : ar->has_dct ? role_holder(x, m, ar->dct_day) : -1;
		if (actor >= 0 && x->rd->actors[actor].kind == RD_PERSON) {
			u->prev_person = actor;
			u->prev_known = -1;
			first = m->os;
		} else if (m->actor < 0 && m->name && !m->role) {
			for (size_t k = 0; k < u->nknown; k++)
				if (strcmp(u->known[k].name, m->name) == 0) {
					u->prev_person = -1;
					u->prev_known = (int)k;
					first = m->os;
					break;
				}
		}
	}
}

/* Is a body timex a good running reference: a day-precise date within a month
 * of publication (news narrate around their date, background dates are not
 * where the story's present is). */
static bool ref_candidate(const struct art *ar, const struct pl_timex *tx, int64_t *day)
{
	struct edate e;
	if (!extract_timex_date(tx, &e) || e.prec < PL_PREC_DAY || e.end_day != e.day)
		return false;
	if (tx->mod)
		return false;
	if (ar->has_dct && (e.day > ar->dct_day || e.day + 31 < ar->dct_day))
		return false;
	*day = e.day;
	return true;
}

long pl_extract_article(struct pl_extractor *x, const struct pl_article_view *a,
			struct pl_events *out, struct pl_diags *d)
{
	struct art ar = { 0 };
	struct unit u = { 0 };
	struct pl_timexes own = { 0 }, cap_tx = { 0 };
	struct pl_range *sents = NULL;
	struct pl_buf pub = PL_BUF_INIT;
	long total = -1;
	ar.a = a;
	ar.dct = a->published;
	ar.has_dct = a->published.prec >= PL_PREC_DAY;
	if (ar.has_dct)
		ar.dct_day = pl_days_from_civil(a->published.year, a->published.month, a->published.day);
	if (a->published.prec != PL_PREC_NONE) {
		pl_datetime_format(&a->published, &pub);
		ar.published = pub.p;
	}
	u.prev_person = u.prev_known = -1;
	u.has_dct = ar.has_dct;
	u.dct_day = ar.dct_day;
	if (!(u.ar = pl_arena_create(1 << 14)))
		goto done;
	const struct pl_range *sv = a->sents;
	size_t ns = a->nsents;
	const char *body = a->body ? a->body : "";
	if (!sv) {
		long k = pl_sentences(body, a->body_len, &sents);
		if (k < 0)
			goto done;
		sv = sents;
		ns = (size_t)k;
	}
	const struct pl_timexes *tx = a->timexes;
	if (!tx) {
		if (pl_timex_tag_article(x->tagger, body, a->body_len, sv, ns,
					 ar.has_dct ? &ar.dct : NULL, &own, d) < 0)
			goto done;
		tx = &own;
	}
	/* timexes are sorted by start: walk them along with the sentences */
	size_t ti = 0;
	struct pl_timex *ut = NULL;
	size_t utcap = 0;
	total = 0;
	for (size_t si = 0; si < ns; si++) {
		u.t = body + sv[si].start;
		u.len = sv[si].end - sv[si].start;
		u.base = sv[si].start;
		u.caption = false;
		while (ti < tx->n && tx->v[ti].start < sv[si].start)
			ti++;
		size_t tj = ti, nut = 0;
		for (; tj < tx->n && tx->v[tj].start < sv[si].end; tj++) {
			if (!extract_grow((void **)&ut, &utcap, nut, sizeof *ut)) {
				total = -1;
				break;
			}
			ut[nut] = tx->v[tj];
			ut[nut].start -= sv[si].start;
			ut[nut].end -= sv[si].start;
			nut++;
		}
		if (total < 0)
			break;
		u.tx = ut;
		u.ntx = nut;
		long k = run_unit(x, &u, &ar, out, d);
		if (k >= 0 && !learn_known(&u))
			k = -1;
		pl_arena_clear(u.ar);
		if (k < 0) {
			total = -1;
			break;
		}
		total += k;
		/* the first person named (usually the subject), for a "He"
		 * opening the next sentence; kept when a sentence names nobody */
		set_prev_person(x, &ar, &u);
		/* the running reference: the first good date of this sentence's
		 * main clause (asides and relative clauses are background) */
		for (size_t k2 = ti; k2 < tj; k2++) {
			int64_t day;
			if (extract_region_of(&u, tx->v[k2].start - sv[si].start) < 0 &&
			    ref_candidate(&ar, &tx->v[k2], &day)) {
				/* news narrate around the story's day: the latest
				 * recent day named so far, not an older one mentioned later */
				if (!ar.has_ref || day > ar.ref_day)
					ar.ref_day = day;
				ar.has_ref = true;
				break;
			}
		}
		ti = tj;
	}
	free(ut);
	/* captions: weak evidence, dated only by their own words or publication */
	for (size_t ci = 0; total >= 0 && ci < a->ncaptions; ci++) {
		const char *c = a->captions[ci];
		if (!c)
			continue;
		pl_timexes_free(&cap_tx);
		if (pl_timex_tag(x->tagger, c, strlen(c), ar.has_dct ? &ar.dct : NULL, &cap_tx, d) < 0) {
			total = -1;
			break;
		}
		u.t = c;
		u.len = strlen(c);
		u.base = 0;
		u.caption = true;
		u.tx = cap_tx.v;
		u.ntx = cap_tx.n;
		long k = run_unit(x, &u, &ar, out, d);
		pl_arena_clear(u.ar);
		if (k < 0)
			total = -1;
		else
			total += k;
	}
done:
	pl_timexes_free(&own);
	pl_timexes_free(&cap_tx);
	free(sents);
	for (size_t k = 0; k < u.nknown; k++) {
		free(u.known[k].surname);
		free(u.known[k].name);
		free(u.known[k].country);
		free(u.known[k].title);
	}
	free(u.known);
	ctx_clear(&ar.last_talks);
	ctx_clear(&ar.last_meet);
	free(ar.waiting);
	free(u.men);
	free(u.reg);
	layer_free(&u.l1);
	layer_free(&u.l2);
	pl_arena_destroy(u.ar);
	pl_buf_free(&pub);
	if (total < 0)
		pl_error(d, a->origin, "out of memory extracting events");
	return total;
}

/* ---- lookups ------------------------------------------------------------------------ */

static const char *const kind_names[] = { "person", "country", "organisation" };

bool pl_extractor_find_actor(const struct pl_extractor *x, const char *text,
			     struct pl_actor_ref *out)
{
	int s = text ? rd_lookup(x->rd, text, strlen(text)) : -1;
	for (; s >= 0; s = x->rd->senses[s].next) {
		const struct rd_sense *se = &x->rd->senses[s];
		if (se->kind == RS_PLACE)
			continue;
		const struct rd_actor *a = &x->rd->actors[se->idx];
		out->name = a->name;
		out->country = a->country;
		out->kind = kind_names[a->kind];
		return true;
	}
	return false;
}

bool pl_extractor_find_place(const struct pl_extractor *x, const char *text,
			     struct pl_event_location *out)
{
	int s = text ? rd_lookup(x->rd, text, strlen(text)) : -1;
	for (; s >= 0; s = x->rd->senses[s].next) {
		const struct rd_sense *se = &x->rd->senses[s];
		if (se->kind != RS_PLACE)
			continue;
		const struct rd_place *p = &x->rd->places[se->idx];
		out->name = p->name;
		out->country = p->country;
		out->lat = p->lat;
		out->lon = p->lon;
		out->has_coords = p->has_coords;
		return true;
	}
	return false;
}

void pl_extractor_counts(const struct pl_extractor *x, size_t *nactors, size_t *nplaces,
			 size_t *nroles)
{
	if (nactors)
		*nactors = x->rd->nactors;
	if (nplaces)
		*nplaces = x->rd->nplaces;
	if (nroles)
		*nroles = x->rd->nroles;
}
