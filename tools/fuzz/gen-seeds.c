// SPDX-License-Identifier: GPL-2.0
/*
 * Write the seed trace files of the fuzz corpus with the library's own
 * writer: a small valid trace, one with strings and stacks, and one whose
 * header carries the record format and flag layout.
 *
 *	gen-seeds DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkst-trace.h"

static void die(const struct lkst_err *err)
{
	fprintf(stderr, "gen-seeds: %s\n", err->msg);
	exit(1);
}

static void add(struct lkst_trace *t, const char *line)
{
	struct lkst_event_type ev;
	unsigned int id;

	if (lkst_parse_event_line(line, &id, &ev) || lkst_add_event(t, id, &ev))
		exit(1);
}

/* @symbols: a code-address event, its SYMBOLS chunk and a KASLR offset */
static void write_seed(const char *dir, const char *name, int format,
		       const struct lkst_record *recs, unsigned int n,
		       int symbols)
{
	struct lkst_trace t;
	struct lkst_err err;
	char path[512];
	FILE *f;

	memset(&t, 0, sizeof(t));
	strcpy(t.release, "6.1.192");
	strcpy(t.machine, "x86_64");
	strcpy(t.clock, "mono");
	t.ncpus = 2;
	t.record_size = LKST_RECORD_SIZE;
	t.command_pid = 42;
	if (format) {
		t.format_version = 1;
		lkst_parse_flag_line(&t, "buffer 6 2");
		lkst_parse_flag_line(&t, "maskset 8 4");
		lkst_parse_flag_line(&t, "handler 12 4");
	}
	add(&t, "0 SYSCALL_ENTRY SYSCALL nr:syscall,arg0:x,arg1:x,arg2:x");
	add(&t, "1 PROCESS_WAKEUP PROCESS pid:pid,state:x,prio:d");
	add(&t, "2 FS_OPEN FS dfd:d,flags:x,mode:x,fd:d,filename:str");
	if (symbols) {
		add(&t, "3 TIMER_RUN TIMER timer:x,function:sym,expires:u,late:d");
		t.has_kernel_offset = 1;
		t.kernel_offset = 0x1e000000;
		if (lkst_symtab_add(&t.symbols, 0xffffffff9f000100, 0x80,
				    "process_timeout", "") ||
		    lkst_symtab_add(&t.symbols, 0xffffffffc0001000, 0,
				    "test_timer_fn", "lkst_test_events"))
			exit(1);
		lkst_symtab_finish(&t.symbols);
	}
	lkst_add_task(&t, 42, "workload");
	lkst_add_task(&t, 7, "sleeper");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		exit(1);
	if (lkst_write_header(f, path, &t, &err) ||
	    lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, 0, recs, n,
			     n * LKST_RECORD_SIZE, &err) ||
	    lkst_write_tasks(f, path, &t, &err) ||
	    lkst_write_symbols(f, path, &t.symbols, &err) ||
	    lkst_write_end(f, path, &err))
		die(&err);
	fclose(f);
	lkst_trace_free(&t);
}

int main(int argc, char **argv)
{
	struct lkst_record plain[3] = {
		{ .seq = 0, .time = 1000, .pid = 42, .tgid = 42, .event = 0,
		  .arg = { 110, 1, 2, 3 } },
		{ .seq = 1, .time = 2000, .pid = 42, .tgid = 42, .event = 1,
		  .arg = { 7, 1, 120 } },
		{ .seq = 3, .time = 3000, .pid = 7, .tgid = 7, .event = 0,
		  .flags = 1 << 8 | 5 << 12, .arg = { 39 } },
	};
	/* FS_OPEN with a 40-byte name and a 4-address stack: 1 + 2 + 1 records */
	struct lkst_record parts[4] = {
		{ .seq = 10, .time = 5000, .pid = 42, .tgid = 42, .event = 2,
		  .flags = LKST_RF_STRING | LKST_RF_STACK | 2 << 12, .reserved = 3,
		  .arg = { (uint64_t)-100, 0x8000, 0, 3 } },
		{ .seq = 11, .time = 5000, .pid = 42, .event = 2,
		  .flags = LKST_RF_CONT, .reserved = 1 },
		{ .seq = 12, .time = 5000, .pid = 42, .event = 2,
		  .flags = LKST_RF_CONT, .reserved = 2 },
		{ .seq = 13, .time = 5000, .pid = 42, .event = 2,
		  .flags = LKST_RF_CONT | LKST_RF_STACK, .reserved = 3,
		  .arg = { 0xffffffff81000000, 0xffffffff81000010,
			   0xffffffff81000020, 0xffffffff81000030 } },
	};

	if (argc != 2) {
		fprintf(stderr, "usage: gen-seeds DIR\n");
		return 2;
	}
	memcpy(parts[1].arg, "/usr/lib/lkst/a-forty-byte-long-", 32);
	memcpy(parts[2].arg, "program", 7);
	struct lkst_record timers[2] = {
		{ .seq = 20, .time = 6000, .pid = 0, .event = 3,
		  .flags = LKST_RF_SOFTIRQ,
		  .arg = { 0xffff888003a1c000, 0xffffffff9f000110, 4294, 1 } },
		{ .seq = 21, .time = 7000, .pid = 0, .event = 3,
		  .flags = LKST_RF_SOFTIRQ,
		  .arg = { 0xffffffffc0003000, 0xffffffffc0001000, 4295, 0 } },
	};

	write_seed(argv[1], "plain.lkst", 0, plain, 3, 0);
	write_seed(argv[1], "strings-stacks.lkst", 1, parts, 4, 0);
	write_seed(argv[1], "empty.lkst", 1, plain, 0, 0);
	write_seed(argv[1], "symbols.lkst", 1, timers, 2, 1);
	return 0;
}
