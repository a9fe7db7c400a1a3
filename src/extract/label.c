/* label.c - short readable event labels for charts from per-type templates
 * (list EVENT_LABEL in rules/events.rules) and short actor names. */
#include "extract_int.h"
#include "refdata.h"

#include <stdlib.h>
#include <string.h>

/* Short form of an actor for labels; `actor` is the resolved reference actor
 * (-1 for unknown people and groups with a fixed name).  A national group
 * shows its noun ("US envoys") only when `noun` is set (participant lists);
 * as a source or target it is the country ("US offers"). */
static void short_name(const struct pl_extractor *x, const struct pl_event_actor *ea,
		       const struct mention *m, int actor, bool noun, struct pl_buf *b)
{
	const char *s = NULL;
	if (actor >= 0) {
		const struct rd_actor *a = &x->rd->actors[actor];
		s = x->short_name[actor];
		if (!s)
			s = a->kind != RD_ORG ? a->shortn : strlen(a->name) > 16 ? a->id : a->name;
	} else if (m->tag == T_GROUP || m->role) {
		s = ea->name;
	} else {
		const char *sp = strrchr(ea->name, ' ');
		s = sp ? sp + 1 : ea->name;
	}
	pl_buf_puts(b, s);
	if (noun && m->tag == T_GROUP && m->title && actor >= 0) {
		pl_buf_putc(b, ' ');
		pl_buf_puts(b, m->title);
	}
}

static bool is_person_actor(const struct pl_extractor *x, const struct mention *m, int actor)
{
	if (actor >= 0)
		return x->rd->actors[actor].kind == RD_PERSON;
	return m->tag == T_PERSON;
}

/* Names of the actors of `e` with role `role` (NULL: all), joined "A, B and
 * C" (at most three, then "and others").  A national group is left out when
 * a person of its country is named with it ("Zelensky, Witkoff and Kushner",
 * not also "US officials").  *plural tells the verb form. */
void extract_join_names(const struct pl_extractor *x, const struct pl_event *e,
			const struct unit *u, const int *amen, const int *aact, const char *role,
			struct pl_buf *b, bool *plural)
{
	size_t pick[32], n = 0;
	for (size_t i = 0; i < e->nactors && n < 32; i++) {
		if (role && strcmp(e->actors[i].role, role) != 0)
			continue;
		const struct mention *m = &u->men[amen[i]];
		bool redundant = false;
		for (size_t k = 0; k < e->nactors && m->tag == T_GROUP && !redundant; k++) {
			if (k == i || (role && strcmp(e->actors[k].role, role) != 0))
				continue;
			redundant = is_person_actor(x, &u->men[amen[k]], aact[k]) &&
				    e->actors[k].country && e->actors[i].country &&
				    strcmp(e->actors[k].country, e->actors[i].country) == 0;
		}
		if (!redundant)
			pick[n++] = i;
	}
	bool noun = !role || strcmp(role, "participant") == 0;
	size_t shown = n > 3 ? 3 : n;
	/* groups sharing one noun: "US and Ukraine officials" */
	const char *common = NULL;
	for (size_t k = 0; noun && k < shown; k++) {
		const struct mention *m = &u->men[amen[pick[k]]];
		bool same = m->tag == T_GROUP && m->title && aact[pick[k]] >= 0 &&
			    (!common || strcmp(common, m->title) == 0);
		common = same ? m->title : NULL;
		if (!same)
			break;
	}
	if (shown < 2)
		common = NULL;
	for (size_t k = 0; k < shown; k++) {
		if (k > 0)
			pl_buf_puts(b, k == shown - 1 && n <= 3 ? " and " : ", ");
		size_t i = pick[k];
		short_name(x, &e->actors[i], &u->men[amen[i]], aact[i], noun && !common, b);
	}
	if (common) {
		pl_buf_putc(b, ' ');
		pl_buf_puts(b, common);
	}
	if (n > 3)
		pl_buf_puts(b, " and others");
	*plural = n > 1;
	if (n == 1) {
		const struct mention *m = &u->men[amen[pick[0]]];
		size_t tl = m->title ? strlen(m->title) : 0;
		*plural = m->tag == T_GROUP && ((noun && tl && m->title[tl - 1] == 's') ||
						(m->name && aact[pick[0]] < 0));
	}
}

/* The names of role `role` (NULL: all): the event's own actors, or when
 * `given` is set the names another event supplied (participants only). */
static void names(const struct pl_extractor *x, const struct pl_event *e, const struct unit *u,
		  const int *amen, const int *aact, const struct label_names *given,
		  const char *role, struct pl_buf *b, bool *plural)
{
	if (!given) {
		extract_join_names(x, e, u, amen, aact, role, b, plural);
	} else if (!role || strcmp(role, "participant") == 0) {
		pl_buf_puts(b, given->names);
		*plural = given->plural;
	}
}

