/* value.c - value templates: "{year}-{month:MONTH:02}-{day:02}" turned into a
 * value for one match, and checked against the rule when it is loaded.  The
 * only language data used here (number words) comes from list NUMBER. */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

/* One `{...}` item of a template: capture name, function chain, default. */
struct item {
	const char *name;
	size_t namelen;
	const char *funcs; /* "MONTH:02", without the leading ':' */
	size_t funcslen;
	const char *dflt; /* after '|', or NULL */
	size_t dfltlen;
};

/* Parse the item starting after '{' at t[*i]; on success *i is after '}'. */
static bool parse_item(const char *t, size_t n, size_t *i, struct item *it)
{
	size_t k = *i, close = k;
	while (close < n && t[close] != '}')
		close++;
	if (close >= n)
		return false;
	size_t bar = k;
	while (bar < close && t[bar] != '|')
		bar++;
	size_t colon = k;
	while (colon < bar && t[colon] != ':')
		colon++;
	it->name = t + k;
	it->namelen = colon - k;
	it->funcs = colon < bar ? t + colon + 1 : NULL;
	it->funcslen = colon < bar ? bar - colon - 1 : 0;
	it->dflt = bar < close ? t + bar + 1 : NULL;
	it->dfltlen = bar < close ? close - bar - 1 : 0;
	*i = close + 1;
	return it->namelen > 0;
}

/* A zero-pad function: '0' and a width of one or two digits ("02", "04").
 * Capped at two digits so a rule file cannot ask for a width that overflows
 * an int or a million '0's per value; longer is an unknown function. */
static bool is_pad(const char *f, size_t n)
{
	if (n < 2 || n > 3 || f[0] != '0')
		return false;
	for (size_t i = 1; i < n; i++)
		if (f[i] < '0' || f[i] > '9')
			return false;
	return true;
}

/* The width of a pad function (is_pad is true): its digits after the '0'. */
static int pad_width(const char *f, size_t n)
{
	int w = 0;
	for (size_t i = 1; i < n; i++)
		w = w * 10 + (f[i] - '0');
	return w;
}

static bool fn_is(const char *f, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(f, w, n) == 0;
}

/* Parse an optionally signed decimal integer, commas allowed between digit
 * groups ("2,000"); false when s is not one. */
static bool parse_int(const char *s, size_t n, long long *v)
{
	size_t i = 0;
	bool neg = false, any = false;
	long long x = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] == ',' && any && i + 1 < n)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (x > 100000000000000LL)
			return false;
		x = x * 10 + (s[i] - '0');
		any = true;
	}
	*v = neg ? -x : x;
	return any;
}

/* Number words via list NUMBER: "twenty-one" -> 21, "five hundred" -> 500,
 * "a" -> 1 (when the list says so); digits pass through ("1,500" -> 1500,
 * "21st" -> 21).  Scale words are the entries whose value is 100 or a power
 * of 1000 (they multiply what came before). */
static bool number_value(const struct pl_ruleset *rs, const char *s, size_t n, long long *out)
{
	if (parse_int(s, n, out))
		return true;
	size_t dg = 0;
	while (dg < n && ((s[dg] >= '0' && s[dg] <= '9') || (s[dg] == ',' && dg > 0)))
		dg++;
	if (dg > 0 && dg < n && ((s[dg] >= 'a' && s[dg] <= 'z') || (s[dg] >= 'A' && s[dg] <= 'Z')))
		return parse_int(s, dg, out); /* ordinal digits: 21st, 3rd */
	long long total = 0, cur = 0;
	bool any = false;
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == '\t' || s[i] == '\n'))
			i++;
		size_t b = i;
		while (i < n && s[i] != ' ' && s[i] != '-' && s[i] != '\t' && s[i] != '\n')
			i++;
		if (i == b)
			break;
		const char *v = pl_rules_list_lookup(rs, "NUMBER", s + b, i - b);
		long long x;
		if (!v || !parse_int(v, strlen(v), &x))
			return false;
		if (x == 100) {
			cur = (cur ? cur : 1) * 100;
		} else if (x >= 1000 && x % 1000 == 0) {
			total += (cur ? cur : 1) * x;
			cur = 0;
		} else {
			cur += x;
		}
		any = true;
	}
	*out = total + cur;
	return any;
}

/* Append v in decimal, zero-padded to `width` digits (after a '-'): what
 * "%0*lld" prints, without the printf machinery on every value. */
static void put_int(struct pl_buf *b, long long v, int width)
{
	char tmp[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0) {
		pl_buf_putc(b, '-');
		width--;
	}
	for (int i = n; i < width; i++)
		pl_buf_putc(b, '0');
	while (n > 0)
		pl_buf_putc(b, tmp[--n]);
}

/* Apply one function to `cur` (replaced in place).  On failure writes the
 * reason into `why`.  A number or a list value is computed before `cur` is
 * emptied, so only case changes need a second buffer. */
