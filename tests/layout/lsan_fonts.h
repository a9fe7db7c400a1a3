/* lsan_fonts.h - LeakSanitizer suppression for fontconfig's process-lifetime
 * caches: pango's cairo font map hands fontconfig allocations it keeps until
 * exit (a direct "leak" of its config blocks), not something parley owns.
 * Include in exactly one file of a test program that measures text. */
#ifndef PARLEY_TESTS_LSAN_FONTS_H
#define PARLEY_TESTS_LSAN_FONTS_H

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

#endif
