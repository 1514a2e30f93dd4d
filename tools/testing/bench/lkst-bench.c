// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-bench: guest micro-benchmarks for hook overhead.
 *
 *   lkst-bench getppid N   N getppid() calls: 2 syscall hook sites each
 *   lkst-bench pipe N      N pipe round trips between two processes: per
 *                          trip 4 syscalls, 2 wakeups, 2 context switches
 *   lkst-bench switch N    N mask set switches from "none" to "all"
 *                          ("switch-on") and N back ("switch-off"); both
 *                          sets must exist and tracing be on
 *   lkst-bench msg N       a hackbench-style run: 2 groups of 4 senders
 *                          and 4 receivers over Unix sockets; each sender
 *                          sends N 100-byte messages to each receiver of
 *                          its group (per op: one message)
 *   lkst-bench http N PORT N HTTP/1.0 requests over loopback to a server
 *                          on 127.0.0.1:PORT, one connection each (per op:
 *                          one request, the whole response read), after 5
 *                          untimed ones
 *   lkst-bench cmd NAME N CMD...
 *                          N runs of CMD after an untimed one (per op: one
 *                          run)
 *   lkst-bench run NAME N ON-CMD -- OFF-CMD
 *                          N times: OFF-CMD untimed, then ON-CMD timed
 *                          ("NAME-on"); then N times the other way round
 *                          ("NAME-off"): a control operation as the
 *                          administrator runs it, process start included
 *
 * Prints "BENCH name N total_ns per_op_ns" and, with LKST, "BENCH
 * name-records N records": the records written in the timed window.
 * Under QEMU with "-icount shift=0,sleep=off -rtc clock=vm" one guest ns
 * is one guest instruction, so the figures count instructions.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * LKST's count of records written, or -1 without LKST; with
 * LKST_BENCH_FTRACE=1 in the environment, ftrace's count of events written
 * on CPU 0 instead (the entries still in its buffer and those overwritten:
 * nobody reads it meanwhile)
 */
static long long lkst_written(void)
{
	int ftrace = !!getenv("LKST_BENCH_FTRACE");
	FILE *f = fopen(ftrace ? "/sys/kernel/tracing/per_cpu/cpu0/stats" :
			"/sys/kernel/lkst/stats", "r");
	long long v, found = -1;
	char line[128];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (ftrace ? sscanf(line, "entries: %lld", &v) == 1 ||
			     sscanf(line, "overrun: %lld", &v) == 1 :
			     sscanf(line, "written %lld", &v) == 1)
			found = (found < 0 ? 0 : found) + v;
	}
	fclose(f);
	return found;
}

/*
 * The timed window: its guest time, and the records LKST wrote in it
 * (not those of this program's start and exit, or of warm-up runs).
 */
static long long window_w0, window_records = -1;

static long long window_begin(void)
{
	window_w0 = lkst_written();
	return now_ns();
}

static long long window_end(long long t0)
{
	long long ns = now_ns() - t0, w1 = lkst_written();

	if (window_w0 >= 0 && w1 >= 0)
		window_records = w1 - window_w0;
	return ns;
}

static long long bench_getppid(long n)
{
	long long t0 = window_begin();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return window_end(t0);
}

