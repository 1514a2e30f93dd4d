// SPDX-License-Identifier: GPL-2.0
/*
 * lkst crash extract DUMP -o FILE
 *
 * The records in the LKST buffers of a crash dump (an ELF vmcore) or of
 * the running kernel (/proc/kcore), into a trace file that "lkst print"
 * reads.  No debuginfo: the kernel publishes where its buffers are in
 * VMCOREINFO (Documentation/crash.md).  A report on standard error says,
 * per CPU and buffer, what was recovered, what was being written at the
 * crash, and what was not a valid record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lkst.h"
#include "lkst-dump.h"
#include "lkst-trace.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: lkst crash extract DUMP -o FILE\n"
		"  DUMP: an ELF crash dump (/proc/vmcore, or a copy of it), or /proc/kcore\n");
}

/*
 * What extraction found, as header lines of the trace, so that it stays
 * with the records: "crash_source", "crash_stop", one "crash_buffer" per
 * buffer and one "crash_incomplete" per slot being written at the crash.
 */
static char *crash_header(const char *dump, const struct lkst_crash_report *rep)
{
	size_t cap = 512 + rep->nbufs * 160 + rep->nbusy * 64, len = 0, i;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	len += snprintf(s + len, cap - len, "crash_source %s\n", dump);
	if (rep->stopped)
		len += snprintf(s + len, cap - len, "crash_stop cpu %u time %llu\n",
				rep->stop_cpu, (unsigned long long)rep->stop_time);
	for (i = 0; i < rep->nbufs; i++) {
		const struct lkst_crash_buffer_report *b = &rep->bufs[i];

		len += snprintf(s + len, cap - len,
				"crash_buffer cpu %u buffer %u head %llu size %llu final %d records %llu incomplete %llu invalid %llu\n",
				b->cpu, b->buffer, (unsigned long long)b->head,
				(unsigned long long)b->size, b->final,
				(unsigned long long)b->records,
				(unsigned long long)b->incomplete,
				(unsigned long long)b->invalid);
	}
	for (i = 0; i < rep->nbusy; i++)
		len += snprintf(s + len, cap - len,
				"crash_incomplete cpu %u buffer %u seq %llu\n",
				rep->busy[i].cpu, rep->busy[i].buffer,
				(unsigned long long)rep->busy[i].seq);
	return s;
}

/* The records of each CPU in a chunk of its own, in time order. */
static int write_trace(FILE *f, const char *path, struct lkst_trace *t,
		       struct lkst_err *err)
{
	struct lkst_record *buf;
	unsigned int cpu;
	size_t i;
	int ret = 0;

	if (lkst_write_header(f, path, t, err))
		return -1;
	buf = malloc((t->nrecs ? t->nrecs : 1) * sizeof(*buf));
	if (!buf)
		return lkst_fail(err, "%s: out of memory", path);
	for (cpu = 0; cpu < t->ncpus && !ret; cpu++) {
		size_t n = 0;

		for (i = 0; i < t->nrecs; i++)
			if (t->recs[i].cpu == cpu)
				buf[n++] = t->recs[i];
		if (n)
			ret = lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, cpu, buf,
					       n, n * sizeof(*buf), err);
	}
	free(buf);
	if (!ret)
		ret = lkst_write_end(f, path, err);
	return ret;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int crash_extract(int argc, char **argv)
{
	const char *dump = NULL, *out = NULL;
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_dump d;
	struct lkst_err err;
	struct timespec t0;
	char *tmp = NULL, *hdr = NULL;
	unsigned long long incomplete = 0, invalid = 0;
	FILE *f = NULL;
	size_t i;
	int ret = EXIT_INPUT;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < (size_t)argc)
			out = argv[++i];
		else if (argv[i][0] != '-' && !dump)
			dump = argv[i];
		else
			dump = out = NULL, i = argc;
	}
	if (!dump || !out) {
		usage(stderr);
		return EXIT_USAGE;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (lkst_dump_open(dump, &d, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		return EXIT_INPUT;
	}
	if (lkst_crash_extract(&d, &t, &rep, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		lkst_dump_close(&d);
		return EXIT_INPUT;
	}
	hdr = crash_header(dump, &rep);
	if (!hdr || asprintf(&tmp, "%s.tmp.%d", out, (int)getpid()) < 0) {
		fprintf(stderr, "lkst: out of memory\n");
		tmp = NULL;
		goto done;
	}
	t.extra_header = hdr;
	/* a new file under a temporary name: no half-written FILE on failure */
	f = fopen(tmp, "wx");
	if (!f) {
		fprintf(stderr, "lkst: %s: %s\n", tmp, strerror(errno));
		goto done;
	}
	if (write_trace(f, tmp, &t, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		goto done;
	}
	if (fclose(f)) {
		f = NULL;
		fprintf(stderr, "lkst: %s: %s\n", tmp, strerror(errno));
		goto done;
	}
	f = NULL;
	if (rename(tmp, out)) {
		fprintf(stderr, "lkst: %s: %s\n", out, strerror(errno));
		goto done;
	}
	free(tmp);
	tmp = NULL;
	for (i = 0; i < rep.nbufs; i++) {
		const struct lkst_crash_buffer_report *b = &rep.bufs[i];

		fprintf(stderr, "lkst: cpu %u buffer %u: %llu records, %llu being written, %llu not valid (head %llu, %llu slots%s)\n",
			b->cpu, b->buffer, (unsigned long long)b->records,
			(unsigned long long)b->incomplete,
			(unsigned long long)b->invalid, (unsigned long long)b->head,
			(unsigned long long)b->size,
			b->final ? ", stopped at the crash" : "");
		incomplete += b->incomplete;
		invalid += b->invalid;
	}
	fprintf(stderr, "lkst: %s: %zu records from %zu buffers (%llu being written, %llu not valid)%s; read %llu bytes in %.3f s\n",
		out, t.nrecs, rep.nbufs, incomplete, invalid,
		rep.stopped ? ", tracer stopped at the crash" : "",
		(unsigned long long)d.bytes_read, seconds_since(&t0));
	ret = 0;
done:
	if (f)
		fclose(f);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(hdr);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
	lkst_dump_close(&d);
	return ret;
}

int cmd_crash(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "extract"))
		return crash_extract(argc - 1, argv + 1);
	usage(argc >= 2 && !strcmp(argv[1], "help") ? stdout : stderr);
	return argc >= 2 && !strcmp(argv[1], "help") ? 0 : EXIT_USAGE;
}
