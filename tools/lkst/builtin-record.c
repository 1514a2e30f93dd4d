// SPDX-License-Identifier: GPL-2.0
/*
 * lkst record [-o FILE] [-e EVENT|CATEGORY]... [-a | -- COMMAND [ARGS...]]
 *
 * Without a command, drain what the buffers hold now (a flight-recorder
 * snapshot) and leave tracing as it is.  With a command, start tracing if it
 * was off (after emptying the buffers), run the command, drain the buffers
 * while it runs and once more after it exits, and stop tracing again if this
 * run started it.  lkst then exits with the command's status (128 + N if
 * signal N killed it), as time(1) does; a SIGTERM or SIGHUP to lkst is
 * passed to the command, and the trace is finished and the tracer put
 * back as usual.  The trace file carries the kernel's event table, so it
 * can be printed anywhere.
 *
 * -e records only the events named (events or categories, as often as
 * needed) through a mask set of its own, "record-PID", made current for
 * the recording: the switch is atomic, and at the end the set that was
 * current is put back and "record-PID" deleted, whatever ends the
 * recording.
 *
 * FILE is written as the records come, and synced to disk about once a
 * second, so that when the system dies the file holds everything up to
 * the last sync: "lkst crash merge FILE DUMP" then adds what the dump
 * holds beyond it (Documentation/crash.md).  A new FILE is its owner's
 * only (0600): records hold what only CAP_SYS_ADMIN may read.
 *
 * At the end, the kernel symbols that the trace's code addresses fall in
 * are looked up in /proc/kallsyms and saved with it, so that it prints
 * with names anywhere; where kptr_restrict hides the addresses from us,
 * the trace has none, and says so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lkst.h"
#include "lkst-trace.h"

/* A SIGTERM or SIGHUP to lkst: pass it on, then finish the trace */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

struct recorder {
	struct lkst_trace t;
	FILE *out;
	const char *path;
	int *fds;		/* per buffer and cpu: fds[b * ncpus + cpu] */
	unsigned long long nrecs;
	int header_written;
	size_t tasks_written;	/* t.tasks[] already in a TASKS chunk */
	struct timespec last_sync;
	struct lkst_err err;
	int command_status;	/* the exit status lkst gives back */
	int reset_done;		/* we reset the counters: they start at 0 */
	/* pids whose name we looked for: an open-addressing set of pid + 1 */
	uint32_t *named;
	size_t named_cap, named_n;
	int exec_id, fork_id;	/* PROCESS_EXEC, PROCESS_LTHREADGEN, or -1 */
	uint32_t recheck[64];	/* exec'd in the last drain: named again at */
	unsigned int nrecheck;	/* the next, when the exec has surely ended */
	/* -e: our mask set, and the one it replaced while we record */
	char ms_name[32], ms_before[32];
	int ms_current;		/* ms_name is current: switch back at the end */
	int ms_defined;		/* ms_name exists: delete it at the end */
	/* code addresses the records hold: an open-addressing set, 0 free */
	uint64_t *addrs;
	size_t addrs_cap, addrs_n;
	int addrs_failed;	/* out of memory: symbols for some only */
};

/* The counters of one CPU's buffer 0 (per_cpu/cpuN/stats) */
struct cpu_counts {
	unsigned long long written, overwritten, dropped;
};

static void read_counts(unsigned int ncpus, struct cpu_counts *c)
{
	char ctl[64], buf[512], *line, *rest;
	unsigned int cpu;

	for (cpu = 0; cpu < ncpus; cpu++) {
		memset(&c[cpu], 0, sizeof(c[cpu]));
		snprintf(ctl, sizeof(ctl), "per_cpu/cpu%u/stats", cpu);
		if (lkst_read_ctl(ctl, buf, sizeof(buf)))
			continue;
		for (rest = buf; (line = strsep(&rest, "\n"));) {
			unsigned long long v;
			char name[32];

			if (sscanf(line, "%31s %llu", name, &v) != 2)
				continue;
			if (!strcmp(name, "written"))
				c[cpu].written = v;
			else if (!strcmp(name, "overwritten"))
				c[cpu].overwritten = v;
			else if (!strcmp(name, "dropped"))
				c[cpu].dropped = v;
		}
	}
}

