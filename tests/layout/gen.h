/* gen.h - synthetic events for the layout tests and benchmark: deterministic
 * (seeded), with knobs for the hard cases (one day, 80 years, long and hostile
 * labels, many lanes, month/year precision, spans, every status). */
#ifndef PARLEY_TESTS_LAYOUT_GEN_H
#define PARLEY_TESTS_LAYOUT_GEN_H

#include "parley/events.h"
#include "parley/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen {
	size_t n;
	int y, m, d;          /* first day */
	double spread_days;   /* dates drawn uniformly over this many days */
	int nlanes;           /* distinct actors */
	int label_words;      /* words per label (0: 3..7) */
	bool hostile;         /* labels from the hostile list */
	bool scripts;         /* Cyrillic and Arabic labels mixed in */
	bool fuzzy;           /* some month- and year-precision dates */
	bool hours;           /* times of day */
	bool undated;         /* some events without a date */
	size_t big_label;     /* one label of this many bytes (0: none) */
	unsigned seed;
};

static unsigned gen_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7FFF;
}

static char *gen_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (!p)
		abort();
	memcpy(p, s, n);
	return p;
}

static const char *const gen_types[] = {
	"MEET", "TALKS", "CALL", "VISIT", "STATEMENT", "OFFER", "PROPOSAL", "AGREE", "SIGN",
	"REJECT", "DEMAND", "THREATEN", "ACCUSE", "SANCTION", "CEASEFIRE", "EXCHANGE", "WITHDRAW", "ATTACK",
};
static const char *const gen_words[] = {
	"envoys", "meet", "in", "Berlin", "talks", "on", "security", "guarantees", "ceasefire",
	"proposal", "territory", "Witkoff", "Zelensky", "Kushner", "Merz", "Umerov", "delegations",
	"agree", "to", "continue", "working", "groups", "plan", "peace", "sanctions", "reject",
};
static const char *const gen_hostile[] = {
	"<script>alert(1)</script>", "Tom & Jerry's \"talks\"", "]]> CDATA end", "a < b > c",
	"\xE2\x80\xAE" "override RTL text", "quotes ' \" ` and \\ backslash",
	"zero\xE2\x80\x8Bwidth\xE2\x80\x8Bspaces", "tab\tand\nnewline", "&amp; &lt; literally",
	"\xEF\xBB\xBF" "BOM first", "emoji \xF0\x9F\x95\x8A\xEF\xB8\x8F dove",
};
static const char *const gen_scripts[] = {
	"\xD0\x9F\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80\xD0\xB8 \xD1\x83 \xD0\x91\xD0\xB5\xD1\x80\xD0\xBB\xD1\x96\xD0\xBD\xD1\x96", /* Переговори у Берліні */
	"\xD9\x85\xD8\xAD\xD8\xA7\xD8\xAF\xD8\xAB\xD8\xA7\xD8\xAA \xD9\x81\xD9\x8A \xD8\xA8\xD8\xB1\xD9\x84\xD9\x8A\xD9\x86", /* محادثات في برلين */
	"\xD7\xA9\xD7\x99\xD7\x97\xD7\x95\xD7\xAA \xD7\x91\xD7\x91\xD7\xA8\xD7\x9C\xD7\x99\xD7\x9F", /* שיחות בברלין */
};
static const char *const gen_places[] = {
	"Berlin", "Geneva", "Miami", "Abu Dhabi", "Moscow", "Kyiv", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
};
static const char *const gen_outlets[] = {
	"Reuters", "AP", "BBC", "Kyiv Independent", "Le Monde", "DW", "Meduza", "Al Jazeera",
};

static void gen_date(char *buf, size_t cap, int64_t day, enum pl_precision p, int hh, int mi)
{
	int y, m, d;
	pl_civil_from_days(day, &y, &m, &d);
	char ys[16];
	if (y < 0)
		snprintf(ys, sizeof ys, "-%04d", -y);
	else
		snprintf(ys, sizeof ys, "%04d", y);
	if (p == PL_PREC_YEAR)
		snprintf(buf, cap, "%s", ys);
	else if (p == PL_PREC_MONTH)
		snprintf(buf, cap, "%s-%02d", ys, m);
	else if (p == PL_PREC_DAY)
		snprintf(buf, cap, "%s-%02d-%02d", ys, m, d);
	else
		snprintf(buf, cap, "%s-%02d-%02dT%02d:%02d", ys, m, d, hh, mi);
}

