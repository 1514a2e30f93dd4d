// SPDX-License-Identifier: GPL-2.0
/*
 * lkst print [OPTIONS] FILE
 *
 * One line per event, in time order across CPUs:
 *   SECONDS.NANOSECONDS [CPU] PID/COMM EVENT NAME=VALUE... [NAME="STRING"]
 *	[stack=ADDR,...] [maskset=SLOT handler=ID (with -v)]
 * -s puts CPU:BUFFER:SEQ, the record's identity, in front of each line.
 * A string's continuation records are printed as part of their event.
 *
 * Filters (all that are given must match): --pid, --comm, --event (an
 * event or a category, repeatable), --cpu, --start and --end (seconds, as
 * the lines show them).  -r shows times relative to the first record
 * printed.  --stat prints counts per event and per task instead of lines,
 * as trace-cmd report --stat does.
 *
 * Code addresses (arguments of type "sym", stacks) print as
 * function+0x1c/0x80 [module] from the symbols lkst record saved in the
 * trace.  --kallsyms FILE takes them from a copy of /proc/kallsyms
 * instead, --system-map FILE from a System.map, shifted by the KASLR
 * offset a trace from a crash dump carries (perf report's --kallsyms, and
 * crash(8)'s System.map argument).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lkst.h"
#include "lkst-trace.h"

#define MAX_EVENT_FILTERS	32

struct print_opts {
	int		verbose, seqs, relative, stat, wall, latency;
	long long	pid;			/* -1: any */
	const char	*comm;
	const char	*events[MAX_EVENT_FILTERS];
	int		nevents;
	unsigned char	*event_wanted;		/* by event id, from events[] */
	long		cpu;			/* -1: any */
	unsigned long long start, end;		/* ns */
	const char	*kallsyms, *system_map;
};

static int parse_seconds(const char *s, unsigned long long *ns)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || v < 0 || v > 1.8e10)
		return -1;
	*ns = (unsigned long long)(v * 1e9 + 0.5);
	return 0;
}

static int wanted(const struct lkst_trace *t, const struct lkst_record *r,
		  const struct print_opts *o)
{
	if (o->pid >= 0 && r->pid != o->pid)
		return 0;
	if (o->cpu >= 0 && r->cpu != o->cpu)
		return 0;
	if (r->time < o->start || r->time > o->end)
		return 0;
	if (o->comm && strcmp(lkst_task_comm(t, r->pid), o->comm))
		return 0;
	return !o->event_wanted || o->event_wanted[r->event];
}

/*
 * Records lost between two that the trace holds: a gap in the sequence
 * numbers of one CPU's buffer (overwritten before lkst record drained
 * them).  @lost[i] is the number missing just before record i, in that
 * buffer's order; time order may differ by a nested writer, so the gaps
 * are found in sequence order.  Losses before a buffer's first record are
 * what lkst record reported when it ran.
 */
static const struct lkst_trace *seq_trace;