/*
 * What the kernel wrote while lkst recorded, and what of it did not reach
 * the file: overwritten before it was drained, or dropped; per CPU where
 * something was lost, so that a gap in the trace is never silent.
 */
static void report_losses(unsigned int ncpus, const struct cpu_counts *before)
{
	struct cpu_counts *after = calloc(ncpus, sizeof(*after));
	unsigned long long w = 0, o = 0, d = 0;
	unsigned int cpu;

	if (!after)
		return;
	read_counts(ncpus, after);
	for (cpu = 0; cpu < ncpus; cpu++) {
		unsigned long long dw = after[cpu].written - before[cpu].written;
		unsigned long long dov = after[cpu].overwritten - before[cpu].overwritten;
		unsigned long long dd = after[cpu].dropped - before[cpu].dropped;

		/* someone else's reset meanwhile: the counters restarted */
		if (after[cpu].written < before[cpu].written) {
			dw = after[cpu].written;
			dov = after[cpu].overwritten;
			dd = after[cpu].dropped;
		}
		w += dw;
		o += dov;
		d += dd;
		if (dov || dd)
			fprintf(stderr, "lkst: cpu %u: %llu records overwritten before they were drained, %llu dropped\n",
				cpu, dov, dd);
	}
	fprintf(stderr, "lkst: the kernel wrote %llu records meanwhile: %llu overwritten, %llu dropped\n",
		w, o, d);
	free(after);
}

/*
 * CLOCK_REALTIME - CLOCK_MONOTONIC now, so that "lkst print --wall" can
 * show wall-clock times: the realtime read between two monotonic reads,
 * against their middle; the closest of a few tries.
 */
static int realtime_offset(int64_t *offset)
{
	int64_t best = INT64_MAX;
	int i;

	for (i = 0; i < 5; i++) {
		struct timespec m1, rt, m2;
		int64_t a, b, w;

		if (clock_gettime(CLOCK_MONOTONIC, &m1) ||
		    clock_gettime(CLOCK_REALTIME, &rt) ||
		    clock_gettime(CLOCK_MONOTONIC, &m2))
			return -1;
		a = m1.tv_sec * 1000000000LL + m1.tv_nsec;
		b = m2.tv_sec * 1000000000LL + m2.tv_nsec;
		w = b - a;
		if (w < best) {
			best = w;
			*offset = rt.tv_sec * 1000000000LL + rt.tv_nsec - (a + w / 2);
		}
	}
	return 0;
}

static int count_cpus(void)
{
	char path[512];
	struct dirent *de;
	int max = -1;
	DIR *d;

	snprintf(path, sizeof(path), "%s/per_cpu", lkst_sysfs());
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "lkst: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		int cpu;

		if (sscanf(de->d_name, "cpu%d", &cpu) == 1 && cpu > max)
			max = cpu;
	}
	closedir(d);
	return max + 1;
}