static long long bench_pipe(long n)
{
	int a[2], b[2];
	long long t0;
	char c = 0;
	pid_t pid;

	if (pipe(a) || pipe(b))
		exit(1);
	pid = fork();
	if (pid == 0) {
		/* a parent gone leaves it EOF, not a wait forever */
		close(a[1]);
		close(b[0]);
		for (long i = 0; i < n; i++) {
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(a[0]);
	close(b[1]);
	t0 = window_begin();
	for (long i = 0; i < n; i++) {
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			exit(1);
	}
	t0 = window_end(t0);
	waitpid(pid, NULL, 0);
	return t0;
}

#define MSG_GROUPS	2
#define MSG_FDS		4	/* senders and receivers per group */
#define MSG_SIZE	100

static void full_io(int fd, char *buf, size_t len, int writing)
{
	while (len) {
		ssize_t n = writing ? write(fd, buf, len) : read(fd, buf, len);

		if (n <= 0)
			_exit(1);
		buf += n;
		len -= n;
	}
}

/*
 * A child keeps only its own ends of the sockets, so that a peer that dies
 * leaves it EOF or EPIPE rather than a wait forever; it waits on @start
 * until every child exists.
 */
static void msg_child(int fds[MSG_GROUPS][MSG_FDS][2], int g, int r,
		      int sender, int start)
{
	char c;

	for (int h = 0; h < MSG_GROUPS; h++)
		for (int k = 0; k < MSG_FDS; k++) {
			/* a receiver reads its socket, a sender writes its group's */
			if (sender || h != g || k != r)
				close(fds[h][k][0]);
			if (!sender || h != g)
				close(fds[h][k][1]);
		}
	if (read(start, &c, 1) != 0)
		_exit(1);
	close(start);
}

/*
 * hackbench's shape: receivers read, senders write to every receiver of
 * their group.  Timed from the moment every process exists to the last
 * one reaped.
 */
static long long bench_msg(long n)
{
	int fds[MSG_GROUPS][MSG_FDS][2], start[2], status, failed = 0;
	char buf[MSG_SIZE];
	long long t0;
	pid_t pid;

	memset(buf, 'm', sizeof(buf));
	signal(SIGPIPE, SIG_IGN);
	if (pipe(start))
		exit(1);
	for (int g = 0; g < MSG_GROUPS; g++)
		for (int r = 0; r < MSG_FDS; r++)
			if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds[g][r]))
				exit(1);
	for (int g = 0; g < MSG_GROUPS; g++) {
		for (int r = 0; r < MSG_FDS; r++) {
			if (fork() == 0) {
				close(start[1]);
				msg_child(fds, g, r, 0, start[0]);
				for (long i = 0; i < n * MSG_FDS; i++)
					full_io(fds[g][r][0], buf, MSG_SIZE, 0);
				_exit(0);
			}
		}
		for (int s = 0; s < MSG_FDS; s++) {
			if (fork() == 0) {
				close(start[1]);
				msg_child(fds, g, s, 1, start[0]);
				for (long i = 0; i < n; i++)
					for (int r = 0; r < MSG_FDS; r++)
						full_io(fds[g][r][1], buf, MSG_SIZE, 1);
				_exit(0);
			}
		}
	}
	for (int g = 0; g < MSG_GROUPS; g++)
		for (int r = 0; r < MSG_FDS; r++) {
			close(fds[g][r][0]);
			close(fds[g][r][1]);
		}
	close(start[0]);
	t0 = window_begin();
	close(start[1]);		/* go */
	while ((pid = wait(&status)) > 0)
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	t0 = window_end(t0);
	if (failed) {
		fprintf(stderr, "lkst-bench: msg: a sender or receiver failed\n");
		exit(1);
	}
	return t0;
}

/* The first requests warm the server up (its pages, the page cache). */
#define HTTP_WARMUP	5

static long long bench_http(long n, int port)
{
	static const char req[] = "GET /index.html HTTP/1.0\r\n\r\n";
	struct sockaddr_in sa = { .sin_family = AF_INET };
	long long t0 = 0;
	char buf[8192];

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (long i = -HTTP_WARMUP; i < n; i++) {
		if (!i)
			t0 = window_begin();
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		ssize_t got, total = 0;
		int ok = 0;

		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
		    write(fd, req, sizeof(req) - 1) != sizeof(req) - 1) {
			perror("lkst-bench: http");
			exit(1);
		}
		while ((got = read(fd, buf, sizeof(buf))) > 0) {
			/* the status line is in the first read */
			if (!total)
				ok = got >= 12 && !memcmp(buf, "HTTP/1.1 200", 12);
			total += got;
		}
		close(fd);
		if (got < 0 || !ok) {
			fprintf(stderr, "lkst-bench: http: request %ld: no \"200\" response\n", i);
			exit(1);
		}
	}
	return window_end(t0);
}

