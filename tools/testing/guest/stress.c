// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-stress pattern SECONDS
 *
 * The stress test's own records (test.d/23-stress.sh): for SECONDS, call
 * lseek(-1, 0x5a000000 + i, 0x5a000000 + i) for i = 0, 1, 2, ...  Each
 * fails with EBADF; its SYSCALL_ENTRY record carries i twice, in arg1 and
 * arg2, so a record torn between two writes shows two different numbers.
 * Prints "pattern CALLS" at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec now, end;
	unsigned long i;

	if (argc != 3 || strcmp(argv[1], "pattern")) {
		fprintf(stderr, "usage: lkst-stress pattern SECONDS\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += strtol(argv[2], NULL, 10);
	for (i = 0; ; i++) {
		syscall(SYS_lseek, -1, 0x5a000000UL + i, 0x5a000000UL + i);
		if (i % 256)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
	}
	printf("pattern %lu\n", i + 1);
	return 0;
}
