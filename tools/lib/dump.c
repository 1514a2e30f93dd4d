// SPDX-License-Identifier: GPL-2.0
/*
 * Reading LKST buffers out of a crash dump or /proc/kcore, with no
 * debuginfo: VMCOREINFO's LKST_DESC names the physical address of the
 * kernel's descriptor (kernel/lkst/lkst_crash.c), and everything else is
 * reached from it by physical address.  Only the pages the buffers occupy
 * are read, so the cost follows the buffer size, not the dump size.
 *
 * ELF (libelf): /proc/vmcore, a copy of it (makedumpfile -E, cp), and
 * /proc/kcore, whose RAM segments carry their physical address too.
 *
 * kdump-compressed (makedumpfile -c, -l): a header, a sub-header naming
 * VMCOREINFO, two bitmaps of page frames (in memory; dumped), and one
 * page descriptor per dumped frame, in frame order, naming its data and
 * how it is compressed (zlib, lzo; Debian's makedumpfile has no snappy
 * or zstd).  No library reads this format: its layout is makedumpfile's
 * diskdump_mod.h, checked field by field here.
 *
 * Flattened (makedumpfile -F, Debian kdump-tools' default): the same
 * dump, written as a stream so that it can go through a pipe or ssh.  An
 * index of its blocks maps each read to the file, in place: no
 * reassembled copy, and the blocks' data is read only where needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <lzo/lzo1x.h>
#include <zlib.h>

#include "lkst-dump.h"

#define SEQ_BUSY	(~0ULL)

/* The kernel's descriptor (kernel/lkst/lkst_crash.c), little-endian */
#define DESC_MAGIC	"LKSTDSC1"
#define DESC_VERSION	1
#define DESC_BUF_OVERWRITE	0x1
#define DESC_BUF_FINAL		0x2
#define DESC_STOPPED		0x1

struct desc_buffer {
	uint64_t	buf_pa;
	uint64_t	pages_pa;
	uint32_t	nr_pages;
	uint32_t	nr_records;
	uint32_t	flags;
	uint32_t	reserved;
	uint64_t	final_head;
};

struct desc {
	char		magic[8];
	uint32_t	version;
	uint32_t	size;
	uint32_t	record_size;
	uint32_t	format_version;
	uint32_t	nr_cpus;
	uint32_t	nr_buffers;
	uint32_t	entry_size;
	uint32_t	page_size;
	uint32_t	head_offset;
	uint32_t	recs_offset;
	uint32_t	flags;
	uint32_t	stop_cpu;
	uint64_t	stop_time;
	uint64_t	meta_pa;
	uint32_t	meta_len;
	uint32_t	reserved;
};

_Static_assert(sizeof(struct desc_buffer) == 40, "kernel layout");
_Static_assert(sizeof(struct desc) == 80, "kernel layout");

/* Limits that no kernel of ours exceeds: beyond them the data is damaged. */
#define MAX_CPUS	8192	/* x86-64's NR_CPUS at most */
#define MAX_BUFFERS	16
#define MAX_RECORDS	(1u << 22)
#define MAX_META	(1u << 20)
#define MAX_NOTES	(64u << 20)

static int pread_file(struct lkst_dump *d, uint64_t off, void *buf, size_t len,
		      const char *what, struct lkst_err *err);
static int pread_flat(struct lkst_dump *d, uint64_t off, void *buf, size_t len,
		      const char *what, struct lkst_err *err);

/* @len bytes at offset @off of the dump (reassembled, if flattened) */
static int pread_all(struct lkst_dump *d, uint64_t off, void *buf, size_t len,
		     const char *what, struct lkst_err *err)
{
	if (d->flat)
		return pread_flat(d, off, buf, len, what, err);
	return pread_file(d, off, buf, len, what, err);
}