/* Remember the comm of every thread now alive. */
static void snapshot_tasks(struct lkst_trace *t)
{
	DIR *proc = opendir("/proc"), *task;
	struct dirent *p, *th;

	while (proc && (p = readdir(proc))) {
		char path[300];

		if (p->d_name[0] < '0' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", p->d_name);
		task = opendir(path);
		while (task && (th = readdir(task))) {
			char file[600], comm[64] = "";
			FILE *f;

			if (th->d_name[0] < '0' || th->d_name[0] > '9')
				continue;
			snprintf(file, sizeof(file), "%s/%s/comm", path, th->d_name);
			f = fopen(file, "r");
			if (!f)
				continue;
			if (fgets(comm, sizeof(comm), f)) {
				comm[strcspn(comm, "\n")] = '\0';
				lkst_add_task(t, strtoul(th->d_name, NULL, 10), comm);
			}
			fclose(f);
		}
		if (task)
			closedir(task);
	}
	if (proc)
		closedir(proc);
}

/*
 * Task names, without rescanning /proc on every drain (it did, every
 * 50 ms: about 10,600 system calls a second on a machine with 85 threads,
 * each of them traced): a snapshot at the start and one at the end, and
 * in between /proc/PID/comm once for each pid the drained records bring
 * that has no name yet, again after its exec, and a new child's parent's
 * name if the child is already gone.
 */
static int named_add(struct recorder *r, uint32_t pid)
{
	size_t i;

	if (2 * (r->named_n + 1) > r->named_cap) {	/* grow, rehash */
		size_t cap = r->named_cap ? 2 * r->named_cap : 1024, j;
		uint32_t *n = calloc(cap, sizeof(*n));

		if (!n)
			return -1;
		for (j = 0; j < r->named_cap; j++) {
			if (!r->named[j])
				continue;
			for (i = r->named[j] * 2654435761u % cap; n[i]; i = (i + 1) % cap)
				;
			n[i] = r->named[j];
		}
		free(r->named);
		r->named = n;
		r->named_cap = cap;
	}
	for (i = (pid + 1) * 2654435761u % r->named_cap; r->named[i]; i = (i + 1) % r->named_cap)
		if (r->named[i] == pid + 1)
			return 1;	/* already there */
	r->named[i] = pid + 1;
	r->named_n++;
	return 0;
}

/* /proc/PID/comm into the task table; 0 if PID is alive and named */
static int name_from_proc(struct lkst_trace *t, uint32_t pid)
{
	char path[64], comm[64] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	return lkst_add_task(t, pid, comm);
}

static void name_tasks(struct recorder *r, const struct lkst_record *rec,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct lkst_record *x = &rec[i];

		if (x->flags & LKST_RF_CONT)
			continue;
		if (x->pid && x->pid < UINT32_MAX && !named_add(r, x->pid))
			name_from_proc(&r->t, x->pid);
		if (x->event == r->exec_id) {	/* a new name */
			name_from_proc(&r->t, x->pid);
			/* (the hook runs before the exec sets it) */
			if (r->nrecheck < sizeof(r->recheck) / sizeof(r->recheck[0]))
				r->recheck[r->nrecheck++] = x->pid;
		}
		if (x->event == r->fork_id && x->arg[0] < UINT32_MAX &&
		    !named_add(r, x->arg[0]) && name_from_proc(&r->t, x->arg[0]))
			lkst_add_task(&r->t, x->arg[0], lkst_task_comm(&r->t, x->pid));
	}
}

/*
 * Copy the committed records out of every CPU's buffer.  A short read means
 * the buffer was empty; stop there, since while tracing is on every read
 * adds records of its own (our read() system calls) and a loop "until
 * empty" would never end.
 */
static size_t addr_slot(const uint64_t *set, size_t cap, uint64_t a)
{
	size_t i = (size_t)((a * 0x9e3779b97f4a7c15ULL) >> 32) & (cap - 1);

	while (set[i] && set[i] != a)
		i = (i + 1) & (cap - 1);
	return i;
}

static void addr_add(struct recorder *r, uint64_t a)
{
	size_t i;

	if (!a || r->addrs_failed)
		return;
	if (2 * (r->addrs_n + 1) > r->addrs_cap) {
		size_t cap = r->addrs_cap ? 2 * r->addrs_cap : 1024;
		uint64_t *set = calloc(cap, sizeof(*set));

		if (!set) {
			r->addrs_failed = 1;
			return;
		}
		for (i = 0; i < r->addrs_cap; i++)
			if (r->addrs[i])
				set[addr_slot(set, cap, r->addrs[i])] = r->addrs[i];
		free(r->addrs);
		r->addrs = set;
		r->addrs_cap = cap;
	}
	i = addr_slot(r->addrs, r->addrs_cap, a);
	if (!r->addrs[i]) {
		r->addrs[i] = a;
		r->addrs_n++;
	}
}

/*
 * The code addresses of @rec: "sym" and "ret" arguments, and the stacks'
 * return addresses; a return address by the byte before it, the one that
 * names it (lkst_format_address())
 */
static void collect_addresses(struct recorder *r, const struct lkst_record *rec,
			      size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		const struct lkst_record *x = &rec[i];
		const struct lkst_event_type *ev;

		if (x->flags & LKST_RF_CONT) {
			if (x->flags & LKST_RF_STACK)
				for (k = 0; k < LKST_MAX_ARGS; k++)
					if (x->arg[k])
						addr_add(r, x->arg[k] - 1);
			continue;
		}
		if (x->event >= r->t.nevents)
			continue;
		ev = &r->t.events[x->event];
		for (k = 0; k < ev->nargs; k++)
			if (ev->arg_type[k] == LKST_ARG_SYM)
				addr_add(r, x->arg[k]);
			else if (ev->arg_type[k] == LKST_ARG_RET && x->arg[k])
				addr_add(r, x->arg[k] - 1);
	}
}

