/* file.c - read a whole input (file or stdin), gunzipping .gz content, with a size cap. */
#include "parley/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

static int read_stream(FILE *f, const char *path, size_t cap, struct pl_buf *raw,
		       struct pl_diags *d)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (raw->len + n > cap) {
			pl_error(d, path, "input is larger than the %zu MiB limit", cap >> 20);
			return -1;
		}
		pl_buf_append(raw, chunk, n);
		if (raw->oom) {
			pl_error(d, path, "out of memory reading input");
			return -1;
		}
	}
	if (ferror(f)) {
		pl_error(d, path, "cannot read: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Inflate a gzip member (or several, concatenated) from raw into out, stopping at cap. */
static int gunzip(const char *path, const struct pl_buf *raw, size_t cap, struct pl_buf *out,
		  struct pl_diags *d)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) { /* +32: detect gzip/zlib header */
		pl_error(d, path, "cannot start gzip decoder");
		return -1;
	}
	z.next_in = (unsigned char *)raw->p;
	z.avail_in = (uInt)raw->len;
	int rc = Z_OK;
	while (rc != Z_STREAM_END || z.avail_in > 0) {
		if (rc == Z_STREAM_END && inflateReset(&z) != Z_OK)
			break;
		if (!pl_buf_reserve(out, 65536)) {
			pl_error(d, path, "out of memory decompressing");
			inflateEnd(&z);
			return -1;
		}
		z.next_out = (unsigned char *)out->p + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += 65536 - z.avail_out;
		out->p[out->len] = '\0';
		if (out->len > cap) {
			pl_error(d, path, "decompressed input is larger than the %zu MiB limit", cap >> 20);
			inflateEnd(&z);
			return -1;
		}
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			rc = Z_DATA_ERROR; /* truncated */
		if (rc != Z_OK && rc != Z_STREAM_END) {
			pl_error(d, path, "corrupt gzip data: %s", z.msg ? z.msg : "inflate failed");
			inflateEnd(&z);
			return -1;
		}
	}
	inflateEnd(&z);
	return 0;
}

int pl_read_file(const char *path, size_t cap, struct pl_buf *out, struct pl_diags *d)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		pl_error(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (!is_stdin && fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			pl_error(d, path, "is a directory");
			fclose(f);
			return -1;
		}
		if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > cap) {
			pl_error(d, path, "input is %.1f MiB, larger than the %zu MiB limit",
				 (double)st.st_size / (1 << 20), cap >> 20);
			fclose(f);
			return -1;
		}
	}
	struct pl_buf raw = PL_BUF_INIT;
	/* gzip text can expand a lot; allow the compressed form itself up to cap. */
	int rc = read_stream(f, path, cap, &raw, d);
	if (!is_stdin)
		fclose(f);
	if (rc == 0) {
		if (raw.len >= 2 && (unsigned char)raw.p[0] == 0x1f && (unsigned char)raw.p[1] == 0x8b) {
			pl_buf_reset(out);
			rc = gunzip(path, &raw, cap, out, d);
		} else {
			pl_buf_free(out);
			*out = raw;
			raw = (struct pl_buf)PL_BUF_INIT;
			if (!out->p && pl_buf_reserve(out, 0))
				out->p[0] = '\0';
		}
	}
	pl_buf_free(&raw);
	return rc;
}
