/* dates.c - an event's date from the time expressions of its sentence:
 * usable TIMEX3 values, deadlines, day pairs, clause-aware nearest choice. */
#include "extract_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What sscanf's "%2d" reads at *pp (leading white space, a sign, at most two
 * characters with the sign): values are parsed for every time expression of
 * every candidate event, and sscanf is most of that cost.  False (nothing
 * read) where sscanf would fail. */
static bool scan2d(const char **pp, int *out)
{
	const char *p = *pp;
	while (isspace((unsigned char)*p))
		p++;
	int sign = 1, w = 2, v = 0, nd = 0;
	if (*p == '-' || *p == '+') {
		sign = *p == '-' ? -1 : 1;
		p++;
		w--;
	}
	while (w > 0 && isdigit((unsigned char)*p)) {
		v = v * 10 + (*p - '0');
		p++;
		w--;
		nd++;
	}
	if (!nd)
		return false;
	*out = sign * v;
	*pp = p;
	return true;
}

/* "-%2d" as sscanf reads it. */
static bool scan_dash2d(const char *p, int *out)
{
	if (*p != '-')
		return false;
	p++;
	return scan2d(&p, out);
}

/* "YYYY-MM-DD" (what "%04d-%02d-%02d" prints) appended to b, without
 * printf: every event's date goes through here. */
static void put_ymd(struct pl_buf *b, int y, int m, int d, int parts)
{
	if (y < 0 || m < 0 || d < 0) { /* not a calendar date of the corpora: printf's own sign rules */
		if (parts == 1)
			pl_buf_printf(b, "%04d", y);
		else if (parts == 2)
			pl_buf_printf(b, "%04d-%02d", y, m);
		else
			pl_buf_printf(b, "%04d-%02d-%02d", y, m, d);
		return;
	}
	pl_buf_put_padded(b, (unsigned long long)y, 4);
	if (parts >= 2) {
		pl_buf_putc(b, '-');
		pl_buf_put_padded(b, (unsigned long long)m, 2);
	}
	if (parts >= 3) {
		pl_buf_putc(b, '-');
		pl_buf_put_padded(b, (unsigned long long)d, 2);
	}
}

/* ISO-week Monday of week w of ISO year y. */
static int64_t iso_week_monday(int y, int w)
{
	int64_t jan4 = pl_days_from_civil(y, 1, 4);
	int64_t dow = ((jan4 + 3) % 7 + 7) % 7; /* 0 = Monday; day 0 was a Thursday */
	return jan4 - dow + 7 * (int64_t)(w - 1);
}

/* A TIMEX3 value usable as an event date: YYYY, YYYY-MM, YYYY-MM-DD[THH:MM],
 * YYYY-Www, YYYY-Www-WE.  Everything else (PRESENT_REF, seasons, P...) is not. */
