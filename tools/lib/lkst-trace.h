/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lkst trace file: reader, writer and the event table they carry.
 *
 * Everything that reads or writes a trace goes through this library; the
 * on-disk format is described in Documentation/trace-file-format.md.
 *
 * Functions that can fail return 0 on success and -1 on error, after writing
 * a message into the caller's struct lkst_err that names the file, the
 * offset (or line) and what was expected.
 */
#ifndef LKST_TRACE_H
#define LKST_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LKST_FILE_MAGIC		"LKSTTRC\n"
#define LKST_FILE_VERSION	1
#define LKST_RECORD_SIZE	64
#define LKST_MAX_ARGS		4

#define LKST_CHUNK_RECORDS	1	/* payload: records of one CPU */
#define LKST_CHUNK_TASKS	2	/* payload: "pid comm" lines */
#define LKST_CHUNK_END		3	/* no payload; last in every file */
#define LKST_CHUNK_SYMBOLS	4	/* payload: "addr size name [module]" lines */

/* Record flags (sysfs-kernel-lkst) */
#define LKST_RF_NMI		0x1
#define LKST_RF_HARDIRQ		0x2
#define LKST_RF_SOFTIRQ		0x4
#define LKST_RF_STRING		0x8	/* "reserved" continuation records follow */
#define LKST_RF_CONT		0x10	/* part "reserved" of the string before */
#define LKST_RF_STACK		0x20	/* "reserved" records of addresses follow */

/*
 * The multi-bit fields of the flags: the buffer a record is in, the slot
 * of the mask set and the handler it was written under.  The kernel
 * publishes their layout (/sys/kernel/lkst/record_flags), each trace
 * carries it ("flag NAME SHIFT WIDTH" header lines), and readers decode by
 * the trace's copy; a trace without one has format 1's layout.
 */
enum lkst_flag_field {
	LKST_FIELD_BUFFER,
	LKST_FIELD_MASKSET,
	LKST_FIELD_HANDLER,
	LKST_NR_FIELDS
};

struct lkst_field_layout {
	unsigned int	shift, width;	/* width 0: format 1's layout */
};
#define LKST_BUFFERS_MAX	4
#define LKST_STR_CHUNK		32	/* string bytes per continuation record */

/* One record, exactly as the kernel stores it (sysfs-kernel-lkst). */
struct lkst_record {
	uint64_t seq;
	uint64_t time;
	uint32_t pid;
	uint32_t tgid;
	uint16_t event;
	uint16_t cpu;
	uint16_t flags;
	uint16_t reserved;
	uint64_t arg[LKST_MAX_ARGS];
};

enum lkst_arg_type {
	LKST_ARG_U, LKST_ARG_D, LKST_ARG_X, LKST_ARG_PID, LKST_ARG_SYSCALL,
	LKST_ARG_SYM,		/* a code address */
	LKST_ARG_RET,		/* a return address: named by the call before it */
};

struct lkst_event_type {
	int	valid;
	char	name[48];
	char	category[32];
	int	nargs;
	char	arg_name[LKST_MAX_ARGS][32];
	enum lkst_arg_type arg_type[LKST_MAX_ARGS];
	char	str_name[32];		/* the "name:str" argument, or "" */
	char	args_spec[256];		/* as in /proc/lkst_etypes */
};

struct lkst_task {
	uint32_t pid;
	char	comm[32];
};

/* A name as lkst_follow_names() has it at this point; key pid + 1, 0: free */
struct lkst_live_name {
	uint32_t key;
	char	comm[32];
};

/* A kernel text symbol (symbols.c); module "" for the kernel itself */
#define LKST_SYMBOL_NAME_MAX	511	/* KSYM_NAME_LEN - 1 */
#define LKST_MODULE_NAME_MAX	63	/* MODULE_NAME_LEN - 1 */

struct lkst_symbol {
	uint64_t addr, size;	/* size 0: unknown, only addr itself matches */
	char	*name, *module;
	int	weak;		/* of aliases, the kernel names the others */
	size_t	order;		/* in the file: of equals, the first wins */
};

struct lkst_symtab {
	struct lkst_symbol *syms;	/* by address, after lkst_symtab_finish() */
	size_t		n, cap;
	int		hidden;		/* kallsyms gave only zero addresses */
};

