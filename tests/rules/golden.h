/* golden.h - shared by the rules tests: compare output with a golden file
 * (or rewrite it when UPDATE_GOLDEN=1) and list fixture files in order. */
#ifndef PARLEY_TESTS_GOLDEN_H
#define PARLEY_TESTS_GOLDEN_H

#include "parley/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True when `got` equals the contents of `path`; with UPDATE_GOLDEN=1 the file
 * is rewritten instead (and true returned).  A mismatch prints both. */
static inline bool golden_compare(const char *path, const char *got, size_t n)
{
	const char *upd = getenv("UPDATE_GOLDEN");
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(got, 1, n, f) != n) {
			fprintf(stderr, "%s: cannot write golden file\n", path);
			if (f)
				fclose(f);
			return false;
		}
		fclose(f);
		fprintf(stderr, "%s: updated\n", path);
		return true;
	}
	struct pl_diags d;
	struct pl_buf want = PL_BUF_INIT;
	pl_diags_init(&d);
	bool ok = pl_read_file(path, 1 << 24, &want, &d) == 0 && want.len == n &&
		  (n == 0 || memcmp(want.p, got, n) == 0);
	if (!ok)
		fprintf(stderr, "FAIL %s\n--- want\n%s--- got\n%.*s---\n", path,
			want.p ? want.p : "(missing)\n", (int)n, got);
	pl_buf_free(&want);
	pl_diags_finish(&d);
	return ok;
}

static int golden_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in `dir` ending with `ext`, sorted; caller frees each and the array. */
static inline size_t golden_list(const char *dir, const char *ext, char ***out)
{
	DIR *dh = opendir(dir);
	char **v = NULL;
	size_t n = 0;
	struct dirent *de;
	*out = NULL;
	if (!dh)
		return 0;
	while ((de = readdir(dh)) != NULL) {
		size_t l = strlen(de->d_name), e = strlen(ext);
		if (l <= e || strcmp(de->d_name + l - e, ext) != 0)
			continue;
		char **nv = realloc(v, (n + 1) * sizeof *nv);
		if (!nv)
			break;
		v = nv;
		v[n++] = pl_strdup(de->d_name);
	}
	closedir(dh);
	if (n)
		qsort(v, n, sizeof *v, golden_cmp_names);
	*out = v;
	return n;
}

#endif
