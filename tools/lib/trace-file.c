// SPDX-License-Identifier: GPL-2.0
/*
 * Reader and writer of lkst trace files (Documentation/trace-file-format.md):
 *
 *	"LKSTTRC\n"  u32 version  u32 header_len  header text
 *	chunk*:  u32 magic "LKCK"  u32 type  u32 cpu  u32 count  u32 size
 *	         u32 reserved  payload[size]
 *
 * The last chunk is an END chunk, so that a file cut at a chunk boundary is
 * still seen as truncated.  All integers are little-endian.  The reader checks every length against
 * the file before it trusts it, so a truncated or corrupt file yields an
 * error naming the file and the offset, never a crash.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lkst-trace.h"

#define CHUNK_MAGIC	0x4b434b4cu	/* "LKCK" */
#define MAX_HEADER	(1u << 20)
#define MAX_EVENTS	4096

struct chunk_header {
	uint32_t magic, type, cpu, count, size, reserved;
};

int lkst_fail(struct lkst_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static const struct {
	const char *name;
	enum lkst_arg_type type;
} arg_types[] = {
	{ "u", LKST_ARG_U }, { "d", LKST_ARG_D }, { "x", LKST_ARG_X },
	{ "pid", LKST_ARG_PID }, { "syscall", LKST_ARG_SYSCALL },
	{ "sym", LKST_ARG_SYM }, { "ret", LKST_ARG_RET },
};

/* Names in the event table are C identifiers: nothing to escape. */
static int is_identifier(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static int parse_args(const char *spec, struct lkst_event_type *ev)
{
	char buf[sizeof(ev->args_spec)], *save, *tok;

	if (strlen(spec) >= sizeof(buf))
		return -1;
	strcpy(ev->args_spec, spec);
	strcpy(buf, spec);
	ev->nargs = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		size_t i;

		if (!colon || colon == tok || ev->str_name[0] ||
		    (size_t)(colon - tok) >= sizeof(ev->arg_name[0]))
			return -1;
		*colon = '\0';
		if (!is_identifier(tok))
			return -1;
		if (!strcmp(colon + 1, "str")) {	/* last, in continuation records */
			strcpy(ev->str_name, tok);
			continue;
		}
		if (ev->nargs == LKST_MAX_ARGS)
			return -1;
		if (!is_identifier(colon + 1))
			return -1;
		for (i = 0; i < sizeof(arg_types) / sizeof(arg_types[0]); i++)
			if (!strcmp(colon + 1, arg_types[i].name))
				break;
		strcpy(ev->arg_name[ev->nargs], tok);
		/* a type of a later kernel: its value as a number, in hex */
		ev->arg_type[ev->nargs] = i < sizeof(arg_types) / sizeof(arg_types[0]) ?
					  arg_types[i].type : LKST_ARG_X;
		ev->nargs++;
	}
	return ev->nargs ? 0 : -1;
}

/* "ID NAME CATEGORY ARGS", the header's form, or /proc's with ENABLED. */
int lkst_parse_event_line(const char *line, unsigned int *id,
			  struct lkst_event_type *ev)
{
	char *copy = strdup(line), *tok[6], *save = NULL, *end;
	unsigned long v;
	int n = 0, ret = -1;

	memset(ev, 0, sizeof(*ev));
	if (!copy)
		return -1;
	/* ID NAME CATEGORY [ENABLED] ARGS: fields of any length, checked below */
	for (tok[n] = strtok_r(copy, " \t\r\n", &save); tok[n] && n < 5;
	     tok[n] = strtok_r(NULL, " \t\r\n", &save))
		n++;
	if (n != 4 && n != 5)
		goto out;
	if (n == 5)		/* /proc/lkst_etypes: the enabled flag */
		tok[3] = tok[4];
	errno = 0;
	v = strtoul(tok[0], &end, 10);
	if (errno || *end || tok[0][0] < '0' || tok[0][0] > '9' || v >= MAX_EVENTS)
		goto out;
	*id = v;
	if (strlen(tok[1]) >= sizeof(ev->name) ||
	    strlen(tok[2]) >= sizeof(ev->category) || !is_identifier(tok[1]) ||
	    !is_identifier(tok[2]))
		goto out;
	strcpy(ev->name, tok[1]);
	strcpy(ev->category, tok[2]);
	if (parse_args(tok[3], ev))
		goto out;
	ev->valid = 1;
	ret = 0;
out:
	free(copy);
	return ret;
}

int lkst_add_event(struct lkst_trace *t, unsigned int id,
		   const struct lkst_event_type *ev)
{
	if (id >= MAX_EVENTS)
		return -1;
	if (id >= t->nevents) {
		struct lkst_event_type *n;

		n = realloc(t->events, (id + 1) * sizeof(*n));
		if (!n)
			return -1;
		memset(n + t->nevents, 0, (id + 1 - t->nevents) * sizeof(*n));
		t->events = n;
		t->nevents = id + 1;
	}
	if (t->events[id].valid)
		return -1;	/* two events with one id */
	t->events[id] = *ev;
	return 0;
}

int lkst_find_event(const struct lkst_trace *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nevents; i++)
		if (t->events[i].valid && !strcmp(t->events[i].name, name))
			return i;
	return -1;
}

const char *lkst_event_or_category(const struct lkst_trace *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nevents; i++) {
		if (!t->events[i].valid)
			continue;
		if (!strcasecmp(t->events[i].name, name))
			return t->events[i].name;
		if (!strcasecmp(t->events[i].category, name))
			return t->events[i].category;
	}
	return NULL;
}

