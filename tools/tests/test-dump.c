// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the crash dump reader (lib/dump.c) on small ELF
 * cores built here the way the kernel lays out its descriptor
 * (kernel/lkst/lkst_crash.c): the records come back in order, the slot
 * being written at the crash is reported and not returned, and every
 * truncated, damaged or foreign dump is refused with a message that names
 * the file and the offset or physical address, never a crash.  The same
 * memory is written both as an ELF core and in makedumpfile's
 * kdump-compressed format (zlib pages, some left out as -d would).
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "lkst-dump.h"

/* Physical memory of the fake machine: one PT_LOAD from 0 */
#define MEM_SIZE	(64 * 1024)
#define DESC_PA		0x1000
#define META_PA		0x2000
#define PAGES_PA	0x3000
#define PAGE0_PA	0x6000		/* the buffer's pages, out of order */
#define PAGE1_PA	0x4000
#define NR_RECORDS	64
#define HEAD		70		/* window: record numbers 6 .. 69 */
#define HEAD_OFFSET	8
#define RECS_OFFSET	192
#define BUSY_AT		69		/* being written at the crash */
#define BAD_CPU_AT	10		/* a record with a foreign cpu field */

static const char meta[] =
	"release 6.1.192-test\nmachine x86_64\nclock mono\nncpus 1\n"
	"record_size 64\nformat_version 1\nflag buffer 6 2\nflag maskset 8 4\n"
	"flag handler 12 4\nevent 0 SYSCALL_ENTRY SYSCALL nr:syscall,arg0:x,arg1:x,arg2:x\n";

static char path[64];
static unsigned char mem[MEM_SIZE];
static size_t notes_off, load_off, file_len;
static unsigned char *file;

static void put32(void *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(void *p, uint64_t v) { memcpy(p, &v, 8); }

/* The buffer's byte X lives in page X / 4096 of the page list. */
static unsigned char *buf_byte(size_t x)
{
	return mem + (x / 4096 ? PAGE1_PA : PAGE0_PA) + x % 4096;
}

static void build_memory(void)
{
	unsigned char *d = mem + DESC_PA, *e = d + 80;
	uint64_t n;

	memset(mem, 0, sizeof(mem));
	memcpy(d, "LKSTDSC1", 8);
	put32(d + 8, 1);			/* version */
	put32(d + 12, 80 + 4 * 40);		/* size: 1 CPU, 4 buffers */
	put32(d + 16, 64);			/* record_size */
	put32(d + 20, 1);			/* format_version */
	put32(d + 24, 1);			/* nr_cpus */
	put32(d + 28, 4);			/* nr_buffers */
	put32(d + 32, 40);			/* entry_size */
	put32(d + 36, 4096);			/* page_size */
	put32(d + 40, HEAD_OFFSET);
	put32(d + 44, RECS_OFFSET);
	put32(d + 48, 1);			/* flags: stopped */
	put32(d + 52, 0);			/* stop_cpu */
	put64(d + 56, 123456789);		/* stop_time */
	put64(d + 64, META_PA);
	put32(d + 72, sizeof(meta) - 1);
	memcpy(mem + META_PA, meta, sizeof(meta) - 1);

	/* buffer 0 of CPU 0; buffers 1-3 absent (buf_pa 0) */
	put64(e, PAGE0_PA);
	put64(e + 8, PAGES_PA);
	put32(e + 16, 2);			/* nr_pages: 192 + 64 * 64 bytes */
	put32(e + 20, NR_RECORDS);
	put32(e + 24, 0x3);			/* overwrite, final */
	put64(e + 32, HEAD);			/* final_head */
	put64(mem + PAGES_PA, PAGE0_PA);
	put64(mem + PAGES_PA + 8, PAGE1_PA);
	put64(buf_byte(HEAD_OFFSET), HEAD);

	for (n = HEAD - NR_RECORDS; n < HEAD; n++) {
		struct lkst_record r = {
			.seq = n, .time = 1000 + n, .pid = 7, .tgid = 7,
			.event = 0, .cpu = 0,
			.arg = { 8, 0xffffffffffffffffULL, 0x5a000000 + n, n },
		};

		if (n == BUSY_AT)
			r.seq = ~0ULL;
		if (n == BAD_CPU_AT)
			r.cpu = 3;
		memcpy(buf_byte(RECS_OFFSET + (n % NR_RECORDS) * 64), &r, sizeof(r));
	}
}

/*
 * An ELF core: header, PT_NOTE (VMCOREINFO), PT_LOAD (mem at pa 0), and a
 * PT_LOAD of part of it again
 */
static void build_file(const char *vmcoreinfo, uint16_t machine)
{
	size_t namesz = sizeof("VMCOREINFO"), descsz = strlen(vmcoreinfo);
	size_t note_len = 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3);
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	unsigned char *n;

	notes_off = sizeof(*eh) + 3 * sizeof(*ph);
	load_off = (notes_off + note_len + 4095) & ~4095UL;
	file_len = load_off + MEM_SIZE;
	free(file);
	file = calloc(1, file_len);
	assert_non_null(file);
	eh = (Elf64_Ehdr *)file;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_CORE;
	eh->e_machine = machine;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 3;
	ph = (Elf64_Phdr *)(file + sizeof(*eh));
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = notes_off;
	ph[0].p_filesz = note_len;
	ph[1].p_type = PT_LOAD;
	ph[1].p_offset = load_off;
	ph[1].p_paddr = 0;
	ph[1].p_vaddr = 0xffff888000000000ULL;
	ph[1].p_filesz = ph[1].p_memsz = MEM_SIZE;
	/* like /proc/kcore's kernel text: a small second view inside RAM */
	ph[2].p_type = PT_LOAD;
	ph[2].p_offset = load_off + 0x800;
	ph[2].p_paddr = 0x800;
	ph[2].p_vaddr = 0xffffffff81000000ULL;
	ph[2].p_filesz = ph[2].p_memsz = 0x800;
	n = file + notes_off;
	put32(n, namesz);
	put32(n + 4, descsz);
	put32(n + 8, 0);
	memcpy(n + 12, "VMCOREINFO", namesz);
	memcpy(n + 12 + ((namesz + 3) & ~3), vmcoreinfo, descsz);
	memcpy(file + load_off, mem, MEM_SIZE);
}