bool extract_parse_value(const char *v, struct edate *e)
{
	memset(e, 0, sizeof *e);
	if (!v || strlen(v) < 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	/* the four digits just checked (a fifth digit fails every form below) */
	int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	const char *p = v + 4;
	if (*p == '\0') {
		e->day = pl_days_from_civil(y, 1, 1);
		e->end_day = pl_days_from_civil(y, 12, 31);
		e->prec = PL_PREC_YEAR;
		return e->ok = true;
	}
	if (p[0] == '-' && p[1] == 'W' && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3])) {
		int w = (p[2] - '0') * 10 + (p[3] - '0');
		int64_t mon = iso_week_monday(y, w);
		if (strcmp(p + 4, "-WE") == 0) {
			e->day = mon + 5;
			e->end_day = mon + 6;
		} else if (p[4] == '\0') {
			e->day = mon;
			e->end_day = mon + 6;
		} else {
			return false;
		}
		e->prec = PL_PREC_DAY;
		return e->ok = true;
	}
	int m = 0, dd = 0, h = 0, mi = 0;
	if (!scan_dash2d(p, &m) || m < 1 || m > 12 || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]))
		return false;
	if (p[3] == '\0') {
		int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
		e->day = pl_days_from_civil(y, m, 1);
		e->end_day = pl_days_from_civil(ny, nm, 1) - 1;
		e->prec = PL_PREC_MONTH;
		return e->ok = true;
	}
	if (!scan_dash2d(p + 3, &dd) || dd < 1 || dd > 31 || !isdigit((unsigned char)p[4]) ||
	    !isdigit((unsigned char)p[5]))
		return false;
	e->day = e->end_day = pl_days_from_civil(y, m, dd);
	e->prec = PL_PREC_DAY;
	const char *q = p + 7;
	if (p[6] == 'T' && scan2d(&q, &h) && *q++ == ':' && scan2d(&q, &mi)) {
		if (h == 24) { /* the end of a day is the start of the next */
			h = 0;
			e->day = e->end_day = e->day + 1;
		}
		e->prec = PL_PREC_MINUTE;
		e->hour = h;
		e->minute = mi;
	} else if (p[6] == 'T' && (!strcmp(p + 7, "MO") || !strcmp(p + 7, "AF") ||
				   !strcmp(p + 7, "EV") || !strcmp(p + 7, "NI") || !strcmp(p + 7, "DT"))) {
		/* a part of the day ("Monday evening"): the day */
	} else if (p[6] != '\0') {
		return false;
	}
	return e->ok = true;
}

bool extract_timex_date(const struct pl_timex *tx, struct edate *e)
{
	if (tx->type != PL_TIMEX_DATE && tx->type != PL_TIMEX_TIME)
		return false;
	if (!extract_parse_value(tx->value, e))
		return false;
	struct edate end;
	if (tx->range_end && extract_parse_value(tx->range_end, &end) && end.end_day >= e->day)
		e->end_day = end.end_day;
	e->mod = tx->mod;
	return true;
}

/* "at the beginning of December" (2025-12, mod START) is its first week,
 * "in the middle of November" the week around the 15th, "the end of" the
 * last week: a span of days (a week, within what one merged meeting may
 * cover), so that a round early in the month is not one with talks on the
 * 20th.  The mod stays: the days are this reading of the text.  Not for a
 * deadline ("by the end of December" is due by the month's end). */
static void month_part(const struct pl_timex *tx, struct edate *e)
{
	if (e->prec != PL_PREC_MONTH || !e->mod || tx->range_end)
		return;
	int64_t first = e->day, last = e->end_day;
	if (!strcmp(e->mod, "START")) {
		e->end_day = first + 6;
	} else if (!strcmp(e->mod, "MID")) {
		e->day = first + 11;
		e->end_day = first + 17;
	} else if (!strcmp(e->mod, "END")) {
		e->day = last - 6;
	}
	if (e->day != first || e->end_day != last)
		e->prec = PL_PREC_DAY;
}

/* A deadline: mod BEFORE, or the expression follows "by", "before", "until". */
static bool is_deadline(const struct unit *u, const struct pl_timex *tx, struct edate *e)
{
	if (e->mod && (!strcmp(e->mod, "BEFORE") || !strcmp(e->mod, "ON_OR_BEFORE")))
		return true;
	static const char *const words[] = { "by ", "before ", "until ", "no later than " };
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		size_t n = strlen(words[k]);
		if (tx->start >= n && !strncmp(u->t + tx->start - n, words[k], n)) {
			e->mod = "BEFORE";
			return true;
		}
		/* "before the end of the year": the article is inside the expression */
		if (tx->start >= n + 4 && !strncmp(u->t + tx->start - n - 4, words[k], n) &&
		    !strncmp(u->t + tx->start - 4, "the ", 4)) {
			e->mod = "BEFORE";
			return true;
		}
	}
	return false;
}

/* Is t[0..n) " and " (spaces, an optional comma)? */
static bool joined_by_and(const char *t, size_t n)
{
	size_t i = 0;
	while (i < n && (t[i] == ' ' || t[i] == ','))
		i++;
	if (i + 3 > n || strncmp(t + i, "and", 3) != 0)
		return false;
	for (i += 3; i < n; i++)
		if (t[i] != ' ')
			return false;
	return true;
}

