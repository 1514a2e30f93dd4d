// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-ctlfuzz [-s SEED] [-n WRITES] [-c CONCURRENT] [-j WRITERS] [-v] [-U]
 *
 * Hostile writes to every writable file under /sys/kernel/lkst (the
 * control-file fuzz of test.d/22), as root.
 *
 * Phase 1, one writer, WRITES writes: each goes to a random file and is
 * random bytes (NULs included), a huge, negative or malformed number, a
 * string of up to 64 KiB, an empty write, a mask set definition with one
 * bad line, a valid value with a typo, a partial write (a length shorter
 * than the text), or several writes on one descriptor; one in four is
 * valid, so that the state keeps moving.  The configuration (every file
 * that holds a setting: not the counters, not the records) is read before
 * and after each write:
 *  - a write that fails (-1, any errno, or 0 bytes) must leave it byte for
 *    byte as it was;
 *  - a write that succeeds must be valid: a model of the kernel's parsers
 *    (booleans, kstrtoul(), mask set names and definitions) says which
 *    bytes each file may take, given the state before;
 *  - every file, counters included, must stay readable.
 * Tracing stays off in phase 1 (writes that would start it are skipped): a
 * trigger could otherwise move the state on its own.  Every 200 writes the
 * baseline comes back: tracing 0, frozen 0, the sets of the start (the
 * others deleted, "default" current and as it was), buffer 0 at its size
 * and mode, buffers 1 to 3 deleted, reset.
 *
 * Phase 2: WRITERS processes make CONCURRENT writes in all (default
 * WRITES), tracing allowed, each reading a random file after every write;
 * no state comparison, only: nothing crashes, every file stays readable.
 *
 * -U, run without CAP_SYS_ADMIN (lkst-privdrop): every write must fail,
 * with EPERM (or EACCES at open() for a user the file mode keeps out), and
 * change nothing this user can read; nothing is restored.  -v prints
 * every write.
 *
 * Output: "FAIL: ..." lines, "NOTE: ..." lines (a valid write refused with
 * EINVAL, ENOENT or ERANGE: the model and the kernel disagree), then
 *   ctlfuzz: W writes (R rejected, A accepted), F failures, seed S
 * Exit 1 if F > 0.  Deterministic for a seed (xorshift64).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS		"/sys/kernel/lkst"
#define MAX_FILES	512
#define FILE_MAX	(128 << 10)	/* /proc/lkst_masksets with 16 sets */
#define PAGE		4096		/* what one sysfs write passes on */
#define BIG		65536
#define NAME_MAX_LEN	32		/* LKST_MASKSET_NAME */
#define NR_BUFFERS	4
#define MIN_RECORDS	8
#define MAX_RECORDS	4194304UL
#define MAX_SETS	16
#define BASELINE_EVERY	200

static int verbose;
static int unprivileged;	/* -U: every write must fail with EPERM (EACCES) */

/* ---- the PRNG ---- */

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int pick(int n)
{
	return n > 0 ? (int)(next() % (uint64_t)n) : 0;
}

#define PICK(a)	((a)[pick(sizeof(a) / sizeof(*(a)))])

/* ---- files ---- */

enum kind {
	K_OTHER,	/* writable, but the model does not know it */
	K_TRACING,
	K_RESET,
	K_FROZEN,
	K_OVERWRITE,	/* overwrite, buffers/N/overwrite */
	K_BOOL,		/* events/X, categories/X */
	K_SIZE,		/* buffer_records, buffers/N/records */
	K_BUFNO,	/* buffers/current */
	K_SETCUR,	/* masksets/current */
	K_SETDEL,	/* masksets/delete */
	K_DEFINE,	/* masksets/define */
};

struct file {
	char *path;
	enum kind kind;
	int buf;	/* K_OVERWRITE, K_SIZE: the buffer */
};

static struct file wfiles[MAX_FILES];	/* writable */
static int nw;
static char *rfiles[MAX_FILES];		/* readable: settings and counters */
static int nr;
static char *sfiles[MAX_FILES];		/* the settings: the state */
static int ns;

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Record files: reading consumes records (per_cpu/cpuN/buffer, buffers/N/cpuM) */
static int is_records(const char *path)
{
	const char *base = strrchr(path, '/') + 1;
	int n;
	char c;

	if (strstr(path, "/per_cpu/") && !strcmp(base, "buffer"))
		return 1;
	return strstr(path, "/buffers/") && sscanf(base, "cpu%d%c", &n, &c) == 1;
}

static int is_counter(const char *path)
{
	return ends_with(path, "stats") || ends_with(path, "counts") ||
	       ends_with(path, "missed");
}

