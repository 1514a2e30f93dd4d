// SPDX-License-Identifier: GPL-2.0
/*
 * lkst print FILE
 *
 * One line per event, in time order across CPUs:
 *   SECONDS.NANOSECONDS [CPU] PID/COMM EVENT NAME=VALUE... [NAME="STRING"]
 *	[stack=ADDR,...] [maskset=SLOT handler=ID (with -v)]
 * -s puts CPU:BUFFER:SEQ, the record's identity, in front of each line.
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
	char line[1024], release[LKST_ESCAPED_MAX(160)], clock[LKST_ESCAPED_MAX(16)];
	size_t i;
	int verbose = 0, seqs = 0, damaged, a;

	for (a = 1; a < argc - 1; a++) {
		if (!strcmp(argv[a], "-v"))
			verbose = 1;
		else if (!strcmp(argv[a], "-s"))
			seqs = 1;
		else
			break;
	}
	if (a != argc - 1 || argv[a][0] == '-') {
		fprintf(stderr, "usage: lkst print [-v] [-s] FILE\n");
		return EXIT_USAGE;
	}
	/* a file cut short (a crash while recording) prints up to the damage */
	damaged = lkst_trace_read_salvage(argv[argc - 1], &t, &err);
	if (damaged < 0) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		return EXIT_INPUT;
	}
	lkst_trace_sort(&t);
	if (t.skipped_chunks)	/* from a newer lkst: what this one can read */
		fprintf(stderr, "lkst: %s: skipped %u chunks of types this lkst does not know (the first: %u)\n",
			argv[argc - 1], t.skipped_chunks, t.skipped_type);
	printf("# release %s, %u cpus, clock %s, %zu records\n",
	       lkst_escape(t.release, release, sizeof(release)), t.ncpus,
	       lkst_escape(t.clock, clock, sizeof(clock)), t.nrecs);
	for (i = 0; i < t.nrecs; i++) {
		if (t.recs[i].flags & LKST_RF_CONT)
			continue;
		lkst_format_record(&t, &t.recs[i], line, sizeof(line));
		if (seqs)	/* which record of which buffer: unique in a trace */
			printf("%u:%u:%llu ", t.recs[i].cpu,
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_BUFFER),
			       (unsigned long long)t.recs[i].seq);
		if (verbose)	/* which mask set (slot) and handler wrote it */
			printf("%s maskset=%u handler=%u buffer=%u\n", line,
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_MASKSET),
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_HANDLER),
			       lkst_rec_field(&t, &t.recs[i], LKST_FIELD_BUFFER));
		else
			puts(line);
	}
	lkst_trace_free(&t);
	if (damaged) {
		fprintf(stderr, "lkst: %s (the lines above are everything before it)\n",
			err.msg);
		return EXIT_INPUT;
	}
	return 0;
}