/* Does t[0..n) hold a semicolon or " and that " (the start of a second
 * reported clause)? */
static bool another_clause(const char *t, size_t n)
{
	if (memchr(t, ';', n))
		return true;
	for (size_t i = 0; i + 10 <= n; i++)
		if (t[i] == ' ' && !strncmp(t + i, " and that ", 10))
			return true;
	return false;
}

bool extract_sentence_date(const struct unit *u, size_t ts, size_t te, const struct date_opts *o,
			  struct edate *out)
{
	int treg = extract_region_of(u, ts);
	long best = -1;
	size_t bestdist = SIZE_MAX;
	int bestrank = 9;
	for (size_t i = 0; i < u->ntx; i++) {
		struct edate e;
		if (!extract_timex_date(&u->tx[i], &e))
			continue;
		/* "by Christmas", "before the end of the year" are deadlines: a
		 * date only for what can be due */
		if (is_deadline(u, &u->tx[i], &e) && !o->deadline_ok)
			continue;
		if (o->past_only && o->has_dct && e.day > o->dct_day)
			continue;
		int xreg = extract_region_of(u, u->tx[i].start);
		int rank;
		if (xreg == treg)
			rank = 0;
		else if (xreg < 0 || (treg >= 0 && u->reg[xreg].s <= u->reg[treg].s &&
				      u->reg[treg].e <= u->reg[xreg].e))
			rank = 1; /* an enclosing clause */
		else if (!u->reg[xreg].quote && !u->reg[xreg].earlier && u->reg[xreg].s >= te &&
			 u->reg[xreg].s - te <= 40 &&
			 !extract_crosses(u, te, u->reg[xreg].s, true))
			rank = 2; /* "the talks ..., which ended yesterday,": about the noun before it */
		else
			continue;
		size_t dist = u->tx[i].start >= te ? u->tx[i].start - te
			      : ts >= u->tx[i].end ? ts - u->tx[i].end : 0;
		/* never across a semicolon, nor forward into a second reported
		 * clause ("said the talks ... had brought progress, and that the
		 * next round would take place ... this coming weekend"): another
		 * clause, another event.  A date before it may be the saying's,
		 * which governs both ("said on Tuesday that ... and that ...") */
		if (u->tx[i].start >= te ? another_clause(u->t + te, u->tx[i].start - te)
		    : ts >= u->tx[i].end && memchr(u->t + u->tx[i].end, ';', ts - u->tx[i].end))
			continue;
		/* "On Friday, Netanyahu said": a sentence-opening date holds for it */
		bool opening = u->tx[i].start <= 4 && u->tx[i].end < ts;
		if (o->windowed && !opening && (dist > o->window ||
				    (u->tx[i].start >= te ? extract_crosses(u, te, u->tx[i].start, true)
							  : extract_crosses(u, u->tx[i].end, ts, true))))
			continue;
		/* "said Friday it would investigate the genocide ... four years
		 * ago": a noun's date follows it, or sits in its own phrase
		 * ("the Aug. 7 blasts") */
		if (o->noun && u->tx[i].end <= ts && dist > 24)
			dist += 200;
		if (rank < bestrank || (rank == bestrank && dist < bestdist)) {
			best = (long)i;
			bestdist = dist;
			bestrank = rank;
		}
	}
	if (best < 0)
		return false;
	if (!extract_timex_date(&u->tx[best], out))
		return false;
	if (!is_deadline(u, &u->tx[best], out))
		month_part(&u->tx[best], out);
	/* "on Sunday and Monday": two days joined by "and" are one span */
	if ((size_t)best + 1 < u->ntx && out->prec == PL_PREC_DAY) {
		const struct pl_timex *a = &u->tx[best], *b = &u->tx[best + 1];
		struct edate nx;
		if (b->start >= a->end && b->start - a->end <= 6 && joined_by_and(u->t + a->end, b->start - a->end) &&
		    extract_timex_date(b, &nx) &&
		    nx.prec == PL_PREC_DAY && nx.day > out->end_day && nx.day - out->end_day <= 3)
			out->end_day = nx.day;
	}
	return true;
}