static void classify(struct file *f)
{
	const char *p = f->path + strlen(SYS);
	int b;
	char tail[32];

	f->kind = K_OTHER;
	f->buf = 0;
	if (!strcmp(p, "/tracing"))
		f->kind = K_TRACING;
	else if (!strcmp(p, "/reset"))
		f->kind = K_RESET;
	else if (!strcmp(p, "/frozen"))
		f->kind = K_FROZEN;
	else if (!strcmp(p, "/overwrite"))
		f->kind = K_OVERWRITE;
	else if (!strcmp(p, "/buffer_records"))
		f->kind = K_SIZE;
	else if (!strncmp(p, "/events/", 8) || !strncmp(p, "/categories/", 12))
		f->kind = K_BOOL;
	else if (!strcmp(p, "/buffers/current"))
		f->kind = K_BUFNO;
	else if (!strcmp(p, "/masksets/current"))
		f->kind = K_SETCUR;
	else if (!strcmp(p, "/masksets/delete"))
		f->kind = K_SETDEL;
	else if (!strcmp(p, "/masksets/define"))
		f->kind = K_DEFINE;
	else if (sscanf(p, "/buffers/%d/%31s", &b, tail) == 2 && b >= 0 && b < NR_BUFFERS) {
		f->buf = b;
		if (!strcmp(tail, "records"))
			f->kind = K_SIZE;
		else if (!strcmp(tail, "overwrite"))
			f->kind = K_OVERWRITE;
	}
}

static void walk(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((d = readdir(dp))) {
		char path[512];
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path);
			continue;
		}
		if (!S_ISREG(st.st_mode) || is_records(path))
			continue;
		if ((st.st_mode & S_IWUSR) && nw < MAX_FILES) {
			wfiles[nw].path = strdup(path);
			classify(&wfiles[nw++]);
		}
		if ((st.st_mode & S_IRUSR) && nr < MAX_FILES) {
			rfiles[nr++] = strdup(path);
			if (!is_counter(path) && ns < MAX_FILES)
				sfiles[ns++] = rfiles[nr - 1];
		}
	}
	closedir(dp);
}