/* Fill ev (empty) with g->n events.  Free with gen_free. */
static void gen_events(struct pl_events *ev, const struct gen *g)
{
	unsigned s = g->seed ? g->seed : 1;
	ev->v = calloc(g->n ? g->n : 1, sizeof *ev->v);
	if (!ev->v)
		abort();
	ev->n = ev->cap = g->n;
	int64_t day0 = pl_days_from_civil(g->y, g->m, g->d);
	for (size_t i = 0; i < g->n; i++) {
		struct pl_event *e = &ev->v[i];
		e->id = (int64_t)i + 1;
		e->type = gen_dup(gen_types[gen_rand(&s) % (sizeof gen_types / sizeof *gen_types)]);
		double off = g->spread_days > 0 ? (double)gen_rand(&s) / 32768.0 * g->spread_days : 0;
		int64_t day = day0 + (int64_t)off;
		enum pl_precision p = PL_PREC_DAY;
		unsigned r = gen_rand(&s) % 100;
		if (g->fuzzy && r < 10)
			p = PL_PREC_MONTH;
		else if (g->fuzzy && r < 15)
			p = PL_PREC_YEAR;
		else if (g->hours && r < 60)
			p = PL_PREC_MINUTE;
		char buf[64];
		if (!(g->undated && gen_rand(&s) % 10 == 0)) {
			gen_date(buf, sizeof buf, day, p, (int)(gen_rand(&s) % 24), (int)(gen_rand(&s) % 60));
			e->date = gen_dup(buf);
			e->precision = p;
			if (p == PL_PREC_DAY && gen_rand(&s) % 10 == 0) {
				gen_date(buf, sizeof buf, day + 1 + gen_rand(&s) % 3, PL_PREC_DAY, 0, 0);
				e->date_end = gen_dup(buf);
			}
		}
		unsigned st = gen_rand(&s) % 10;
		e->status = st < 6 ? PL_STATUS_OCCURRED : st < 8 ? PL_STATUS_PLANNED :
			    st < 9 ? PL_STATUS_NEGATED : PL_STATUS_ONGOING;
		/* label */
		char lab[512] = "";
		if (g->hostile && i % 2 == 0)
			snprintf(lab, sizeof lab, "%s", gen_hostile[gen_rand(&s) % (sizeof gen_hostile / sizeof *gen_hostile)]);
		else if (g->scripts && i % 3 == 0)
			snprintf(lab, sizeof lab, "%s", gen_scripts[gen_rand(&s) % 3]);
		else {
			int nw = g->label_words ? g->label_words : 3 + (int)(gen_rand(&s) % 5);
			size_t len = 0;
			for (int w = 0; w < nw && len + 24 < sizeof lab; w++) {
				const char *word = gen_words[gen_rand(&s) % (sizeof gen_words / sizeof *gen_words)];
				len += (size_t)snprintf(lab + len, sizeof lab - len, "%s%s", w ? " " : "", word);
			}
		}
		if (g->big_label && i == 0) {
			e->label = malloc(g->big_label + 1);
			if (!e->label)
				abort();
			for (size_t k = 0; k < g->big_label; k++)
				e->label[k] = "<&>\"' ]]>abc "[k % 13];
			e->label[g->big_label] = '\0';
		} else
			e->label = gen_dup(lab);
		/* actors: 1..3 of nlanes */
		int na = 1 + (int)(gen_rand(&s) % 3);
		e->actors = calloc((size_t)na, sizeof *e->actors);
		e->nactors = (size_t)na;
		for (int a = 0; a < na; a++) {
			char nm[32];
			snprintf(nm, sizeof nm, "Actor %02u", gen_rand(&s) % (unsigned)(g->nlanes > 0 ? g->nlanes : 1) + 1);
			e->actors[a].name = gen_dup(nm);
			snprintf(nm, sizeof nm, "C%02u", gen_rand(&s) % 7);
			e->actors[a].country = gen_dup(nm);
			e->actors[a].role = gen_dup(a == 0 ? "source" : "participant");
		}
		if (gen_rand(&s) % 4) {
			e->location = calloc(1, sizeof *e->location);
			e->location->name = gen_dup(gen_places[gen_rand(&s) % (sizeof gen_places / sizeof *gen_places)]);
		}
		e->topics = calloc(1, sizeof *e->topics);
		e->topics[0] = gen_dup(gen_rand(&s) % 2 ? "territory" : "security guarantees");
		e->ntopics = 1;
		size_t ns = 1 + gen_rand(&s) % 3;
		e->sources = calloc(ns, sizeof *e->sources);
		e->nsources = ns;
		for (size_t k = 0; k < ns; k++) {
			e->sources[k].source = gen_dup(gen_outlets[gen_rand(&s) % (sizeof gen_outlets / sizeof *gen_outlets)]);
			snprintf(buf, sizeof buf, "https://example.org/a/%zu/%zu", i, k);
			e->sources[k].article = gen_dup(buf);
			e->sources[k].title = gen_dup("Envoys hold talks");
		}
		e->narticles = (long)ns;
		e->noutlets = (long)ns;
		e->nmentions = (long)ns;
		e->confidence = 0.8;
	}
}

/* Everything above is malloc'd as pl_events_free expects. */
static void gen_free(struct pl_events *ev)
{
	pl_events_free(ev);
}

#endif
