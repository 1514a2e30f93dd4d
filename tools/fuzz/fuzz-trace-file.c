// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the trace-file reader (lkst_trace_read()), then the
 * sorting and formatting every subcommand runs on what it read.  A bad
 * file must give an error naming the file and offset, never a crash, a
 * leak or undefined behaviour (built with ASan and UBSan).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lkst-trace.h"

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
	if (lkst_trace_read(path, &t, &err))
		return 0;
	lkst_trace_sort(&t);
	for (i = 0; i < t.nrecs; i++)
		lkst_format_record(&t, &t.recs[i], line, sizeof(line));
	lkst_trace_free(&t);
	return 0;
}