int lkst_add_task(struct lkst_trace *t, uint32_t pid, const char *name)
{
	struct lkst_task *n;
	char comm[sizeof(n->comm)];
	size_t i;

	/* @name may be another task's, in the table that realloc() moves */
	snprintf(comm, sizeof(comm), "%s", name);

	for (i = 0; i < t->ntasks; i++) {
		if (t->tasks[i].pid == pid) {
			snprintf(t->tasks[i].comm, sizeof(t->tasks[i].comm),
				 "%s", comm);
			return 0;
		}
	}
	n = realloc(t->tasks, (t->ntasks + 1) * sizeof(*n));
	if (!n)
		return -1;
	t->tasks = n;
	t->tasks_cap = t->ntasks + 1;
	t->tasks_sorted = 0;	/* appended at the end: linear from now on */
	t->tasks[t->ntasks].pid = pid;
	snprintf(t->tasks[t->ntasks].comm, sizeof(n->comm), "%s", comm);
	t->ntasks++;
	return 0;
}

char *lkst_escape(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 5 <= len; s++) {
		unsigned char c = *s;

		if (c > ' ' && c < 0x7f && c != '\\' && c != '"')
			buf[n++] = c;
		else
			n += snprintf(buf + n, len - n, "\\x%02x", c);
	}
	if (len)
		buf[n < len ? n : len - 1] = '\0';
	return buf;
}