/* Read @path whole into @buf (NUL-terminated); -1 and errno if it cannot be read. */
static ssize_t slurp(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY), err;

	if (fd < 0)
		return -1;
	while ((size_t)got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	err = errno;
	if ((size_t)got < len - 1 && n < 0) {
		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/* ---- the state: the contents of every settings file ---- */

struct state {
	char *text[MAX_FILES];
	ssize_t len[MAX_FILES];		/* -1: unreadable */
	int err[MAX_FILES];
};

static struct state cur, after;

static void snapshot(struct state *s)
{
	int i;

	for (i = 0; i < ns; i++) {
		if (!s->text[i])
			s->text[i] = malloc(FILE_MAX);
		s->len[i] = slurp(sfiles[i], s->text[i], FILE_MAX);
		s->err[i] = s->len[i] < 0 ? errno : 0;
	}
}

static const char *state_of(const struct state *s, const char *path)
{
	int i;

	for (i = 0; i < ns; i++)
		if (!strcmp(sfiles[i], path))
			return s->len[i] >= 0 ? s->text[i] : "";
	return "";
}

/* ---- output ---- */

static int *failures;		/* shared with the phase 2 writers */
static unsigned long *counters;	/* [0] rejected, [1] accepted */

static void escape(const char *buf, size_t len, char *out)
{
	size_t i, n = 0;

	for (i = 0; i < len && i < 60; i++) {
		unsigned char c = buf[i];

		if (c == '\n')
			n += sprintf(out + n, "\\n");
		else if (c == '\\' || c == '\'')
			n += sprintf(out + n, "\\%c", c);
		else
			n += sprintf(out + n, c >= 0x20 && c < 0x7f ? "%c" : "\\x%02x", c);
	}
	if (len > 60)
		n += sprintf(out + n, "...");
	out[n] = '\0';
}

static const char *errname(int e)
{
	static char other[16];

	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EAGAIN: return "EAGAIN";
	}
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
	__atomic_add_fetch(failures, 1, __ATOMIC_SEQ_CST);
}

/* ---- the model of the kernel's parsers ---- */

/* the kernel's isspace(): \t \n \v \f \r, space and 0xa0 */
static int kspace(unsigned char c)
{
	return (c >= 9 && c <= 13) || c == ' ' || c == 0xa0;
}

static char *kstrim(char *s)
{
	size_t n;

	while (kspace(*s))
		s++;
	n = strlen(s);
	while (n && kspace(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* kstrtoull(s, 0, &v): 0, -EINVAL or -ERANGE */
static int kstrtoull0(const char *s, uint64_t *v)
{
	unsigned int base = 10;
	uint64_t r = 0;
	int n = 0, over = 0;

	if (*s == '+')
		s++;
	if (s[0] == '0') {
		if ((s[1] | 0x20) == 'x' && isxdigit((unsigned char)s[2])) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	for (;; s++, n++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (r > (UINT64_MAX - d) / base)
			over = 1;
		r = r * base + d;
	}
	if (!n)
		return -EINVAL;
	if (over)
		return -ERANGE;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*v = r;
	return 0;
}

static int kstrtou32(const char *s, uint64_t *v)
{
	int ret = kstrtoull0(s, v);

	return ret ? ret : *v > UINT32_MAX ? -ERANGE : 0;
}

/* sysfs_streq() */
static int streq_nl(const char *s, const char *want)
{
	size_t n = strlen(want);

	return !strncmp(s, want, n) && (!s[n] || (s[n] == '\n' && !s[n + 1]));
}

/* lkst_parse_bool(): 1, 0, or -1 */
static int kbool(const char *s)
{
	if (streq_nl(s, "1") || streq_nl(s, "on"))
		return 1;
	if (streq_nl(s, "0") || streq_nl(s, "off"))
		return 0;
	return -1;
}

static int valid_records(uint64_t n)
{
	return n >= MIN_RECORDS && n <= MAX_RECORDS && !(n & (n - 1));
}

/* What the model knows of the kernel: fixed tables and, per write, the state. */
static char *events[256], *categories[32];
static int nevents, ncategories;

struct set {
	char name[NAME_MAX_LEN + 1];
	char targets[MAX_SETS][NAME_MAX_LEN + 1];	/* its triggers' target sets */
	int ntargets;
};

struct model {
	struct set sets[MAX_SETS + 4];
	int nsets, current;
	char modules[16][NAME_MAX_LEN + 1];
	int nmodules;
	uint64_t records[NR_BUFFERS];
	int tracing;
};

static struct model m;

static void load_events(void)
{
	static char text[FILE_MAX];
	char *line, *p = text;

	if (slurp("/proc/lkst_etypes", text, sizeof(text)) < 0)
		return;
	while ((line = strsep(&p, "\n"))) {
		char name[64], cat[64];
		int id, i;

		if (sscanf(line, "%d %63s %63s", &id, name, cat) != 3)
			continue;
		if (nevents < 256)
			events[nevents++] = strdup(name);
		for (i = 0; i < ncategories && strcmp(categories[i], cat); i++)
			;
		if (i == ncategories && ncategories < 32)
			categories[ncategories++] = strdup(cat);
	}
}

static int find_set(const struct model *md, const char *name)
{
	int i;

	for (i = 0; i < md->nsets; i++)
		if (!strcmp(md->sets[i].name, name))
			return i;
	return -1;
}

/* The model's view of @s: sets, current set, triggers, modules, buffers. */
static void model_from(const struct state *s, struct model *md)
{
	char *text, *p, *line, path[64];
	struct set *set = NULL;
	int b;

	memset(md, 0, sizeof(*md));
	md->current = -1;
	text = strdup(state_of(s, "/proc/lkst_masksets"));
	for (p = text; (line = strsep(&p, "\n"));) {
		char tok[3][64];

		if (!strncmp(line, "maskset ", 8)) {
			set = md->nsets < MAX_SETS + 4 ? &md->sets[md->nsets++] : NULL;
			if (set)
				snprintf(set->name, sizeof(set->name), "%s", line + 8);
		} else if (set && !strncmp(line, "# slot ", 7) && strstr(line, ", current")) {
			md->current = set - md->sets;
		} else if (set && sscanf(line, "%63s %63s %63s", tok[0], tok[1], tok[2]) == 3 &&
			   !strcmp(tok[1], "trigger") && set->ntargets < MAX_SETS) {
			snprintf(set->targets[set->ntargets++], NAME_MAX_LEN + 1, "%s",
				 strchr(strchr(line, ' ') + 1, ' ') + 1);
			set->targets[set->ntargets - 1][strcspn(set->targets[set->ntargets - 1], " ")] = '\0';
		}
	}
	free(text);
	text = strdup(state_of(s, SYS "/handlers"));
	for (p = text; (line = strsep(&p, "\n"));) {
		char name[64], what[16];
		int id;

		if (sscanf(line, "%d %63s %15s", &id, name, what) == 3 &&
		    !strcmp(what, "module") && md->nmodules < 16)
			snprintf(md->modules[md->nmodules++], NAME_MAX_LEN + 1, "%.32s", name);
	}
	free(text);
	for (b = 0; b < NR_BUFFERS; b++) {
		snprintf(path, sizeof(path), SYS "/buffers/%d/records", b);
		md->records[b] = strtoull(state_of(s, path), NULL, 10);
	}
	if (!md->records[0])
		md->records[0] = strtoull(state_of(s, SYS "/buffer_records"), NULL, 10);
	md->tracing = atoi(state_of(s, SYS "/tracing"));
}

static const char *const builtin[] = {
	"none", "record", "stack", "count", "filter", "trigger", "freeze", "buffer",
};

/* lkst_parse_handler(): 1 if @line is a valid "HANDLER [OPTION]" */
static int m_handler(const struct model *md, char *line)
{
	char *handler = strsep(&line, " \t"), *opt = line ? kstrim(line) : NULL;
	char *target;
	uint64_t v;
	int h, i;

	if (opt && !*opt)
		opt = NULL;
	for (h = 0; h < 8 && strcmp(handler, builtin[h]); h++)
		;
	if (h == 8) {
		for (i = 0; i < md->nmodules; i++)
			if (!strcmp(md->modules[i], handler))
				return !opt;
		return 0;
	}
	switch (h) {
	case 0: case 1: case 3:		/* none, record, count */
		return !opt;
	case 2:				/* stack [1..12] */
		return !opt || (!kstrtou32(opt, &v) && v >= 1 && v <= 12);
	case 6:				/* freeze [0..INT_MAX] */
		return !opt || (!kstrtou32(opt, &v) && v <= INT32_MAX);
	case 4:				/* filter */
		if (!opt)
			return 0;
		if (!strncmp(opt, "pid=", 4))
			return !kstrtoull0(opt + 4, &v);
		if (!strncmp(opt, "tgid=", 5))
			return !kstrtoull0(opt + 5, &v);
		return !strncmp(opt, "comm=", 5) && opt[5] && strlen(opt + 5) < 16;
	default:			/* trigger SET, buffer N [argI=V] */
		target = opt ? strsep(&opt, " \t") : NULL;
		if (!target || !*target)
			return 0;
		if (h == 7 ? kstrtou32(target, &v) || v >= NR_BUFFERS :
			     find_set(md, target) < 0)
			return 0;
		if (!opt)
			return 1;
		return strlen(opt) >= 6 && !strncmp(opt, "arg", 3) && opt[3] >= '0' &&
		       opt[3] <= '3' && opt[4] == '=' && !kstrtoull0(opt + 5, &v);
	}
}

/* lkst_parse_line(): "TARGET HANDLER [OPTION]" */
static int m_line(const struct model *md, char *line)
{
	char *target = strsep(&line, " \t");
	int i;

	if (!line || !m_handler(md, kstrim(line)))
		return 0;
	if (!strcmp(target, "all"))
		return 1;
	for (i = 0; i < nevents; i++)
		if (!strcmp(target, events[i]))
			return 1;
	for (i = 0; i < ncategories; i++)
		if (!strcmp(target, categories[i]))
			return 1;
	return 0;
}

/* lkst_parse_maskset(): 1 if @text defines a set */
static int m_define(const struct model *md, const char *text)
{
	char *copy = strdup(text), *p = copy, *line;
	int named = 0, ok = 1;

	while (ok && (line = strsep(&p, "\n"))) {
		line = kstrim(line);
		if (!*line || *line == '#')
			continue;
		if (!named) {
			char *name;

			if (strncmp(line, "maskset ", 8)) {
				ok = 0;
				break;
			}
			name = kstrim(line + 8);
			ok = *name && strlen(name) < NAME_MAX_LEN && !strpbrk(name, " \t/");
			named = 1;
			continue;
		}
		ok = m_line(md, line);
	}
	free(copy);
	return ok && named;
}

/* The set a masksets/current or delete write names, or -1 */
static int m_setname(const struct model *md, const char *seen, size_t count)
{
	char name[NAME_MAX_LEN + 1];

	if (count >= NAME_MAX_LEN)
		return -1;
	memcpy(name, seen, count);
	name[count] = '\0';
	return find_set(md, kstrim(name));
}

/*
 * Would the kernel accept @count bytes of @buf written to @f, in state
 * @md?  1 yes, 0 no (an accepted write is then a failure), -1 the model
 * does not know.  The kernel sees at most a page, up to its first NUL.
 */
static int m_valid(const struct model *md, const struct file *f,
		   const char *buf, size_t count)
{
	char seen[PAGE + 1];
	uint64_t v;
	int s, i, j;

	if (count > PAGE)
		count = PAGE;
	memcpy(seen, buf, count);
	seen[count] = '\0';
	switch (f->kind) {
	case K_TRACING:
	case K_BOOL:
		return kbool(seen) >= 0;
	case K_RESET:
		return kbool(seen) == 1;
	case K_FROZEN:
		return kbool(seen) == 0;
	case K_OVERWRITE:
		return kbool(seen) >= 0 && md->records[f->buf];
	case K_SIZE:
		if (kstrtoull0(seen, &v))
			return 0;
		return valid_records(v) || (f->buf && !v);
	case K_BUFNO:
		if (kstrtou32(seen, &v) || v >= NR_BUFFERS)
			return 0;
		return !v || md->records[v];
	case K_SETCUR:
		return m_setname(md, seen, count) >= 0;
	case K_SETDEL:
		s = m_setname(md, seen, count);
		if (s < 0 || s == md->current)
			return 0;
		for (i = 0; i < md->nsets; i++)
			for (j = 0; i != s && j < md->sets[i].ntargets; j++)
				if (!strcmp(md->sets[i].targets[j], md->sets[s].name))
					return 0;
		return 1;
	case K_DEFINE:
		return m_define(md, seen);
	default:
		return -1;
	}
}

/* Would this write start tracing? */
static int starts_tracing(const struct file *f, const char *buf, size_t count)
{
	char seen[PAGE + 1];

	if (f->kind != K_TRACING)
		return 0;
	if (count > PAGE)
		count = PAGE;
	memcpy(seen, buf, count);
	seen[count] = '\0';
	return kbool(seen) == 1;
}

/* ---- payloads ---- */

static const char *const hostile_numbers[] = {
	"-1", "-0", "0x", "0X", "0x-1", "18446744073709551615", "18446744073709551616",
	"9223372036854775808", "9223372036854775807", "-9223372036854775809",
	"4294967295", "4294967296", "4294967300", "2147483648", "-2147483648",
	"0x7fffffffffffffff", "0xffffffffffffffff", "0x10000000000000000", "1e9",
	" 12 ", "12abc", "16x", "0b101", "+8", "++8", "+-8", "010", "08", "09",
	"0x8\n", "8\n\n", "\n8", "8 ", " 8", "8\t", "4194304", "8388608", "4194305",
	"7", "9", "65536\n\n", "1\n1", "", "\n", "1.0", "1,0", "0.5", "1e3", "inf",
	"nan", "NULL", "true", "false", "yes", "no", "y", "n", "ON", "On", "OFF",
	"onn", "of", "o", "1\r", "\r1", "0\v", "00", "+1", "-1\n", "01", "0x1", "2",
};

static const char *const bad_lines[] = {
	"SYSCALL_ENTRY recrod", "NOPE record", "all stack 99", "all stack 0",
	"all stack 13", "all stack -1", "all stack 0x", "all freeze 2147483648",
	"all freeze -1", "all freeze 1 2", "SYSCALL filter pid=", "SYSCALL filter pid=-1",
	"SYSCALL filter", "SYSCALL filter uid=0", "SYSCALL filter comm=",
	"SYSCALL filter comm=0123456789abcdef", "all trigger nosuch",
	"all trigger default arg9=1", "all trigger default arg4=1",
	"all trigger default arg0=", "all trigger default arg0", "all trigger default  arg0=1",
	"all trigger default arg0=1 x", "all trigger", "all buffer 4", "all buffer -1",
	"all buffer", "all buffer 1 arg0=0x1z", "all buffer 1 arg=1", "PROCESS",
	"all none extra", "all record 1", "all count x", "maskset", "maskset a/b",
	"maskset other", "all sample_sitex", "all record \x01\x02", "all\vrecord",
	"syscall record", "SYSCALL_ENTRY\\ record", "ALL record", "all RECORD",
	"SYSCALL_ENTRYY record", "SYSCAL record", "LOCKS none", "all\xa0record",
};

static const char *const good_lines[] = {
	"all none", "all record", "SYSCALL record", "SYSCALL count", "PROCESS stack",
	"PROCESS stack 4", "EXCEPTION stack 12", "SYSCALL_ENTRY filter pid=1",
	"SYSCALL filter tgid=0x10", "SYSCALL filter comm=sh", "SYSCALL_EXIT freeze",
	"SYSCALL_EXIT freeze 100", "SYSCALL_EXIT freeze 0", "LOCK none", "TIMER count",
	"SYSCALL_ENTRY trigger default arg0=0x6e", "SYSCALL_ENTRY trigger default",
	"PROCESS_CONTEXTSWITCH buffer 1 arg1=1", "NET buffer 2", "FS record",
	"  MEMORY\trecord  ", "# a comment", "", "INTERRUPT buffer 0 arg3=+0",
};

static const char *const set_names[] = {
	"default", "all", "sched", "io", "net", "fz0", "fz1", "fz2",
};
static const char *const fz_names[] = { "fz0", "fz1", "fz2" };

static char *orig_sets[MAX_SETS];	/* the definitions of the start */
static char *orig_names[MAX_SETS];
static int norig;
static char orig_records[32] = "16384";
static char orig_overwrite[8] = "1";

static size_t valid_define(char *buf, size_t max)
{
	size_t len;
	int i, n = 1 + pick(4);

	len = snprintf(buf, max, "maskset %s\n", pick(8) ? PICK(fz_names) : PICK(set_names));
	if (!strcmp(buf, "maskset default\n") && norig) {
		/* "default" as it was at the start */
		return snprintf(buf, max, "%s", orig_sets[0]);
	}
	for (i = 0; i < n; i++)
		len += snprintf(buf + len, max - len, "%s\n", PICK(good_lines));
	return len;
}

/* A valid write to @f, given the model */
static size_t valid_payload(const struct model *md, const struct file *f,
			    char *buf, size_t max, int phase)
{
	static const char *const bools[] = { "0", "1", "on", "off", "0\n", "1\n", "on\n" };
	static const char *const offs[] = { "0", "off", "0\n", "off\n" };
	int shift;

	switch (f->kind) {
	case K_TRACING:
		return snprintf(buf, max, "%s", phase == 1 ? PICK(offs) : PICK(bools));
	case K_RESET:
		return snprintf(buf, max, "%s", pick(2) ? "1" : "on\n");
	case K_FROZEN:
		return snprintf(buf, max, "%s", PICK(offs));
	case K_OVERWRITE:
	case K_BOOL:
		return snprintf(buf, max, "%s", PICK(bools));
	case K_SIZE:
		/* mostly small; a few that cannot fit (ENOMEM, not the OOM killer) */
		if (!pick(15))
			shift = 20 + pick(3);
		else
			shift = 3 + pick(10);
		if (f->buf && !pick(3))
			return snprintf(buf, max, "0");
		return snprintf(buf, max, pick(4) ? "%lu" : "%#lx\n", 1UL << shift);
	case K_BUFNO:
		return snprintf(buf, max, "%d", pick(NR_BUFFERS));
	case K_SETCUR:
	case K_SETDEL:
		if (md->nsets && pick(4))
			return snprintf(buf, max, "%s\n", md->sets[pick(md->nsets)].name);
		return snprintf(buf, max, "%s", PICK(set_names));
	case K_DEFINE:
		return valid_define(buf, max);
	default:
		return snprintf(buf, max, "%s", PICK(bools));
	}
}

/* One character changed: a typo */
static size_t typo(char *buf, size_t len, size_t max)
{
	size_t at;

	if (!len) {
		buf[0] = 'x';
		return 1;
	}
	at = pick(len);
	switch (pick(5)) {
	case 0:		/* dropped */
		memmove(buf + at, buf + at + 1, len - at - 1);
		return len - 1;
	case 1:		/* doubled */
		if (len + 1 >= max)
			return len;
		memmove(buf + at + 1, buf + at, len - at);
		return len + 1;
	case 2:		/* swapped */
		if (at + 1 < len) {
			char c = buf[at];

			buf[at] = buf[at + 1];
			buf[at + 1] = c;
		}
		return len;
	case 3:		/* case */
		buf[at] ^= isalpha((unsigned char)buf[at]) ? 0x20 : 0;
		return len;
	default:	/* replaced */
		buf[at] = " \t\n\0x1/_-#=9"[pick(12)];
		return len;
	}
}

static size_t payload(const struct model *md, const struct file *f, char *buf,
		      size_t max, int phase)
{
	size_t len, i;

	switch (pick(12)) {
	case 0:		/* random bytes, NULs included */
		len = pick(65);
		for (i = 0; i < len; i++)
			buf[i] = next();
		return len;
	case 1:
	case 2:
		return snprintf(buf, max, "%s", PICK(hostile_numbers));
	case 3:		/* long: up to 64 KiB, of one character or of a valid value */
		len = 1 + pick(BIG);
		if (pick(2)) {
			memset(buf, "01ax \n8#"[pick(8)], len);
		} else {
			size_t one = valid_payload(md, f, buf, max, phase);

			for (i = one; one && i < len; i++)
				buf[i] = buf[i % one];
		}
		return len;
	case 4:		/* empty */
		return 0;
	case 5:		/* a mask set with one bad line */
		len = valid_define(buf, max);
		if (!strncmp(buf, "maskset default", 15))
			len = snprintf(buf, max, "maskset fz%d\nall record\n", pick(3));
		return len + snprintf(buf + len, max - len, "%s\n", PICK(bad_lines));
	case 6:		/* a valid value then a NUL and junk */
		len = valid_payload(md, f, buf, max, phase);
		buf[len++] = '\0';
		return len + snprintf(buf + len, max - len, "%s", PICK(hostile_numbers));
	case 7:
	case 8:		/* a typo */
		len = valid_payload(md, f, buf, max, phase);
		return typo(buf, len, max);
	default:	/* valid, one in four */
		return valid_payload(md, f, buf, max, phase);
	}
}

/* ---- baseline ---- */

static int put(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY), ret = -1;

	if (fd >= 0) {
		ret = write(fd, text, strlen(text)) < 0 ? -1 : 0;
		close(fd);
	}
	return ret;
}

/* The sets of the start, each as /proc/lkst_masksets shows it. */
static void save_sets(void)
{
	static char text[FILE_MAX];
	char *p, *start;

	if (slurp("/proc/lkst_masksets", text, sizeof(text)) < 0)
		return;
	for (p = strstr(text, "maskset "); p && norig < MAX_SETS; p = strstr(p, "\nmaskset ")) {
		char *end;

		if (*p == '\n')
			p++;
		start = p;
		end = strstr(p, "\n\n");
		if (!end)
			end = p + strlen(p);
		orig_sets[norig] = strndup(start, end - start + 1);
		orig_names[norig] = strndup(start + 8, strcspn(start + 8, "\n"));
		/* "default" first: valid_define() restores it */
		if (norig && !strcmp(orig_names[norig], "default")) {
			char *t = orig_sets[0], *n = orig_names[0];

			orig_sets[0] = orig_sets[norig];
			orig_names[0] = orig_names[norig];
			orig_sets[norig] = t;
			orig_names[norig] = n;
		}
		norig++;
		p = end;
	}
}

static void baseline(void)
{
	struct model md;
	struct state s = {};
	char path[64];
	int b, i, round;

	put(SYS "/tracing", "0");
	put(SYS "/frozen", "0");
	put(SYS "/buffers/current", "0");
	for (b = 1; b < NR_BUFFERS; b++) {
		snprintf(path, sizeof(path), SYS "/buffers/%d/records", b);
		put(path, "0");
	}
	put(SYS "/buffer_records", orig_records);
	put(SYS "/overwrite", orig_overwrite);
	/* the sets of the start back as they were, the others gone */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < norig; i++)
			put(SYS "/masksets/define", orig_sets[i]);
		put(SYS "/masksets/current", "default");
		snapshot(&s);
		model_from(&s, &md);
		for (i = 0; i < md.nsets; i++) {
			int o;

			for (o = 0; o < norig && strcmp(orig_names[o], md.sets[i].name); o++)
				;
			if (o == norig)
				put(SYS "/masksets/delete", md.sets[i].name);
		}
	}
	for (i = 0; i < ns; i++)
		free(s.text[i]);
	put(SYS "/reset", "1");
}

/* ---- the writes ---- */

/* Every readable file, counters included, must read. */
static void check_readable(const char *after_what)
{
	static char buf[FILE_MAX];
	int i;

	for (i = 0; i < nr; i++)
		if (slurp(rfiles[i], buf, sizeof(buf)) < 0)
			fail("%s unreadable (%s) %s", rfiles[i], errname(errno), after_what);
}

struct outcome {
	int written;		/* write(2) calls made */
	int accepted;		/* one of them returned > 0 */
	size_t first;		/* the length of the first one */
	int err;		/* of the first, or of the first refused one */
	ssize_t ret;
};

/*
 * Write @buf to @f: once, cut short (a partial write), or several times
 * on one descriptor.  In phase 1 (@md), writes that would start tracing
 * are left out, and every write the kernel accepts is checked against the
 * model, as long as the state is the one @md describes (until the first
 * accepted write).
 */
static struct outcome do_writes(const struct file *f, const char *buf, size_t len,
				const struct model *md)
{
	struct outcome o = { 0, 0, 0, 0, -1 };
	int fd = open(f->path, O_WRONLY), times = 1, k;
	char esc[256];

	if (fd < 0) {
		o.err = errno;
		if (unprivileged && (errno == EACCES || errno == EPERM))
			o.written = 1;	/* refused at open(): fine */
		else
			fail("cannot open %s for writing: %s", f->path, errname(errno));
		return o;
	}
	if (!pick(10))
		times = 2 + pick(7);
	for (k = 0; k < times; k++) {
		size_t n = len;
		ssize_t got;

		if (len > 1 && !pick(8))
			n = 1 + pick(len - 1);	/* a partial write */
		if (md && !unprivileged && starts_tracing(f, buf, n))
			continue;
		got = write(fd, buf, n);
		if (!o.written++ || (got <= 0 && o.ret > 0)) {
			o.first = o.written == 1 ? n : o.first;
			o.err = got < 0 ? errno : 0;
			o.ret = got;
		}
		if (unprivileged) {
			escape(buf, n, esc);
			if (got > 0)
				fail("write of '%s' (len %zu) to %s was accepted (returned %zd) without CAP_SYS_ADMIN",
				     esc, n, f->path, got);
			else if (got < 0 && errno != EPERM)
				fail("write of '%s' (len %zu) to %s without CAP_SYS_ADMIN returned %s, not EPERM",
				     esc, n, f->path, errname(errno));
		}
		if (got <= 0)
			continue;
		if (md && !unprivileged && !o.accepted) {
			escape(buf, n, esc);
			if (m_valid(md, f, buf, n) == 0)
				fail("write of '%s' (len %zu) to %s was accepted (returned %zd), but is not valid",
				     esc, n, f->path, got);
			if ((size_t)got != (n > PAGE ? PAGE : n))
				fail("write of '%s' (len %zu) to %s returned %zd",
				     esc, n, f->path, got);
		}
		o.accepted = 1;
	}
	close(fd);
	return o;
}

static int notes;
/* single whole writes: the model's verdict against the kernel's */
static unsigned long agree_ok, agree_refused, valid_refused[160], unknown;

static void resync(void)
{
	snapshot(&cur);
	model_from(&cur, &m);
}

static void phase1(unsigned long writes)
{
	static char buf[BIG + PAGE];
	unsigned long i;
	char esc[256];

	if (!unprivileged)
		baseline();
	resync();
	for (i = 0; i < writes; i++) {
		const struct file *f = &wfiles[pick(nw)];
		size_t len;
		struct outcome o;
		int k, changed = 0;

		do	/* tracing stays off */
			len = payload(&m, f, buf, sizeof(buf) - 1, 1);
		while (!unprivileged && starts_tracing(f, buf, len));
		o = do_writes(f, buf, len, &m);
		if (!o.written)
			continue;
		__atomic_add_fetch(&counters[o.accepted], 1, __ATOMIC_SEQ_CST);
		if (verbose) {
			escape(buf, len, esc);
			printf("%lu %s '%s' %zu/%zu -> %zd %s\n", i, f->path, esc, o.first, len,
			       o.ret, o.accepted ? "" : errname(o.err));
		}
		if (o.written == 1 && o.first == len && !unprivileged) {
			int v = m_valid(&m, f, buf, len);

			if (v < 0)
				unknown++;
			else if (v && o.accepted)
				agree_ok++;
			else if (!v && !o.accepted)
				agree_refused++;
			else if (v && !o.accepted)
				valid_refused[o.ret < 0 && o.err < 159 ? o.err : 159]++;
		}
		if (o.accepted) {
			resync();
			if (m.tracing) {
				escape(buf, len, esc);
				printf("NOTE: tracing on after '%s' to %s; stopped\n", esc, f->path);
				put(SYS "/tracing", "0");
				resync();
			}
		} else {
			snapshot(&after);
			for (k = 0; k < ns; k++) {
				if (after.len[k] == cur.len[k] &&
				    (after.len[k] < 0 || !memcmp(after.text[k], cur.text[k], after.len[k])))
					continue;
				escape(buf, len, esc);
				if (after.len[k] < 0)
					fail("%s unreadable (%s) after a write of '%s' (len %zu) to %s",
					     sfiles[k], errname(after.err[k]), esc, len, f->path);
				else
					fail("write of '%s' (len %zu) to %s returned %s and changed %s",
					     esc, len, f->path, o.ret == 0 ? "0" : errname(o.err),
					     sfiles[k]);
				changed = 1;
			}
			if (changed)
				resync();
			/* a valid write refused as malformed: the model or the kernel is wrong */
			if (o.written == 1 && o.first == len && len && len <= PAGE && o.ret < 0 &&
			    (o.err == EINVAL || o.err == ENOENT || o.err == ERANGE) &&
			    m_valid(&m, f, buf, len) == 1 && notes++ < 20) {
				escape(buf, len, esc);
				printf("NOTE: valid write of '%s' (len %zu) to %s refused with %s\n",
				       esc, len, f->path, errname(o.err));
			}
		}
		if (i % 16 == 15)
			check_readable("in phase 1");
		if (i % BASELINE_EVERY == BASELINE_EVERY - 1 && !unprivileged) {
			baseline();
			resync();
		}
	}
	if (unprivileged)
		return;
	baseline();
	printf("ctlfuzz: model: %lu valid accepted, %lu invalid refused, %lu unknown; valid refused:",
	       agree_ok, agree_refused, unknown);
	for (i = 0; i < 160; i++)
		if (valid_refused[i])
			printf(" %lu %s", valid_refused[i], i == 159 ? "other" : errname(i));
	printf("\n");
}

static void phase2(unsigned long writes, int writers, unsigned long seed)
{
	static char buf[BIG + PAGE], rbuf[FILE_MAX];
	int w;

	for (w = 0; w < writers; w++) {
		if (fork() == 0) {
			unsigned long k, mine = writes / writers + (w < (int)(writes % writers));

			rng = (seed + w + 1) * 0x9E3779B97F4A7C15ULL | 1;
			resync();
			for (k = 0; k < mine; k++) {
				const struct file *f = &wfiles[pick(nw)];
				size_t len = payload(&m, f, buf, sizeof(buf) - 1, 2);
				struct outcome o = do_writes(f, buf, len, NULL);
				const char *r;

				if (o.written)
					__atomic_add_fetch(&counters[o.accepted], 1, __ATOMIC_SEQ_CST);
				r = rfiles[pick(nr)];
				if (slurp(r, rbuf, sizeof(rbuf)) < 0)
					fail("%s unreadable (%s) during the concurrent writes",
					     r, errname(errno));
				if (k % 64 == 63)	/* the sets move: names to pick */
					resync();
			}
			_exit(0);
		}
	}
	for (;;) {
		int status;
		pid_t pid = wait(&status);

		if (pid < 0)
			break;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			fail("writer %d ended with status %#x", pid, status);
	}
	if (!unprivileged)
		baseline();
	check_readable("after the concurrent writes");
}

int main(int argc, char **argv)
{
	unsigned long seed = 1, writes = 3000, concurrent = -1UL, r1, a1;
	int writers = 2, opt;

	while ((opt = getopt(argc, argv, "s:n:c:j:vU")) != -1) {
		switch (opt) {
		case 's': seed = strtoul(optarg, NULL, 0); break;
		case 'n': writes = strtoul(optarg, NULL, 0); break;
		case 'c': concurrent = strtoul(optarg, NULL, 0); break;
		case 'j': writers = atoi(optarg); break;
		case 'v': verbose = 1; break;
		case 'U': unprivileged = 1; break;
		default:
			fprintf(stderr, "usage: lkst-ctlfuzz [-s SEED] [-n WRITES] [-c CONCURRENT] [-j WRITERS] [-v] [-U]\n");
			return 2;
		}
	}
	if (concurrent == -1UL)
		concurrent = writes;
	if (writers < 1)
		writers = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	failures = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (failures == MAP_FAILED)
		return 2;
	counters = (unsigned long *)(failures + 16);
	rng = seed * 0x9E3779B97F4A7C15ULL | 1;

	walk(SYS);
	if (!nw) {
		fprintf(stderr, "ctlfuzz: no writable file under %s\n", SYS);
		return 1;
	}
	rfiles[nr++] = "/proc/lkst_masksets";
	rfiles[nr++] = "/proc/lkst_etypes";
	sfiles[ns++] = "/proc/lkst_masksets";
	sfiles[ns++] = "/proc/lkst_etypes";
	load_events();
	if (unprivileged) {
		/* only what this user may read: the others are no state of its */
		static char tmp[FILE_MAX];
		int i, j;

		for (i = j = 0; i < nr; i++)
			if (slurp(rfiles[i], tmp, sizeof(tmp)) >= 0)
				rfiles[j++] = rfiles[i];
		nr = j;
		for (i = j = 0; i < ns; i++)
			if (slurp(sfiles[i], tmp, sizeof(tmp)) >= 0)
				sfiles[j++] = sfiles[i];
		ns = j;
		printf("ctlfuzz: unprivileged: %d writable files, %d readable, %d of them settings\n",
		       nw, nr, ns);
		goto fuzz;
	}
	if (slurp(SYS "/buffer_records", orig_records, sizeof(orig_records)) > 0)
		orig_records[strcspn(orig_records, "\n")] = '\0';
	if (slurp(SYS "/overwrite", orig_overwrite, sizeof(orig_overwrite)) > 0)
		orig_overwrite[strcspn(orig_overwrite, "\n")] = '\0';
	put(SYS "/tracing", "0");
	put(SYS "/masksets/current", "default");
	save_sets();
	if (!norig || strcmp(orig_names[0], "default")) {
		fprintf(stderr, "ctlfuzz: no mask set \"default\" in /proc/lkst_masksets\n");
		return 1;
	}
	printf("ctlfuzz: %d writable files, %d readable, %d of them settings; %d events, %d categories, %d mask sets\n",
	       nw, nr, ns, nevents, ncategories, norig);
fuzz:
	phase1(writes);
	r1 = counters[0];
	a1 = counters[1];
	printf("ctlfuzz: phase 1: %lu writes (%lu rejected, %lu accepted), %d failures\n",
	       r1 + a1, r1, a1, *failures);
	phase2(concurrent, writers, seed);
	printf("ctlfuzz: phase 2: %d writers, %lu writes (%lu rejected, %lu accepted)\n",
	       writers, counters[0] + counters[1] - r1 - a1, counters[0] - r1, counters[1] - a1);
	printf("ctlfuzz: %lu writes (%lu rejected, %lu accepted), %d failures, seed %lu\n",
	       counters[0] + counters[1], counters[0], counters[1], *failures, seed);
	return *failures ? 1 : 0;
}
