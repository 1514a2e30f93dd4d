// SPDX-License-Identifier: GPL-2.0
/*
 * lkst crash extract DUMP -o FILE
 * lkst crash merge TRACE DUMP -o FILE
 *
 * The records in the LKST buffers of a crash dump (an ELF vmcore) or of
 * the running kernel (/proc/kcore), into a trace file that "lkst print"
 * reads.  No debuginfo: the kernel publishes where its buffers are in
 * VMCOREINFO (Documentation/crash.md).  A report on standard error says,
 * per CPU and buffer, what was recovered, what was being written at the
 * crash, and what was not a valid record.
 *
 * merge joins the trace that "lkst record" was writing when the machine
 * died (cut at its first damage) with the records of the dump that it
 * does not hold: a record is identified by its CPU, buffer and sequence
 * number, so "does not hold" is exact.  The records that came from the
 * dump are named in the header ("crash_recovered" lines).
 */
#include <errno.h>
#include <stdint.h>
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
		"       lkst crash merge TRACE DUMP -o FILE\n"
		"  DUMP: a crash dump (ELF: /proc/vmcore or a copy; kdump-compressed:\n"
		"        makedumpfile -c/-l, also flattened with -F as kdump-tools\n"
		"        writes it), or /proc/kcore\n"
		"  TRACE: the trace lkst record was writing when the system died\n");
}

/*
 * What extraction found, as header lines of the trace, so that it stays
 * with the records: "crash_source", "crash_stop", one "crash_buffer" per
 * buffer and one "crash_incomplete" per slot being written at the crash.
 */
static char *crash_header(const char *dump, const struct lkst_crash_report *rep)
{
	size_t cap = 512 + strlen(dump) + rep->nbufs * 800 + rep->nbusy * 64;
	size_t len = 0, i;
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
				"crash_buffer cpu %u buffer %u head %llu size %llu final %d records %llu incomplete %llu overwritten %llu invalid %llu%s%s\n",
				b->cpu, b->buffer, (unsigned long long)b->head,
				(unsigned long long)b->size, b->final,
				(unsigned long long)b->records,
				(unsigned long long)b->incomplete,
				(unsigned long long)b->overwritten,
				(unsigned long long)b->invalid,
				b->error[0] ? " error " : "", b->error);
	}
	for (i = 0; i < rep->nbusy; i++)
		len += snprintf(s + len, cap - len,
				"crash_incomplete cpu %u buffer %u seq %llu\n",
				rep->busy[i].cpu, rep->busy[i].buffer,
				(unsigned long long)rep->busy[i].seq);
	return s;
}

/* The records of each CPU in a chunk of its own, in time order; names. */
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
		size_t n = 0, k;

		for (i = 0; i < t->nrecs; i++)
			if (t->recs[i].cpu == cpu)
				buf[n++] = t->recs[i];
		/* chunks of at most 2^20 records: their size is 32 bits */
		for (k = 0; k < n && !ret; k += 1u << 20) {
			size_t m = n - k < 1u << 20 ? n - k : 1u << 20;

			ret = lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, cpu, buf + k,
					       m, m * sizeof(*buf), err);
		}
	}
	free(buf);
	if (!ret && t->ntasks)
		ret = lkst_write_tasks(f, path, t, err);
	if (!ret)
		ret = lkst_write_symbols(f, path, &t->symbols, err);
	if (!ret)
		ret = lkst_write_end(f, path, err);
	return ret;
}