static bool apply(const struct pl_ruleset *rs, const char *f, size_t fn, struct pl_buf *cur,
		  struct pl_buf *why)
{
	const char *s = cur->p ? cur->p : "";
	struct pl_buf nb = PL_BUF_INIT;
	bool ok = true;
	long long v;
	if (is_pad(f, fn)) {
		if (!parse_int(s, cur->len, &v)) {
			pl_buf_printf(why, "'%s' is not a number", s);
			return false;
		}
		pl_buf_reset(cur);
		put_int(cur, v, pad_width(f, fn));
		return !cur->oom;
	} else if (fn_is(f, fn, "num")) {
		if (!number_value(rs, s, cur->len, &v)) {
			pl_buf_printf(why, "'%s' is not a number", s);
			return false;
		}
		pl_buf_reset(cur);
		put_int(cur, v, 0);
		return !cur->oom;
	} else if (fn_is(f, fn, "lower")) {
		rules_fold(s, cur->len, &nb);
	} else if (fn_is(f, fn, "upper")) {
		for (size_t i = 0; i < cur->len; i++)
			pl_buf_putc(&nb, s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i]);
	} else {
		char name[64];
		if (fn >= sizeof name) {
			pl_buf_printf(why, "unknown function '%.*s'", (int)fn, f);
			return false;
		}
		memcpy(name, f, fn);
		name[fn] = '\0';
		if (!rules_find_list(rs, name, fn)) {
			pl_buf_printf(why, "unknown function '%s'", name);
			return false;
		}
		const char *r = pl_rules_list_lookup(rs, name, s, cur->len);
		if (!r) {
			pl_buf_printf(why, "'%s' is not in list %s", s, name);
			return false;
		}
		pl_buf_reset(cur); /* r is the list's (or the set's arena's), not cur's */
		pl_buf_puts(cur, r);
		return !cur->oom;
	}
	if (nb.oom)
		ok = false;
	pl_buf_reset(cur);
	pl_buf_append(cur, nb.p ? nb.p : "", nb.len);
	pl_buf_free(&nb);
	return ok;
}

static const struct pl_capture *find_cap(const struct pl_match *mt, const char *name, size_t n)
{
	for (int i = 0; i < mt->ncap; i++)
		if (strlen(mt->cap[i].name) == n && memcmp(mt->cap[i].name, name, n) == 0)
			return &mt->cap[i];
	return NULL;
}

bool pl_rule_expand(const struct pl_ruleset *rs, const struct pl_match *mt, const char *tmpl,
		    const char *subject, struct pl_buf *out)
{
	size_t n = strlen(tmpl), i = 0;
	struct pl_buf cur = PL_BUF_INIT, why = PL_BUF_INIT;
	bool ok = true;
	while (i < n && ok) {
		char c = tmpl[i];
		if ((c == '{' || c == '}') && i + 1 < n && tmpl[i + 1] == c) {
			pl_buf_putc(out, c);
			i += 2;
			continue;
		}
		if (c != '{') {
			pl_buf_putc(out, c);
			i++;
			continue;
		}
		i++;
		struct item it;
		if (!parse_item(tmpl, n, &i, &it)) {
			pl_buf_puts(&why, "unclosed '{' in template");
			ok = false;
			break;
		}
		const struct pl_capture *cp = find_cap(mt, it.name, it.namelen);
		if (!cp || cp->start == SIZE_MAX) {
			if (it.dflt) {
				pl_buf_append(out, it.dflt, it.dfltlen);
				continue;
			}
			pl_buf_printf(&why, "capture '%.*s' is not set", (int)it.namelen, it.name);
			ok = false;
			break;
		}
		pl_buf_reset(&cur);
		pl_buf_append(&cur, subject + cp->start, cp->end - cp->start);
		for (size_t f = 0; ok && f < it.funcslen;) {
			size_t e = f;
			while (e < it.funcslen && it.funcs[e] != ':')
				e++;
			ok = apply(rs, it.funcs + f, e - f, &cur, &why);
			f = e + 1;
		}
		if (ok)
			pl_buf_append(out, cur.p ? cur.p : "", cur.len);
	}
	if (!ok) {
		pl_buf_reset(out);
		pl_buf_append(out, why.p ? why.p : "", why.len);
	}
	pl_buf_free(&cur);
	pl_buf_free(&why);
	return ok && !out->oom;
}

void rules_check_template(struct pl_ruleset *rs, const struct pl_rule *r, const char *tmpl,
			  size_t off, struct pl_diags *d)
{
	const char *path = rules_diag_file(rs, r->file, d);
	size_t n = strlen(tmpl), i = 0;
	while (i < n) {
		if ((tmpl[i] == '{' || tmpl[i] == '}') && i + 1 < n && tmpl[i + 1] == tmpl[i]) {
			i += 2;
			continue;
		}
		if (tmpl[i] != '{') {
			i++;
			continue;
		}
		size_t open = i++;
		struct item it;
		if (!parse_item(tmpl, n, &i, &it)) {
			pl_error_at(d, path, off + open, 0, "unclosed '{' in value");
			return;
		}
		bool found = false;
		for (int k = 0; k < r->ncap; k++)
			if (strlen(r->capname[k]) == it.namelen &&
			    memcmp(r->capname[k], it.name, it.namelen) == 0)
				found = true;
		if (!found)
			pl_error_at(d, path, off + open + 1, it.namelen,
				    "value uses unknown capture '%.*s'", (int)it.namelen, it.name);
		for (size_t f = 0; f < it.funcslen;) {
			size_t e = f;
			while (e < it.funcslen && it.funcs[e] != ':')
				e++;
			const char *fn = it.funcs + f;
			size_t fl = e - f;
			bool known = is_pad(fn, fl) || fn_is(fn, fl, "num") || fn_is(fn, fl, "lower") ||
				     fn_is(fn, fl, "upper") || rules_find_list(rs, fn, fl);
			if (fn_is(fn, fl, "num") && !rules_find_list(rs, "NUMBER", 6))
				known = false;
			if (!known && fn_is(fn, fl, "num"))
				pl_error_at(d, path, off + (size_t)(fn - tmpl), fl,
					    "'num' needs list NUMBER (rules/common.rules)");
			else if (!known)
				pl_error_at(d, path, off + (size_t)(fn - tmpl), fl,
					    "value uses unknown list or function '%.*s'", (int)fl, fn);
			f = e + 1;
		}
	}
}
