/* test_detect.c - format detection and decoding, as tables of (input, expected) cases. */
#include <string.h>

#include "check.h"
#include "parley/ingest.h"

static void test_detect_table(void)
{
	static const struct {
		const char *data, *name;
		enum pl_format want;
	} cases[] = {
		{ "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>", NULL, PL_FMT_RSS },
		{ "\xEF\xBB\xBF  <!-- c -->\n<rss>", "x.xml", PL_FMT_RSS },
		{ "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", NULL, PL_FMT_RSS },
		{ "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", NULL, PL_FMT_ATOM },
		{ "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">", NULL, PL_FMT_ATOM },
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf PUBLIC \"-//IPTC//DTD NITF 3.4//EN\" \"nitf.dtd\">\n<nitf>",
		  NULL, PL_FMT_NITF },
		{ "<!DOCTYPE x [ <!ENTITY a \"<b>\"> ]><nitf>", NULL, PL_FMT_NITF },
		{ "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">", NULL, PL_FMT_NEWSML },
		{ "<?xml version=\"1.0\"?><newsMessage>", NULL, PL_FMT_NEWSML },
		{ "<NewsML Version=\"1.2\">", NULL, PL_FMT_NEWSML },
		{ "<!DOCTYPE html>\n<html>", NULL, PL_FMT_HTML },
		{ "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", NULL, PL_FMT_HTML },
		{ "  <HTML><BODY>", NULL, PL_FMT_HTML },
		{ "<p>Just a fragment</p>", NULL, PL_FMT_HTML },
		{ "<div class=a>x</div>", "x.txt", PL_FMT_HTML },
		{ "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", NULL, PL_FMT_HTML },
		{ "Saved from the web\n\n<!DOCTYPE html><html>", NULL, PL_FMT_HTML },
		{ "{\"title\": \"a\", \"text\": \"b\"}\n{\"title\": \"c\"}\n", NULL, PL_FMT_JSONL },
		{ "\n  {\"url\": \"u\"}\n", "a.txt", PL_FMT_JSONL },
		{ "{not json at all}\nmore", "feed.jsonl", PL_FMT_JSONL }, /* extension breaks the tie */
		{ "{not json at all}\nmore", "notes.txt", PL_FMT_TEXT },
		{ "{\n  \"pretty\": true\n}\n", NULL, PL_FMT_TEXT },
		{ "KYIV, Feb 5 (Reuters) - Talks began.", "a.html", PL_FMT_TEXT }, /* content wins */
		{ "<3 diplomacy", NULL, PL_FMT_TEXT },
		{ "<?xml version=\"1.0\"?><unknown/>", "x.rss", PL_FMT_RSS },
		{ "<?xml version=\"1.0\"?><unknown/>", NULL, PL_FMT_HTML },
		{ "", NULL, PL_FMT_TEXT },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum pl_format got = pl_detect_format(cases[i].data, strlen(cases[i].data), cases[i].name);
		if (got != cases[i].want)
			fprintf(stderr, "case %zu: %s (name %s): got %s, want %s\n", i, cases[i].data,
				cases[i].name ? cases[i].name : "-", pl_format_name(got),
				pl_format_name(cases[i].want));
		CHECK(got == cases[i].want);
	}
	CHECK_STR(pl_format_name(PL_FMT_NEWSML), "newsml");
	CHECK_STR(pl_format_name(PL_FMT_UNKNOWN), "unknown");
}

static void test_decode_table(void)
{
	static const struct {
		const char *data;
		size_t len; /* 0: strlen */
		const char *want_enc, *want_text;
	} cases[] = {
		{ "plain ascii\r\nline two\rline three", 0, "utf-8", "plain ascii\nline two\nline three" },
		{ "\xEF\xBB\xBFZ\xC3\xBCrich", 0, "utf-8", "Z\xC3\xBCrich" },
		{ "\xFF\xFEZ\0\xFC\0r\0", 8, "utf-16le", "Z\xC3\xBCr" },
		{ "\xFE\xFF\0Z\0\xFC\0r", 8, "utf-16be", "Z\xC3\xBCr" },
		{ "\xFF\xFE=\xD8\x00\xDE", 6, "utf-16le", "\xF0\x9F\x98\x80" }, /* surrogate pair */
		{ "K\0y\0i\0v\0 \0t\0a\0l\0k\0s\0", 20, "utf-16le", "Kyiv talks" }, /* no BOM */
		{ "\x93Quote\x94 \x80 5 \x96 Z\xFCrich", 0, "windows-1252",
		  "\xE2\x80\x9CQuote\xE2\x80\x9D \xE2\x82\xAC 5 \xE2\x80\x93 Z\xC3\xBCrich" },
		{ "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Br\xFC" "ssel</a>", 0, "windows-1252",
		  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Br\xC3\xBCssel</a>" },
		/* a latin-1 label on bytes that are valid UTF-8: UTF-8 wins */
		{ "<?xml version='1.0' encoding='iso-8859-1'?><a>Br\xC3\xBCssel</a>", 0, "utf-8",
		  "<?xml version='1.0' encoding='iso-8859-1'?><a>Br\xC3\xBCssel</a>" },
		{ "<html><head><meta charset=\"koi8-r\"></head><p>\xEB\xC9\xC5\xD7</p>", 0, "koi8-r",
		  "<html><head><meta charset=\"koi8-r\"></head><p>\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2</p>" },
		{ "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xCA\xE8\xE5\xE2",
		  0, "windows-1251",
		  "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
		  "\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2" },
		/* tag, attribute and declaration names in any case; the first <meta>
		 * without a charset is passed over (find_ci) */
		{ "<HTML><META NAME=x><Meta Http-Equiv=\"Content-Type\" CONTENT=\"text/html; CHARSET=KOI8-R\">"
		  "\xEB\xC9\xC5\xD7", 0, "koi8-r",
		  "<HTML><META NAME=x><Meta Http-Equiv=\"Content-Type\" CONTENT=\"text/html; CHARSET=KOI8-R\">"
		  "\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2" },
		{ "<?xml version=\"1.0\" ENCODING=\"ISO-8859-1\"?><a>Br\xFC" "ssel</a>", 0, "windows-1252",
		  "<?xml version=\"1.0\" ENCODING=\"ISO-8859-1\"?><a>Br\xC3\xBCssel</a>" },
		/* an unknown label: guessed, with a warning */
		{ "<meta charset=\"x-no-such-charset\">caf\xC3\xA9", 0, "utf-8",
		  "<meta charset=\"x-no-such-charset\">caf\xC3\xA9" },
		/* C1 controls: windows-1252 text once mis-read as latin-1 */
		{ "\xC2\x93quoted\xC2\x94", 0, "utf-8", "\xE2\x80\x9Cquoted\xE2\x80\x9D" },
		/* stray controls dropped, form feed becomes a line break */
		{ "a\x01" "b\fc\x7F" "d\te", 0, "utf-8", "ab\ncd\te" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pl_diags d;
		struct pl_buf out = PL_BUF_INIT;
		pl_diags_init(&d);
		size_t n = cases[i].len ? cases[i].len : strlen(cases[i].data);
		const char *enc = pl_decode_text("case", cases[i].data, n, &out, &d);
		if (!enc || strcmp(enc, cases[i].want_enc) != 0 || !out.p ||
		    strcmp(out.p, cases[i].want_text) != 0)
			fprintf(stderr, "decode case %zu: got %s \"%s\"\n", i, enc ? enc : "(null)",
				out.p ? out.p : "(null)");
		CHECK_STR(enc, cases[i].want_enc);
		CHECK_STR(out.p, cases[i].want_text);
		CHECK(out.p && pl_utf8_valid(out.p, out.len));
		pl_buf_free(&out);
		pl_diags_finish(&d);
	}
}

static void test_decode_warnings(void)
{
	struct pl_diags d;
	struct pl_buf out = PL_BUF_INIT;
	pl_diags_init(&d);
	CHECK_STR(pl_decode_text("w.txt", "Z\xFCrich", 6, &out, &d), "windows-1252");
	CHECK_INT(d.n, 1);
	CHECK(d.n == 1 && d.v[0].severity == PL_WARNING && strstr(d.v[0].msg, "offset 1"));
	CHECK_STR(d.n ? d.v[0].file : NULL, "w.txt");
	pl_diags_finish(&d);
	pl_diags_init(&d);
	CHECK(pl_decode_text("b.bin", "abc\0def", 7, &out, &d) == NULL);
	CHECK_INT(d.nerrors, 1);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "binary file, not an article"));
	pl_diags_finish(&d);
	pl_diags_init(&d);
	CHECK(pl_decode_text("a.pdf", "%PDF-1.7\n", 9, &out, &d) == NULL);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "binary file (PDF)"));
	pl_diags_finish(&d);
	pl_buf_free(&out);
}

int main(void)
{
	RUN(test_detect_table);
	RUN(test_decode_table);
	RUN(test_decode_warnings);
	return check_done();
}