/*
 * The symbols the addresses fall in, from /proc/kallsyms now, as one
 * SYMBOLS chunk.  Not having them is no reason to lose the trace: a
 * warning, and print shows those addresses in hex.
 */
static int save_symbols(struct recorder *r)
{
	struct lkst_symtab all = { 0 }, used = { 0 };
	struct lkst_err err;
	size_t i, missed = 0;
	int ret = 0;

	if (!r->addrs_n)
		return 0;
	if (lkst_symtab_read_kallsyms(&all, "/proc/kallsyms", 0, &err)) {
		fprintf(stderr, "lkst: %s: the trace has no symbols\n", err.msg);
		goto out;
	}
	if (all.hidden || !all.n) {
		fprintf(stderr, "lkst: /proc/kallsyms shows %s: the trace has no symbols (Documentation/admin-guide.md)\n",
			all.n ? "no addresses (kptr_restrict)" : "no text symbols");
		goto out;
	}
	lkst_symtab_bound_modules(&all, "/proc/modules");
	for (i = 0; i < r->addrs_cap; i++) {
		const struct lkst_symbol *sym;

		if (!r->addrs[i])
			continue;
		sym = lkst_symtab_lookup(&all, r->addrs[i]);
		if (!sym)
			missed++;	/* user space, or a module gone since */
		else if (lkst_symtab_add(&used, sym->addr, sym->size, sym->name,
					 sym->module))
			r->addrs_failed = 1;
	}
	lkst_symtab_finish(&used);
	if (r->addrs_failed)
		fprintf(stderr, "lkst: out of memory: symbols for some addresses only\n");
	ret = lkst_write_symbols(r->out, r->path, &used, &r->err);
	if (ret)
		fprintf(stderr, "lkst: %s\n", r->err.msg);
out:
	lkst_symtab_free(&all);
	lkst_symtab_free(&used);
	return ret;
}

/*
 * FILE for writing, its owner's only: records hold what only
 * CAP_SYS_ADMIN may read.  An existing file is truncated and made 0600
 * too; a symbolic link or anything but a regular file is refused, so that
 * root recording in a shared directory writes nowhere else.
 */
static int open_trace_file(const char *path)
{
	/* O_NONBLOCK: a FIFO planted there must not hang us in open() */
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
		      0600), saved;
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st))
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if (fchmod(fd, 0600) || ftruncate(fd, 0) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK))
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/*
 * The header goes first: written at the first drain, once command_pid is
 * known.
 */
static int write_header_once(struct recorder *r)
{
	if (r->header_written)
		return 0;
	if (lkst_write_header(r->out, r->path, &r->t, &r->err)) {
		fprintf(stderr, "lkst: %s\n", r->err.msg);
		return -1;
	}
	r->header_written = 1;
	return 0;
}

/*
 * The tasks seen since the last TASKS chunk, in a new one (readers take
 * every TASKS chunk; a pid's last name wins), so that a trace cut short
 * still names its tasks.
 */
static int write_new_tasks(struct recorder *r)
{
	if (r->tasks_written == r->t.ntasks)
		return 0;
	if (lkst_write_tasks_range(r->out, r->path, &r->t, r->tasks_written,
				   r->t.ntasks, &r->err))
		return -1;
	r->tasks_written = r->t.ntasks;
	return 0;
}

/*
 * The new file's name to the disk too: fsync() of the file alone leaves
 * its directory entry in memory on ext2, say, and a crash loses it.
 */
static int sync_dir_of(const char *path)
{
	char *dir = strdup(path);
	int fd, ret = -1;

	if (!dir)
		return -1;
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		ret = fsync(fd);
		close(fd);
	}
	free(dir);
	return ret;
}

/* To the disk, with the task names so far, at most once a second. */
static int sync_out(struct recorder *r, int now)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (!now && ts.tv_sec == r->last_sync.tv_sec)
		return 0;
	r->last_sync = ts;
	if ((!now && write_new_tasks(r)) ||
	    fflush(r->out) || fsync(fileno(r->out))) {
		fprintf(stderr, "lkst: %s: write failed: %s\n", r->path,
			r->err.msg[0] ? r->err.msg : strerror(errno));
		return -1;
	}
	return 0;
}