/* handler ids and mask-set slots a trace names (more are shown by number) */
#define LKST_NAMES_MAX		64

struct lkst_trace {
	char			release[160];
	char			machine[65];
	char			clock[16];
	unsigned int		ncpus;
	unsigned int		record_size;
	long			command_pid;	/* -1 if none */
	unsigned int		format_version;	/* 0: not recorded (format 1) */
	int			has_realtime;	/* realtime_offset is known */
	int64_t			realtime_offset; /* CLOCK_REALTIME - the trace's
						  * clock, ns, when recorded */
	struct lkst_field_layout fields[LKST_NR_FIELDS];
	struct lkst_event_type	*events;	/* indexed by event id */
	unsigned int		nevents;
	struct lkst_task	*tasks;
	size_t			ntasks;
	struct lkst_record	*recs;
	size_t			nrecs;
	const char		*extra_header;	/* more "key value" lines to write */
	size_t			tasks_cap;	/* tasks[] allocated, when reading */
	int			tasks_sorted;	/* by pid, one each: bsearch */
	unsigned int		skipped_chunks;	/* of types this reader does not know */
	uint32_t		skipped_type;	/* the first of them */
	/*
	 * The names of the handlers and mask sets (by slot) when the
	 * recording started, for print -v; "" where none is known
	 */
	char			handler_name[LKST_NAMES_MAX][32];
	char			maskset_name[LKST_NAMES_MAX][32];
	/* code addresses: the SYMBOLS chunks, or a file the reader names */
	struct lkst_symtab	symbols;
	/*
	 * lkst_follow_names(): the events that name tasks, looked up once,
	 * the pids they rename (sorted), and the names so far by pid
	 */
	int			name_ids_known, comm_event, fork_event;
	uint32_t		*renamed;
	size_t			renamed_n, renamed_cap;
	struct lkst_live_name	*live;
	size_t			live_n, live_cap;
	int			has_kernel_offset;	/* from a crash dump */
	uint64_t		kernel_offset;		/* KASLR: VMCOREINFO's */
};

struct lkst_err {
	char msg[512];
};

