// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the trace-file library: a written trace reads back
 * identically, and every truncated or corrupted file is rejected with a
 * message that names the file and the offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include "lkst-trace.h"

#ifdef __SANITIZE_ADDRESS__
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

static char path[64];

static void build_trace(struct lkst_trace *t)
{
	struct lkst_event_type ev;
	unsigned int id;

	memset(t, 0, sizeof(*t));
	strcpy(t->release, "6.1.192-test");
	strcpy(t->machine, "x86_64");
	strcpy(t->clock, "mono");
	t->ncpus = 2;
	t->record_size = LKST_RECORD_SIZE;
	t->command_pid = 42;
	assert_int_equal(lkst_parse_event_line(
		"0 PROCESS_WAKEUP PROCESS 1 pid:pid,cpu:d,prio:d", &id, &ev), 0);
	assert_int_equal(lkst_add_event(t, id, &ev), 0);
	assert_int_equal(lkst_parse_event_line(
		"1 SYSCALL_ENTRY SYSCALL nr:syscall,arg0:x,arg1:x,arg2:x", &id, &ev), 0);
	assert_int_equal(lkst_add_event(t, id, &ev), 0);
	assert_int_equal(lkst_add_task(t, 42, "workload"), 0);
	assert_int_equal(lkst_add_task(t, 7, "sleeper"), 0);
}

static const struct lkst_record recs[3] = {
	{ .seq = 5, .time = 2000000001, .pid = 42, .tgid = 42, .event = 1,
	  .cpu = 1, .arg = { 110, 0x10, 0x20, 0x30 } },
	{ .seq = 9, .time = 1000000000, .pid = 42, .tgid = 42, .event = 0,
	  .cpu = 1, .arg = { 7, 1, 120 } },
	{ .seq = 0, .time = 1500000000, .pid = 0, .event = 1, .cpu = 0,
	  .arg = { (uint64_t)-1 } },
};

