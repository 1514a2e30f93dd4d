// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the trace-file reader (lkst_trace_read()), then the
 * sorting and formatting every subcommand runs on what it read.  A bad
 * file must give an error naming the file and the offset, never a crash,
 * a leak or undefined behaviour (built with ASan and UBSan); the target
 * aborts on an error message that does not name both.
 *
 * The reader takes a path: the input goes to a memfd, read back through
 * /proc/self/fd/N, so the real stdio path is the one fuzzed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lkst-trace.h"

static void check_error(const char *path, const struct lkst_err *err)
{
	size_t plen = strlen(path);

	if (!memchr(err->msg, '\0', sizeof(err->msg)) ||
	    strncmp(err->msg, path, plen) || err->msg[plen] != ':' ||
	    (!strstr(err->msg, ": offset ") && !strstr(err->msg, ": out of memory"))) {
		fprintf(stderr, "error message without the file and the offset: '%.*s'\n",
			(int)sizeof(err->msg), err->msg);
		abort();
	}
}

/*
 * Format @r into a buffer of exactly @len bytes on the heap, so that ASan
 * sees a write past its end, and check the result is terminated.
 */
static void format_into(const struct lkst_trace *t, const struct lkst_record *r,
			size_t len)
{
	char *buf = malloc(len);

	if (!buf)
		abort();
	lkst_format_record(t, r, buf, len);
	if (!memchr(buf, '\0', len)) {
		fprintf(stderr, "lkst_format_record: no NUL within %zu bytes\n", len);
		abort();
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct lkst_trace t;
	struct lkst_err err;
	char line[1024];
	size_t i;

	if (fd < 0) {
		fd = memfd_create("lkst-fuzz", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (lkst_trace_read(path, &t, &err)) {
		check_error(path, &err);
		if (t.recs || t.events || t.tasks)
			abort();	/* a failed read frees what it read */
		return 0;
	}
	lkst_trace_sort(&t);
	for (i = 0; i < t.nrecs; i++) {
		const struct lkst_record *r = &t.recs[i];
		size_t full;

		lkst_format_record(&t, r, line, sizeof(line));
		full = strlen(line) + 1;
		/* the whole line, and a cut one: every length gets its turn */
		format_into(&t, r, full);
		format_into(&t, r, 1 + (size_t)((r->seq ^ i) % full));
		lkst_rec_field(&t, r, LKST_FIELD_BUFFER);
		lkst_rec_field(&t, r, LKST_FIELD_MASKSET);
		lkst_rec_field(&t, r, LKST_FIELD_HANDLER);
		lkst_task_comm(&t, r->pid);
	}
	lkst_trace_free(&t);
	return 0;
}
