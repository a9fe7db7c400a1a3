/* test_rules_mutate.c - the loader on broken input: the shipped rule files
 * cut, spliced and sprinkled with regex and syntax characters (a fixed
 * pseudo-random sequence, so failures repeat).  Every variant must load to a
 * set without crashing (the sanitizer build checks memory), every positioned
 * diagnostic must point inside its file, and the examples must still run.
 * MUTATIONS=N sets the variants per file (default 40). */
#include "parley/rules.h"

#include "../check.h"
#include "golden.h"

static unsigned long long seed = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/* One mutation of text[0..n) into out. */
static void mutate(const char *t, size_t n, struct pl_buf *out)
{
	static const char *const bits[] = {
		"(", ")", "[", "]", "{", "}", "%", "%MONTH", "%NOPE", "%{", "\\", "\"", "#", "|", "*",
		"\nend\n", "\nrule x\n", "\nlist L\n", "\ndefine D = (", "\n  example \"a\" -> \"",
		"{year:", "(?<", "\xC3", "\xE2\x80\x9C", "\n  value {", "?", "(*FAIL)",
	};
	size_t a = n ? rnd((unsigned)n) : 0, b = a + (n - a ? rnd((unsigned)(n - a < 400 ? n - a : 400)) : 0);
	switch (rnd(4)) {
	case 0: /* cut a piece */
		pl_buf_append(out, t, a);
		pl_buf_append(out, t + b, n - b);
		break;
	case 1: /* duplicate a piece */
		pl_buf_append(out, t, b);
		pl_buf_append(out, t + a, n - a);
		break;
	default: { /* insert a few characters that matter to the syntax */
		pl_buf_append(out, t, a);
		for (unsigned k = rnd(3) + 1; k > 0; k--)
			pl_buf_puts(out, bits[rnd(sizeof bits / sizeof *bits)]);
		pl_buf_append(out, t + a, n - a);
		break;
	}
	}
}

int main(void)
{
	const char *dir = getenv("PARLEY_RULES_DIR");
	if (!dir)
		SKIP("PARLEY_RULES_DIR is not set (meson test sets it)");
	char **names;
	size_t nn = golden_list(dir, ".rules", &names);
	CHECK(nn > 0);
	int variants = 0, per_file = getenv("MUTATIONS") ? atoi(getenv("MUTATIONS")) : 40;
	for (size_t f = 0; f < nn; f++) {
		struct pl_buf path = PL_BUF_INIT, text = PL_BUF_INIT;
		struct pl_diags d;
		pl_diags_init(&d);
		pl_buf_printf(&path, "%s/%s", dir, names[f]);
		CHECK(pl_read_file(path.p, 1 << 24, &text, &d) == 0);
		for (int i = 0; i < per_file && text.p; i++) {
			struct pl_buf m = PL_BUF_INIT;
			struct pl_diags md;
			pl_diags_init(&md);
			mutate(text.p, text.len, &m);
			if (pl_utf8_valid(m.p ? m.p : "", m.len)) {
				struct pl_ruleset *rs = pl_rules_load_text(names[f], m.p ? m.p : "", m.len, &md);
				long failed = 0;
				CHECK(rs != NULL);
				CHECK(rs && pl_rules_test(rs, NULL, NULL, NULL, &failed, &md) >= 0);
				for (size_t k = 0; k < md.n; k++)
					CHECK(!md.v[k].has_pos || md.v[k].offset <= m.len);
				pl_rules_destroy(rs);
				variants++;
			}
			pl_diags_finish(&md);
			pl_buf_free(&m);
		}
		pl_diags_finish(&d);
		pl_buf_free(&path);
		pl_buf_free(&text);
		free(names[f]);
	}
	free(names);
	fprintf(stderr, "%d broken variants loaded\n", variants);
	CHECK(variants > 0);
	return check_done();
}