/* Fill @err with a message (naming the file and offset or line); returns -1. */
int lkst_fail(struct lkst_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Event table */
int lkst_parse_event_line(const char *line, unsigned int *id,
			  struct lkst_event_type *ev);
int lkst_add_event(struct lkst_trace *t, unsigned int id,
		   const struct lkst_event_type *ev);
int lkst_find_event(const struct lkst_trace *t, const char *name);
/* @name as an event or category in any case: the table's spelling, or NULL */
const char *lkst_event_or_category(const struct lkst_trace *t, const char *name);

/*
 * Symbols (symbols.c).  lkst_symtab_read_kallsyms() reads /proc/kallsyms
 * or System.map (adding @offset to each address) and sets ->hidden if
 * every address read as 0 (kptr_restrict).  Add, then finish (sort, drop
 * aliases, size), then look up.
 */
int lkst_symtab_add(struct lkst_symtab *s, uint64_t addr, uint64_t size,
		    const char *name, const char *module);
void lkst_symtab_finish(struct lkst_symtab *s);
int lkst_symtab_read_kallsyms(struct lkst_symtab *s, const char *path,
			      uint64_t offset, struct lkst_err *err);
/* The last symbol of each module ends with the module (/proc/modules) */
int lkst_symtab_bound_modules(struct lkst_symtab *s, const char *path);
const struct lkst_symbol *lkst_symtab_lookup(const struct lkst_symtab *s,
					     uint64_t addr);
void lkst_symtab_free(struct lkst_symtab *s);
/*
 * @addr as function+0x1c/0x80 [module] from @t's symbols, else 0x...;
 * snprintf's return.  @is_return: a return address, named by the call
 * before it (%pB).
 */
size_t lkst_format_address(const struct lkst_trace *t, uint64_t addr,
			   int is_return, char *buf, size_t len);

/* Tasks: the last comm seen for a pid wins */
int lkst_add_task(struct lkst_trace *t, uint32_t pid, const char *comm);
const char *lkst_task_comm(const struct lkst_trace *t, uint32_t pid);
/*
 * For a reader going through the sorted records in order: @r (of
 * t->recs) renames a task (PROCESS_COMM) or names a new one after its
 * parent (PROCESS_LTHREADGEN); lkst_task_comm() gives the name from then on.
 */
void lkst_follow_names(struct lkst_trace *t, const struct lkst_record *r);

/* Reading */
int lkst_trace_read(const char *path, struct lkst_trace *t,
		    struct lkst_err *err);
/*
 * Like lkst_trace_read(), but damage after the header (a file cut short
 * while it was written) ends the reading there: returns 1 with what came
 * before it in @t and the damage in @err, 0 for a whole file, -1 if not
 * even the header could be read.
 */
int lkst_trace_read_salvage(const char *path, struct lkst_trace *t,
			    struct lkst_err *err);
void lkst_trace_sort(struct lkst_trace *t);
/*
 * Header lines (Documentation/trace-file-format.md) from anywhere else, a
 * crash dump's descriptor say: @text is changed; errors name @path and
 * the offset @base + the line's place in @text.
 */
int lkst_trace_parse_header(const char *path, char *text, long base,
			    struct lkst_trace *t, struct lkst_err *err);
void lkst_trace_free(struct lkst_trace *t);

/* Writing: header first, then any number of chunks. */
int lkst_write_header(FILE *f, const char *path, const struct lkst_trace *t,
		      struct lkst_err *err);
int lkst_write_chunk(FILE *f, const char *path, uint32_t type, uint32_t cpu,
		     const void *data, uint32_t count, uint32_t size,
		     struct lkst_err *err);
int lkst_write_tasks(FILE *f, const char *path, const struct lkst_trace *t,
		     struct lkst_err *err);
/* Tasks [from, to) of @t, as one TASKS chunk */
int lkst_write_tasks_range(FILE *f, const char *path,
			   const struct lkst_trace *t, size_t from, size_t to,
			   struct lkst_err *err);
/*
 * @s with every byte that is not printable ASCII, and the blank, the
 * backslash and the double quote, as \xHH: task names are data any user
 * sets, and neither a TASKS line nor a terminal may be steered by them.
 * Returns @buf.
 */
#define LKST_ESCAPED_MAX(n)	(4 * (n) + 1)
char *lkst_escape(const char *s, char *buf, size_t len);
int lkst_write_end(FILE *f, const char *path, struct lkst_err *err);
/* @s as one SYMBOLS chunk (nothing if it is empty) */
int lkst_write_symbols(FILE *f, const char *path, const struct lkst_symtab *s,
		       struct lkst_err *err);

/* Mask set files (maskset.c) */
#define LKST_MASKSET_NAME_LEN	32
#define LKST_MASKSETS_MAX	16
#define LKST_STACK_MAX		12

struct lkst_maskset_text {
	char	name[LKST_MASKSET_NAME_LEN];
	int	line;			/* of its "maskset" line */
	char	text[4096];		/* what the kernel's define file takes */
};

/*
 * @known: the sets the kernel has (@nknown of them), in an array with room
 * for LKST_MASKSETS_MAX names: the sets the file defines are added to it,
 * so that later lines may name them as trigger targets.
 */
int lkst_maskset_parse(const char *path, const char *text,
		       const struct lkst_trace *t,
		       char known[][LKST_MASKSET_NAME_LEN], size_t nknown,
		       char modules[][LKST_MASKSET_NAME_LEN], size_t nmodules,
		       struct lkst_maskset_text *out, size_t max,
		       struct lkst_err *err);

/* Formatting */
const char *lkst_syscall_name(uint64_t nr);
/* Field @f of @r's flags, by @t's layout */
unsigned int lkst_rec_field(const struct lkst_trace *t,
			    const struct lkst_record *r, enum lkst_flag_field f);
/* Take one "NAME SHIFT WIDTH" line of record_flags; 0, or -1 if malformed. */
int lkst_parse_flag_line(struct lkst_trace *t, const char *line);
void lkst_format_record(const struct lkst_trace *t,
			const struct lkst_record *r, char *buf, size_t len);

#endif /* LKST_TRACE_H */