static int pread_file(struct lkst_dump *d, uint64_t off, void *buf, size_t len,
		      const char *what, struct lkst_err *err)
{
	uint64_t size = d->flat ? d->flat_file_size : d->file_size;
	size_t done = 0;

	if (size && (off > size || size - off < len))
		return lkst_fail(err, "%s: offset %llu: truncated %s: need %zu bytes, file has %llu",
				 d->path, (unsigned long long)off, what, len,
				 (unsigned long long)(off > size ? 0 : size - off));
	while (done < len) {
		ssize_t n = pread(d->fd, (char *)buf + done, len - done,
				  off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lkst_fail(err, "%s: offset %llu: reading %s: %s",
					 d->path, (unsigned long long)(off + done),
					 what, strerror(errno));
		if (!n)
			return lkst_fail(err, "%s: offset %llu: truncated %s: need %zu more bytes",
					 d->path, (unsigned long long)(off + done),
					 what, len - done);
		done += n;
	}
	d->bytes_read += len;
	return 0;
}

/*
 * The flattened format (makedumpfile.h): a 4 KiB header starting with
 * "makedumpfile", type 1, version 1; then blocks, each a big-endian
 * (offset, size) pair and size bytes of data, until (-1, -1).  A block
 * written later replaces what an earlier one wrote at the same offset.
 */
#define FLAT_SIGNATURE		"makedumpfile"
#define FLAT_HEADER_SIZE	4096
#define FLAT_BLOCK_HEADER	16
#define FLAT_MAX_BLOCK		(1ull << 32)

static uint64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int flat_cmp(const void *a, const void *b)
{
	const struct lkst_flat_block *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int pos_cmp(const void *a, const void *b)
{
	const struct lkst_flat_block *const *x = a, *const *y = b;

	return (*x)->pos < (*y)->pos ? -1 : (*x)->pos > (*y)->pos;
}

/* Index the blocks of a flattened dump; keep those before any damage. */
static int open_flat(struct lkst_dump *d, struct lkst_err *err)
{
	unsigned char h[FLAT_BLOCK_HEADER + 16];
	uint64_t pos = FLAT_HEADER_SIZE, off, size;
	size_t cap = 0, i;

	d->flat_file_size = d->file_size;
	if (!d->file_size)
		return lkst_fail(err, "%s: a flattened dump must be a regular file", d->path);
	if (d->file_size < FLAT_HEADER_SIZE)
		return lkst_fail(err, "%s: offset 0: truncated flattened header: need %d bytes, file has %llu",
				 d->path, FLAT_HEADER_SIZE,
				 (unsigned long long)d->file_size);
	if (pread_file(d, 0, h, sizeof(h), "flattened header", err))
		return -1;
	if (memcmp(h, FLAT_SIGNATURE, sizeof(FLAT_SIGNATURE)) ||
	    get_be64(h + 16) != 1 || get_be64(h + 24) != 1)
		return lkst_fail(err, "%s: offset 0: not makedumpfile's flattened format type 1 version 1",
				 d->path);
	d->flat_cut = 1;
	while (d->file_size - pos >= FLAT_BLOCK_HEADER) {
		if (pread_file(d, pos, h, FLAT_BLOCK_HEADER, "flattened block header", err))
			return -1;
		off = get_be64(h);
		size = get_be64(h + 8);
		if (off == UINT64_MAX && size == UINT64_MAX) {
			d->flat_cut = 0;
			break;
		}
		if (off >> 62 || !size || size > FLAT_MAX_BLOCK) {
			/* keep what came before, as for a cut (zeroed tail) */
			snprintf(d->flat_damage, sizeof(d->flat_damage),
				 "flattened block header damaged at offset %llu: offset %llu, size %llu",
				 (unsigned long long)pos, (unsigned long long)off,
				 (unsigned long long)size);
			break;
		}
		if (d->file_size - pos - FLAT_BLOCK_HEADER < size)
			break;	/* cut short: keep what came before */
		if (d->nflat == cap) {
			struct lkst_flat_block *n;

			cap = cap ? 2 * cap : 1024;
			n = realloc(d->flat, cap * sizeof(*n));
			if (!n)
				return lkst_fail(err, "%s: offset %llu: out of memory for the index of %zu flattened blocks",
						 d->path, (unsigned long long)pos, cap);
			d->flat = n;
		}
		d->flat[d->nflat++] = (struct lkst_flat_block){
			.off = off, .size = size, .pos = pos + FLAT_BLOCK_HEADER,
		};
		pos += FLAT_BLOCK_HEADER + size;
	}
	if (!d->nflat)
		return lkst_fail(err, "%s: offset %llu: a flattened dump with no data blocks%s%s",
				 d->path, (unsigned long long)pos,
				 *d->flat_damage ? ": " : "", d->flat_damage);
	d->flat_end = pos;
	qsort(d->flat, d->nflat, sizeof(*d->flat), flat_cmp);
	d->file_size = 0;
	for (i = 0; i < d->nflat; i++) {
		uint64_t end = d->flat[i].off + d->flat[i].size;

		if (end > d->file_size)
			d->file_size = end;
		d->flat[i].max_end = d->file_size;
	}
	return 0;
}

/*
 * Gather the blocks that overlap [off, off + len) and check they cover it,
 * then copy them in the order they were written, so the last one wins.
 */
static int pread_flat(struct lkst_dump *d, uint64_t off, void *buf, size_t len,
		      const char *what, struct lkst_err *err)
{
	struct lkst_flat_block **hits = NULL;
	size_t lo = 0, hi = d->nflat, first, n = 0, i;
	uint64_t end = off + len, covered = off;
	int ret = -1;

	if (off > d->file_size || d->file_size - off < len)
		goto missing;
	/* the first block that starts after @off, then back while any may reach it */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->flat[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (first && d->flat[first - 1].max_end > off)
		first--;
	for (i = first; i < d->nflat && d->flat[i].off < end; i++)
		n++;
	hits = malloc((n ? n : 1) * sizeof(*hits));
	if (!hits)
		return lkst_fail(err, "%s: offset %llu: out of memory reading %s",
				 d->path, (unsigned long long)off, what);
	n = 0;
	for (i = first; i < d->nflat && d->flat[i].off < end; i++) {
		struct lkst_flat_block *b = &d->flat[i];

		if (b->off + b->size <= off)
			continue;
		if (b->off > covered)
			break;
		if (b->off + b->size > covered)
			covered = b->off + b->size;
		hits[n++] = b;
	}
	if (covered < end)
		goto missing;
	qsort(hits, n, sizeof(*hits), pos_cmp);
	for (i = 0; i < n; i++) {
		const struct lkst_flat_block *b = hits[i];
		uint64_t from = b->off > off ? b->off : off;
		uint64_t to = b->off + b->size < end ? b->off + b->size : end;

		if (pread_file(d, b->pos + (from - b->off), (char *)buf + (from - off),
			       to - from, what, err))
			goto out;
	}
	ret = 0;
	goto out;
missing:
	if (covered < off)
		covered = off;
	lkst_fail(err, "%s: offset %llu of the reassembled dump: no data for %s (%zu bytes at %llu) in the flattened file%s%s",
		  d->path, (unsigned long long)covered, what, len,
		  (unsigned long long)off,
		  *d->flat_damage ? ", whose " : d->flat_cut ? ", which is cut short" : "",
		  d->flat_damage);
out:
	free(hits);
	return ret;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct lkst_dump_segment *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* VMCOREINFO from the notes of one PT_NOTE segment */
static int find_vmcoreinfo(struct lkst_dump *d, Elf *elf, const GElf_Phdr *ph,
			   struct lkst_err *err)
{
	Elf_Data *data;
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	if (ph->p_filesz > MAX_NOTES)
		return lkst_fail(err, "%s: offset %llu: note segment of %llu bytes, expected at most %u",
				 d->path, (unsigned long long)ph->p_offset,
				 (unsigned long long)ph->p_filesz, MAX_NOTES);
	if (d->file_size && (ph->p_offset > d->file_size ||
			     d->file_size - ph->p_offset < ph->p_filesz))
		return lkst_fail(err, "%s: offset %llu: truncated note segment: need %llu bytes, file has %llu",
				 d->path, (unsigned long long)ph->p_offset,
				 (unsigned long long)ph->p_filesz,
				 (unsigned long long)(ph->p_offset > d->file_size ? 0 :
						      d->file_size - ph->p_offset));
	data = elf_getdata_rawchunk(elf, ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	if (!data)
		return lkst_fail(err, "%s: offset %llu: unreadable note segment: %s",
				 d->path, (unsigned long long)ph->p_offset,
				 elf_errmsg(-1));
	d->bytes_read += ph->p_filesz;
	while (off < data->d_size &&
	       (off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)data->d_buf + name_off;

		if (nh.n_namesz == sizeof("VMCOREINFO") &&
		    !memcmp(name, "VMCOREINFO", sizeof("VMCOREINFO")) &&
		    !d->vmcoreinfo) {
			d->vmcoreinfo_off = ph->p_offset + desc_off;
			d->vmcoreinfo = malloc(nh.n_descsz + 1);
			if (!d->vmcoreinfo)
				return lkst_fail(err, "%s: out of memory", d->path);
			memcpy(d->vmcoreinfo, (const char *)data->d_buf + desc_off,
			       nh.n_descsz);
			d->vmcoreinfo[nh.n_descsz] = '\0';
		}
	}
	return 0;
}

static int open_elf(struct lkst_dump *d, struct lkst_err *err)
{
	Elf *elf;
	GElf_Ehdr eh;
	size_t i, nph;
	int ret = -1;

	elf_version(EV_CURRENT);
	elf = elf_begin(d->fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		lkst_fail(err, "%s: offset 0: not an ELF core dump: %s", d->path,
			  elf_errmsg(-1));
		goto out;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		lkst_fail(err, "%s: offset 4: ELF class %u, data %u: expected a 64-bit little-endian (x86-64) dump",
			  d->path, eh.e_ident[EI_CLASS], eh.e_ident[EI_DATA]);
		goto out;
	}
	if (eh.e_type != ET_CORE) {
		lkst_fail(err, "%s: offset 16: ELF type %u, expected a core dump (%u)",
			  d->path, eh.e_type, ET_CORE);
		goto out;
	}
	if (eh.e_machine != EM_X86_64) {
		lkst_fail(err, "%s: offset 18: a dump of machine %u, expected x86-64 (%u): lkst supports x86-64 kernels only",
			  d->path, eh.e_machine, EM_X86_64);
		goto out;
	}
	if (elf_getphdrnum(elf, &nph) || nph > 1u << 20) {
		lkst_fail(err, "%s: offset 56: bad program header count: %s",
			  d->path, elf_errmsg(-1));
		goto out;
	}
	d->segs = calloc(nph ? nph : 1, sizeof(*d->segs));
	if (!d->segs) {
		lkst_fail(err, "%s: out of memory", d->path);
		goto out;
	}
	for (i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, i, &ph)) {
			lkst_fail(err, "%s: offset %llu: program header %zu unreadable: %s",
				  d->path, (unsigned long long)(eh.e_phoff + i * eh.e_phentsize),
				  i, elf_errmsg(-1));
			goto out;
		}
		if (ph.p_type == PT_NOTE) {
			if (find_vmcoreinfo(d, elf, &ph, err))
				goto out;
		} else if (ph.p_type == PT_LOAD && ph.p_paddr != (GElf_Addr)-1 &&
			   ph.p_filesz) {
			/* /proc/kcore: vmalloc and module areas have none */
			d->segs[d->nsegs].pa = ph.p_paddr;
			d->segs[d->nsegs].len = ph.p_filesz;
			d->segs[d->nsegs].off = ph.p_offset;
			d->nsegs++;
		}
	}
	qsort(d->segs, d->nsegs, sizeof(*d->segs), seg_cmp);
	if (!d->vmcoreinfo) {
		lkst_fail(err, "%s: offset %llu: no VMCOREINFO note: not a kdump vmcore or /proc/kcore",
			  d->path, (unsigned long long)eh.e_phoff);
		goto out;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	return ret;
}

/* makedumpfile's kdump-compressed format (diskdump_mod.h), x86-64 */
#define KDUMP_HEADER_SIZE	464	/* struct disk_dump_header */
#define KDUMP_SUB_SIZE		104	/* struct kdump_sub_header, version 6 */
#define KDUMP_DESC_SIZE		24	/* struct page_desc */
#define KDUMP_ZLIB		0x1
#define KDUMP_LZO		0x2
#define KDUMP_SNAPPY		0x4
#define KDUMP_INCOMPLETE	0x8	/* status: makedumpfile did not finish */
#define KDUMP_ZSTD		0x20
#define KDUMP_GROUP		4096	/* page frames per rank entry */
#define MAX_BITMAP		(1ull << 32)

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int open_kdump(struct lkst_dump *d, struct lkst_err *err)
{
	unsigned char h[KDUMP_HEADER_SIZE], sub[KDUMP_SUB_SIZE];
	struct lkst_kdump *k = &d->kdump;
	uint32_t sub_blocks, bitmap_blocks, status;
	uint64_t bitmap_len, bitmap2_off, info_off, info_len, g, bytes;
	char machine[66];

	if (pread_all(d, 0, h, sizeof(h), "kdump-compressed header", err))
		return -1;
	k->header_version = get32(h + 8);
	memcpy(machine, h + 12 + 4 * 65, 65);
	machine[65] = '\0';
	status = get32(h + 424);
	k->block_size = get32(h + 428);
	sub_blocks = get32(h + 432);
	bitmap_blocks = get32(h + 436);
	k->max_mapnr = get32(h + 440);
	if (strcmp(machine, "x86_64"))
		return lkst_fail(err, "%s: offset 272: a dump of machine '%.65s', expected x86_64: lkst supports x86-64 kernels only",
				 d->path, machine);
	if (k->header_version < 3)
		return lkst_fail(err, "%s: offset 8: kdump-compressed header version %u has no VMCOREINFO, expected 3 or later",
				 d->path, k->header_version);
	if (k->block_size < 4096 || k->block_size > 65536 ||
	    (k->block_size & (k->block_size - 1)) || !sub_blocks ||
	    sub_blocks > 1024 || !bitmap_blocks || bitmap_blocks % 2)
		return lkst_fail(err, "%s: offset 428: kdump-compressed header damaged: block_size %u, sub_hdr_size %u, bitmap_blocks %u",
				 d->path, k->block_size, sub_blocks, bitmap_blocks);
	if (pread_all(d, k->block_size, sub, sizeof(sub), "kdump sub-header", err))
		return -1;
	if (k->header_version >= 6)
		k->max_mapnr = get64(sub + 96);
	bitmap_len = (uint64_t)bitmap_blocks / 2 * k->block_size;
	/* no addition to max_mapnr before this check: it may be near 2^64 */
	if (!k->max_mapnr || bitmap_len > MAX_BITMAP ||
	    k->max_mapnr / 8 + !!(k->max_mapnr % 8) > bitmap_len)
		return lkst_fail(err, "%s: offset %u: kdump-compressed dump of %llu page frames with bitmaps of %llu bytes",
				 d->path, k->header_version >= 6 ? k->block_size + 96 : 440,
				 (unsigned long long)k->max_mapnr,
				 (unsigned long long)bitmap_len);
	if (status & KDUMP_INCOMPLETE)
		fprintf(stderr, "lkst: %s: warning: makedumpfile did not finish this dump (status 0x%x): pages may be missing\n",
			d->path, status);

	info_off = get64(sub + 32);
	info_len = get64(sub + 40);
	if (!info_len || info_len > MAX_META)
		return lkst_fail(err, "%s: offset %u: VMCOREINFO of %llu bytes, expected 1 to %u",
				 d->path, k->block_size + 40,
				 (unsigned long long)info_len, MAX_META);
	d->vmcoreinfo_off = info_off;
	d->vmcoreinfo = malloc(info_len + 1);
	if (!d->vmcoreinfo)
		return lkst_fail(err, "%s: out of memory", d->path);
	if (pread_all(d, info_off, d->vmcoreinfo, info_len, "VMCOREINFO", err))
		return -1;
	d->vmcoreinfo[info_len] = '\0';

	/* bitmap 2: the frames makedumpfile wrote, one page_desc each */
	bytes = (k->max_mapnr + 7) / 8;
	bitmap2_off = (uint64_t)(1 + sub_blocks) * k->block_size + bitmap_len;
	if (d->file_size && (bitmap2_off > d->file_size || d->file_size - bitmap2_off < bytes))
		return lkst_fail(err, "%s: offset %llu: truncated bitmap of dumped pages: need %llu bytes, file has %llu",
				 d->path, (unsigned long long)bitmap2_off,
				 (unsigned long long)bytes,
				 (unsigned long long)(bitmap2_off > d->file_size ? 0 :
						      d->file_size - bitmap2_off));
	k->dumpable = malloc(bytes + 8);
	k->rank = malloc(((k->max_mapnr + KDUMP_GROUP - 1) / KDUMP_GROUP + 1) *
			 sizeof(*k->rank));
	k->page = malloc(k->block_size);
	k->packed = malloc(k->block_size);
	if (!k->dumpable || !k->rank || !k->page || !k->packed)
		return lkst_fail(err, "%s: out of memory", d->path);
	memset(k->dumpable + bytes, 0, 8);
	if (pread_all(d, bitmap2_off, k->dumpable, bytes, "the bitmap of dumped pages", err))
		return -1;
	k->rank[0] = 0;
	for (g = 0; g * KDUMP_GROUP < k->max_mapnr; g++) {
		uint64_t i, n = 0;

		for (i = g * KDUMP_GROUP / 8; i < (g + 1) * KDUMP_GROUP / 8 && i < bytes; i++)
			n += __builtin_popcount(k->dumpable[i]);
		k->rank[g + 1] = k->rank[g] + n;
	}
	k->descs_off = (uint64_t)(1 + sub_blocks + bitmap_blocks) * k->block_size;
	k->cached_pfn = UINT64_MAX;
	if (lzo_init() != LZO_E_OK)
		return lkst_fail(err, "%s: cannot initialise lzo", d->path);
	d->format = LKST_DUMP_KDUMP;
	return 0;
}

/* Page frame @pfn of a kdump-compressed dump into k->page. */
static int kdump_page(struct lkst_dump *d, uint64_t pfn, const char *what,
		      struct lkst_err *err)
{
	struct lkst_kdump *k = &d->kdump;
	unsigned char desc[KDUMP_DESC_SIZE];
	uint64_t idx, i, off, data_off;
	uint32_t size, flags;

	if (pfn == k->cached_pfn)
		return 0;
	if (pfn >= k->max_mapnr || !(k->dumpable[pfn / 8] & (1u << (pfn % 8))))
		return lkst_fail(err, "%s: physical address 0x%llx: not in the dump (%s): makedumpfile left the page out, or a bad address",
				 d->path, (unsigned long long)(pfn * k->block_size), what);
	idx = k->rank[pfn / KDUMP_GROUP];
	for (i = pfn / KDUMP_GROUP * KDUMP_GROUP; i < pfn; i++)
		idx += !!(k->dumpable[i / 8] & (1u << (i % 8)));
	off = k->descs_off + idx * KDUMP_DESC_SIZE;
	if (pread_all(d, off, desc, sizeof(desc), "a page descriptor", err))
		return -1;
	data_off = get64(desc);
	size = get32(desc + 8);
	flags = get32(desc + 12);
	if (!size || size > k->block_size)
		return lkst_fail(err, "%s: offset %llu: page descriptor of frame 0x%llx: %u bytes of data, expected 1 to %u",
				 d->path, (unsigned long long)off,
				 (unsigned long long)pfn, size, k->block_size);
	k->cached_pfn = UINT64_MAX;
	if (pread_all(d, data_off, k->packed, size, what, err))
		return -1;
	if (flags & KDUMP_ZLIB) {
		uLongf n = k->block_size;

		if (uncompress(k->page, &n, k->packed, size) != Z_OK ||
		    n != k->block_size)
			return lkst_fail(err, "%s: offset %llu: frame 0x%llx (%s): zlib data damaged",
					 d->path, (unsigned long long)data_off,
					 (unsigned long long)pfn, what);
	} else if (flags & KDUMP_LZO) {
		lzo_uint n = k->block_size;

		if (lzo1x_decompress_safe(k->packed, size, k->page, &n, NULL) != LZO_E_OK ||
		    n != k->block_size)
			return lkst_fail(err, "%s: offset %llu: frame 0x%llx (%s): lzo data damaged",
					 d->path, (unsigned long long)data_off,
					 (unsigned long long)pfn, what);
	} else if (flags & (KDUMP_SNAPPY | KDUMP_ZSTD)) {
		return lkst_fail(err, "%s: offset %llu: frame 0x%llx is compressed with %s, which lkst does not read (nor does Debian's makedumpfile write it): use -c (zlib) or -l (lzo)",
				 d->path, (unsigned long long)off, (unsigned long long)pfn,
				 flags & KDUMP_SNAPPY ? "snappy" : "zstd");
	} else if (flags) {
		return lkst_fail(err, "%s: offset %llu: frame 0x%llx: unknown compression flags 0x%x",
				 d->path, (unsigned long long)off, (unsigned long long)pfn, flags);
	} else if (size != k->block_size) {
		return lkst_fail(err, "%s: offset %llu: frame 0x%llx: %u bytes stored uncompressed, expected %u",
				 d->path, (unsigned long long)off, (unsigned long long)pfn,
				 size, k->block_size);
	} else {
		memcpy(k->page, k->packed, size);
	}
	k->cached_pfn = pfn;
	return 0;
}

int lkst_dump_open(const char *path, struct lkst_dump *d, struct lkst_err *err)
{
	unsigned char magic[8];
	struct stat st;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0)
		return lkst_fail(err, "%s: %s", path, strerror(errno));
	/* (/proc/kcore's size is that of the address space: no harm) */
	if (!fstat(d->fd, &st) && S_ISREG(st.st_mode))
		d->file_size = st.st_size;
	if (pread_all(d, 0, magic, sizeof(magic), "file magic", err))
		goto fail;
	if (!memcmp(magic, ELFMAG, SELFMAG)) {
		if (open_elf(d, err))
			goto fail;
		return 0;
	}
	if (!memcmp(magic, "KDUMP   ", 8)) {
		if (open_kdump(d, err))
			goto fail;
		return 0;
	}
	if (!memcmp(magic, "makedump", 8)) {
		if (open_flat(d, err) ||
		    pread_all(d, 0, magic, sizeof(magic), "file magic", err))
			goto fail;
		if (!memcmp(magic, "KDUMP   ", 8)) {
			if (open_kdump(d, err))
				goto fail;
			return 0;
		}
		if (*d->flat_damage)
			lkst_fail(err, "%s: offset %llu: the flattened dump does not start with a kdump-compressed header; its %s",
				  path, (unsigned long long)d->flat[0].pos, d->flat_damage);
		else
			lkst_fail(err, "%s: offset %llu: a flattened dump that is not kdump-compressed (makedumpfile -F -E?): reassemble it with 'makedumpfile -R DUMP < FILE'",
				  path, (unsigned long long)d->flat[0].pos);
		goto fail;
	}
	lkst_fail(err, "%s: offset 0: not a crash dump: expected an ELF core (\\177ELF) or a kdump-compressed dump (KDUMP)",
		  path);
fail:
	lkst_dump_close(d);
	return -1;
}

void lkst_dump_close(struct lkst_dump *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	free(d->segs);
	d->segs = NULL;
	d->nsegs = 0;
	free(d->flat);
	d->flat = NULL;
	d->nflat = 0;
	free(d->vmcoreinfo);
	d->vmcoreinfo = NULL;
	free(d->kdump.dumpable);
	free(d->kdump.rank);
	free(d->kdump.page);
	free(d->kdump.packed);
	memset(&d->kdump, 0, sizeof(d->kdump));
}

const char *lkst_dump_info(const struct lkst_dump *d, const char *key,
			   char *buf, size_t len)
{
	size_t klen = strlen(key);
	const char *p = d->vmcoreinfo;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			snprintf(buf, len, "%.*s", (int)(n - klen - 1), p + klen + 1);
			return buf;
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

int lkst_dump_read(struct lkst_dump *d, uint64_t pa, void *buf, size_t len,
		   const char *what, struct lkst_err *err)
{
	while (len && d->format == LKST_DUMP_KDUMP) {
		struct lkst_kdump *k = &d->kdump;
		size_t in = pa % k->block_size, n = k->block_size - in;

		if (n > len)
			n = len;
		if (kdump_page(d, pa / k->block_size, what, err))
			return -1;
		memcpy(buf, k->page + in, n);
		buf = (char *)buf + n;
		pa += n;
		len -= n;
	}
	while (len) {
		const struct lkst_dump_segment *s = NULL;
		uint64_t n;
		size_t i;

		/*
		 * Segments may overlap (/proc/kcore maps the kernel text
		 * again inside RAM): take any that holds pa.
		 */
		for (i = 0; i < d->nsegs && !s; i++)
			if (pa >= d->segs[i].pa && pa - d->segs[i].pa < d->segs[i].len)
				s = &d->segs[i];
		if (!s)
			return lkst_fail(err, "%s: physical address 0x%llx: not in the dump (%s): filtered out, or a bad address",
					 d->path, (unsigned long long)pa, what);
		n = s->len - (pa - s->pa);
		if (n > len)
			n = len;
		if (pread_all(d, s->off + (pa - s->pa), buf, n, what, err))
			return -1;
		buf = (char *)buf + n;
		pa += n;
		len -= n;
	}
	return 0;
}

static int read_desc(struct lkst_dump *d, uint64_t pa, struct desc *h,
		     struct lkst_err *err)
{
	if (lkst_dump_read(d, pa, h, sizeof(*h), "the LKST descriptor", err))
		return -1;
	if (memcmp(h->magic, DESC_MAGIC, 8))
		return lkst_fail(err, "%s: physical address 0x%llx: LKST descriptor magic '%.8s', expected '%s'",
				 d->path, (unsigned long long)pa, h->magic, DESC_MAGIC);
	if (h->version != DESC_VERSION)
		return lkst_fail(err, "%s: physical address 0x%llx: LKST descriptor version %u, expected %u (a newer lkst reads it)",
				 d->path, (unsigned long long)pa, h->version, DESC_VERSION);
	if (h->record_size != LKST_RECORD_SIZE || h->entry_size != sizeof(struct desc_buffer) ||
	    !h->nr_cpus || h->nr_cpus > MAX_CPUS ||
	    !h->nr_buffers || h->nr_buffers > MAX_BUFFERS ||
	    h->size != sizeof(*h) + (uint64_t)h->nr_cpus * h->nr_buffers * h->entry_size ||
	    h->page_size != 4096 || h->recs_offset > h->page_size ||
	    h->head_offset + 8 > h->recs_offset || h->head_offset % 8 ||
	    h->recs_offset % LKST_RECORD_SIZE || h->meta_len > MAX_META ||
	    !h->meta_len)
		return lkst_fail(err, "%s: physical address 0x%llx: LKST descriptor damaged: record_size %u, entry_size %u, %u CPUs, %u buffers, size %u, page_size %u, head_offset %u, recs_offset %u, meta_len %u",
				 d->path, (unsigned long long)pa, h->record_size,
				 h->entry_size, h->nr_cpus, h->nr_buffers, h->size,
				 h->page_size, h->head_offset, h->recs_offset,
				 h->meta_len);
	return 0;
}

static int add_busy(struct lkst_crash_report *rep, unsigned int cpu,
		    unsigned int b, uint64_t seq)
{
	size_t max = sizeof(rep->busy) / sizeof(rep->busy[0]);

	if (rep->nbusy < max) {
		rep->busy[rep->nbusy].cpu = cpu;
		rep->busy[rep->nbusy].buffer = b;
		rep->busy[rep->nbusy].seq = seq;
		rep->nbusy++;
	}
	return 0;
}

/*
 * Append the complete records of one buffer (its descriptor entry @e, at
 * @epa) to @t, oldest first.  A buffer that cannot be read gets the
 * reason in its report, and nothing of it goes into @t; only running out
 * of memory fails.
 */
static int read_buffer(struct lkst_dump *d, const struct desc *h,
		       const struct desc_buffer *e, uint64_t epa,
		       unsigned int cpu, unsigned int b, struct lkst_trace *t,
		       struct lkst_crash_report *rep)
{
	struct lkst_crash_buffer_report *br = &rep->bufs[rep->nbufs++];
	uint64_t need, size = e->nr_records, head, first, n;
	uint64_t cur = UINT64_MAX, *pages = NULL;
	size_t nrecs = t->nrecs;
	char what[96], *page = NULL;
	struct lkst_record *out;
	struct lkst_err err;
	int ret = -1;

	memset(br, 0, sizeof(*br));
	br->cpu = cpu;
	br->buffer = b;
	br->size = size;
	br->final = !!(e->flags & DESC_BUF_FINAL);
	need = (uint64_t)h->recs_offset + size * LKST_RECORD_SIZE;
	if (size < 8 || size > MAX_RECORDS || (size & (size - 1)) ||
	    e->nr_pages != (need + h->page_size - 1) / h->page_size) {
		lkst_fail(&err, "%s: physical address 0x%llx: descriptor entry of CPU %u buffer %u: %llu records in %u pages: expected a power of two up to %u, in %llu pages",
			  d->path, (unsigned long long)epa, cpu, b,
			  (unsigned long long)size, e->nr_pages, MAX_RECORDS,
			  (unsigned long long)((need + h->page_size - 1) / h->page_size));
		goto bad;
	}
	pages = malloc((size_t)e->nr_pages * sizeof(*pages));
	page = malloc(h->page_size);
	if (!pages || !page)
		goto out;
	snprintf(what, sizeof(what), "the page list of CPU %u buffer %u", cpu, b);
	if (lkst_dump_read(d, e->pages_pa, pages, (size_t)e->nr_pages * 8, what, &err))
		goto bad;
	if (pages[0] != e->buf_pa) {
		lkst_fail(&err, "%s: physical address 0x%llx: %s: first page 0x%llx, the descriptor says 0x%llx",
			  d->path, (unsigned long long)e->pages_pa, what,
			  (unsigned long long)pages[0], (unsigned long long)e->buf_pa);
		goto bad;
	}
	snprintf(what, sizeof(what), "the head of CPU %u buffer %u", cpu, b);
	if (lkst_dump_read(d, e->buf_pa + h->head_offset, &head, 8, what, &err))
		goto bad;
	/* in-flight writers may have gone past the head stored at the stop */
	if ((e->flags & DESC_BUF_FINAL) && e->final_head > head)
		head = e->final_head;
	br->head = head;
	first = head > size ? head - size : 0;
	out = realloc(t->recs, (t->nrecs + (head - first) + 1) * sizeof(*out));
	if (!out)
		goto out;
	t->recs = out;

	/* oldest first: record numbers first .. head - 1, a page at a time */
	for (n = first; n < head; n++) {
		uint64_t boff = h->recs_offset + (n & (size - 1)) * LKST_RECORD_SIZE;
		uint64_t pidx = boff / h->page_size;
		struct lkst_record r;

		if (pidx != cur) {
			snprintf(what, sizeof(what), "page %llu of CPU %u buffer %u",
				 (unsigned long long)pidx, cpu, b);
			if (lkst_dump_read(d, pages[pidx], page, h->page_size,
					   what, &err))
				goto bad;
			cur = pidx;
		}
		memcpy(&r, page + boff % h->page_size, sizeof(r));
		if (r.seq == SEQ_BUSY || (n >= size && r.seq == n - size)) {
			/* being written, or reserved and not yet begun */
			br->incomplete++;
			add_busy(rep, cpu, b, n);
		} else if (r.seq > n && r.seq != SEQ_BUSY && !((r.seq - n) & (size - 1))) {
			/* a live kernel wrote a newer lap since head was read */
			br->overwritten++;
		} else if (r.seq != n || r.cpu != cpu ||
			   r.event >= t->nevents || !t->events[r.event].valid) {
			br->invalid++;
		} else {
			t->recs[t->nrecs++] = r;
			br->records++;
		}
	}
	ret = 0;
	goto out;
bad:
	/* this buffer is lost; the others may not be */
	snprintf(br->error, sizeof(br->error), "%s", err.msg);
	t->nrecs = nrecs;
	br->records = br->incomplete = br->overwritten = br->invalid = 0;
	ret = 0;
out:
	free(pages);
	free(page);
	return ret;
}

int lkst_crash_extract(struct lkst_dump *d, struct lkst_trace *t,
		       struct lkst_crash_report *rep, struct lkst_err *err)
{
	struct desc_buffer *ents = NULL;
	char val[64], label[512], *meta = NULL, *end;
	unsigned int cpu, b;
	struct desc h;
	uint64_t pa;
	size_t nents, i;
	int ret = -1;

	memset(t, 0, sizeof(*t));
	memset(rep, 0, sizeof(*rep));
	t->command_pid = -1;
	if (!lkst_dump_info(d, "LKST_DESC", val, sizeof(val)))
		return lkst_fail(err, "%s: offset %llu: VMCOREINFO has no LKST_DESC line: the kernel was built without LKST (CONFIG_LKST, CONFIG_CRASH_CORE)",
				 d->path, (unsigned long long)d->vmcoreinfo_off);
	errno = 0;
	pa = strtoull(val, &end, 16);
	if (errno || end == val || *end || val[0] == '-')
		return lkst_fail(err, "%s: offset %llu: VMCOREINFO: bad LKST_DESC=%s: expected a hex physical address",
				 d->path, (unsigned long long)d->vmcoreinfo_off, val);
	if (read_desc(d, pa, &h, err))
		return -1;

	meta = malloc(h.meta_len + 1);
	nents = (size_t)h.nr_cpus * h.nr_buffers;
	ents = malloc(nents * sizeof(*ents));
	rep->bufs = calloc(nents, sizeof(*rep->bufs));
	if (!meta || !ents || !rep->bufs) {
		lkst_fail(err, "%s: out of memory", d->path);
		goto out;
	}
	if (lkst_dump_read(d, h.meta_pa, meta, h.meta_len, "the LKST event table", err))
		goto out;
	meta[h.meta_len] = '\0';
	if (strlen(meta) != h.meta_len) {
		lkst_fail(err, "%s: physical address 0x%llx: the LKST event table holds a NUL byte at %zu of %u",
			  d->path, (unsigned long long)h.meta_pa, strlen(meta), h.meta_len);
		goto out;
	}
	snprintf(label, sizeof(label), "%s: the LKST event table at physical address 0x%llx",
		 d->path, (unsigned long long)h.meta_pa);
	if (lkst_trace_parse_header(label, meta, 0, t, err))
		goto out;
	/* KASLR's shift of the kernel's text: System.map + this = the dump's */
	if (lkst_dump_info(d, "KERNELOFFSET", val, sizeof(val))) {
		errno = 0;
		t->kernel_offset = strtoull(val, &end, 16);
		t->has_kernel_offset = !errno && end != val && !*end;
	}
	if (t->ncpus != h.nr_cpus) {
		lkst_fail(err, "%s: physical address 0x%llx: LKST descriptor of %u CPUs, its event table says %u",
			  d->path, (unsigned long long)pa, h.nr_cpus, t->ncpus);
		goto out;
	}
	if (lkst_dump_read(d, pa + sizeof(h), ents, nents * sizeof(*ents),
			   "the LKST buffer table", err))
		goto out;
	rep->stopped = !!(h.flags & DESC_STOPPED);
	rep->stop_cpu = h.stop_cpu;
	rep->stop_time = h.stop_time;
	for (i = 0; i < nents; i++) {
		const struct desc_buffer *e = &ents[i];
		size_t j;

		if (!e->buf_pa)
			continue;
		/* one buffer described twice would be read twice */
		for (j = 0; j < i && ents[j].buf_pa != e->buf_pa; j++)
			;
		if (j < i) {
			lkst_fail(err, "%s: physical address 0x%llx: LKST descriptor names the buffer at 0x%llx twice",
				  d->path, (unsigned long long)(pa + sizeof(h) + i * sizeof(*e)),
				  (unsigned long long)e->buf_pa);
			goto out;
		}
	}
	for (cpu = 0; cpu < h.nr_cpus; cpu++) {
		for (b = 0; b < h.nr_buffers; b++) {
			size_t idx = (size_t)cpu * h.nr_buffers + b;

			if (!ents[idx].buf_pa)
				continue;
			if (read_buffer(d, &h, &ents[idx], pa + sizeof(h) + idx * sizeof(*ents),
					cpu, b, t, rep)) {
				lkst_fail(err, "%s: out of memory", d->path);
				goto out;
			}
		}
	}
	lkst_trace_sort(t);
	ret = 0;
out:
	free(meta);
	free(ents);
	if (ret) {
		lkst_trace_free(t);
		lkst_crash_report_free(rep);
	}
	return ret;
}

void lkst_crash_report_free(struct lkst_crash_report *rep)
{
	free(rep->bufs);
	rep->bufs = NULL;
	rep->nbufs = 0;
}