/* Write a trace to path and return its size. */
static long write_trace(void)
{
	struct lkst_trace t;
	struct lkst_err err;
	FILE *f;
	long size;

	build_trace(&t);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, 1, recs,
					  2, 2 * LKST_RECORD_SIZE, &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, 0,
					  &recs[2], 1, LKST_RECORD_SIZE, &err), 0);
	assert_int_equal(lkst_write_tasks(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	size = ftell(f);
	fclose(f);
	lkst_trace_free(&t);
	return size;
}

/* A trace of @t's header and the END chunk, no records, to path. */
static void write_header_only(const struct lkst_trace *t)
{
	struct lkst_err err;
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, t, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
}

static void test_roundtrip(void **state)
{
	struct lkst_trace t;
	struct lkst_err err;
	char line[512];

	write_trace();
	assert_int_equal(lkst_trace_read(path, &t, &err), 0);
	assert_string_equal(t.release, "6.1.192-test");
	assert_string_equal(t.clock, "mono");
	assert_int_equal(t.ncpus, 2);
	assert_int_equal(t.command_pid, 42);
	assert_int_equal(t.nevents, 2);
	assert_int_equal(t.nrecs, 3);
	assert_memory_equal(t.recs, recs, sizeof(recs));
	assert_string_equal(lkst_task_comm(&t, 7), "sleeper");

	lkst_trace_sort(&t);
	assert_int_equal(t.recs[0].seq, 9);
	assert_int_equal(t.recs[1].seq, 0);
	assert_int_equal(t.recs[2].seq, 5);

	lkst_format_record(&t, &t.recs[0], line, sizeof(line));
	assert_string_equal(line,
		"1.000000000 [001] 42/workload PROCESS_WAKEUP pid=7/sleeper cpu=1 prio=120");
	lkst_format_record(&t, &t.recs[2], line, sizeof(line));
	assert_string_equal(line,
		"2.000000001 [001] 42/workload SYSCALL_ENTRY nr=110(getppid) arg0=0x10 arg1=0x20 arg2=0x30");
	lkst_format_record(&t, &t.recs[1], line, sizeof(line));
	assert_string_equal(line,
		"1.500000000 [000] 0/swapper SYSCALL_ENTRY nr=-1(?) arg0=0x0 arg1=0x0 arg2=0x0");
	lkst_trace_free(&t);
}

static void expect_error(const char *needle)
{
	struct lkst_trace t;
	struct lkst_err err;

	assert_int_equal(lkst_trace_read(path, &t, &err), -1);
	if (!strstr(err.msg, path) || !strstr(err.msg, needle))
		fail_msg("error '%s' lacks '%s' or the path", err.msg, needle);
	assert_null(t.recs);
	assert_null(t.events);
}

/* Every proper prefix of a valid trace is rejected, none crashes. */
static void test_every_truncation(void **state)
{
	long size = write_trace(), len;
	char *full = malloc(size);
	FILE *f = fopen(path, "rb");

	assert_int_equal(fread(full, 1, size, f), size);
	fclose(f);
	for (len = 0; len < size; len++) {
		f = fopen(path, "wb");
		assert_int_equal(fwrite(full, 1, len, f), len);
		fclose(f);
		expect_error("offset");
	}
	free(full);
}

static void patch_file(long off, const void *bytes, size_t len)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

static long header_end(void)
{
	uint32_t hdr[2];
	FILE *f = fopen(path, "rb");

	assert_int_equal(fseek(f, 8, SEEK_SET), 0);
	assert_int_equal(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	fclose(f);
	return 16 + hdr[1];
}

static void test_corruptions(void **state)
{
	uint32_t v;
	uint16_t ev = 99;
	char buf[96];
	long chunk;

	write_trace();
	patch_file(0, "LKSTXXX\n", 8);
	expect_error("offset 0: not an lkst trace");

	write_trace();
	v = 7;
	patch_file(8, &v, 4);
	expect_error("offset 8: format version 7");

	write_trace();
	chunk = header_end();
	v = 0xdeadbeef;
	patch_file(chunk, &v, 4);
	snprintf(buf, sizeof(buf), "offset %ld: bad chunk magic", chunk);
	expect_error(buf);

	/* event id 99 in the second record of the first chunk */
	write_trace();
	patch_file(chunk + 24 + 64 + 24, &ev, 2);
	snprintf(buf, sizeof(buf), "offset %ld: record has event id 99",
		 chunk + 24 + 64);
	expect_error(buf);

	/* a chunk size that disagrees with its record count */
	write_trace();
	v = 100;
	patch_file(chunk + 16, &v, 4);
	expect_error("has size 100, expected 128");

	/* a record chunk for a cpu the trace does not have */
	write_trace();
	v = 5;
	patch_file(chunk + 8, &v, 4);
	expect_error("chunk for cpu 5");

	/* an event line with an argument type that is not a word */
	write_trace();
	patch_file(header_end() - 12, ":?", 2);
	expect_error("bad event line");
}

static void test_event_lines(void **state)
{
	struct lkst_event_type ev;
	unsigned int id;

	assert_int_equal(lkst_parse_event_line(
		"3 SYSCALL_EXIT SYSCALL 0 nr:syscall,ret:d", &id, &ev), 0);
	assert_int_equal(id, 3);
	assert_int_equal(ev.nargs, 2);
	assert_string_equal(ev.arg_name[1], "ret");
	assert_int_equal(ev.arg_type[1], LKST_ARG_D);
	/* a type of a later kernel reads as hex; a malformed one is refused */
	assert_int_equal(lkst_parse_event_line("3 X Y a:zz,b:sym", &id, &ev), 0);
	assert_int_equal(ev.arg_type[0], LKST_ARG_X);
	assert_int_equal(ev.arg_type[1], LKST_ARG_SYM);
	assert_int_equal(lkst_parse_event_line("3 X Y a:", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X Y a:u?", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X Y a:u,b:u,c:u,d:u,e:u",
					       &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X Y :u", &id, &ev), -1);
}

/* A string event: parts joined, escaped, and "<lost>" when one is missing. */
static void test_string_records(void **state)
{
	struct lkst_trace t;
	struct lkst_event_type ev;
	struct lkst_record r[3] = {
		{ .seq = 10, .time = 5, .pid = 42, .event = 2, .cpu = 1,
		  .flags = LKST_RF_STRING, .reserved = 2, .arg = { 1, 2 } },
		{ .seq = 11, .time = 5, .pid = 42, .event = 2, .cpu = 1,
		  .flags = LKST_RF_CONT, .reserved = 1 },
		{ .seq = 12, .time = 5, .pid = 42, .event = 2, .cpu = 1,
		  .flags = LKST_RF_CONT, .reserved = 2 },
	};
	char line[256];
	unsigned int id;

	build_trace(&t);
	assert_int_equal(lkst_parse_event_line(
		"2 PROCESS_EXEC PROCESS old_pid:u,argc:u,filename:str", &id, &ev), 0);
	assert_int_equal(ev.nargs, 2);
	assert_string_equal(ev.str_name, "filename");
	assert_int_equal(lkst_add_event(&t, id, &ev), 0);
	memcpy(r[1].arg, "/usr/lib/lkst/a-forty-byte-long-", 32);
	memcpy(r[2].arg, "pro\"gram\n", 9);
	t.recs = r;
	t.nrecs = 3;
	lkst_format_record(&t, &r[0], line, sizeof(line));
	assert_non_null(strstr(line,
		" old_pid=1 argc=2 filename=\"/usr/lib/lkst/a-forty-byte-long-pro\\x22gram\\x0a\""));
	t.nrecs = 2;		/* the last part was lost */
	lkst_format_record(&t, &r[0], line, sizeof(line));
	assert_non_null(strstr(line, " argc=2 filename=<lost>"));
	r[1].seq = 99;		/* a part of another string */
	t.nrecs = 3;
	lkst_format_record(&t, &r[0], line, sizeof(line));
	assert_non_null(strstr(line, " filename=<lost>"));
	t.recs = NULL;
	t.nrecs = 0;
	lkst_trace_free(&t);
	assert_int_equal(lkst_parse_event_line("3 X Y s:str,a:u", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X Y a:u,b:u,c:u,d:u,s:str",
					       &id, &ev), 0);
}

/* Mask set files: good ones split into sets; bad ones name the line. */
static void expect_bad_maskset(const struct lkst_trace *t, const char *text,
			       const char *needle)
{
	static struct lkst_maskset_text out[4];
	char known[LKST_MASKSETS_MAX][LKST_MASKSET_NAME_LEN] = { "default" };
	struct lkst_err err;

	assert_int_equal(lkst_maskset_parse("ms.txt", text, t, known, 1, NULL, 0, out, 4, &err), -1);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' does not contain '%s'", err.msg, needle);
}

static void test_maskset_files(void **state)
{
	static struct lkst_maskset_text out[4];
	char known[LKST_MASKSETS_MAX][LKST_MASKSET_NAME_LEN] = { "default" };
	struct lkst_trace t;
	struct lkst_err err;

	build_trace(&t);
	assert_int_equal(lkst_maskset_parse("ms.txt",
		"# two sets\nmaskset quiet\nall none\nSYSCALL count\n\n"
		"maskset watch\nall record\nPROCESS_WAKEUP trigger quiet arg0=0x10\n"
		"SYSCALL_ENTRY filter comm=workload\nPROCESS stack 4\n",
		&t, known, 1, NULL, 0, out, 4, &err), 2);
	assert_string_equal(out[0].name, "quiet");
	assert_string_equal(out[0].text, "maskset quiet\nall none\nSYSCALL count\n");
	assert_string_equal(out[1].name, "watch");
	assert_int_equal(out[1].line, 6);
	expect_bad_maskset(&t, "all record\n", "ms.txt:1: expected 'maskset NAME' first");
	expect_bad_maskset(&t, "maskset a\n\nNO_SUCH record\n", "ms.txt:3: 'NO_SUCH' is no event");
	expect_bad_maskset(&t, "maskset a\nall\n", "ms.txt:2: 'all' needs a handler");
	expect_bad_maskset(&t, "maskset a\nall recrod\n", "ms.txt:2: unknown handler");
	expect_bad_maskset(&t, "maskset a\nall record 5\n", "ms.txt:2: this handler takes no option");
	expect_bad_maskset(&t, "maskset a\nall stack 13\n", "ms.txt:2: stack depth");
	expect_bad_maskset(&t, "maskset a\nall filter uid=0\n", "ms.txt:2: filter needs");
	expect_bad_maskset(&t, "maskset a\nall trigger nowhere\n", "ms.txt:2: trigger names a mask set");
	expect_bad_maskset(&t, "maskset a\nall trigger default arg4=1\n", "ms.txt:2: condition must be");
	expect_bad_maskset(&t, "maskset a b\n", "ms.txt:1: bad mask set name");
	expect_bad_maskset(&t, "maskset a\nall buffer 4\n", "ms.txt:2: buffer needs a buffer number");
	expect_bad_maskset(&t, "# nothing\n", "ms.txt: no mask set");
	{
		char mods[1][LKST_MASKSET_NAME_LEN] = { "sample" };

		assert_int_equal(lkst_maskset_parse("ms.txt", "maskset m\nall sample\n",
						    &t, known, 1, mods, 1, out, 4, &err), 1);
		assert_int_equal(lkst_maskset_parse("ms.txt", "maskset m\nall sample 1\n",
						    &t, known, 1, mods, 1, out, 4, &err), -1);
	}
	lkst_trace_free(&t);
}

/*
 * A chunk that claims gigabytes in a file of a few hundred bytes: the
 * reader must refuse it from the file's size, not try to allocate it (found
 * by fuzz-trace-file; with the address space limited, the old reader failed
 * with "out of memory" instead of naming the truncation).
 */
static void test_huge_chunk_sizes(void **state)
{
	static const uint32_t types[] = { LKST_CHUNK_TASKS, LKST_CHUNK_RECORDS };
	struct rlimit old, small = { 512 << 20, 512 << 20 };
	unsigned char buf[4096];
	struct lkst_trace t;
	struct lkst_err err;
	unsigned int k;

	for (k = 0; k < 2; k++) {
		long size = write_trace(), off, at = -1;
		uint32_t ch[6];
		FILE *f = fopen(path, "r+b");

		assert_non_null(f);
		assert_true(size < (long)sizeof(buf));
		assert_int_equal(fread(buf, 1, size, f), size);
		/* chunks are not aligned in the file: copy, do not cast */
		for (off = 16; off + 24 <= size; off++) {
			memcpy(ch, buf + off, sizeof(ch));
			if (!memcmp(buf + off, "LKCK", 4) && ch[1] == types[k]) {
				at = off;
				break;
			}
		}
		assert_true(at >= 0);
		ch[3] = 0x3ffffff;			/* count */
		ch[4] = types[k] == LKST_CHUNK_TASKS ? 0xfffff916 : 0xffffffc0;
		memcpy(buf + at, ch, sizeof(ch));
		fseek(f, 0, SEEK_SET);
		assert_int_equal(fwrite(buf, 1, size, f), size);
		fclose(f);

		/* AddressSanitizer's shadow memory needs the address space */
		getrlimit(RLIMIT_AS, &old);
		if (!SANITIZED)
			setrlimit(RLIMIT_AS, &small);
		assert_int_equal(lkst_trace_read(path, &t, &err), -1);
		setrlimit(RLIMIT_AS, &old);
		assert_non_null(strstr(err.msg, "truncated"));
		assert_null(strstr(err.msg, "out of memory"));
	}
}

/*
 * A trace cut short (the system died while lkst record wrote it): the
 * salvaging reader keeps every whole chunk before the cut and names the
 * offset; the strict one refuses the file.
 */
static void test_salvage_cut_trace(void **state)
{
	long size = write_trace(), len, hdr_end, chunk2;
	struct lkst_trace t;
	struct lkst_err err;
	FILE *f;
	char *buf = malloc(size);

	assert_non_null(buf);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, size, f), size);
	fclose(f);
	memcpy(&hdr_end, buf + 12, 4);
	hdr_end = 16 + (hdr_end & 0xffffffff);
	chunk2 = hdr_end + 24 + 2 * LKST_RECORD_SIZE;
	for (len = hdr_end; len < size; len++) {
		int ret;

		f = fopen(path, "wb");
		assert_int_equal(fwrite(buf, 1, len, f), len);
		fclose(f);
		ret = lkst_trace_read_salvage(path, &t, &err);
		assert_int_equal(ret, 1);
		if (!strstr(err.msg, path) || !strstr(err.msg, "offset "))
			fail_msg("cut at %ld: error '%s' lacks the path or offset", len, err.msg);
		/* the first chunk is whole once the file reaches its end */
		assert_int_equal(t.nrecs, len >= chunk2 + 24 + LKST_RECORD_SIZE ? 3 :
					  len >= chunk2 ? 2 : 0);
		if (t.nrecs)
			assert_memory_equal(t.recs, recs, t.nrecs * sizeof(recs[0]));
		lkst_trace_free(&t);
		assert_int_equal(lkst_trace_read(path, &t, &err), -1);
	}
	free(buf);
}

/*
 * Task names are data any user sets (prctl(PR_SET_NAME)): empty, blank,
 * with escapes or newlines, each reads back byte for byte, and none
 * reaches a terminal raw (issue 11, bugs 1 and 9).
 */
static void test_task_names(void **state)
{
	static const char *const names[] = {
		"", " lead", "Web Content", "\x1b]0;x\a\x1b[2J", "back\\slash",
		"new\nline", "tab\there", "\x7f\xff\x80", "q\"uote",
	};
	const size_t n = sizeof(names) / sizeof(names[0]);
	struct lkst_trace t, back;
	struct lkst_err err;
	char line[1024];
	size_t i, k;
	FILE *f;

	build_trace(&t);
	for (i = 0; i < n; i++)
		assert_int_equal(lkst_add_task(&t, 100 + i, names[i]), 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_tasks(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	for (i = 0; i < n; i++) {
		struct lkst_record r = { .pid = 100 + i, .event = 0,
					 .arg = { 100 + i } };

		assert_string_equal(lkst_task_comm(&back, 100 + i), names[i]);
		lkst_format_record(&back, &r, line, sizeof(line));
		for (k = 0; line[k]; k++)
			assert_true(line[k] >= 0x20 && line[k] < 0x7f);
	}
	lkst_format_record(&back, &(struct lkst_record){ .pid = 103 },
			   line, sizeof(line));
	assert_non_null(strstr(line, " 103/\\x1b]0;x\\x07\\x1b[2J "));
	lkst_trace_free(&t);
	lkst_trace_free(&back);
}

/* Lines of older writers: raw names, an empty one, leading blanks */
static void test_old_task_lines(void **state)
{
	static const char text[] = "6049 \n7 two words\n8  lead\n9\n";
	struct lkst_trace t, back;
	struct lkst_err err;
	FILE *f;

	build_trace(&t);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_TASKS, 0, text, 4,
					  sizeof(text) - 1, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	assert_string_equal(lkst_task_comm(&back, 6049), "");
	assert_string_equal(lkst_task_comm(&back, 7), "two words");
	assert_string_equal(lkst_task_comm(&back, 8), " lead");
	assert_string_equal(lkst_task_comm(&back, 9), "");
	lkst_trace_free(&t);
	lkst_trace_free(&back);
}

/* Event and argument names are identifiers: an escape in one is refused */
static void test_event_names_are_identifiers(void **state)
{
	struct lkst_event_type ev;
	unsigned int id;

	assert_int_equal(lkst_parse_event_line("3 \x1b[2J SYSCALL a:u", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X \x1b[2J a:u", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X Y \x1b[2J:u", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X Y 1a:u", &id, &ev), -1);
	assert_int_equal(lkst_parse_event_line("3 X_1 Y a_b:u", &id, &ev), 0);
	/* as read from /proc/lkst_etypes, with its newline */
	assert_int_equal(lkst_parse_event_line("0 PROCESS_CONTEXTSWITCH PROCESS 1 prev_pid:pid,next_prio:d\n",
					       &id, &ev), 0);
	assert_int_equal(ev.arg_type[1], LKST_ARG_D);
}

/*
 * A chunk type from a newer writer is skipped and counted, and the rest
 * of the file still reads; one whose size runs past the file is an error
 * at its offset (issue 11, bug 7).
 */
static void test_unknown_chunks(void **state)
{
	static const char payload[40] = "from a later lkst";
	struct lkst_trace t, back;
	struct lkst_err err;
	long chunk;
	uint32_t v;
	FILE *f;

	build_trace(&t);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	chunk = ftell(f);
	assert_int_equal(lkst_write_chunk(f, path, 77, 0, payload, 1,
					  sizeof(payload), &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, 1, recs,
					  2, 2 * LKST_RECORD_SIZE, &err), 0);
	assert_int_equal(lkst_write_tasks(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	assert_int_equal(back.skipped_chunks, 1);
	assert_int_equal(back.skipped_type, 77);
	assert_int_equal(back.nrecs, 2);
	assert_string_equal(lkst_task_comm(&back, 42), "workload");
	lkst_trace_free(&back);

	v = 1u << 30;	/* its size, past the end of the file */
	patch_file(chunk + 16, &v, 4);
	expect_error("truncated chunk");
	lkst_trace_free(&t);
}

/* An argument list of 192 characters or more is one field, not two */
static void test_long_argument_list(void **state)
{
	char line[512];
	struct lkst_event_type ev;
	unsigned int id;

	snprintf(line, sizeof(line), "7 LONG_ONE OTHER 1 %s:x,%s:u,%s:d,%s:pid,%s:str",
		 "a_rather_long_argument_name_x_1", "a_rather_long_argument_name_x_2",
		 "a_rather_long_argument_name_x_3", "a_rather_long_argument_name_x_4",
		 "a_rather_long_argument_name_x_5");
	assert_true(strlen(line) >= 192);
	assert_int_equal(lkst_parse_event_line(line, &id, &ev), 0);
	assert_int_equal(id, 7);
	assert_int_equal(ev.nargs, 4);
	assert_string_equal(ev.arg_name[3], "a_rather_long_argument_name_x_4");
	assert_int_equal(ev.arg_type[3], LKST_ARG_PID);
	assert_string_equal(ev.str_name, "a_rather_long_argument_name_x_5");
}

/* Many tasks load in O(n log n), and a pid's last line wins */
static void test_many_tasks(void **state)
{
	const size_t n = 200000;
	size_t cap = n * 24 + 64, len = 0, i;
	char *text = malloc(cap);
	struct lkst_trace t, back;
	struct lkst_err err;
	FILE *f;

	assert_non_null(text);
	for (i = 0; i < n; i++)
		len += snprintf(text + len, cap - len, "%zu t%zu\n", n - i, i);
	len += snprintf(text + len, cap - len, "5 renamed\n");
	build_trace(&t);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_TASKS, 0, text,
					  n + 1, len, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
	free(text);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	assert_int_equal(back.ntasks, n);
	assert_string_equal(lkst_task_comm(&back, 5), "renamed");
	assert_string_equal(lkst_task_comm(&back, n), "t0");
	assert_string_equal(lkst_task_comm(&back, n + 1), "?");
	lkst_trace_free(&t);
	lkst_trace_free(&back);
}

/*
 * Found by review: a header of many events with long fields overflowed
 * the buffer lkst_write_header() sized at 256 bytes an event (under ASan,
 * a heap-buffer-overflow; make check runs these tests under ASan too).
 */
static void test_header_of_long_events(void **state)
{
	struct lkst_trace t, back;
	struct lkst_err err;
	unsigned int i;
	char line[512];

	build_trace(&t);
	/* 274 bytes a line, 18 over the old share: 1000 lines in a row overflow its slack */
	for (i = 0; i < 1000; i++) {
		struct lkst_event_type ev;
		unsigned int id;

		snprintf(line, sizeof(line),
			 "%u EVENT_WITH_A_NAME_AS_LONG_AS_IT_MAY_BE_%07u CATEGORY_OF_THIRTY_ONE_CHARSXX %s",
			 10 + i, i,
			 "1 argument_name_of_thirty_one_a:syscall,argument_name_of_thirty_one_b:syscall,"
			 "argument_name_of_thirty_one_c:syscall,argument_name_of_thirty_one_d:syscall,"
			 "argument_name_of_thirty_one_e:str");
		assert_int_equal(lkst_parse_event_line(line, &id, &ev), 0);
		assert_int_equal(lkst_add_event(&t, id, &ev), 0);
	}
	write_header_only(&t);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	assert_string_equal(back.events[1009].name, "EVENT_WITH_A_NAME_AS_LONG_AS_IT_MAY_BE_0000999");
	assert_string_equal(back.events[1009].str_name, "argument_name_of_thirty_one_e");
	lkst_trace_free(&t);
	lkst_trace_free(&back);
}

/*
 * The names print -v shows: every handler id and mask-set slot a trace
 * can name, each as long as it may be, written and read back (a header
 * sized without them would overflow); an id beyond the reader's is
 * skipped, a malformed line refused at its offset.
 */
static void test_handler_and_maskset_names(void **state)
{
	struct lkst_trace t, back;
	struct lkst_err err;
	unsigned int i;

	build_trace(&t);
	for (i = 0; i < LKST_NAMES_MAX; i++) {
		snprintf(t.handler_name[i], 32, "handler_%023u", i);
		snprintf(t.maskset_name[i], 32, "set/\033]0;x\a_%018u", i);
	}
	t.extra_header = "handler 4096 from_a_newer_writer\n";
	write_header_only(&t);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	for (i = 0; i < LKST_NAMES_MAX; i++) {
		assert_string_equal(back.handler_name[i], t.handler_name[i]);
		assert_string_equal(back.maskset_name[i], t.maskset_name[i]);
	}
	lkst_trace_free(&back);

	t.extra_header = "maskset one\n";
	write_header_only(&t);
	expect_error("bad maskset line 'maskset one'");
	lkst_trace_free(&t);
}

/*
 * Found by review: lkst record names a new child after its parent with
 * lkst_add_task(t, child, lkst_task_comm(t, parent)), a pointer into the
 * table that adding the child moves (under ASan, a heap-use-after-free).
 */
static void test_task_named_after_another(void **state)
{
	struct lkst_trace t;
	uint32_t pid;

	memset(&t, 0, sizeof(t));
	assert_int_equal(lkst_add_task(&t, 1, "parent"), 0);
	for (pid = 2; pid < 2000; pid++)
		assert_int_equal(lkst_add_task(&t, pid, lkst_task_comm(&t, pid - 1)), 0);
	assert_string_equal(lkst_task_comm(&t, 1999), "parent");
	/* and a task renamed after itself */
	assert_int_equal(lkst_add_task(&t, 5, lkst_task_comm(&t, 5)), 0);
	assert_string_equal(lkst_task_comm(&t, 5), "parent");
	lkst_trace_free(&t);
}

/*
 * The tool's mask-set checker decides every line of the shared grammar
 * table as the kernel must (the guest test 17-masksets runs the same
 * table against masksets/define): issue 11, bug 5.
 */
static void test_maskset_grammar(void **state)
{
	static struct lkst_maskset_text out[2];
	char known[LKST_MASKSETS_MAX][LKST_MASKSET_NAME_LEN] = { "default" };
	FILE *f = fopen("testing/maskset/grammar.txt", "r");
	struct lkst_event_type ev;
	struct lkst_trace t;
	struct lkst_err err;
	char line[512], text[600];
	unsigned int id, checked = 0;

	assert_non_null(f);
	build_trace(&t);
	assert_int_equal(lkst_parse_event_line(
		"2 PROCESS_CONTEXTSWITCH PROCESS 1 prev_pid:pid,next_pid:pid", &id, &ev), 0);
	assert_int_equal(lkst_add_event(&t, id, &ev), 0);
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');
		int want, got;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		want = !strcmp(line, "accept");
		assert_true(want || !strcmp(line, "refuse"));
		snprintf(text, sizeof(text), "maskset grammar\n%s\n", tab + 1);
		got = lkst_maskset_parse("grammar", text, &t, known, 1, NULL, 0,
					 out, 2, &err) == 1;
		if (got != want)
			fail_msg("'%s': the tool %s it, the grammar %s it", tab + 1,
				 got ? "accepts" : "refuses",
				 want ? "accepts" : "refuses");
		checked++;
	}
	fclose(f);
	assert_true(checked >= 50);
	lkst_trace_free(&t);
}

/* Write @text to a new file whose name is returned (static) */
static const char *text_file(const char *suffix, const char *text)
{
	static char name[2][80];
	static int which;
	char *n = name[which++ % 2];
	FILE *f;

	snprintf(n, 80, "%s.%s", path, suffix);
	f = fopen(n, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	fclose(f);
	return n;
}

/*
 * Code addresses (issue 11): kallsyms read (text symbols only, aliases
 * dropped, sizes up to the next symbol of the same owner, a module's
 * last one bounded by /proc/modules), saved as a SYMBOLS chunk, read
 * back, and printed as function+offset/size [module]; a System.map
 * shifted by the trace's KASLR offset; kptr_restrict's zeros noticed.
 */
static void test_symbols(void **state)
{
	static const char kallsyms[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81000100 W __timer_fn_weak\n"
		"ffffffff81000100 t __timer_fn\n"
		"ffffffff81000100 T timer_fn\n"
		"ffffffff81000100 t timer_fn_alias\n"
		"ffffffff81000140 D some_data\n"
		"ffffffff81000180 t other_fn\n"
		"ffffffff81000200 T _etext\n"
		"ffffffffc0001000 t mod_fn\t[lkst_events]\n"
		"ffffffffc0001040 t mod_last\t[lkst_events]\n";
	static const struct lkst_record rec = {
		.seq = 1, .time = 5, .pid = 42, .event = 2, .cpu = 0,
		.arg = { 0xffffffffc0001048, 0xffffffff81000180, 0x400000, 7 } };
	struct lkst_trace t, back;
	struct lkst_symtab all = { 0 };
	struct lkst_event_type ev;
	struct lkst_err err;
	char line[512];
	unsigned int id;
	size_t i;
	FILE *f;

	assert_int_equal(lkst_symtab_read_kallsyms(&all, text_file("ks", kallsyms), 0, &err), 0);
	assert_int_equal(all.hidden, 0);
	assert_int_equal(lkst_symtab_bound_modules(&all, text_file("mod",
			 "lkst_events 16384 0 - Live 0xffffffffc0001000\n")), 0);
	assert_string_equal(lkst_symtab_lookup(&all, 0xffffffff81000100)->name, "timer_fn");
	assert_int_equal(lkst_symtab_lookup(&all, 0xffffffff81000100)->size, 0x80);
	assert_string_equal(lkst_symtab_lookup(&all, 0xffffffff810001ff)->name, "other_fn");
	assert_null(lkst_symtab_lookup(&all, 0xffffffff81000201));	/* past _etext */
	assert_null(lkst_symtab_lookup(&all, 0xfffffffff0000000));
	assert_int_equal(lkst_symtab_lookup(&all, 0xffffffffc0001048)->size,
			 0x4000 - 0x40);

	/* the two a record uses, in a trace, read back and printed */
	build_trace(&t);
	assert_int_equal(lkst_parse_event_line(
		"2 TIMER_RUN TIMER function:sym,caller:ret,ip:sym,n:u", &id, &ev), 0);
	assert_int_equal(lkst_add_event(&t, id, &ev), 0);
	for (i = 0; i < 2; i++) {
		/* caller: a return address, named by the byte before it */
		const struct lkst_symbol *sym = lkst_symtab_lookup(&all, rec.arg[i] - i);

		assert_int_equal(lkst_symtab_add(&t.symbols, sym->addr, sym->size,
						 sym->name, sym->module), 0);
	}
	lkst_symtab_finish(&t.symbols);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, 0, &rec,
					  1, LKST_RECORD_SIZE, &err), 0);
	assert_int_equal(lkst_write_symbols(f, path, &t.symbols, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	assert_int_equal(back.symbols.n, 2);
	lkst_format_record(&back, &back.recs[0], line, sizeof(line));
	assert_string_equal(strchr(line, 'T'),
		"TIMER_RUN function=mod_last+0x8/0x3fc0 [lkst_events] caller=timer_fn+0x80/0x80 ip=0x400000 n=7");
	/* cut anywhere, the line stays terminated */
	for (i = 1; i < 80; i++) {
		char cut[80];

		lkst_format_record(&back, &back.recs[0], cut, i);
		assert_true(strlen(cut) < i);
	}
	lkst_trace_free(&back);

	/* a System.map (link addresses) plus the dump's KASLR offset */
	t.kernel_offset = 0x10;
	t.has_kernel_offset = 1;
	lkst_symtab_free(&t.symbols);
	write_header_only(&t);
	assert_int_equal(lkst_trace_read(path, &back, &err), 0);
	assert_int_equal(back.has_kernel_offset, 1);
	assert_int_equal(back.kernel_offset, 0x10);
	assert_int_equal(lkst_symtab_read_kallsyms(&back.symbols,
			 text_file("map", "ffffffff81000100 T timer_fn\nffffffff81000180 t other_fn\n"),
			 back.kernel_offset, &err), 0);
	assert_string_equal(lkst_symtab_lookup(&back.symbols, 0xffffffff81000110)->name, "timer_fn");
	assert_int_equal(lkst_symtab_lookup(&back.symbols, 0xffffffff81000110)->addr, 0xffffffff81000110);
	lkst_trace_free(&back);

	/* kptr_restrict: every address 0 */
	lkst_symtab_free(&all);
	assert_int_equal(lkst_symtab_read_kallsyms(&all, text_file("ks",
			 "0000000000000000 T _text\n0000000000000000 t x\n"), 0, &err), 0);
	assert_int_equal(all.hidden, 1);
	lkst_symtab_free(&all);

	/* a damaged symbol line is refused with its offset */
	lkst_trace_free(&t);
	build_trace(&t);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
	assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_SYMBOLS, 0,
					  "10 20 ok\n30 40 bad\033name\n", 2, 25, &err), 0);
	assert_int_equal(lkst_write_end(f, path, &err), 0);
	fclose(f);
	expect_error("bad symbol or module name");
	/* sizes and addresses are plain hex: no sign, no 0x (review) */
	for (i = 0; i < 3; i++) {
		static const char *const bad[3] = { "-1 10 x\n", "0x10 10 x\n", "10 -1 x\n" };

		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
		assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_SYMBOLS, 0, bad[i], 1,
						  strlen(bad[i]), &err), 0);
		assert_int_equal(lkst_write_end(f, path, &err), 0);
		fclose(f);
		expect_error("bad symbol line");
	}
	lkst_trace_free(&t);
	unlink(text_file("ks", ""));
	unlink(text_file("mod", ""));
	unlink(text_file("map", ""));
}

/*
 * Task names follow the trace (issue 11): a child is its parent's until
 * it renames itself (PR_SET_NAME) and execs, each PROCESS_COMM record
 * naming it from then on.  Without rename records for a task (none at
 * all, or its own lost or filtered while another task's are there), the
 * saved TASKS name stays: a review found the child named after its
 * parent for good.  The trace is written and read back, as print reads
 * it (a sorted task table), with pids above and below the saved ones.
 */
static void test_names_follow_renames(void **state)
{
	struct lkst_record story[11] = {
		{ .seq = 1, .time = 10, .pid = 42, .event = 2, .arg = { 50, 50, 0x11 } },
		{ .seq = 2, .time = 11, .pid = 50, .event = 1, .arg = { 39 } },
		{ .seq = 3, .time = 12, .pid = 50, .event = 3, .reserved = 1,
		  .flags = LKST_RF_STRING, .arg = { 50, 0 } },
		{ .seq = 4, .time = 12, .pid = 50, .event = 3, .reserved = 1,
		  .flags = LKST_RF_CONT },
		{ .seq = 5, .time = 13, .pid = 50, .event = 1, .arg = { 39 } },
		{ .seq = 6, .time = 14, .pid = 50, .event = 3, .reserved = 1,
		  .flags = LKST_RF_STRING, .arg = { 50, 1 } },
		{ .seq = 7, .time = 14, .pid = 50, .event = 3, .reserved = 1,
		  .flags = LKST_RF_CONT },
		{ .seq = 8, .time = 15, .pid = 50, .event = 1, .arg = { 39 } },
		{ .seq = 9, .time = 16, .pid = 7, .event = 3, .reserved = 1,
		  .flags = LKST_RF_STRING, .arg = { 7, 0 } },
		{ .seq = 10, .time = 16, .pid = 7, .event = 3, .reserved = 1,
		  .flags = LKST_RF_CONT },
		{ .seq = 11, .time = 17, .pid = 7, .event = 1, .arg = { 39 } },
	};
	/* pass 0: the whole story; 1: no renames; 2: only pid 7's */
	static const char *const want[3][11] = {
		{ "workload", "workload", "renamed", "renamed", "renamed", "cat",
		  "cat", "cat", "dozer", "dozer", "dozer" },
		{ "workload", "cat", "cat", "cat", "cat", "cat", "cat", "cat",
		  "sleeper", "sleeper", "sleeper" },
		{ "workload", "cat", "cat", "cat", "cat", "cat", "cat", "cat",
		  "dozer", "dozer", "dozer" },
	};
	struct lkst_event_type ev;
	struct lkst_trace t, back;
	struct lkst_err err;
	unsigned int id;
	size_t i;
	int pass;
	FILE *f;

	memcpy(story[3].arg, "renamed", 8);
	memcpy(story[6].arg, "cat", 4);
	memcpy(story[9].arg, "dozer", 6);
	for (pass = 0; pass < 3; pass++) {
		build_trace(&t);
		assert_int_equal(lkst_parse_event_line(
			"2 PROCESS_LTHREADGEN PROCESS pid:pid,tgid:u,flags:x", &id, &ev), 0);
		assert_int_equal(lkst_add_event(&t, id, &ev), 0);
		assert_int_equal(lkst_parse_event_line(
			"3 PROCESS_COMM PROCESS pid:u,exec:u,comm:str", &id, &ev), 0);
		assert_int_equal(lkst_add_event(&t, id, &ev), 0);
		assert_int_equal(lkst_add_task(&t, 50, "cat"), 0);	/* the last name */
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(lkst_write_header(f, path, &t, &err), 0);
		for (i = 0; i < 11; i++) {
			struct lkst_record x = story[i];

			if ((pass == 1 && x.event == 3) || (pass == 2 && x.pid == 50 && x.event == 3))
				x.event = 1, x.flags = 0, x.reserved = 0;
			assert_int_equal(lkst_write_chunk(f, path, LKST_CHUNK_RECORDS, 0,
							  &x, 1, sizeof(x), &err), 0);
		}
		assert_int_equal(lkst_write_tasks(f, path, &t, &err), 0);
		assert_int_equal(lkst_write_end(f, path, &err), 0);
		fclose(f);
		lkst_trace_free(&t);

		assert_int_equal(lkst_trace_read(path, &back, &err), 0);
		assert_int_equal(back.tasks_sorted, 1);
		lkst_trace_sort(&back);
		for (i = 0; i < back.nrecs; i++) {
			lkst_follow_names(&back, &back.recs[i]);
			if (back.recs[i].pid != 42)
				assert_string_equal(lkst_task_comm(&back, back.recs[i].pid),
						    want[pass][i]);
		}
		assert_string_equal(lkst_task_comm(&back, 42), "workload");
		assert_string_equal(lkst_task_comm(&back, 1), "?");
		lkst_trace_free(&back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_corruptions),
		cmocka_unit_test(test_event_lines),
		cmocka_unit_test(test_string_records),
		cmocka_unit_test(test_maskset_files),
		cmocka_unit_test(test_huge_chunk_sizes),
		cmocka_unit_test(test_salvage_cut_trace),
		cmocka_unit_test(test_task_names),
		cmocka_unit_test(test_old_task_lines),
		cmocka_unit_test(test_event_names_are_identifiers),
		cmocka_unit_test(test_unknown_chunks),
		cmocka_unit_test(test_header_of_long_events),
		cmocka_unit_test(test_task_named_after_another),
		cmocka_unit_test(test_long_argument_list),
		cmocka_unit_test(test_many_tasks),
		cmocka_unit_test(test_maskset_grammar),
		cmocka_unit_test(test_handler_and_maskset_names),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_names_follow_renames),
	};
	int fd, ret;

	strcpy(path, "/tmp/lkst-test-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return 1;
	close(fd);
	ret = cmocka_run_group_tests_name("trace-file", tests, NULL, NULL);
	unlink(path);
	return ret;
}