/* @t into @out, whole or not at all */
static int write_file(const char *out, struct lkst_trace *t)
{
	struct lkst_output o;
	struct lkst_err err;

	if (lkst_output_open(&o, out, 0600))
		return -1;
	if (write_trace(o.f, o.tmp, t, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		lkst_output_abort(&o);
		return -1;
	}
	return lkst_output_commit(&o);
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
	char *hdr = NULL;
	unsigned long long incomplete = 0, invalid = 0;
	size_t i, failed = 0;
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
	if (!hdr) {
		fprintf(stderr, "lkst: out of memory\n");
		goto done;
	}
	t.extra_header = hdr;
	if (write_file(out, &t))
		goto done;
	for (i = 0; i < rep.nbufs; i++) {
		const struct lkst_crash_buffer_report *b = &rep.bufs[i];

		if (b->error[0]) {
			fprintf(stderr, "lkst: cpu %u buffer %u: not read: %s\n",
				b->cpu, b->buffer, b->error);
			failed++;
			continue;
		}
		fprintf(stderr, "lkst: cpu %u buffer %u: %llu records, %llu being written, %llu not valid (head %llu, %llu slots%s)\n",
			b->cpu, b->buffer, (unsigned long long)b->records,
			(unsigned long long)b->incomplete,
			(unsigned long long)b->invalid, (unsigned long long)b->head,
			(unsigned long long)b->size,
			b->final ? ", stopped at the crash" : "");
		if (b->overwritten)
			fprintf(stderr, "lkst: cpu %u buffer %u: %llu records overwritten while they were read (a live kernel)\n",
				b->cpu, b->buffer, (unsigned long long)b->overwritten);
		incomplete += b->incomplete;
		invalid += b->invalid;
	}
	fprintf(stderr, "lkst: %s: %zu records from %zu buffers (%llu being written, %llu not valid)%s; read %llu bytes in %.3f s\n",
		out, t.nrecs, rep.nbufs, incomplete, invalid,
		rep.stopped ? ", tracer stopped at the crash" : "",
		(unsigned long long)d.bytes_read, seconds_since(&t0));
	/* what could be read is in FILE; the damage still fails the command */
	ret = failed ? EXIT_INPUT : 0;
done:
	free(hdr);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
	lkst_dump_close(&d);
	return ret;
}

struct rec_key {
	uint32_t cpu, buffer;
	uint64_t seq;
	size_t index;		/* in the trace's records */
};

static int key_cmp(const void *a, const void *b)
{
	const struct rec_key *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->buffer != y->buffer)
		return x->buffer < y->buffer ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct rec_key key_of(const struct lkst_trace *t, const struct lkst_record *r)
{
	struct rec_key k = {
		.cpu = r->cpu, .seq = r->seq,
		.buffer = lkst_rec_field(t, r, LKST_FIELD_BUFFER),
	};

	return k;
}

/* Do @a and @b come from the same kernel, event for event? */
static const char *same_kernel(const struct lkst_trace *a, const struct lkst_trace *b)
{
	unsigned int i;

	if (strcmp(a->release, b->release))
		return "another kernel release";
	if (a->ncpus != b->ncpus)
		return "another number of CPUs";
	if (a->nevents != b->nevents)
		return "another event table";
	for (i = 0; i < a->nevents; i++)
		if (a->events[i].valid != b->events[i].valid ||
		    strcmp(a->events[i].name, b->events[i].name))
			return "another event table";
	return NULL;
}

static int crash_merge(int argc, char **argv)
{
	const char *trace = NULL, *dump = NULL, *out = NULL, *why;
	struct lkst_crash_report rep = { 0 };
	struct lkst_trace t, c = { 0 };
	struct rec_key *keys = NULL, k, *from = NULL;
	struct lkst_err err, damage = { "" };
	struct lkst_dump d = { .fd = -1 };
	size_t i, n, nkeys, added = 0, nfrom = 0, cap = 0;
	char *hdr = NULL, *lines = NULL;
	int damaged, ret = EXIT_INPUT;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < (size_t)argc)
			out = argv[++i];
		else if (argv[i][0] != '-' && !trace)
			trace = argv[i];
		else if (argv[i][0] != '-' && !dump)
			dump = argv[i];
		else
			trace = NULL, i = argc;
	}
	if (!trace || !dump || !out) {
		usage(stderr);
		return EXIT_USAGE;
	}
	damaged = lkst_trace_read_salvage(trace, &t, &damage);
	if (damaged < 0) {
		fprintf(stderr, "lkst: %s\n", damage.msg);
		return EXIT_INPUT;
	}
	if (damaged)
		fprintf(stderr, "lkst: %s: cut at the damage: %s\n", trace, damage.msg);
	if (lkst_dump_open(dump, &d, &err) || lkst_crash_extract(&d, &c, &rep, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		goto done;
	}
	for (i = 0; i < rep.nbufs; i++)
		if (rep.bufs[i].error[0])
			fprintf(stderr, "lkst: cpu %u buffer %u: not read: %s\n",
				rep.bufs[i].cpu, rep.bufs[i].buffer, rep.bufs[i].error);
	why = same_kernel(&t, &c);
	if (why) {
		fprintf(stderr, "lkst: %s and %s: %s (%s, %s): not the same system\n",
			trace, dump, why, t.release, c.release);
		goto done;
	}

	/* what the trace holds, by CPU, buffer and sequence number */
	nkeys = t.nrecs;
	keys = malloc((nkeys ? nkeys : 1) * sizeof(*keys));
	if (!keys)
		goto oom;
	for (i = 0; i < nkeys; i++) {
		keys[i] = key_of(&t, &t.recs[i]);
		keys[i].index = i;
	}
	qsort(keys, nkeys, sizeof(*keys), key_cmp);
	n = t.nrecs;
	t.recs = realloc(t.recs, (t.nrecs + c.nrecs + 1) * sizeof(*t.recs));
	if (!t.recs)
		goto oom;
	for (i = 0; i < c.nrecs; i++) {
		const struct rec_key *found;

		k = key_of(&c, &c.recs[i]);
		found = bsearch(&k, keys, nkeys, sizeof(*keys), key_cmp);
		if (found) {
			/* the same record, or the two are not of one boot */
			if (memcmp(&t.recs[found->index], &c.recs[i], sizeof(c.recs[i]))) {
				fprintf(stderr, "lkst: %s and %s: record %u:%u:%llu differs: not from the same boot (or the buffers were reset in between)\n",
					trace, dump, k.cpu, k.buffer, (unsigned long long)k.seq);
				goto done;
			}
			continue;
		}
		t.recs[n++] = c.recs[i];
		added++;
		if (nfrom == cap) {
			struct rec_key *more = realloc(from, (cap = cap * 2 + 16) * sizeof(*from));

			if (!more)
				goto oom;
			from = more;
		}
		from[nfrom++] = k;
	}
	t.nrecs = n;
	lkst_trace_sort(&t);
	t.kernel_offset = c.kernel_offset;
	t.has_kernel_offset = c.has_kernel_offset;

	/* the header: what the dump held, and which records came from it */
	qsort(from, nfrom, sizeof(*from), key_cmp);
	hdr = crash_header(dump, &rep);
	lines = malloc(strlen(hdr ? hdr : "") + strlen(trace) + 256 + nfrom * 96 +
		       strlen(damage.msg));
	if (!hdr || !lines)
		goto oom;
	n = sprintf(lines, "%scrash_merged_trace %s%s%s\n", hdr, trace,
		    damaged ? " damaged: " : "", damaged ? damage.msg : "");
	for (i = 0; i < nfrom; ) {
		size_t j = i;

		while (j + 1 < nfrom && from[j + 1].cpu == from[i].cpu &&
		       from[j + 1].buffer == from[i].buffer)
			j++;
		n += sprintf(lines + n, "crash_recovered cpu %u buffer %u records %zu seq %llu to %llu\n",
			     from[i].cpu, from[i].buffer, j - i + 1,
			     (unsigned long long)from[i].seq, (unsigned long long)from[j].seq);
		i = j + 1;
	}
	t.extra_header = lines;
	if (write_file(out, &t))
		goto done;
	fprintf(stderr, "lkst: %s: %zu records from %s, %zu more from %s (%zu were in both)\n",
		out, t.nrecs - added, trace, added, dump, c.nrecs - added);
	ret = 0;
	goto done;
oom:
	fprintf(stderr, "lkst: out of memory\n");
done:
	free(keys);
	free(from);
	free(hdr);
	free(lines);
	lkst_trace_free(&t);
	lkst_trace_free(&c);
	lkst_crash_report_free(&rep);
	if (d.fd >= 0)
		lkst_dump_close(&d);
	return ret;
}

int cmd_crash(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "extract"))
		return crash_extract(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "merge"))
		return crash_merge(argc - 1, argv + 1);
	usage(argc >= 2 && !strcmp(argv[1], "help") ? stdout : stderr);
	return argc >= 2 && !strcmp(argv[1], "help") ? 0 : EXIT_USAGE;
}
