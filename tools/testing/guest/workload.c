// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-workload: do a few things whose kernel events the guest tests know
 * in advance, and print the values the tests must find in the trace.
 *
 *  - getppid() 10 times;
 *  - lseek(-1, 0x1234567, SEEK_CUR), which fails with -EBADF;
 *  - a child blocks reading a pipe; the parent sleeps 50 ms, then writes
 *    to the pipe, which wakes the child.
 *
 * Output: "workload pid=P child=C" on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int fds[2], i, status;
	char c = 'x';
	pid_t child;

	for (i = 0; i < 10; i++)
		syscall(SYS_getppid);
	syscall(SYS_lseek, (long)-1, 0x1234567L, (long)SEEK_CUR);

	if (pipe(fds))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(fds[0]);
	nanosleep(&ts, NULL);	/* let the child block in read() */
	if (write(fds[1], &c, 1) != 1)
		return 1;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return 1;
	printf("workload pid=%d child=%d\n", getpid(), child);
	return 0;
}