/* Time N writes of @to into masksets/current, each after one of @from. */
static long long bench_switch(long n, const char *from, const char *to)
{
	const char *path = "/sys/kernel/lkst/masksets/current";
	long long total = 0, t0;
	int fd = open(path, O_WRONLY);

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	for (long i = 0; i < n; i++) {
		if (write(fd, from, strlen(from)) < 0)
			exit(1);
		t0 = now_ns();
		if (write(fd, to, strlen(to)) < 0)
			exit(1);
		total += now_ns() - t0;
	}
	close(fd);
	return total;
}

static long long run(char **cmd)
{
	long long t0 = now_ns();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "lkst-bench: %s failed\n", cmd[0]);
		exit(1);
	}
	return now_ns() - t0;
}

/* Time N runs of @timed, each after one of @other. */
static long long bench_run(long n, char **timed, char **other)
{
	long long total = 0;

	for (long i = 0; i < n; i++) {
		run(other);
		total += run(timed);
	}
	return total;
}

static int main_run(int argc, char **argv)
{
	char **on = argv + 4, **off = NULL;
	long n = atol(argv[3]);
	long long ns;

	for (int i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			off = argv + i + 1;
		}
	}
	if (!off || !*off || !*on || n <= 0) {
		fprintf(stderr, "usage: lkst-bench run NAME N ON-CMD -- OFF-CMD\n");
		return 2;
	}
	ns = bench_run(n, on, off);
	printf("BENCH %s-on %ld %lld %.1f\n", argv[2], n, ns, (double)ns / n);
	ns = bench_run(n, off, on);
	printf("BENCH %s-off %ld %lld %.1f\n", argv[2], n, ns, (double)ns / n);
	return 0;
}

/*
 * "BENCH NAME N TOTAL PER-OP", and with LKST "BENCH NAME-records N RECORDS":
 * the records written in the timed window
 */
static int report(const char *name, long n, long long ns)
{
	printf("BENCH %s %ld %lld %.1f\n", name, n, ns, (double)ns / n);
	if (window_records >= 0)
		printf("BENCH %s-records %ld %lld\n", name, n, window_records);
	return 0;
}

int main(int argc, char **argv)
{
	long long ns;
	long n;

	if (argc >= 4 && !strcmp(argv[1], "run"))
		return main_run(argc, argv);
	if (argc >= 5 && !strcmp(argv[1], "cmd")) {
		n = atol(argv[3]);
		run(argv + 4);		/* untimed: its pages come in */
		window_begin();		/* for the records of the timed runs */
		ns = 0;
		for (long i = 0; i < n; i++)
			ns += run(argv + 4);
		window_end(0);
		return report(argv[2], n, ns);
	}
	if (argc == 4 && !strcmp(argv[1], "http")) {
		n = atol(argv[2]);
		return report("http", n, bench_http(n, atoi(argv[3])));
	}
	if (argc != 3) {
		fprintf(stderr, "usage: lkst-bench getppid|pipe|msg|switch N\n"
			"       lkst-bench http N PORT\n"
			"       lkst-bench cmd NAME N CMD...\n"
			"       lkst-bench run NAME N ON-CMD -- OFF-CMD\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "msg")) {
		ns = bench_msg(n);
		return report("msg", n * MSG_GROUPS * MSG_FDS * MSG_FDS, ns);
	}
	if (!strcmp(argv[1], "switch")) {
		ns = bench_switch(n, "none", "all");
		printf("BENCH switch-on %ld %lld %.1f\n", n, ns, (double)ns / n);
		ns = bench_switch(n, "all", "none");
		printf("BENCH switch-off %ld %lld %.1f\n", n, ns, (double)ns / n);
		return 0;
	}
	if (!strcmp(argv[1], "getppid"))
		ns = bench_getppid(n);
	else if (!strcmp(argv[1], "pipe"))
		ns = bench_pipe(n);
	else
		return 2;
	return report(argv[1], n, ns);
}