char *extract_date_str(const struct edate *e, bool end)
{
	struct pl_buf b = PL_BUF_INIT;
	int y, m, d;
	pl_civil_from_days(end ? e->end_day : e->day, &y, &m, &d);
	switch (e->prec) {
	case PL_PREC_YEAR: put_ymd(&b, y, m, d, 1); break;
	case PL_PREC_MONTH: put_ymd(&b, y, m, d, 2); break;
	case PL_PREC_DAY: case PL_PREC_NONE: put_ymd(&b, y, m, d, 3); break;
	default:
		put_ymd(&b, y, m, d, 3);
		if (!end)
			pl_buf_printf(&b, "T%02d:%02d", e->hour, e->minute);
		break;
	}
	return pl_buf_steal(&b);
}

/* End of the run of ASCII letters at t[i..b); i when t[i] is none, or when
 * the run holds a capital (list entries are lower case and matched as such). */
static size_t lower_word(const char *t, size_t i, size_t b)
{
	size_t j = i;
	while (j < b && isalpha((unsigned char)t[j])) {
		if (isupper((unsigned char)t[j]))
			return i;
		j++;
	}
	return j;
}

/* Does t[a..b) hold, as a word or two words, an entry of list SEQUENCE_WORDS
 * ("then", "after which")? */
static bool sequence_word(const struct pl_extractor *x, const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		if (i > a && isalpha((unsigned char)t[i - 1]))
			continue;
		size_t j = lower_word(t, i, b);
		if (j == i)
			continue;
		if (extract_lookup_n(x, "SEQUENCE_WORDS", t + i, j - i))
			return true;
		size_t k = j + 1 < b && t[j] == ' ' ? lower_word(t, j + 1, b) : j + 1;
		if (k > j + 1 && extract_lookup_n(x, "SEQUENCE_WORDS", t + i, k - i))
			return true;
	}
	return false;
}

/* The last clause break (comma or semicolon) in t[a..b), b when none. */
static size_t last_break(const char *t, size_t a, size_t b)
{
	size_t at = b;
	for (size_t i = a; i < b; i++)
		if (t[i] == ';' || t[i] == ',')
			at = i;
	return at;
}

bool extract_sequence_date(const struct pl_extractor *x, const struct unit *u, size_t ts,
			   size_t te, int64_t ref_day, struct edate *out)
{
	memset(out, 0, sizeof *out);
	if (extract_region_of(u, ts) >= 0)
		return false;
	long best = -1;
	for (size_t i = 0; i < u->ntx; i++) {
		struct edate e;
		if (extract_region_of(u, u->tx[i].start) >= 0 || !extract_timex_date(&u->tx[i], &e) ||
		    e.prec < PL_PREC_DAY || e.end_day >= ref_day || e.mod)
			continue;
		best = (long)i;
		if (u->tx[i].start >= te)
			break; /* the first one after the trigger, else the last before it */
	}
	if (best < 0)
		return false;
	const struct pl_timex *tx = &u->tx[best];
	struct edate e;
	extract_timex_date(tx, &e);
	/* "X took the text to Abu Dhabi; Y then spent five hours ... on Dec. 2":
	 * X's event came before; "... on Dec. 2, after which Ushakov said": after.
	 * The sequence word opens the other clause (after its last break). */
	size_t b = tx->start >= te ? last_break(u->t, te, tx->start) : last_break(u->t, tx->end, ts);
	bool after = tx->start < te;
	if (b == (after ? ts : tx->start) || !sequence_word(x, u->t, b, after ? ts : tx->start))
		return false;
	*out = e;
	if (after)
		out->day = e.end_day;
	else
		out->end_day = e.day;
	out->mod = after ? "AFTER" : "BEFORE";
	return true;
}