static int drain(struct recorder *r)
{
	static struct lkst_record buf[4096 / sizeof(struct lkst_record)];
	unsigned int i, cpu;

	if (write_header_once(r))
		return -1;
	/* the names of the last drain's execs, finished by now */
	for (i = 0; i < r->nrecheck; i++)
		name_from_proc(&r->t, r->recheck[i]);
	r->nrecheck = 0;

	for (i = 0; i < LKST_BUFFERS_MAX * r->t.ncpus; i++) {
		int fd = r->fds[i];
		ssize_t n;

		cpu = i % r->t.ncpus;
		if (fd < 0)
			continue;
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			if (n % LKST_RECORD_SIZE) {
				fprintf(stderr, "lkst: cpu%u buffer: read %zd bytes, not whole records\n",
					cpu, n);
				return -1;
			}
			if (lkst_write_chunk(r->out, r->path, LKST_CHUNK_RECORDS,
					     cpu, buf, n / LKST_RECORD_SIZE, n,
					     &r->err)) {
				fprintf(stderr, "lkst: %s\n", r->err.msg);
				return -1;
			}
			r->nrecs += n / LKST_RECORD_SIZE;
			collect_addresses(r, buf, n / LKST_RECORD_SIZE);
			if (r->named_cap)	/* recording a command */
				name_tasks(r, buf, n / LKST_RECORD_SIZE);
			if ((size_t)n < sizeof(buf))
				break;
		}
		if (n < 0) {
			fprintf(stderr, "lkst: cpu%u buffer: %s\n", cpu,
				strerror(errno));
			return -1;
		}
	}
	return sync_out(r, 0);
}

/*
 * Buffer 0 of each CPU, and buffers 1 to 3 (buffers/N/cpuM; they read as
 * empty while they do not exist, and kernels without them lack the files).
 * Records carry their buffer in their flags.
 */
