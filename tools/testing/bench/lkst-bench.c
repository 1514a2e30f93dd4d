// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-bench: guest micro-benchmarks for hook overhead.
 *
 *   lkst-bench getppid N   N getppid() calls: 2 syscall hook sites each
 *   lkst-bench pipe N      N pipe round trips between two processes: per
 *                          trip 4 syscalls, 2 wakeups, 2 context switches
 *
 * Prints "BENCH name N total_ns per_op_ns".  Under QEMU with
 * "-icount shift=0,sleep=off -rtc clock=vm" one guest ns is one guest
 * instruction, so the figures count instructions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static long long bench_getppid(long n)
{
	long long t0 = now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return now_ns() - t0;
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
		for (long i = 0; i < n; i++) {
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			exit(1);
	}
	t0 = now_ns() - t0;
	waitpid(pid, NULL, 0);
	return t0;
}

int main(int argc, char **argv)
{
	long long ns;
	long n;

	if (argc != 3) {
		fprintf(stderr, "usage: lkst-bench getppid|pipe N\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "getppid"))
		ns = bench_getppid(n);
	else if (!strcmp(argv[1], "pipe"))
		ns = bench_pipe(n);
	else
		return 2;
	printf("BENCH %s %ld %lld %.1f\n", argv[1], n, ns, (double)ns / n);
	return 0;
}
