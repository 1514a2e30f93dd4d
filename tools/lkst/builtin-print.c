// SPDX-License-Identifier: GPL-2.0
/*
 * lkst print FILE
 *
 * One line per event, in time order across CPUs:
 *   SECONDS.NANOSECONDS [CPU] PID/COMM EVENT NAME=VALUE... [NAME="STRING"]
 *	[stack=ADDR,...] [maskset=SLOT handler=ID (with -v)]
 * A string's continuation records are printed as part of their event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkst.h"
#include "lkst-trace.h"

int cmd_print(int argc, char **argv)
{
	struct lkst_trace t;
	struct lkst_err err;
	char line[1024];
	size_t i;

	int verbose = argc == 3 && !strcmp(argv[1], "-v");

	if (argc != 2 && !verbose) {
		fprintf(stderr, "usage: lkst print [-v] FILE\n");
		return EXIT_USAGE;
	}
	if (lkst_trace_read(argv[argc - 1], &t, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		return EXIT_INPUT;
	}
	lkst_trace_sort(&t);
	printf("# release %s, %u cpus, clock %s, %zu records\n", t.release,
	       t.ncpus, t.clock, t.nrecs);
	for (i = 0; i < t.nrecs; i++) {
		if (t.recs[i].flags & LKST_RF_CONT)
			continue;
		lkst_format_record(&t, &t.recs[i], line, sizeof(line));
		if (verbose)	/* which mask set (slot) and handler wrote it */
			printf("%s maskset=%u handler=%u buffer=%u\n", line,
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_MASKSET),
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_HANDLER),
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_BUFFER));
		else
			puts(line);
	}
	lkst_trace_free(&t);
	return 0;
}