/* Expand a label template: alternatives separated by " | ", the first whose
 * placeholders are all non-empty wins; "[...]" is dropped when a placeholder
 * inside it is empty.  Placeholders: {source} {target} {participants} {all}
 * {place} {topic} {trigger} (the trigger's words), and {s}: "s" after a
 * single actor ("Zelensky holds"),
 * {pl}: the alternative needs several actors in the list before it. */
static char *expand_label(const struct pl_extractor *x, const struct pl_event *e,
			  const struct unit *u, const int *amen, const int *aact,
			  const struct label_names *given, const struct pl_span *trigger,
			  const char *tmpl)
{
	if (!tmpl)
		return pl_strdup(e->type);
	struct pl_buf out = PL_BUF_INIT, seg = PL_BUF_INIT, val = PL_BUF_INIT;
	const char *alt = tmpl;
	char *res = NULL;
	while (alt && !res) {
		const char *bar = strstr(alt, " | ");
		const char *end = bar ? bar : alt + strlen(alt);
		pl_buf_reset(&out);
		pl_buf_reset(&seg);
		bool in_opt = false, opt_ok = true, ok = true, plural = true;
		for (const char *p = alt; p < end; p++) {
			struct pl_buf *dst = in_opt ? &seg : &out;
			if (*p == '[') {
				in_opt = true;
				opt_ok = true;
				pl_buf_reset(&seg);
			} else if (*p == ']' && in_opt) {
				if (opt_ok)
					pl_buf_append(&out, seg.p ? seg.p : "", seg.len);
				in_opt = false;
			} else if (*p == '{') {
				const char *cl = memchr(p, '}', (size_t)(end - p));
				if (!cl)
					break;
				size_t n = (size_t)(cl - p - 1);
				pl_buf_reset(&val);
				if (n == 6 && !strncmp(p + 1, "source", n))
					names(x, e, u, amen, aact, given, "source", &val, &plural);
				else if (n == 6 && !strncmp(p + 1, "target", n))
					names(x, e, u, amen, aact, given, "target", &val, &plural);
				else if (n == 12 && !strncmp(p + 1, "participants", n))
					names(x, e, u, amen, aact, given, "participant", &val, &plural);
				else if (n == 3 && !strncmp(p + 1, "all", n))
					names(x, e, u, amen, aact, given, NULL, &val, &plural);
				else if (n == 5 && !strncmp(p + 1, "place", n) && e->location)
					pl_buf_puts(&val, e->location->name);
				else if (n == 5 && !strncmp(p + 1, "topic", n) && e->ntopics)
					pl_buf_puts(&val, e->topics[0]);
				else if (n == 7 && !strncmp(p + 1, "trigger", n) && trigger)
					pl_buf_append(&val, trigger->p, trigger->len);
				else if (n == 1 && p[1] == 's') {
					pl_buf_puts(dst, plural ? "" : "s");
					p = cl;
					continue;
				} else if (n == 2 && !strncmp(p + 1, "pl", 2)) {
					ok = ok && plural; /* this alternative needs two actors or more */
					p = cl;
					continue;
				}
				if (val.len == 0) {
					if (in_opt)
						opt_ok = false;
					else
						ok = false;
				}
				pl_buf_append(dst, val.p ? val.p : "", val.len);
				p = cl;
			} else { /* a run of plain text up to the next bracket or placeholder */
				const char *q = p + 1;
				while (q < end && *q != '[' && *q != ']' && *q != '{')
					q++;
				pl_buf_append(dst, p, (size_t)(q - p));
				p = q - 1;
			}
		}
		if (ok && out.len) {
			if (out.p[0] >= 'a' && out.p[0] <= 'z')
				out.p[0] = (char)(out.p[0] - 'a' + 'A');
			res = pl_buf_steal(&out);
		}
		alt = bar ? bar + 3 : NULL;
	}
	pl_buf_free(&out);
	pl_buf_free(&seg);
	pl_buf_free(&val);
	return res ? res : pl_strdup(e->type);
}

char *extract_make_label(const struct pl_extractor *x, const struct pl_event *e,
			const struct unit *u, const int *amen, const int *aact,
			const struct pl_span *trigger, const char *tmpl)
{
	return expand_label(x, e, u, amen, aact, NULL, trigger, tmpl);
}

char *extract_make_label_given(const struct pl_extractor *x, const struct pl_event *e,
			       const struct label_names *given, const char *tmpl)
{
	return expand_label(x, e, NULL, NULL, NULL, given, NULL, tmpl);
}
