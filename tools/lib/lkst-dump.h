/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash dumps and live memory images: read physical memory and VMCOREINFO
 * out of an ELF core (/proc/vmcore or a copy of it, /proc/kcore) or a
 * kdump-compressed dump (makedumpfile -c/-l, also flattened with -F), and
 * the LKST buffers out of that (Documentation/crash.md).
 *
 * Errors follow lkst-trace.h: -1 and a message naming the file, the
 * offset or physical address, and what was expected.
 */
#ifndef LKST_DUMP_H
#define LKST_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "lkst-trace.h"

struct lkst_dump_segment {
	uint64_t	pa;		/* physical address of the first byte */
	uint64_t	len;		/* bytes present in the file */
	uint64_t	off;		/* file offset */
};

enum lkst_dump_format {
	LKST_DUMP_ELF,		/* ELF core: vmcore, a copy, /proc/kcore */
	LKST_DUMP_KDUMP,	/* makedumpfile's kdump-compressed format */
};

/* The kdump-compressed format: only what reading a page needs */
struct lkst_kdump {
	uint32_t		block_size;	/* the page size */
	uint32_t		header_version;
	uint64_t		max_mapnr;	/* page frames the bitmaps cover */
	uint8_t			*dumpable;	/* bitmap 2: pfns with a page_desc */
	uint64_t		*rank;		/* set bits before each 4096-pfn group */
	uint64_t		descs_off;	/* file offset of page_desc 0 */
	uint64_t		cached_pfn;	/* the page in @page, or UINT64_MAX */
	unsigned char		*page, *packed;
};

/*
 * makedumpfile's flattened format (-F, what Debian's kdump-tools writes):
 * the dump as a stream of (offset, size, data) blocks.  Read in place
 * through an index of the blocks, sorted by offset.
 */
struct lkst_flat_block {
	uint64_t		off;		/* offset in the reassembled dump */
	uint64_t		size;
	uint64_t		pos;		/* file offset of the data */
	uint64_t		max_end;	/* of this block and those before */
};

struct lkst_dump {
	const char		*path;
	int			fd;
	enum lkst_dump_format	format;
	uint64_t		file_size;	/* 0: not known (/proc/kcore);
						 * flattened: the reassembled size */
	struct lkst_flat_block	*flat;		/* flattened: the index */
	size_t			nflat;
	uint64_t		flat_end;	/* flattened: where the blocks end */
	uint64_t		flat_file_size;	/* flattened: the file's own size */
	int			flat_cut;	/* flattened: no end marker */
	char			flat_damage[128]; /* flattened: where the blocks
						   * stopped making sense, or "" */
	struct lkst_dump_segment *segs;		/* ELF: the PT_LOADs with a pa */
	size_t			nsegs;
	struct lkst_kdump	kdump;
	char			*vmcoreinfo;	/* "KEY=VALUE\n" lines */
	uint64_t		vmcoreinfo_off;	/* its file offset, for errors */
	uint64_t		bytes_read;	/* from the file, for the report */
};

int lkst_dump_open(const char *path, struct lkst_dump *d, struct lkst_err *err);
void lkst_dump_close(struct lkst_dump *d);
/* VALUE of "KEY=VALUE" in VMCOREINFO, into @buf; NULL if absent. */
const char *lkst_dump_info(const struct lkst_dump *d, const char *key,
			   char *buf, size_t len);
/* @len bytes at physical address @pa; @what names them in an error. */
int lkst_dump_read(struct lkst_dump *d, uint64_t pa, void *buf, size_t len,
		   const char *what, struct lkst_err *err);

/* What extraction found in one buffer of one CPU */
struct lkst_crash_buffer_report {
	unsigned int	cpu, buffer;
	uint64_t	head;		/* next record number */
	uint64_t	size;		/* slots */
	int		final;		/* the kernel stopped it at the crash */
	uint64_t	records;	/* complete records recovered */
	uint64_t	incomplete;	/* slots being written at the crash */
	uint64_t	overwritten;	/* rewritten by a newer lap (a live kernel) */
	uint64_t	invalid;	/* slots whose record is not the one expected */
	char		error[512];	/* why the buffer could not be read, or "" */
};

struct lkst_crash_report {
	int		stopped;	/* the kernel ran its crash stop */
	unsigned int	stop_cpu;
	uint64_t	stop_time;
	struct lkst_crash_buffer_report *bufs;
	size_t		nbufs;
	/* in-flight slots: "CPU BUFFER SEQ" of each, at most 64 */
	struct {
		unsigned int cpu, buffer;
		uint64_t seq;
	} busy[64];
	size_t		nbusy;
};

/*
 * Every record in the LKST buffers of @d into @t (header from the dump's
 * descriptor, records sorted by time), and what was found into @rep.
 * Fails (-1) when the descriptor cannot be read; a buffer that cannot be
 * read gets its reason in its report's error, and the others are read.
 */
int lkst_crash_extract(struct lkst_dump *d, struct lkst_trace *t,
		       struct lkst_crash_report *rep, struct lkst_err *err);
void lkst_crash_report_free(struct lkst_crash_report *rep);

#endif /* LKST_DUMP_H */