static int task_cmp(const void *a, const void *b)
{
	const struct lkst_task *x = a, *y = b;

	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* @pid's slot in an open-addressing table of @cap (a power of 2): its own, or a free one */
static struct lkst_live_name *live_slot(struct lkst_live_name *live, size_t cap,
					uint32_t pid)
{
	size_t i = ((pid + 1) * 2654435761u) & (cap - 1);

	while (live[i].key && live[i].key != pid + 1)
		i = (i + 1) & (cap - 1);
	return &live[i];
}

static int live_set(struct lkst_trace *t, uint32_t pid, const char *comm)
{
	struct lkst_live_name *l;
	char copy[sizeof(l->comm)];
	size_t i;

	snprintf(copy, sizeof(copy), "%s", comm);	/* @comm may be in the table */
	if (2 * (t->live_n + 1) > t->live_cap) {
		size_t cap = t->live_cap ? 2 * t->live_cap : 256;
		struct lkst_live_name *n = calloc(cap, sizeof(*n));

		if (!n)
			return -1;
		for (i = 0; i < t->live_cap; i++)
			if (t->live[i].key)
				*live_slot(n, cap, t->live[i].key - 1) = t->live[i];
		free(t->live);
		t->live = n;
		t->live_cap = cap;
	}
	l = live_slot(t->live, t->live_cap, pid);
	if (!l->key) {
		l->key = pid + 1;
		t->live_n++;
	}
	strcpy(l->comm, copy);
	return 0;
}

const char *lkst_task_comm(const struct lkst_trace *t, uint32_t pid)
{
	struct lkst_task key = { .pid = pid }, *found;
	size_t i;

	if (pid == 0)
		return "swapper";
	if (t->live_cap) {	/* lkst_follow_names(): the name at this point */
		const struct lkst_live_name *l = live_slot(t->live, t->live_cap, pid);

		if (l->key)
			return l->comm;
	}
	if (t->tasks_sorted) {
		found = bsearch(&key, t->tasks, t->ntasks, sizeof(key), task_cmp);
		return found ? found->comm : "?";
	}
	for (i = 0; i < t->ntasks; i++)
		if (t->tasks[i].pid == pid)
			return t->tasks[i].comm;
	return "?";
}

/* A task line as read: kept in file order until index_tasks() */
static int append_task(struct lkst_trace *t, uint32_t pid, const char *comm)
{
	if (t->ntasks >= t->tasks_cap) {
		size_t cap = t->ntasks ? 2 * t->ntasks : 16;
		struct lkst_task *n = realloc(t->tasks, cap * sizeof(*n));

		if (!n)
			return -1;
		t->tasks = n;
		t->tasks_cap = cap;
	}
	t->tasks[t->ntasks].pid = pid;
	snprintf(t->tasks[t->ntasks].comm, sizeof(t->tasks[0].comm), "%s", comm);
	t->ntasks++;
	return 0;
}

struct task_pos {
	uint32_t	pid;
	size_t		at;	/* line number: the last one wins */
};

static int task_pos_cmp(const void *a, const void *b)
{
	const struct task_pos *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * One entry per pid, the last name read for it winning (a later TASKS
 * chunk renames), sorted for bsearch: O(n log n), where searching each
 * line's pid in turn was O(n^2).  Without memory for the index the
 * table stays as read, and lookups are linear.
 */
static void index_tasks(struct lkst_trace *t)
{
	struct task_pos *pos = malloc(t->ntasks * sizeof(*pos) + 1);
	struct lkst_task *sorted = malloc(t->ntasks * sizeof(*sorted) + 1);
	size_t i, out = 0;

	if (!pos || !sorted) {
		free(pos);
		free(sorted);
		return;
	}
	for (i = 0; i < t->ntasks; i++) {
		pos[i].pid = t->tasks[i].pid;
		pos[i].at = i;
	}
	qsort(pos, t->ntasks, sizeof(*pos), task_pos_cmp);
	for (i = 0; i < t->ntasks; i++) {
		if (out && sorted[out - 1].pid == pos[i].pid)
			out--;
		sorted[out++] = t->tasks[pos[i].at];
	}
	free(pos);
	free(t->tasks);
	t->tasks = sorted;
	t->ntasks = out;
	t->tasks_cap = out;
	t->tasks_sorted = 1;
}

/* ---- reading ---- */

struct reader {
	FILE *f;
	const char *path;
	long size;
	struct lkst_err *err;
};

static int read_at(struct reader *r, long off, void *buf, size_t len,
		   const char *what)
{
	if (off < 0 || off > r->size || (unsigned long)(r->size - off) < len)
		return lkst_fail(r->err,
			    "%s: offset %ld: truncated %s: need %zu bytes, file has %ld",
			    r->path, off, what, len, r->size - off);
	if (fseek(r->f, off, SEEK_SET) || fread(buf, 1, len, r->f) != len)
		return lkst_fail(r->err, "%s: offset %ld: cannot read %s: %s",
			    r->path, off, what, strerror(errno));
	return 0;
}

/*
 * Sizes come from the file: check them against it before allocating, so
 * that a few bytes cannot make a reader ask for gigabytes.
 */
static int check_fits(struct reader *r, long off, uint64_t len,
		      const char *what)
{
	if (off < 0 || off > r->size || (uint64_t)(r->size - off) < len)
		return lkst_fail(r->err,
			    "%s: offset %ld: truncated %s: need %llu bytes, file has %ld",
			    r->path, off, what, (unsigned long long)len,
			    off > r->size ? 0 : r->size - off);
	return 0;
}

static int parse_header(struct reader *r, char *text, long base,
			struct lkst_trace *t)
{
	char *line = text, *next;
	int have_ncpus = 0, have_rsize = 0;

	for (; line && *line; line = next) {
		long off = base + (line - text);
		unsigned int id;
		struct lkst_event_type ev;
		char key[32];
		int n = 0;

		next = strchr(line, '\n');
		if (!next)
			return lkst_fail(r->err, "%s: offset %ld: header line not terminated by a newline",
				    r->path, off);
		*next++ = '\0';
		if (sscanf(line, "%31s %n", key, &n) != 1)
			return lkst_fail(r->err, "%s: offset %ld: empty header line",
				    r->path, off);
		if (!strcmp(key, "event")) {
			if (lkst_parse_event_line(line + n, &id, &ev) ||
			    lkst_add_event(t, id, &ev))
				return lkst_fail(r->err, "%s: offset %ld: bad event line '%s': expected 'event ID NAME CATEGORY NAME:TYPE,...' with a unique ID",
					    r->path, off, line);
		} else if (!strcmp(key, "release")) {
			snprintf(t->release, sizeof(t->release), "%s", line + n);
		} else if (!strcmp(key, "machine")) {
			snprintf(t->machine, sizeof(t->machine), "%s", line + n);
		} else if (!strcmp(key, "clock")) {
			snprintf(t->clock, sizeof(t->clock), "%s", line + n);
		} else if (!strcmp(key, "ncpus")) {
			if (sscanf(line + n, "%u", &t->ncpus) != 1 ||
			    !t->ncpus || t->ncpus > 65536)
				return lkst_fail(r->err, "%s: offset %ld: bad ncpus '%s'",
					    r->path, off, line + n);
			have_ncpus = 1;
		} else if (!strcmp(key, "record_size")) {
			if (sscanf(line + n, "%u", &t->record_size) != 1 ||
			    t->record_size != LKST_RECORD_SIZE)
				return lkst_fail(r->err, "%s: offset %ld: record_size '%s' unsupported, expected %d",
					    r->path, off, line + n,
					    LKST_RECORD_SIZE);
			have_rsize = 1;
		} else if (!strcmp(key, "command_pid")) {
			t->command_pid = strtol(line + n, NULL, 10);
		} else if (!strcmp(key, "realtime_offset_ns")) {
			long long v;
			char *end;

			errno = 0;
			v = strtoll(line + n, &end, 10);
			if (errno || end == line + n || *end)
				return lkst_fail(r->err, "%s: offset %ld: bad realtime_offset_ns '%s'",
					    r->path, off, line + n);
			t->realtime_offset = v;
			t->has_realtime = 1;
		} else if (!strcmp(key, "kernel_offset")) {
			unsigned long long v;
			char *end;

			errno = 0;
			v = strtoull(line + n, &end, 16);
			if (errno || end == line + n || *end)
				return lkst_fail(r->err, "%s: offset %ld: bad kernel_offset '%s'",
					    r->path, off, line + n);
			t->kernel_offset = v;
			t->has_kernel_offset = 1;
		} else if (!strcmp(key, "format_version")) {
			if (sscanf(line + n, "%u", &t->format_version) != 1 ||
			    !t->format_version)
				return lkst_fail(r->err, "%s: offset %ld: bad format_version '%s'",
					    r->path, off, line + n);
		} else if (!strcmp(key, "handler") || !strcmp(key, "maskset")) {
			char name[32];

			if (sscanf(line + n, "%u %31s", &id, name) != 2)
				return lkst_fail(r->err, "%s: offset %ld: bad %s line '%s': expected '%s ID NAME'",
					    r->path, off, key, line, key);
			/* ids beyond ours are a newer writer's: shown by number */
			if (id < LKST_NAMES_MAX)
				strcpy(key[0] == 'h' ? t->handler_name[id] :
				       t->maskset_name[id], name);
		} else if (!strcmp(key, "flag")) {
			if (lkst_parse_flag_line(t, line + n))
				return lkst_fail(r->err, "%s: offset %ld: bad flag line '%s': expected 'flag NAME SHIFT WIDTH' within 16 bits",
					    r->path, off, line);
		}
		/* unknown keys are for newer readers; skip them */
	}
	if (!have_ncpus || !have_rsize || !t->nevents)
		return lkst_fail(r->err, "%s: offset %ld: header lacks %s",
			    r->path, base, !have_ncpus ? "ncpus" :
			    !have_rsize ? "record_size" : "an event table");
	return 0;
}

int lkst_trace_parse_header(const char *path, char *text, long base,
			    struct lkst_trace *t, struct lkst_err *err)
{
	struct reader r = { .path = path, .err = err };

	return parse_header(&r, text, base, t);
}

/*
 * "PID NAME": NAME is the rest of the line, possibly empty, with \xHH
 * escapes (lkst_escape()); older traces wrote it raw, which reads the same
 * unless it held a backslash.
 */
static int parse_task_line(const char *line, uint32_t *pid, char *comm,
			   size_t len)
{
	unsigned long v;
	size_t n = 0;
	char *end;

	if (*line < '0' || *line > '9')
		return -1;
	errno = 0;
	v = strtoul(line, &end, 10);
	if (errno || v > UINT32_MAX || (*end != ' ' && *end != '\0'))
		return -1;
	*pid = v;
	if (*end == ' ')
		end++;
	while (*end && n + 1 < len) {
		unsigned int byte;

		if (end[0] == '\\' && end[1] == 'x' &&
		    sscanf(end + 2, "%2x", &byte) == 1 && isxdigit((unsigned char)end[3])) {
			comm[n++] = byte;
			end += 4;
		} else {
			comm[n++] = *end++;
		}
	}
	comm[n] = '\0';
	return 0;
}

/* A chunk's text payload, NUL-terminated, or NULL after an error */
static char *read_text(struct reader *r, long off, uint32_t size,
		       const char *what)
{
	char *text;

	if (check_fits(r, off, size, what))
		return NULL;
	text = malloc((size_t)size + 1);
	if (!text) {
		lkst_fail(r->err, "%s: offset %ld: out of memory for a %u-byte %s",
			  r->path, off, size, what);
		return NULL;
	}
	if (read_at(r, off, text, size, what)) {
		free(text);
		return NULL;
	}
	text[size] = '\0';
	return text;
}

static int read_tasks(struct reader *r, long off, uint32_t size,
		      struct lkst_trace *t)
{
	char *text = read_text(r, off, size, "task list"), *line, *next;
	int ret = 0;

	if (!text)
		return -1;
	for (line = text; *line && !ret; line = next) {
		char comm[32], shown[LKST_ESCAPED_MAX(40)];
		uint32_t pid;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (parse_task_line(line, &pid, comm, sizeof(comm)))
			ret = lkst_fail(r->err, "%s: offset %ld: bad task line '%s', expected 'PID COMM'",
					r->path, off + (long)(line - text),
					lkst_escape(line, shown, sizeof(shown)));
		else if (append_task(t, pid, comm))
			ret = lkst_fail(r->err, "%s: offset %ld: out of memory for %zu tasks",
					r->path, off, t->ntasks + 1);
	}
	free(text);
	return ret;
}

/* The length of @s's first field if it is plain hex digits (no sign, no 0x), else 0 */
static size_t hex_field(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n && s[n] == ' ' ? n : 0;
}

/* "ADDR SIZE NAME [MODULE]", hexadecimal numbers, names as kallsyms has them */
static int read_symbols(struct reader *r, long off, uint32_t size,
			struct lkst_trace *t)
{
	char *text = read_text(r, off, size, "symbol list"), *line, *next;
	int ret = 0;

	if (!text)
		return -1;
	for (line = text; *line && !ret; line = next) {
		char name[LKST_SYMBOL_NAME_MAX + 2], module[LKST_MODULE_NAME_MAX + 2];
		char shown[LKST_ESCAPED_MAX(64)], extra;
		unsigned long long addr, len;
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		module[0] = '\0';
		n = sscanf(line, "%llx %llx %512s %64s %c", &addr, &len, name,
			   module, &extra);
		if (n < 3 || n > 4 || !hex_field(line) ||
		    !hex_field(line + hex_field(line) + 1))
			ret = lkst_fail(r->err, "%s: offset %ld: bad symbol line '%.60s', expected 'ADDRESS SIZE NAME [MODULE]'",
					r->path, off + (long)(line - text),
					lkst_escape(line, shown, sizeof(shown)));
		else if (lkst_symtab_add(&t->symbols, addr, len, name, module))
			ret = lkst_fail(r->err, "%s: offset %ld: %s",
					r->path, off + (long)(line - text),
					errno == EINVAL ? "bad symbol or module name" :
					"out of memory for the symbols");
	}
	free(text);
	return ret;
}

static int read_records(struct reader *r, long off,
			const struct chunk_header *ch, struct lkst_trace *t)
{
	struct lkst_record *n;
	uint32_t i;

	if ((uint64_t)ch->count * LKST_RECORD_SIZE != ch->size)
		return lkst_fail(r->err, "%s: offset %ld: chunk of %u records has size %u, expected %llu",
			    r->path, off, ch->count, ch->size,
			    (unsigned long long)ch->count * LKST_RECORD_SIZE);
	if (ch->cpu >= t->ncpus)
		return lkst_fail(r->err, "%s: offset %ld: chunk for cpu %u, but the trace has %u cpus",
			    r->path, off, ch->cpu, t->ncpus);
	if (check_fits(r, off + sizeof(*ch), ch->size, "record chunk"))
		return -1;
	n = realloc(t->recs, (t->nrecs + ch->count) * sizeof(*n) + 1);
	if (!n)
		return lkst_fail(r->err, "%s: offset %ld: out of memory for %zu records",
				 r->path, off, t->nrecs + ch->count);
	t->recs = n;
	if (read_at(r, off + sizeof(*ch), t->recs + t->nrecs, ch->size,
		    "record chunk"))
		return -1;
	for (i = 0; i < ch->count; i++) {
		const struct lkst_record *rec = &t->recs[t->nrecs + i];
		long roff = off + sizeof(*ch) + (long)i * LKST_RECORD_SIZE;

		if (rec->cpu != ch->cpu)
			return lkst_fail(r->err, "%s: offset %ld: record says cpu %u inside a chunk of cpu %u",
				    r->path, roff, rec->cpu, ch->cpu);
		if (rec->event >= t->nevents || !t->events[rec->event].valid)
			return lkst_fail(r->err, "%s: offset %ld: record has event id %u, not in the trace's event table",
				    r->path, roff, rec->event);
	}
	t->nrecs += ch->count;
	return 0;
}

/*
 * @salvage: a damaged chunk (or a file cut short) ends the reading there
 * with 1 instead of -1: the header and every complete chunk before the
 * damage stay in @t, and @err says where the damage is.
 */
static int read_trace(const char *path, struct lkst_trace *t,
		      struct lkst_err *err, int salvage)
{
	struct reader r = { .path = path, .err = err };
	char magic[8];
	uint32_t hdr[2];
	char *text;
	long off;
	int ret = -1;

	memset(t, 0, sizeof(*t));
	t->command_pid = -1;
	r.f = fopen(path, "rb");
	if (!r.f)
		return lkst_fail(err, "%s: %s", path, strerror(errno));
	if (fseek(r.f, 0, SEEK_END) || (r.size = ftell(r.f)) < 0) {
		lkst_fail(err, "%s: cannot size the file: %s", path, strerror(errno));
		goto out;
	}

	if (read_at(&r, 0, magic, sizeof(magic), "file magic"))
		goto out;
	if (memcmp(magic, LKST_FILE_MAGIC, sizeof(magic))) {
		lkst_fail(err, "%s: offset 0: not an lkst trace (bad magic)", path);
		goto out;
	}
	if (read_at(&r, 8, hdr, sizeof(hdr), "file header"))
		goto out;
	if (hdr[0] != LKST_FILE_VERSION) {
		lkst_fail(err, "%s: offset 8: format version %u, this lkst reads %d",
		     path, hdr[0], LKST_FILE_VERSION);
		goto out;
	}
	if (hdr[1] > MAX_HEADER) {
		lkst_fail(err, "%s: offset 12: header length %u exceeds %u", path,
		     hdr[1], MAX_HEADER);
		goto out;
	}
	text = malloc((size_t)hdr[1] + 1);
	if (!text) {
		lkst_fail(err, "%s: offset 16: out of memory for a %u-byte header",
			  path, hdr[1]);
		goto out;
	}
	if (read_at(&r, 16, text, hdr[1], "header text")) {
		free(text);
		goto out;
	}
	text[hdr[1]] = '\0';
	if (strlen(text) != hdr[1]) {
		lkst_fail(err, "%s: offset %zu: NUL byte inside the header text",
		     path, 16 + strlen(text));
		free(text);
		goto out;
	}
	ret = parse_header(&r, text, 16, t);
	free(text);
	if (ret)
		goto out;

	ret = salvage ? 1 : -1;
	for (off = 16 + hdr[1]; ; ) {
		struct chunk_header ch;

		if (off == r.size) {
			lkst_fail(err, "%s: offset %ld: file ends without an END chunk (truncated?)",
			     path, off);
			goto out;
		}
		if (read_at(&r, off, &ch, sizeof(ch), "chunk header"))
			goto out;
		if (ch.magic != CHUNK_MAGIC) {
			lkst_fail(err, "%s: offset %ld: bad chunk magic 0x%08x, expected 0x%08x",
			     path, off, ch.magic, CHUNK_MAGIC);
			goto out;
		}
		if (ch.type == LKST_CHUNK_RECORDS) {
			if (read_records(&r, off, &ch, t))
				goto out;
		} else if (ch.type == LKST_CHUNK_TASKS) {
			if (read_tasks(&r, off + sizeof(ch), ch.size, t))
				goto out;
		} else if (ch.type == LKST_CHUNK_SYMBOLS) {
			if (read_symbols(&r, off + sizeof(ch), ch.size, t))
				goto out;
		} else if (ch.type == LKST_CHUNK_END) {
			if (off + (long)sizeof(ch) != r.size || ch.size) {
				lkst_fail(err, "%s: offset %ld: data after the END chunk",
				     path, off);
				goto out;
			}
			break;
		} else {
			/* a later writer's: its size says where the next one is */
			if (check_fits(&r, off + sizeof(ch), ch.size, "chunk"))
				goto out;
			if (!t->skipped_chunks++)
				t->skipped_type = ch.type;
		}
		off += sizeof(ch) + ch.size;
	}
	ret = 0;
out:
	fclose(r.f);
	if (ret < 0) {
		lkst_trace_free(t);
	} else {
		index_tasks(t);
		lkst_symtab_finish(&t->symbols);
	}
	return ret;
}

int lkst_trace_read(const char *path, struct lkst_trace *t,
		    struct lkst_err *err)
{
	return read_trace(path, t, err, 0);
}

int lkst_trace_read_salvage(const char *path, struct lkst_trace *t,
			    struct lkst_err *err)
{
	return read_trace(path, t, err, 1);
}

static int record_cmp(const void *a, const void *b)
{
	const struct lkst_record *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void lkst_trace_sort(struct lkst_trace *t)
{
	if (t->nrecs)
		qsort(t->recs, t->nrecs, sizeof(*t->recs), record_cmp);
}

void lkst_trace_free(struct lkst_trace *t)
{
	free(t->events);
	free(t->tasks);
	free(t->recs);
	t->events = NULL;
	t->tasks = NULL;
	t->recs = NULL;
	t->nevents = 0;
	t->ntasks = 0;
	t->tasks_cap = 0;
	t->tasks_sorted = 0;
	t->nrecs = 0;
	lkst_symtab_free(&t->symbols);
	free(t->live);
	free(t->renamed);
	t->live = NULL;
	t->renamed = NULL;
	t->live_cap = t->live_n = 0;
	t->renamed_n = t->renamed_cap = 0;
	t->name_ids_known = 0;
}

/* ---- writing ---- */

static int write_all(FILE *f, const char *path, const void *buf, size_t len,
		     struct lkst_err *err)
{
	if (len && fwrite(buf, 1, len, f) != len)
		return lkst_fail(err, "%s: write failed: %s", path, strerror(errno));
	return 0;
}

static const char *const lkst_field_names[LKST_NR_FIELDS];

int lkst_write_header(FILE *f, const char *path, const struct lkst_trace *t,
		      struct lkst_err *err)
{
	/* the fixed lines, and a "handler" and "maskset" line per name */
	size_t cap = 4096 + 2 * LKST_NAMES_MAX * 48, len = 0;
	uint32_t hdr[2];
	unsigned int i;
	char *text;
	int ret;

	/*
	 * Room for each event line as it is (an event's fields may take more
	 * than 256 bytes together; a fixed share per event overflowed)
	 */
	for (i = 0; i < t->nevents; i++)
		if (t->events[i].valid)
			cap += 32 + strlen(t->events[i].name) +
			       strlen(t->events[i].category) +
			       strlen(t->events[i].args_spec);
	text = malloc(cap);
	if (!text)
		return lkst_fail(err, "%s: out of memory", path);
	len += snprintf(text + len, cap - len,
			"release %s\nmachine %s\nclock %s\nncpus %u\nrecord_size %u\ncommand_pid %ld\n",
			t->release, t->machine, t->clock, t->ncpus,
			t->record_size, t->command_pid);
	if (t->format_version)
		len += snprintf(text + len, cap - len, "format_version %u\n",
				t->format_version);
	if (t->has_realtime)
		len += snprintf(text + len, cap - len, "realtime_offset_ns %lld\n",
				(long long)t->realtime_offset);
	if (t->has_kernel_offset)
		len += snprintf(text + len, cap - len, "kernel_offset %llx\n",
				(unsigned long long)t->kernel_offset);
	for (i = 0; i < LKST_NR_FIELDS; i++)
		if (t->fields[i].width)
			len += snprintf(text + len, cap - len, "flag %s %u %u\n",
					lkst_field_names[i], t->fields[i].shift,
					t->fields[i].width);
	for (i = 0; i < t->nevents; i++) {
		const struct lkst_event_type *ev = &t->events[i];

		if (ev->valid)
			len += snprintf(text + len, cap - len,
					"event %u %s %s %s\n", i, ev->name,
					ev->category, ev->args_spec);
	}
	for (i = 0; i < LKST_NAMES_MAX; i++) {
		if (t->handler_name[i][0])
			len += snprintf(text + len, cap - len, "handler %u %s\n",
					i, t->handler_name[i]);
		if (t->maskset_name[i][0])
			len += snprintf(text + len, cap - len, "maskset %u %s\n",
					i, t->maskset_name[i]);
	}
	if (t->extra_header) {
		size_t n = strlen(t->extra_header);
		char *more = n < cap - len ? text : realloc(text, len + n + 1);

		if (!more) {
			free(text);
			return lkst_fail(err, "%s: out of memory", path);
		}
		text = more;
		memcpy(text + len, t->extra_header, n + 1);
		len += n;
	}
	hdr[0] = LKST_FILE_VERSION;
	hdr[1] = len;
	ret = write_all(f, path, LKST_FILE_MAGIC, 8, err) ||
	      write_all(f, path, hdr, sizeof(hdr), err) ||
	      write_all(f, path, text, len, err) ? -1 : 0;
	free(text);
	return ret;
}

int lkst_write_chunk(FILE *f, const char *path, uint32_t type, uint32_t cpu,
		     const void *data, uint32_t count, uint32_t size,
		     struct lkst_err *err)
{
	struct chunk_header ch = {
		.magic = CHUNK_MAGIC, .type = type, .cpu = cpu,
		.count = count, .size = size,
	};

	if (write_all(f, path, &ch, sizeof(ch), err) ||
	    write_all(f, path, data, size, err))
		return -1;
	return 0;
}

int lkst_write_tasks_range(FILE *f, const char *path,
			   const struct lkst_trace *t, size_t from, size_t to,
			   struct lkst_err *err)
{
	size_t cap = (to - from) * (12 + LKST_ESCAPED_MAX(32)) + 1, len = 0, i;
	char *text = malloc(cap);
	int ret;

	if (!text)
		return lkst_fail(err, "%s: out of memory", path);
	for (i = from; i < to; i++) {
		char name[LKST_ESCAPED_MAX(32)];

		len += snprintf(text + len, cap - len, "%u %s\n", t->tasks[i].pid,
				lkst_escape(t->tasks[i].comm, name, sizeof(name)));
	}
	ret = lkst_write_chunk(f, path, LKST_CHUNK_TASKS, 0, text,
			       to - from, len, err);
	free(text);
	return ret;
}

int lkst_write_tasks(FILE *f, const char *path, const struct lkst_trace *t,
		     struct lkst_err *err)
{
	return lkst_write_tasks_range(f, path, t, 0, t->ntasks, err);
}

int lkst_write_symbols(FILE *f, const char *path, const struct lkst_symtab *s,
		       struct lkst_err *err)
{
	size_t cap = 1, len = 0, i;
	char *text;
	int ret;

	if (!s->n)
		return 0;
	for (i = 0; i < s->n; i++)
		cap += 2 * 17 + strlen(s->syms[i].name) + 1 +
		       strlen(s->syms[i].module) + 1;
	if (cap > UINT32_MAX)
		return lkst_fail(err, "%s: %zu symbols do not fit in a chunk", path, s->n);
	text = malloc(cap);
	if (!text)
		return lkst_fail(err, "%s: out of memory", path);
	for (i = 0; i < s->n; i++) {
		const struct lkst_symbol *sym = &s->syms[i];

		len += snprintf(text + len, cap - len, "%llx %llx %s%s%s\n",
				(unsigned long long)sym->addr,
				(unsigned long long)sym->size, sym->name,
				*sym->module ? " " : "", sym->module);
	}
	ret = lkst_write_chunk(f, path, LKST_CHUNK_SYMBOLS, 0, text, s->n, len, err);
	free(text);
	return ret;
}

int lkst_write_end(FILE *f, const char *path, struct lkst_err *err)
{
	return lkst_write_chunk(f, path, LKST_CHUNK_END, 0, NULL, 0, 0, err);
}

/* ---- flags ---- */

static const char *const lkst_field_names[LKST_NR_FIELDS] = {
	[LKST_FIELD_BUFFER]	= "buffer",
	[LKST_FIELD_MASKSET]	= "maskset",
	[LKST_FIELD_HANDLER]	= "handler",
};

/* format 1, for traces that do not say */
static const struct lkst_field_layout lkst_format1_fields[LKST_NR_FIELDS] = {
	[LKST_FIELD_BUFFER]	= { 6, 2 },
	[LKST_FIELD_MASKSET]	= { 8, 4 },
	[LKST_FIELD_HANDLER]	= { 12, 4 },
};

unsigned int lkst_rec_field(const struct lkst_trace *t,
			    const struct lkst_record *r, enum lkst_flag_field f)
{
	const struct lkst_field_layout *l = t->fields[f].width ?
					    &t->fields[f] : &lkst_format1_fields[f];

	return (r->flags >> l->shift) & ((1u << l->width) - 1);
}

int lkst_parse_flag_line(struct lkst_trace *t, const char *line)
{
	unsigned int shift, width, i;
	char name[32];

	if (sscanf(line, "%31s %u %u", name, &shift, &width) != 3 ||
	    !width || width > 16 || shift > 16 - width)
		return -1;
	for (i = 0; i < LKST_NR_FIELDS; i++) {
		if (!strcmp(name, lkst_field_names[i])) {
			t->fields[i].shift = shift;
			t->fields[i].width = width;
		}
	}
	return 0;	/* the one-bit flags have fixed meanings */
}

/* ---- formatting ---- */

/*
 * Part @i (1 ... r->reserved) of @r: the record @i places after it in the
 * sorted array, if it is that part (same CPU and buffer, seq + i), or
 * NULL: overwritten before it was read, or a crash in mid-write.
 */
static const struct lkst_record *record_part(const struct lkst_trace *t,
					     const struct lkst_record *r,
					     unsigned int i)
{
	const struct lkst_record *c;

	/* counted, not compared: r + i past the array is undefined */
	if ((size_t)(t->recs + t->nrecs - r) <= i)
		return NULL;
	c = r + i;
	if (!(c->flags & LKST_RF_CONT) || c->reserved != i ||
	    c->seq != r->seq + i || c->cpu != r->cpu ||
	    lkst_rec_field(t, c, LKST_FIELD_BUFFER) !=
	    lkst_rec_field(t, r, LKST_FIELD_BUFFER))
		return NULL;
	return c;
}

/* The string of a LKST_RF_STRING record into @buf, raw; -1 if a part is lost */
static int record_string(const struct lkst_trace *t, const struct lkst_record *r,
			 char *buf, size_t len)
{
	unsigned int i;
	size_t n = 0;

	for (i = 1; i <= r->reserved; i++) {
		const struct lkst_record *c = record_part(t, r, i);
		const char *part;
		size_t k;

		if (!c)
			return -1;
		if (c->flags & LKST_RF_STACK)
			break;
		part = (const char *)c->arg;
		for (k = 0; k < LKST_STR_CHUNK && part[k] && n + 1 < len; k++)
			buf[n++] = part[k];
	}
	buf[n] = '\0';
	return 0;
}

static int pid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Names as they change along the trace, for a reader that goes through
 * the records in time order: a task renamed (PROCESS_COMM: exec,
 * PR_SET_NAME, /proc/PID/comm) is known by its new name from that record
 * on, and a new task (PROCESS_LTHREADGEN) by its parent's until its first
 * rename, if the trace holds one for it (otherwise the exec that renamed
 * it went unrecorded, by a mask set or a loss, and its saved name is the
 * better one).  Otherwise a task has the name lkst record saved (the
 * TASKS chunks: the last one it saw).
 */
void lkst_follow_names(struct lkst_trace *t, const struct lkst_record *r)
{
	char comm[sizeof(t->tasks[0].comm)];
	size_t i;

	if (!t->name_ids_known) {	/* once: the tasks that are renamed */
		t->name_ids_known = 1;
		t->comm_event = lkst_find_event(t, "PROCESS_COMM");
		t->fork_event = lkst_find_event(t, "PROCESS_LTHREADGEN");
		for (i = 0; t->comm_event >= 0 && i < t->nrecs; i++) {
			const struct lkst_record *x = &t->recs[i];
			uint32_t *n;

			if (x->event != t->comm_event || (x->flags & LKST_RF_CONT) ||
			    x->arg[0] > UINT32_MAX)
				continue;
			if (t->renamed_n == t->renamed_cap) {
				t->renamed_cap = t->renamed_cap ? 2 * t->renamed_cap : 64;
				n = realloc(t->renamed, t->renamed_cap * sizeof(*n));
				if (!n) {	/* no renames known: no fork naming */
					t->renamed_n = 0;
					break;
				}
				t->renamed = n;
			}
			t->renamed[t->renamed_n++] = x->arg[0];
		}
		if (t->renamed_n)
			qsort(t->renamed, t->renamed_n, sizeof(*t->renamed), pid_cmp);
	}
	if (r->flags & LKST_RF_CONT)
		return;
	if (r->event == t->comm_event && r->arg[0] <= UINT32_MAX &&
	    (r->flags & LKST_RF_STRING) && !record_string(t, r, comm, sizeof(comm))) {
		live_set(t, r->arg[0], comm);
	} else if (r->event == t->fork_event && r->arg[0] <= UINT32_MAX && r->pid) {
		uint32_t child = r->arg[0];

		if (t->renamed_n &&
		    bsearch(&child, t->renamed, t->renamed_n, sizeof(child), pid_cmp))
			live_set(t, child, lkst_task_comm(t, r->pid));
	}
}

/*
 * Append the string of a LKST_RF_STRING record: its parts are the records
 * right after it in the sorted array (same CPU, time and event, seq + i).
 * A part that is missing (overwritten before it was read, or a crash in
 * mid-write) makes it "<lost>"; bytes that are not printable are escaped.
 */
static size_t format_string(const struct lkst_trace *t,
			    const struct lkst_record *r, const char *name,
			    char *buf, size_t len)
{
	unsigned int i, nparts = r->reserved;
	size_t n = snprintf(buf, len, " %s=\"", name);

	for (i = 1; i <= nparts; i++) {
		const struct lkst_record *c = record_part(t, r, i);
		const unsigned char *s;
		unsigned int k;

		if (!c)
			return snprintf(buf, len, " %s=<lost>", name);
		s = (const unsigned char *)c->arg;
		if (c->flags & LKST_RF_STACK)
			break;	/* a "stack" handler's addresses follow */
		for (k = 0; k < LKST_STR_CHUNK && s[k] && n + 5 < len; k++) {
			if (s[k] >= 0x20 && s[k] < 0x7f && s[k] != '"' && s[k] != '\\')
				buf[n++] = s[k];
			else
				n += snprintf(buf + n, len - n, "\\x%02x", s[k]);
		}
	}
	if (n + 2 < len) {
		buf[n++] = '"';
		buf[n] = '\0';
	}
	return n;
}

/*
 * The return addresses of a LKST_RF_STACK record, 4 per continuation
 * record; if the record has a string too, its parts come first and the
 * address parts have LKST_RF_STACK.
 */
static size_t format_stack(const struct lkst_trace *t,
			   const struct lkst_record *r, char *buf, size_t len)
{
	unsigned int i, k, shown = 0;
	size_t n = snprintf(buf, len, " stack=");

	for (i = 1; i <= r->reserved; i++) {
		const struct lkst_record *c = record_part(t, r, i);

		if (!c)
			return snprintf(buf, len, " stack=<lost>");
		if ((r->flags & LKST_RF_STRING) && !(c->flags & LKST_RF_STACK))
			continue;
		for (k = 0; k < LKST_MAX_ARGS && c->arg[k] && n < len; k++) {
			if (shown++)
				n += snprintf(buf + n, len - n, ",");
			if (n < len)
				n += lkst_format_address(t, c->arg[k], 1, buf + n, len - n);
		}
	}
	return n;
}

void lkst_format_record(const struct lkst_trace *t,
			const struct lkst_record *r, char *buf, size_t len)
{
	const struct lkst_event_type *ev = &t->events[r->event];
	char task[LKST_ESCAPED_MAX(32)], comm[LKST_ESCAPED_MAX(32)];
	size_t n;
	int i;

	n = snprintf(buf, len, "%llu.%09llu [%03u] %u/%s %s",
		     (unsigned long long)(r->time / 1000000000),
		     (unsigned long long)(r->time % 1000000000), r->cpu,
		     r->pid, lkst_escape(lkst_task_comm(t, r->pid), task, sizeof(task)),
		     ev->name);
	for (i = 0; i < ev->nargs && n < len; i++) {
		uint64_t v = r->arg[i];
		const char *name = ev->arg_name[i];

		switch (ev->arg_type[i]) {
		case LKST_ARG_U:
			n += snprintf(buf + n, len - n, " %s=%llu", name,
				      (unsigned long long)v);
			break;
		case LKST_ARG_D:
			n += snprintf(buf + n, len - n, " %s=%lld", name,
				      (long long)v);
			break;
		case LKST_ARG_X:
			n += snprintf(buf + n, len - n, " %s=0x%llx", name,
				      (unsigned long long)v);
			break;
		case LKST_ARG_PID:
			n += snprintf(buf + n, len - n, " %s=%llu/%s", name,
				      (unsigned long long)v,
				      lkst_escape(lkst_task_comm(t, (uint32_t)v),
						  comm, sizeof(comm)));
			break;
		case LKST_ARG_SYSCALL:
			n += snprintf(buf + n, len - n, " %s=%lld(%s)", name,
				      (long long)v, lkst_syscall_name(v));
			break;
		case LKST_ARG_SYM:
		case LKST_ARG_RET:
			n += snprintf(buf + n, len - n, " %s=", name);
			if (n < len)
				n += lkst_format_address(t, v, ev->arg_type[i] == LKST_ARG_RET,
							 buf + n, len - n);
			break;
		}
	}
	if (ev->str_name[0] && (r->flags & LKST_RF_STRING) && n < len)
		n += format_string(t, r, ev->str_name, buf + n, len - n);
	if ((r->flags & LKST_RF_STACK) && n < len)
		format_stack(t, r, buf + n, len - n);
}