/*
 * The kdump-compressed format (makedumpfile's diskdump_mod.h): header
 * block, sub-header block, two bitmaps of one block each, page
 * descriptors, VMCOREINFO, then the pages; every page of mem is dumped
 * but those in @skip (a bitmap of frames), zlib-compressed, except frame
 * 1, stored raw.
 */
#define KBLK 4096
static size_t kdump_desc_off;

static void build_kdump(const char *vmcoreinfo, const char *machine,
			unsigned int skip)
{
	size_t nframes = MEM_SIZE / KBLK, ndump = 0, i, data;
	size_t info_off, info_len = strlen(vmcoreinfo);
	unsigned char *h, *sub, *bm2, *desc;

	for (i = 0; i < nframes; i++)
		ndump += !(skip & (1u << i));
	kdump_desc_off = 4 * KBLK;
	info_off = kdump_desc_off + ndump * 24;
	data = info_off + info_len;
	free(file);
	file = calloc(1, data + nframes * (KBLK + 64));
	assert_non_null(file);
	h = file;
	memcpy(h, "KDUMP   ", 8);
	put32(h + 8, 6);			/* header_version */
	strcpy((char *)h + 12 + 4 * 65, machine);
	put32(h + 428, KBLK);			/* block_size */
	put32(h + 432, 1);			/* sub_hdr_size */
	put32(h + 436, 2);			/* bitmap_blocks */
	put32(h + 440, nframes);		/* max_mapnr */
	sub = file + KBLK;
	put64(sub + 32, info_off);
	put64(sub + 40, info_len);
	put64(sub + 96, nframes);		/* max_mapnr_64 */
	memcpy(file + info_off, vmcoreinfo, info_len);
	bm2 = file + 3 * KBLK;
	desc = file + kdump_desc_off;
	for (i = 0; i < nframes; i++) {
		uLongf n = KBLK + 64;

		file[2 * KBLK + i / 8] |= 1u << (i % 8);	/* in memory */
		if (skip & (1u << i))
			continue;
		bm2[i / 8] |= 1u << (i % 8);
		if (i == 1) {
			memcpy(file + data, mem + i * KBLK, KBLK);
			n = KBLK;
			put32(desc + 12, 0);
		} else {
			assert_int_equal(compress2(file + data, &n, mem + i * KBLK,
						   KBLK, 9), Z_OK);
			put32(desc + 12, 1);		/* zlib */
		}
		put64(desc, data);
		put32(desc + 8, n);
		desc += 24;
		data += n;
	}
	file_len = data;
}

