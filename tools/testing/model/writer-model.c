// SPDX-License-Identifier: GPL-2.0
/*
 * writer-model -p old|new|fast
 *
 * A userland model of one CPU's LKST buffer and its nested writers
 * (kernel/lkst/lkst_buffer.c), to show the defect of the old writer and
 * check the new one.  Writers nest: a task-context writer is interrupted
 * by a hardirq writer, which is interrupted by an NMI writer; an
 * interrupted writer resumes only after the nested one has finished.  So
 * the model runs single-threaded: every writer is a sequence of atomic
 * steps (the loads and stores of the protocol), and between any two steps
 * of a writer a nested batch of writers may run to completion.
 *
 * For every buffer size, record size (1 to 4 slots: strings and stacks),
 * step of the outer writer, number of nested records (0 to 2 laps) and
 * step of the first nested writer where an NMI batch comes in, it runs the
 * scenario, then drains the buffer as the reader does and checks:
 *  - every record the reader returns holds the payload of its seq (not
 *    torn), in increasing seq order;
 *  - nothing is stuck: the drain reaches head, no committed record is
 *    left behind an old seq;
 *  - written (counted at commit and drop) = read + overwritten + dropped;
 *  - (new protocol) only nested writers are ever dropped.
 * The old protocol fails (a nested writer laps the unfinished outer one);
 * the new one must not, nor "fast": the new one, but an outer writer of
 * one record writes as the fire path's fast path does
 * (lkst_buffer_write_fast() in kernel/lkst/lkst_writer.h): it tests that
 * nesting is 0 and raises it in two steps, and reserves with one
 * exchange-and-add of head, without a floor.  Exit status 1 on the first
 * violation, which is printed with its scenario.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUSY	UINT64_MAX
#define MAXSIZE	8

struct slot {
	uint64_t seq;
	uint64_t payload;	/* the record number it was written for */
	uint64_t check;		/* payload ^ KEY: tells a torn record */
};

#define KEY	0x5a5a5a5a5a5a5a5aULL

static struct buffer {
	struct slot s[MAXSIZE];
	uint64_t size, head, tail, committed, nesting;
	uint64_t written, dropped, read, overwritten;
} b;

static int new_protocol;
static int fast_outer;
static int failed_outermost;
static char why[256];

/* the scenario: where the nested batches come in */
static struct scenario {
	unsigned int size, n[3], at[3], count[3];
} sc;

static unsigned int steps[3];	/* steps taken so far, per level */
static int in_batch[3];

static void batch(unsigned int level);

/* One atomic step of a writer at @level: a nested batch may come first. */
static void step(unsigned int level)
{
	if (level < 2 && !in_batch[level + 1] && steps[level]++ == sc.at[level + 1] &&
	    sc.count[level + 1])
		batch(level + 1);
}

static void write_record(unsigned int level, unsigned int n)
{
	uint64_t idx, h, floor, j;
	int outermost;

	if (fast_outer && level == 0 && n == 1) {
		step(level);
		if (b.nesting) {
			snprintf(why, sizeof(why), "the fast writer found a writer in flight");
			failed_outermost = 1;
			return;
		}
		step(level);
		b.nesting++;
		step(level);
		idx = b.head++;		/* local_inc_return() */
	} else if (new_protocol) {
		step(level);
		outermost = ++b.nesting == 1;
		for (;;) {
			step(level);
			h = b.head;
			step(level);
			/* nothing below head is unfinished for the outermost */
			floor = outermost ? h : b.committed;
			if (h + n - floor > b.size) {
				if (outermost) {
					snprintf(why, sizeof(why), "the outermost writer was dropped");
					failed_outermost = 1;
				}
				b.dropped += n;
				b.written += n;
				goto out;
			}
			step(level);
			if (b.head == h) {	/* local_cmpxchg() */
				b.head = h + n;
				break;
			}
		}
		idx = h;
	} else {
		step(level);
		idx = b.head;		/* local_add_return() */
		b.head += n;
	}
	for (j = idx; j < idx + n; j++) {
		struct slot *s = &b.s[j % b.size];

		step(level);
		s->seq = BUSY;
		step(level);
		s->payload = j;
		step(level);
		s->check = j ^ KEY;
		step(level);
		s->seq = j;
		b.written++;
	}
	if (!new_protocol)
		return;
out:
	step(level);
	if (--b.nesting == 0) {
		step(level);
		h = b.head;
		step(level);	/* an interrupt here makes committed go back: safe */
		b.committed = h;
	}
}

