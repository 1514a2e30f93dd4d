// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the crash dump readers (lib/dump.c), ELF and
 * kdump-compressed, then the LKST buffer extraction on what they read.
 * A dump is untrusted: any input must give a trace or an error naming the
 * file and an offset or physical address, never a crash, a leak or
 * undefined behaviour; the target aborts on an error that names neither.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lkst-dump.h"

static void check_place(const char *path, const char *msg)
{
	size_t plen = strlen(path);

	if (strncmp(msg, path, plen) || msg[plen] != ':' ||
	    (!strstr(msg, ": offset ") && !strstr(msg, ": physical address 0x") &&
	     !strstr(msg, ": out of memory"))) {
		fprintf(stderr, "error without the file and a place: '%s'\n", msg);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_dump d;
	struct lkst_err err;
	char line[1024];
	size_t i;

	if (fd < 0) {
		fd = memfd_create("lkst-fuzz-dump", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (lkst_dump_open(path, &d, &err)) {
		check_place(path, err.msg);
		return 0;
	}
	if (lkst_crash_extract(&d, &t, &rep, &err)) {
		check_place(path, err.msg);
		if (t.recs || t.events || rep.bufs)
			abort();	/* a failed extraction frees what it read */
		lkst_dump_close(&d);
		return 0;
	}
	for (i = 0; i < rep.nbufs; i++)
		if (rep.bufs[i].error[0])
			check_place(path, rep.bufs[i].error);
	for (i = 0; i < t.nrecs; i++)
		lkst_format_record(&t, &t.recs[i], line, sizeof(line));
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
	lkst_dump_close(&d);
	return 0;
}