static int open_buffers(struct recorder *r)
{
	unsigned int b, cpu;

	r->fds = calloc(LKST_BUFFERS_MAX * r->t.ncpus, sizeof(*r->fds));
	if (!r->fds)
		return -1;
	for (b = 0; b < LKST_BUFFERS_MAX; b++) {
		for (cpu = 0; cpu < r->t.ncpus; cpu++) {
			int *fd = &r->fds[b * r->t.ncpus + cpu];
			char path[512];

			if (b)
				snprintf(path, sizeof(path), "%s/buffers/%u/cpu%u",
					 lkst_sysfs(), b, cpu);
			else
				snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/buffer",
					 lkst_sysfs(), cpu);
			*fd = open(path, O_RDONLY);
			if (*fd < 0 && errno != ENOENT) {
				fprintf(stderr, "lkst: %s: %s\n", path, strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}

/*
 * The start of a recording that lasts (a command, or -a): the task names
 * now, and tracing started from a reset if it was off (*started: to be
 * stopped again at the end).
 */
static int start_recording(struct recorder *r, int *started)
{
	char tracing[8];
	size_t i;

	/* the names at the start; later ones come with the records */
	snapshot_tasks(&r->t);
	r->exec_id = lkst_find_event(&r->t, "PROCESS_EXEC");
	r->fork_id = lkst_find_event(&r->t, "PROCESS_LTHREADGEN");
	for (i = 0; i < r->t.ntasks; i++)
		if (named_add(r, r->t.tasks[i].pid) < 0)
			return -1;

	*started = 0;
	if (lkst_read_ctl("tracing", tracing, sizeof(tracing)))
		return -1;
	if (tracing[0] != '1') {
		if (lkst_write_ctl("reset", "1"))
			return -1;
		r->reset_done = 1;
		if (lkst_write_ctl("tracing", "1"))
			return -1;
		*started = 1;
	}
	return 0;
}

/*
 * lkst record -a: the whole system until SIGINT (Ctrl-C), SIGTERM or
 * SIGHUP, as perf record -a does; drained every 50 ms.
 */
static int run_system(struct recorder *r)
{
	int started, ret = 0;

	/* (cmd_record caught Ctrl-C before tracing starts: it ends it cleanly) */
	if (start_recording(r, &started))
		return -1;
	fprintf(stderr, "lkst: recording to %s until Ctrl-C\n", r->path);
	while (!stop_signal) {
		if (drain(r)) {
			ret = -1;
			break;
		}
		usleep(50000);
	}
	if (started && lkst_write_ctl("tracing", "0"))
		ret = -1;
	snapshot_tasks(&r->t);	/* after tracing: not worth recording */
	return ret;
}

static int run_command(struct recorder *r, char **cmd)
{
	int started, status, ret = 0;
	siginfo_t si;
	pid_t pid;

	if (start_recording(r, &started))
		return -1;
	if (stop_signal) {	/* before the command ran: run nothing */
		fprintf(stderr, "lkst: stopped by signal %d before the command started\n",
			(int)stop_signal);
		ret = -1;
		goto out;
	}

	pid = fork();
	if (pid < 0) {
		perror("lkst: fork");
		ret = -1;
		goto out;
	}
	if (pid == 0) {
		execvp(cmd[0], cmd);
		fprintf(stderr, "lkst: cannot run %s: %s\n", cmd[0],
			strerror(errno));
		_exit(127);
	}
	r->t.command_pid = pid;
	/* Ctrl-C reaches the command, which ends, and then lkst finishes */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, on_stop_signal);
	signal(SIGHUP, on_stop_signal);

	for (;;) {
		int sig = stop_signal;

		if (sig) {
			stop_signal = 0;
			kill(pid, sig);
		}
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0) {
			perror("lkst: waitid");
			ret = -1;
			break;
		}
		if (si.si_pid == pid) {
			/*
			 * Tracing off first, if we started it: a snapshot of
			 * every task is not worth recording (with 125 tasks,
			 * about 750 system calls).  Then the names, while the
			 * command's is still known.
			 */
			if (started && !lkst_write_ctl("tracing", "0"))
				started = 0;
			snapshot_tasks(&r->t);
			break;
		}
		if (drain(r)) {
			ret = -1;
			break;
		}
		usleep(50000);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* as time(1) and perf record do: the command's status is lkst's */
	if (WIFEXITED(status) && WEXITSTATUS(status)) {
		fprintf(stderr, "lkst: %s exited with status %d\n", cmd[0],
			WEXITSTATUS(status));
		r->command_status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		fprintf(stderr, "lkst: %s was killed by signal %d (%s)\n", cmd[0],
			WTERMSIG(status), strsignal(WTERMSIG(status)));
		r->command_status = 128 + WTERMSIG(status);
	}
out:
	if (started && lkst_write_ctl("tracing", "0"))
		ret = -1;
	return ret;
}

/* The task names and the END chunk: the trace is complete. */
static int finish(struct recorder *r)
{
	if (save_symbols(r))
		return EXIT_INPUT;
	if (lkst_write_tasks(r->out, r->path, &r->t, &r->err) ||
	    lkst_write_end(r->out, r->path, &r->err)) {
		fprintf(stderr, "lkst: %s\n", r->err.msg);
		return EXIT_INPUT;
	}
	if (sync_out(r, 1))
		return EXIT_INPUT;
	if (fclose(r->out)) {
		r->out = NULL;
		fprintf(stderr, "lkst: %s: write failed: %s\n", r->path,
			strerror(errno));
		return EXIT_INPUT;
	}
	r->out = NULL;
	return 0;
}

/*
 * -e: a mask set that records the named events and nothing else, made
 * current.  Every name is checked against the event table first, as
 * "lkst enable" does, so a typo changes nothing.
 */
static int check_event_names(struct recorder *r, char **names, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		/*
		 * Any case, as lkst enable takes it; the kernel's mask-set
		 * parser wants the table's own spelling, so that goes in
		 */
		const char *found = lkst_event_or_category(&r->t, names[i]);

		if (!found || strlen(found) > 40) {
			fprintf(stderr, "lkst: no event or category '%s' (see lkst list)\n",
				names[i]);
			return EXIT_USAGE;
		}
		names[i] = (char *)found;
	}
	return 0;
}

static int select_events(struct recorder *r, char **names, int n)
{
	size_t len = 0, cap = 64 + (size_t)n * 48;
	char *def;
	int i;

	def = malloc(cap);
	if (!def) {
		fprintf(stderr, "lkst: out of memory\n");
		return EXIT_KERNEL;
	}
	snprintf(r->ms_name, sizeof(r->ms_name), "record-%ld", (long)getpid());
	len = snprintf(def, cap, "maskset %s\nall none\n", r->ms_name);
	for (i = 0; i < n; i++)
		len += snprintf(def + len, cap - len, "%s record\n", names[i]);
	if (lkst_read_ctl("masksets/current", r->ms_before, sizeof(r->ms_before)) ||
	    lkst_write_ctl("masksets/define", def)) {
		free(def);
		return EXIT_KERNEL;
	}
	free(def);
	r->ms_defined = 1;
	if (lkst_write_ctl("masksets/current", r->ms_name))
		return EXIT_KERNEL;
	r->ms_current = 1;
	return 0;
}

/* The mask set that was current before -e, and ours deleted. */
static int restore_events(struct recorder *r)
{
	int ret = 0;

	/*
	 * The set current before may be gone by now (deleted meanwhile, or
	 * another record -e's): then default, which always exists, rather
	 * than leave ours current for good
	 */
	if (r->ms_current && lkst_write_ctl("masksets/current", r->ms_before) &&
	    lkst_write_ctl("masksets/current", "default"))
		ret = -1;
	else
		r->ms_current = 0;
	if (r->ms_defined && !r->ms_current &&
	    lkst_write_ctl("masksets/delete", r->ms_name))
		ret = -1;
	else
		r->ms_defined = 0;
	return ret;
}

/*
 * The names of the handlers and of the mask sets by slot, as they are when
 * the recording starts, into the header: print -v shows names, not
 * numbers.  /proc/lkst_masksets is root's; without it, slots stay numbers.
 */
static void read_names(struct lkst_trace *t)
{
	char buf[4096], name[32], *line, *rest;
	unsigned int id;
	FILE *f;

	if (!lkst_read_ctl("handlers", buf, sizeof(buf)))
		for (rest = buf; (line = strsep(&rest, "\n"));)
			if (sscanf(line, "%u %31s", &id, name) == 2 &&
			    id < LKST_NAMES_MAX)
				strcpy(t->handler_name[id], name);
	f = fopen(lkst_masksets_path(), "r");
	if (!f)
		return;
	name[0] = '\0';
	/* "maskset NAME", then "# slot N, ..." */
	while (fgets(buf, sizeof(buf), f)) {
		if (sscanf(buf, "maskset %31s", name) == 1)
			continue;
		if (name[0] && sscanf(buf, "# slot %u", &id) == 1 &&
		    id < LKST_NAMES_MAX)
			strcpy(t->maskset_name[id], name);
		name[0] = '\0';
	}
	fclose(f);
}

/*
 * The record format and the layout of the flags, into the trace header;
 * a kernel without format_version writes format 1 and lacks both files.
 */
static int read_format(struct lkst_trace *t)
{
	char buf[1024], *line, *save;

	snprintf(buf, sizeof(buf), "%s/format_version", lkst_sysfs());
	if (access(buf, F_OK))
		return 0;
	if (lkst_read_ctl("format_version", buf, sizeof(buf)) ||
	    sscanf(buf, "%u", &t->format_version) != 1)
		return -1;
	if (lkst_read_ctl("record_flags", buf, sizeof(buf)))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (lkst_parse_flag_line(t, line)) {
			fprintf(stderr, "lkst: record_flags: bad line '%s'\n", line);
			return -1;
		}
	}
	return 0;
}

int cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output",	required_argument,	NULL, 'o' },
		{ "all-cpus",	no_argument,		NULL, 'a' },
		{ "event",	required_argument,	NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	struct recorder r = { .t = { .command_pid = -1 } };
	struct cpu_counts *before = NULL;
	char rsize[16], **cmd = NULL, **events;
	struct utsname uts;
	int c, fd, ncpus, ret = EXIT_KERNEL, system_wide = 0, nevents = 0, bad = 0;

	events = calloc(argc, sizeof(*events));
	if (!events) {
		fprintf(stderr, "lkst: out of memory\n");
		return EXIT_KERNEL;
	}
	r.path = "trace.lkst";	/* as perf.data and trace.dat */
	optind = 1;
	/* "+": the options end at the command, whose own options are its */
	while ((c = getopt_long(argc, argv, "+o:ae:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			r.path = optarg;
			break;
		case 'a':
			system_wide = 1;
			break;
		case 'e':
			events[nevents++] = optarg;
			break;
		default:
			bad = 1;
		}
	}
	/*
	 * A command only after "--": "lkst record crash.lkst" (a forgotten
	 * -o) must not run crash.lkst, nor reset the buffers it meant to save
	 */
	if (optind < argc) {
		if (strcmp(argv[optind - 1], "--"))
			bad = 1;
		cmd = &argv[optind];
	} else if (optind > 1 && !strcmp(argv[optind - 1], "--")) {
		bad = 1;	/* "--" and no command */
	}
	if (bad || !r.path[0] || (cmd && system_wide) ||
	    (nevents && !cmd && !system_wide)) {
		fprintf(stderr, "usage: lkst record [-o FILE] [-e EVENT|CATEGORY]... [-a | -- COMMAND [ARGS...]]\n"
			"  (FILE: trace.lkst by default; -a: until Ctrl-C; neither: what the buffers hold now;\n"
			"   -e: only these events while recording, with -a or a command)\n");
		free(events);
		return EXIT_USAGE;
	}

	if (lkst_load_etypes(&r.t))
		goto out;
	/* a typo changes nothing, and is a usage error */
	if (check_event_names(&r, events, nevents)) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (lkst_read_ctl("record_size", rsize, sizeof(rsize)) ||
	    lkst_read_ctl("clock", r.t.clock, sizeof(r.t.clock)))
		goto out;
	r.t.record_size = strtoul(rsize, NULL, 10);
	if (read_format(&r.t))
		goto out;
	if (r.t.record_size != LKST_RECORD_SIZE) {
		fprintf(stderr, "lkst: kernel records are %u bytes, this lkst reads %d\n",
			r.t.record_size, LKST_RECORD_SIZE);
		goto out;
	}
	ncpus = count_cpus();
	if (ncpus <= 0)
		goto out;
	if (!strcmp(r.t.clock, "mono"))	/* the kernel's clock is CLOCK_MONOTONIC */
		r.t.has_realtime = !realtime_offset(&r.t.realtime_offset);
	r.t.ncpus = ncpus;
	uname(&uts);
	snprintf(r.t.release, sizeof(r.t.release), "%s", uts.release);
	snprintf(r.t.machine, sizeof(r.t.machine), "%s", uts.machine);
	if (open_buffers(&r))
		goto out;
	before = calloc(ncpus, sizeof(*before));
	if (before)
		read_counts(ncpus, before);

	fd = open_trace_file(r.path);
	r.out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!r.out || sync_dir_of(r.path)) {
		if (fd >= 0 && !r.out)
			close(fd);
		fprintf(stderr, "lkst: %s: %s\n", r.path, strerror(errno));
		ret = EXIT_INPUT;
		goto out;
	}
	/*
	 * A recording that lasts: from here on a Ctrl-C, SIGTERM or SIGHUP
	 * ends it through the normal path, which puts the mask set back (-e);
	 * run_command passes them to the command once it runs
	 */
	if (cmd || system_wide) {
		signal(SIGINT, on_stop_signal);
		signal(SIGTERM, on_stop_signal);
		signal(SIGHUP, on_stop_signal);
	}
	if (nevents) {
		ret = select_events(&r, events, nevents);
		if (ret)
			goto out;
		ret = EXIT_KERNEL;
	}
	read_names(&r.t);	/* after -e: its set is named too */
	if (cmd) {
		if (run_command(&r, cmd))
			goto out;
	} else if (system_wide) {
		if (run_system(&r))
			goto out;
	} else {
		snapshot_tasks(&r.t);
	}
	if (drain(&r))
		goto out;
	ret = finish(&r);
out:
	/* after the last drain: every record made under our set is in */
	if (restore_events(&r) && !ret)
		ret = EXIT_KERNEL;
	if (r.out)
		fclose(r.out);
	if (!ret) {
		fprintf(stderr, "lkst: %llu records from %u cpus written to %s\n",
			r.nrecs, r.t.ncpus, r.path);
		/*
		 * Counted from our reset, not from the counters before it: they
		 * may have been lower, or higher, than what the command made.
		 */
		if (before && r.reset_done)
			memset(before, 0, r.t.ncpus * sizeof(*before));
		if (before)
			report_losses(r.t.ncpus, before);
		ret = r.command_status;
	}
	free(events);
	free(before);
	free(r.named);
	free(r.addrs);
	free(r.fds);
	lkst_trace_free(&r.t);
	return ret;
}