static void batch(unsigned int level)
{
	unsigned int i;

	in_batch[level] = 1;
	steps[level] = 0;
	for (i = 0; i < sc.count[level]; i++)
		write_record(level, sc.n[level]);
	in_batch[level] = 0;
}


/* The reader of lkst_buffer_read(), draining everything. */
static int drain(void)
{
	uint64_t pos = b.tail, last = 0;
	int have_last = 0;

	for (;;) {
		struct slot *s;
		uint64_t seq;

		if (pos == b.head)
			break;
		if (b.head - pos > b.size) {
			b.overwritten += b.head - b.size - pos;
			pos = b.head - b.size;
		}
		s = &b.s[pos % b.size];
		seq = s->seq;
		if (seq == pos) {
			if (s->payload != pos || s->check != (pos ^ KEY)) {
				snprintf(why, sizeof(why), "torn record: seq %llu holds payload %llu",
					 (unsigned long long)pos, (unsigned long long)s->payload);
				return -1;
			}
			if (have_last && pos <= last) {
				snprintf(why, sizeof(why), "out of order: %llu after %llu",
					 (unsigned long long)pos, (unsigned long long)last);
				return -1;
			}
			last = pos;
			have_last = 1;
			b.read++;
			pos++;
			continue;
		}
		if (seq == BUSY || seq < pos) {
			/* no writer is left: the reader is stuck on this slot */
			snprintf(why, sizeof(why), "stuck: slot of record %llu holds seq %s%llu, head %llu",
				 (unsigned long long)pos, seq == BUSY ? "BUSY " : "",
				 (unsigned long long)(seq == BUSY ? 0 : seq),
				 (unsigned long long)b.head);
			return -1;
		}
		b.overwritten++;
		pos++;
	}
	b.tail = pos;
	if (b.written != b.read + b.overwritten + b.dropped) {
		snprintf(why, sizeof(why), "written %llu != read %llu + overwritten %llu + dropped %llu",
			 (unsigned long long)b.written, (unsigned long long)b.read,
			 (unsigned long long)b.overwritten, (unsigned long long)b.dropped);
		return -1;
	}
	return 0;
}

static int run(void)
{
	unsigned int i;

	memset(&b, 0, sizeof(b));
	memset(steps, 0, sizeof(steps));
	b.size = sc.size;
	for (i = 0; i < b.size; i++)
		b.s[i].seq = BUSY;
	/* a lap of plain writes first, so slots hold old committed records */
	for (i = 0; i < b.size + 1; i++) {
		in_batch[1] = in_batch[2] = 1;
		write_record(0, 1);
	}
	in_batch[1] = in_batch[2] = 0;
	steps[0] = 0;
	failed_outermost = 0;
	write_record(0, sc.n[0]);
	if (failed_outermost)
		return -1;
	return drain();
}

int main(int argc, char **argv)
{
	unsigned long scenarios = 0;
	unsigned int size, n0, n1, n2, at1, at2, c1, c2;

	if (argc != 3 || strcmp(argv[1], "-p") ||
	    (strcmp(argv[2], "old") && strcmp(argv[2], "new") &&
	     strcmp(argv[2], "fast"))) {
		fprintf(stderr, "usage: writer-model -p old|new|fast\n");
		return 2;
	}
	fast_outer = !strcmp(argv[2], "fast");
	new_protocol = fast_outer || !strcmp(argv[2], "new");
	for (size = 4; size <= 8; size *= 2)
	for (n0 = 1; n0 <= 4; n0++)
	for (n1 = 1; n1 <= 4; n1++)
	for (n2 = 1; n2 <= 2; n2++)
	for (at1 = 0; at1 < 8 + 4 * n0; at1++)
	for (c1 = 0; c1 <= 2 * size + 1; c1++)
	for (at2 = 0; at2 < 8 + 4 * n1; at2 += 3)
	for (c2 = 0; c2 <= size + 1; c2 += size / 2) {
		sc = (struct scenario){ .size = size, .n = { n0, n1, n2 },
					.at = { 0, at1, at2 }, .count = { 1, c1, c2 } };
		scenarios++;
		if (run()) {
			printf("%s protocol: %s\n", argv[2], why);
			printf("scenario: buffer of %u, outer writer of %u slots interrupted at its step %u by %u irq writers of %u slots (the first interrupted at its step %u by %u NMI writers of %u slots)\n",
			       size, n0, at1, c1, n1, at2, c2, n2);
			printf("after %lu scenarios\n", scenarios);
			return 1;
		}
	}
	printf("%s protocol: %lu scenarios, no torn record, nothing stuck, every record accounted for\n",
	       argv[2], scenarios);
	return 0;
}
