/* check.h - a tiny test harness: CHECK macros that report file:line and keep
 * going, a summary line, and exit status 77 (meson's "skipped") on request.
 *
 *   static void test_x(void) { CHECK(1 + 1 == 2); CHECK_STR(got, "want"); }
 *   int main(void) { RUN(test_x); return check_done(); }
 */
#ifndef PARLEY_CHECK_H
#define PARLEY_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures_, check_count_;
static const char *check_current_ = "";

#define CHECK(cond) do { check_count_++; if (!(cond)) { check_failures_++; \
	fprintf(stderr, "%s:%d: %s: CHECK failed: %s\n", __FILE__, __LINE__, check_current_, #cond); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); check_count_++; \
	if (!g_ || !w_ || strcmp(g_, w_) != 0) { check_failures_++; \
	fprintf(stderr, "%s:%d: %s: CHECK_STR failed: %s\n  got:  %s%s%s\n  want: \"%s\"\n", __FILE__, __LINE__, \
		check_current_, #got, g_ ? "\"" : "", g_ ? g_ : "(null)", g_ ? "\"" : "", w_ ? w_ : "(null)"); } } while (0)
#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); check_count_++; \
	if (g_ != w_) { check_failures_++; fprintf(stderr, "%s:%d: %s: CHECK_INT failed: %s\n  got:  %lld\n  want: %lld\n", \
		__FILE__, __LINE__, check_current_, #got, g_, w_); } } while (0)
#define RUN(fn) do { check_current_ = #fn; fn(); } while (0)

/* Print the summary and return the process exit status. */
static inline int check_done(void)
{
	fprintf(stderr, "%d checks, %d failed\n", check_count_, check_failures_);
	if (check_count_ == 0) {
		fprintf(stderr, "no checks ran: that is a failure\n");
		return 1;
	}
	return check_failures_ ? 1 : 0;
}

/* Skip the whole test (meson counts exit 77 as SKIP) with a reason. */
#define SKIP(...) do { fprintf(stderr, "SKIP: " __VA_ARGS__); fputc('\n', stderr); exit(77); } while (0)

#endif