/* File offset of the data of dumped frame @pfn (none skipped) */
static size_t get_desc_data(size_t pfn)
{
	uint64_t off;

	memcpy(&off, file + kdump_desc_off + 24 * pfn, 8);
	return off;
}

static void write_file(size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(file, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

#define GOOD_INFO "OSRELEASE=6.1.192-test\nPAGESIZE=4096\nLKST_DESC=1000\n"

/* Extract @path; 0 or -1, the trace and report freed either way. */
static int extract(struct lkst_trace *t, struct lkst_crash_report *rep,
		   struct lkst_err *err, int keep)
{
	struct lkst_dump d;
	int ret;

	if (lkst_dump_open(path, &d, err))
		return -1;
	ret = lkst_crash_extract(&d, t, rep, err);
	lkst_dump_close(&d);
	if (!ret && !keep) {
		lkst_trace_free(t);
		lkst_crash_report_free(rep);
	}
	return ret;
}

static void assert_names_place(const struct lkst_err *err)
{
	char prefix[80];

	snprintf(prefix, sizeof(prefix), "%s: ", path);
	if (strncmp(err->msg, prefix, strlen(prefix)) ||
	    (!strstr(err->msg, "offset ") && !strstr(err->msg, "physical address 0x")))
		fail_msg("error without file and place: %s", err->msg);
}

/* LKST_DUMP_SEEDS=DIR: keep a copy of the dump as a fuzzing seed */
static void save_seed(const char *name)
{
	const char *dir = getenv("LKST_DUMP_SEEDS");
	char seed[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(seed, sizeof(seed), "%s/%s", dir, name);
	f = fopen(seed, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(file, 1, file_len, f), file_len);
	assert_int_equal(fclose(f), 0);
}

static void test_extract(void **state)
{
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_err err;
	size_t i;

	build_memory();
	build_file(GOOD_INFO, EM_X86_64);
	save_seed("elf-core");
	write_file(file_len);
	assert_int_equal(extract(&t, &rep, &err, 1), 0);
	assert_string_equal(t.release, "6.1.192-test");
	assert_int_equal(rep.nbufs, 1);
	assert_int_equal(rep.bufs[0].head, HEAD);
	assert_int_equal(rep.bufs[0].final, 1);
	assert_int_equal(rep.bufs[0].incomplete, 1);
	assert_int_equal(rep.bufs[0].invalid, 1);
	assert_int_equal(rep.nbusy, 1);
	assert_int_equal(rep.busy[0].seq, BUSY_AT);
	assert_int_equal(rep.stopped, 1);
	/* every other record of the window, oldest first, arguments intact */
	assert_int_equal(t.nrecs, NR_RECORDS - 2);
	for (i = 0; i < t.nrecs; i++) {
		uint64_t want = HEAD - NR_RECORDS + i;

		want += want >= BAD_CPU_AT;
		assert_int_equal(t.recs[i].seq, want);
		assert_int_equal(t.recs[i].arg[2], 0x5a000000 + want);
	}
	/* the bytes read follow the buffer, not the dump */
	assert_int_equal(t.has_kernel_offset, 0);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);

	/* KASLR: VMCOREINFO's KERNELOFFSET is the trace's kernel_offset */
	build_file(GOOD_INFO "KERNELOFFSET=2c000000\n", EM_X86_64);
	write_file(file_len);
	assert_int_equal(extract(&t, &rep, &err, 1), 0);
	assert_int_equal(t.has_kernel_offset, 1);
	assert_int_equal(t.kernel_offset, 0x2c000000);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
	build_file(GOOD_INFO "KERNELOFFSET=2c00zz\n", EM_X86_64);
	write_file(file_len);
	assert_int_equal(extract(&t, &rep, &err, 1), 0);
	assert_int_equal(t.has_kernel_offset, 0);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
}

/*
 * An extraction from a file cut at @len: whole if @whole, else the buffer
 * says where it is damaged and gives no record.
 */
static void check_cut(struct lkst_trace *t, struct lkst_crash_report *rep,
		      int whole, size_t len)
{
	struct lkst_err err;

	assert_int_equal(rep->nbufs, 1);
	if (whole) {
		if (rep->bufs[0].error[0])
			fail_msg("cut at %zu: %s", len, rep->bufs[0].error);
		assert_int_equal(t->nrecs, NR_RECORDS - 2);
	} else {
		if (!rep->bufs[0].error[0])
			fail_msg("cut at %zu: the buffer was read", len);
		memcpy(err.msg, rep->bufs[0].error, sizeof(err.msg));
		assert_names_place(&err);
		assert_int_equal(t->nrecs, 0);
	}
	lkst_trace_free(t);
	lkst_crash_report_free(rep);
}

static void test_every_truncation(void **state)
{
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_err err;
	size_t len;

	build_memory();
	build_file(GOOD_INFO, EM_X86_64);
	for (len = 0; len < file_len; len += len < 512 ? 1 : 509) {
		write_file(len);
		/*
		 * A cut in the buffer's pages loses that buffer, said so;
		 * one in a page no one reads loses nothing.
		 */
		if (extract(&t, &rep, &err, 1) == 0) {
			check_cut(&t, &rep, len > load_off + PAGE0_PA + 4096, len);
			continue;
		}
		assert_names_place(&err);
	}
}

static void expect_error(const char *what)
{
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_err err;

	write_file(file_len);
	if (extract(&t, &rep, &err, 0) != -1)
		fail_msg("no error, expected '%s'", what);
	assert_names_place(&err);
	if (!strstr(err.msg, what))
		fail_msg("expected '%s' in: %s", what, err.msg);
}

/* Damage to one buffer: the extraction goes on, that buffer says why. */
static void expect_buffer_error(const char *what)
{
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_err err;

	write_file(file_len);
	assert_int_equal(extract(&t, &rep, &err, 1), 0);
	assert_int_equal(rep.nbufs, 1);
	assert_int_equal(t.nrecs, 0);
	memcpy(err.msg, rep.bufs[0].error, sizeof(err.msg));
	assert_names_place(&err);
	if (!strstr(err.msg, what))
		fail_msg("expected '%s' in: %s", what, err.msg);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
}

static void test_damage(void **state)
{
	struct lkst_crash_report rep;
	struct lkst_trace t;
	struct lkst_err err;

	build_memory();
	build_file("OSRELEASE=6.1.192\n", EM_X86_64);
	expect_error("built without LKST");
	build_file("LKST_DESC=zz\n", EM_X86_64);
	expect_error("bad LKST_DESC");
	build_file("LKST_DESC=100000\n", EM_X86_64);
	expect_error("not in the dump");
	build_file(GOOD_INFO, EM_AARCH64);
	expect_error("machine 183");

	build_memory();
	memcpy(mem + DESC_PA, "XXXXXXXX", 8);
	build_file(GOOD_INFO, EM_X86_64);
	expect_error("descriptor magic");

	build_memory();
	put32(mem + DESC_PA + 24, 100000);	/* nr_cpus */
	build_file(GOOD_INFO, EM_X86_64);
	expect_error("descriptor damaged");

	build_memory();
	put32(mem + DESC_PA + 80 + 20, 1000);	/* nr_records, not a power of 2 */
	build_file(GOOD_INFO, EM_X86_64);
	expect_buffer_error("power of two");

	build_memory();
	put64(mem + PAGES_PA, PAGE1_PA);	/* page list disagrees */
	build_file(GOOD_INFO, EM_X86_64);
	expect_buffer_error("first page");

	build_memory();
	put64(mem + PAGES_PA + 8, 0x7fff0000);	/* a page outside the dump */
	build_file(GOOD_INFO, EM_X86_64);
	expect_buffer_error("page 1 of CPU 0 buffer 0");

	build_memory();
	put32(mem + DESC_PA + 36, 1u << 30);	/* page_size */
	build_file(GOOD_INFO, EM_X86_64);
	expect_error("descriptor damaged");

	build_memory();
	memcpy(mem + DESC_PA + 80 + 40, mem + DESC_PA + 80, 40);	/* buffer 1 = buffer 0 */
	build_file(GOOD_INFO, EM_X86_64);
	expect_error("twice");

	build_memory();
	memset(mem + META_PA, 'x', sizeof(meta) - 2);	/* one long line */
	build_file(GOOD_INFO, EM_X86_64);
	expect_error("header lacks");

	build_memory();
	mem[META_PA + 5] = '\0';
	build_file(GOOD_INFO, EM_X86_64);
	expect_error("NUL byte");

	/* zeroed buffer pages: nothing recovered, nothing invented */
	build_memory();
	memset(mem + PAGE0_PA + RECS_OFFSET, 0, 4096 - RECS_OFFSET);
	memset(mem + PAGE1_PA, 0, 4096);
	build_file(GOOD_INFO, EM_X86_64);
	write_file(file_len);
	assert_int_equal(extract(&t, &rep, &err, 1), 0);
	assert_int_equal(t.nrecs, 0);
	assert_int_equal(rep.bufs[0].records, 0);
	assert_int_equal(rep.bufs[0].invalid + rep.bufs[0].incomplete, NR_RECORDS);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
}

static void test_kdump_compressed(void **state)
{
	struct lkst_crash_report rep, erep;
	struct lkst_trace t, et;
	struct lkst_err err;
	size_t len;

	build_memory();
	build_file(GOOD_INFO, EM_X86_64);
	write_file(file_len);
	assert_int_equal(extract(&et, &erep, &err, 1), 0);
	/* frames 8 to 15 left out: nothing of lkst's lives there */
	build_kdump(GOOD_INFO, "x86_64", 0xff00);
	save_seed("kdump-zlib");
	write_file(file_len);
	assert_int_equal(extract(&t, &rep, &err, 1), 0);
	assert_int_equal(t.nrecs, et.nrecs);
	assert_memory_equal(t.recs, et.recs, t.nrecs * sizeof(*t.recs));
	assert_int_equal(rep.bufs[0].incomplete, 1);
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);
	lkst_trace_free(&et);
	lkst_crash_report_free(&erep);

	for (len = 0; len < file_len; len += len < 600 ? 1 : 97) {
		write_file(len);
		/* frame 7, the last one stored, holds nothing lkst reads */
		if (extract(&t, &rep, &err, 1) == 0) {
			check_cut(&t, &rep, len >= get_desc_data(7), len);
			continue;
		}
		assert_names_place(&err);
	}

	build_kdump(GOOD_INFO, "aarch64", 0);
	expect_error("machine 'aarch64'");
	build_kdump(GOOD_INFO, "x86_64", 1u << (PAGE0_PA / KBLK));
	expect_buffer_error("makedumpfile left the page out");
	/* found by fuzzing: max_mapnr + 7 wrapped, and the rank array with it */
	build_kdump(GOOD_INFO, "x86_64", 0);
	put64(file + KBLK + 96, UINT64_MAX - 3);	/* max_mapnr_64 */
	expect_error("page frames with bitmaps of");
	build_kdump(GOOD_INFO, "x86_64", 0);
	put32(file + 428, 1000);		/* block_size */
	expect_error("header damaged");
	build_kdump(GOOD_INFO, "x86_64", 0);
	put64(file + KBLK + 40, 1u << 30);	/* VMCOREINFO size */
	expect_error("VMCOREINFO of");
	build_kdump(GOOD_INFO, "x86_64", 0);
	put32(file + kdump_desc_off + 24 * (DESC_PA / KBLK) + 8, 9999);
	expect_error("bytes of data");
	build_kdump(GOOD_INFO, "x86_64", 0);
	memset(file + get_desc_data(PAGE0_PA / KBLK), 0x55, 16);
	expect_buffer_error("zlib data damaged");
	build_kdump(GOOD_INFO, "x86_64", 0);
	put32(file + kdump_desc_off + 24 * (PAGE0_PA / KBLK) + 12, 0x20);
	expect_buffer_error("zstd");
}

/*
 * The kdump-compressed dump of the last test, flattened as makedumpfile
 * -F writes it: blocks of uneven sizes, out of order, and a header block
 * written first with garbage and again at the end (the last one wins).
 */
static size_t flatten(void)
{
	size_t cap = 2 * file_len + 64 * 1024, len = 4096, off, size, i;
	unsigned char *flat = calloc(1, cap), *src = file;
	static const size_t sizes[] = { 1, 7, 4096, 333, 24, 8192, 61 };

#define BE64(p, v) do { uint64_t _v = (v); for (int _i = 7; _i >= 0; _i--) \
	{ (p)[_i] = _v & 0xff; _v >>= 8; } } while (0)
#define BLOCK(o, data, n) do { BE64(flat + len, (o)); BE64(flat + len + 8, (n)); \
	memcpy(flat + len + 16, (data), (n)); len += 16 + (n); } while (0)
	assert_non_null(flat);
	memcpy(flat, "makedumpfile", 12);
	BE64(flat + 16, 1);
	BE64(flat + 24, 1);
	{
		unsigned char junk[512];

		memset(junk, 0xa5, sizeof(junk));
		BLOCK(0, junk, sizeof(junk));
	}
	/* the second half first, then the first, in uneven pieces */
	for (i = 0, off = file_len / 2; off < file_len; off += size, i++) {
		size = sizes[i % 7] < file_len - off ? sizes[i % 7] : file_len - off;
		BLOCK(off, src + off, size);
	}
	for (off = 512; off < file_len / 2; off += size, i++) {
		size = sizes[i % 7] < file_len / 2 - off ? sizes[i % 7] : file_len / 2 - off;
		BLOCK(off, src + off, size);
	}
	BLOCK(0, src, 512);
	BE64(flat + len, UINT64_MAX);
	BE64(flat + len + 8, UINT64_MAX);
	len += 16;