static int seq_cmp(const void *a, const void *b)
{
	const struct lkst_record *x = &seq_trace->recs[*(const size_t *)a];
	const struct lkst_record *y = &seq_trace->recs[*(const size_t *)b];
	unsigned int bx = lkst_rec_field(seq_trace, x, LKST_FIELD_BUFFER);
	unsigned int by = lkst_rec_field(seq_trace, y, LKST_FIELD_BUFFER);

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (bx != by)
		return bx < by ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint64_t *find_lost(const struct lkst_trace *t)
{
	size_t *order = malloc((t->nrecs + 1) * sizeof(*order)), i;
	uint64_t *lost = calloc(t->nrecs + 1, sizeof(*lost));

	if (!order || !lost) {
		free(order);
		free(lost);
		return NULL;
	}
	for (i = 0; i < t->nrecs; i++)
		order[i] = i;
	seq_trace = t;
	qsort(order, t->nrecs, sizeof(*order), seq_cmp);
	for (i = 1; i < t->nrecs; i++) {
		const struct lkst_record *prev = &t->recs[order[i - 1]];
		const struct lkst_record *r = &t->recs[order[i]];

		if (r->cpu == prev->cpu && r->seq - prev->seq > 1 &&
		    lkst_rec_field(t, r, LKST_FIELD_BUFFER) ==
		    lkst_rec_field(t, prev, LKST_FIELD_BUFFER))
			lost[order[i]] = r->seq - prev->seq - 1;
	}
	free(order);
	return lost;
}

/*
 * Replace the seconds at the start of @line with the local wall-clock time
 * of @time: "2026-12-01 17:41:37.123456789".
 */
static void wall_time(const struct lkst_trace *t, uint64_t time, char *line,
		      size_t len)
{
	char stamp[64], *rest = strchr(line, ' ');
	struct tm tm;
	time_t sec;
	int64_t ns;
	size_t n;

	/* (a damaged or crafted trace may hold any time and offset) */
	if (time > INT64_MAX || __builtin_add_overflow((int64_t)time, t->realtime_offset, &ns))
		return;
	sec = ns / 1000000000;
	if (!rest || ns < 0 || !localtime_r(&sec, &tm))
		return;
	n = strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(stamp + n, sizeof(stamp) - n, ".%09lld",
		 (long long)(ns % 1000000000));
	n = strlen(stamp);
	if (n + strlen(rest) + 1 > len)
		return;
	memmove(line + n, rest, strlen(rest) + 1);
	memcpy(line, stamp, n);
}

/*
 * The context a record was written in, as trace-cmd's latency format
 * shows it: 'z' NMI ('Z' with the hardirq bit, which the kernel sets for
 * every NMI), 'h' hardirq ('H' inside a softirq), 's' softirq, '.' a task.
 */
static char context_char(uint16_t flags)
{
	if (flags & LKST_RF_NMI)
		return flags & LKST_RF_HARDIRQ ? 'Z' : 'z';
	if (flags & LKST_RF_HARDIRQ)
		return flags & LKST_RF_SOFTIRQ ? 'H' : 'h';
	if (flags & LKST_RF_SOFTIRQ)
		return 's';
	return '.';
}

/* -l: the context and the thread group after "[CPU] " */
static void latency_columns(const struct lkst_record *r, char *line,
			    size_t len)
{
	char cols[24], *rest = strstr(line, "] ");
	size_t n, tail;

	if (!rest)
		return;
	rest += 2;
	n = snprintf(cols, sizeof(cols), "%c %u ", context_char(r->flags),
		     r->tgid);
	/* the columns always go in: an over-long line loses its end instead */
	if ((size_t)(rest - line) + n + 1 > len)
		return;
	tail = strlen(rest);
	if ((size_t)(rest - line) + n + tail + 1 > len)
		tail = len - 1 - (size_t)(rest - line) - n;
	memmove(rest + n, rest, tail);
	rest[n + tail] = '\0';
	memcpy(rest, cols, n);
}

/*
 * -v: a handler's or mask set's name as the recording started, escaped,
 * or its number where the trace names none (a set defined later, a trace
 * from an older lkst or from a crash dump)
 */
static const char *slot_name(const char names[][32], unsigned int id,
			     char *buf, size_t len)
{
	if (id < LKST_NAMES_MAX && names[id][0])
		return lkst_escape(names[id], buf, len);
	snprintf(buf, len, "%u", id);
	return buf;
}

struct count {
	uint32_t	key;		/* event id or pid */
	unsigned long	n;
};

static int count_cmp(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int key_cmp(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* --stat: counts per event and per task, most frequent first */
static int print_stat(struct lkst_trace *t, const struct print_opts *o)
{
	struct count *ev = calloc(t->nevents + 1, sizeof(*ev));
	struct count *task = malloc((t->nrecs + 1) * sizeof(*task));
	char comm[LKST_ESCAPED_MAX(32)];
	size_t i, ntasks = 0, total = 0, k;

	if (!ev || !task) {
		free(ev);
		free(task);
		fprintf(stderr, "lkst: out of memory\n");
		return EXIT_INPUT;
	}
	for (i = 0; i < t->nevents; i++)
		ev[i].key = i;
	for (i = 0; i < t->nrecs; i++) {
		const struct lkst_record *r = &t->recs[i];

		lkst_follow_names(t, r);	/* --comm: the name at the time */
		if ((r->flags & LKST_RF_CONT) || !wanted(t, r, o))
			continue;
		ev[r->event].n++;
		task[ntasks].key = r->pid;
		task[ntasks++].n = 1;
		total++;
	}
	/* tasks: sort the pids, then fold equal ones */
	qsort(task, ntasks, sizeof(*task), key_cmp);
	for (i = 0, k = 0; i < ntasks; i++) {
		if (k && task[k - 1].key == task[i].key)
			task[k - 1].n++;
		else
			task[k++] = task[i];
	}
	ntasks = k;
	qsort(ev, t->nevents, sizeof(*ev), count_cmp);
	qsort(task, ntasks, sizeof(*task), count_cmp);
	printf("# %zu events\n\n%10s  %s\n", total, "COUNT", "EVENT");
	for (i = 0; i < t->nevents && ev[i].n; i++)
		printf("%10lu  %s\n", ev[i].n, t->events[ev[i].key].name);
	printf("\n%10s  %s\n", "COUNT", "PID/COMM");
	for (i = 0; i < ntasks; i++)
		printf("%10lu  %u/%s\n", task[i].n, task[i].key,
		       lkst_escape(lkst_task_comm(t, task[i].key), comm, sizeof(comm)));
	free(ev);
	free(task);
	return 0;
}

/* --kallsyms or --system-map in place of the trace's own symbols */
static int load_symbols(const struct print_opts *o, struct lkst_trace *t,
			const char *path)
{
	const char *file = o->kallsyms ? o->kallsyms : o->system_map;
	uint64_t offset = o->system_map ? t->kernel_offset : 0;
	struct lkst_err err;

	lkst_symtab_free(&t->symbols);
	if (lkst_symtab_read_kallsyms(&t->symbols, file, offset, &err)) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		return -1;
	}
	/* the running system's: its modules' ends too */
	if (!strcmp(file, "/proc/kallsyms"))
		lkst_symtab_bound_modules(&t->symbols, "/proc/modules");
	if (t->symbols.hidden) {
		fprintf(stderr, "lkst: %s: every address is 0: read where kptr_restrict hid them\n",
			file);
		return -1;
	}
	if (!t->symbols.n) {
		fprintf(stderr, "lkst: %s: no text symbols: not a copy of /proc/kallsyms or a System.map\n",
			file);
		return -1;
	}
	if (o->system_map && !t->has_kernel_offset)
		fprintf(stderr, "lkst: %s: no KASLR offset in this trace (not from a crash dump): System.map's addresses are used as they are\n",
			path);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: lkst print [-v] [-s] [-r] [-l] [--stat] [--pid PID] [--comm COMM]\n"
		   "                  [--event EVENT|CATEGORY]... [--cpu N] [--start S] [--end S] [--wall]\n"
		   "                  [--kallsyms FILE | --system-map FILE] FILE\n");
}

int cmd_print(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "seq",	no_argument,		NULL, 's' },
		{ "relative",	no_argument,		NULL, 'r' },
		{ "stat",	no_argument,		NULL, 'S' },
		{ "pid",	required_argument,	NULL, 'p' },
		{ "tid",	required_argument,	NULL, 'p' },
		{ "comm",	required_argument,	NULL, 'c' },
		{ "event",	required_argument,	NULL, 'e' },
		{ "cpu",	required_argument,	NULL, 'C' },
		{ "start",	required_argument,	NULL, 'b' },
		{ "end",	required_argument,	NULL, 'E' },
		{ "wall",	no_argument,		NULL, 'W' },
		{ "latency",	no_argument,		NULL, 'l' },
		{ "kallsyms",	required_argument,	NULL, 'K' },
		{ "system-map",	required_argument,	NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	struct print_opts o = { .pid = -1, .cpu = -1, .end = ~0ULL };
	/* named stacks and an escaped string: a few KB at most */
	char line[8192], release[LKST_ESCAPED_MAX(160)], clock[LKST_ESCAPED_MAX(16)];
	char mname[LKST_ESCAPED_MAX(32)], hname[LKST_ESCAPED_MAX(32)];
	unsigned long long first = 0;
	struct lkst_trace t;
	struct lkst_err err;
	uint64_t *lost = NULL;
	int damaged, c, ret = 0, started = 0;
	const char *path;
	char *end;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vsrle:", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			o.verbose = 1;
			break;
		case 's':
			o.seqs = 1;
			break;
		case 'r':
			o.relative = 1;
			break;
		case 'W':
			o.wall = 1;
			break;
		case 'l':
			o.latency = 1;
			break;
		case 'S':
			o.stat = 1;
			break;
		case 'K':
			o.kallsyms = optarg;
			break;
		case 'M':
			o.system_map = optarg;
			break;
		case 'c':
			o.comm = optarg;
			break;
		case 'p':
			o.pid = strtoll(optarg, &end, 10);
			if (*end || end == optarg || o.pid < 0 || o.pid > UINT32_MAX) {
				fprintf(stderr, "lkst: --pid '%s' is not a pid\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'C':
			o.cpu = strtol(optarg, &end, 10);
			if (*end || end == optarg || o.cpu < 0 || o.cpu > 65535) {
				fprintf(stderr, "lkst: --cpu '%s' is not a CPU number\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'e':
			if (o.nevents == MAX_EVENT_FILTERS) {
				fprintf(stderr, "lkst: at most %d --event\n", MAX_EVENT_FILTERS);
				return EXIT_USAGE;
			}
			o.events[o.nevents++] = optarg;
			break;
		case 'b':
		case 'E':
			if (parse_seconds(optarg, c == 'b' ? &o.start : &o.end)) {
				fprintf(stderr, "lkst: '%s' is not a time in seconds\n", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || (o.kallsyms && o.system_map)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	path = argv[optind];
	/* a file cut short (a crash while recording) prints up to the damage */
	damaged = lkst_trace_read_salvage(path, &t, &err);
	if (damaged < 0) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		return EXIT_INPUT;
	}
	if ((o.kallsyms || o.system_map) && load_symbols(&o, &t, path)) {
		lkst_trace_free(&t);
		return EXIT_INPUT;
	}
	/* --event names resolved once, to a table by event id */
	if (o.nevents && !(o.event_wanted = calloc(t.nevents + 1, 1))) {
		fprintf(stderr, "lkst: out of memory\n");
		lkst_trace_free(&t);
		return EXIT_INPUT;
	}
	for (i = 0; i < (size_t)o.nevents; i++) {
		unsigned int id, found = 0;

		for (id = 0; id < t.nevents; id++)
			if (t.events[id].valid &&
			    (!strcmp(t.events[id].name, o.events[i]) ||
			     !strcmp(t.events[id].category, o.events[i])))
				found = o.event_wanted[id] = 1;
		if (!found) {	/* a typo would print nothing */
			fprintf(stderr, "lkst: %s: no event or category '%s' in this trace\n",
				path, o.events[i]);
			free(o.event_wanted);
			lkst_trace_free(&t);
			return EXIT_USAGE;
		}
	}
	if (o.wall && !o.stat && !t.has_realtime) {
		fprintf(stderr, "lkst: %s: no wall-clock reference in this trace (written by an older lkst record, or extracted from a crash dump)\n",
			path);
		ret = EXIT_INPUT;
		goto out;
	}
	lkst_trace_sort(&t);
	if (t.skipped_chunks)	/* from a newer lkst: what this one can read */
		fprintf(stderr, "lkst: %s: skipped %u chunks of types this lkst does not know (the first: %u)\n",
			path, t.skipped_chunks, t.skipped_type);
	if (o.stat) {
		ret = print_stat(&t, &o);
		goto out;
	}
	lost = find_lost(&t);
	if (!lost) {
		fprintf(stderr, "lkst: out of memory\n");
		ret = EXIT_INPUT;
		goto out;
	}
	printf("# release %s, %u cpus, clock %s, %zu records\n",
	       lkst_escape(t.release, release, sizeof(release)), t.ncpus,
	       lkst_escape(t.clock, clock, sizeof(clock)), t.nrecs);
	for (i = 0; i < t.nrecs; i++) {
		struct lkst_record *r = &t.recs[i];
		unsigned long long time = r->time;

		/* a loss is shown whatever the task and event filters */
		if (lost[i] && (o.cpu < 0 || r->cpu == o.cpu) &&
		    r->time >= o.start && r->time <= o.end)
			printf("[LOST %llu EVENTS on cpu %u buffer %u]\n",
			       (unsigned long long)lost[i], r->cpu,
			       lkst_rec_field(&t, r, LKST_FIELD_BUFFER));
		/* a task's name at this record: renames and forks so far */
		lkst_follow_names(&t, r);
		if ((r->flags & LKST_RF_CONT) || !wanted(&t, r, &o))
			continue;
		if (!started++)
			first = r->time;
		if (o.relative)		/* the copy in the array is the trace's own */
			r->time -= first;
		lkst_format_record(&t, r, line, sizeof(line));
		r->time = time;
		if (o.wall)
			wall_time(&t, r->time, line, sizeof(line));
		if (o.latency)
			latency_columns(r, line, sizeof(line));
		if (o.seqs)	/* which record of which buffer: unique in a trace */
			printf("%u:%u:%llu ", r->cpu,
			       lkst_rec_field(&t, r, LKST_FIELD_BUFFER),
			       (unsigned long long)r->seq);
		if (o.verbose)	/* which mask set and handler wrote it */
			printf("%s maskset=%s handler=%s buffer=%u\n", line,
			       slot_name(t.maskset_name,
					 lkst_rec_field(&t, r, LKST_FIELD_MASKSET),
					 mname, sizeof(mname)),
			       slot_name(t.handler_name,
					 lkst_rec_field(&t, r, LKST_FIELD_HANDLER),
					 hname, sizeof(hname)),
			       lkst_rec_field(&t, r, LKST_FIELD_BUFFER));
		else
			puts(line);
	}
out:
	free(lost);
	free(o.event_wanted);
	lkst_trace_free(&t);
	if (damaged) {
		fprintf(stderr, "lkst: %s (the lines above are everything before it)\n",
			err.msg);
		return EXIT_INPUT;
	}
	return ret;
}