#undef BLOCK
#undef BE64
	free(file);
	file = flat;
	file_len = len;
	return len;
}

static void test_flattened(void **state)
{
	struct lkst_crash_report rep, krep;
	struct lkst_trace t, kt;
	struct lkst_err err;
	size_t len, end;

	build_memory();
	build_kdump(GOOD_INFO, "x86_64", 0xff00);
	write_file(file_len);
	assert_int_equal(extract(&kt, &krep, &err, 1), 0);
	end = flatten();
	save_seed("kdump-flattened");
	write_file(end);
	if (extract(&t, &rep, &err, 1))
		fail_msg("%s", err.msg);
	assert_int_equal(t.nrecs, kt.nrecs);
	assert_memory_equal(t.recs, kt.recs, t.nrecs * sizeof(*t.recs));
	lkst_trace_free(&t);
	lkst_crash_report_free(&rep);

	/* cut anywhere: the same records, or an error naming the place */
	for (len = 0; len < end; len += len < 5000 ? 13 : 211) {
		write_file(len);
		if (extract(&t, &rep, &err, 1)) {
			assert_names_place(&err);
			continue;
		}
		assert_int_equal(t.nrecs, kt.nrecs);
		assert_memory_equal(t.recs, kt.recs, t.nrecs * sizeof(*t.recs));
		lkst_trace_free(&t);
		lkst_crash_report_free(&rep);
	}
	/* a zeroed tail, as a crash can leave: the blocks before it are kept,
	 * and what is missing is reported with the place of the damage */
	memset(file + end - 2000, 0, 2000);
	write_file(end);
	expect_error("flattened block header damaged at offset");
	/* a damaged block header */
	memset(file + 4096 + 16 + 512, 0x7f, 8);
	write_file(end);
	expect_error("flattened block header damaged");
	lkst_trace_free(&kt);
	lkst_crash_report_free(&krep);
}

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/lkst-test-dump.%d", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	free(file);
	file = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_kdump_compressed),
		cmocka_unit_test(test_flattened),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
