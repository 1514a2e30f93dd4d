// SPDX-License-Identifier: GPL-2.0
/*
 * The stress test's own records (test.d/23-stress.sh).
 *
 * lkst-stress pattern SECONDS
 *	For SECONDS, call lseek(-1, X, CHECK(X)) with X = 0x5a5a000000000000
 *	+ i for i = 0, 1, 2, ...  Each fails with EBADF; its SYSCALL_ENTRY
 *	record carries X in arg1 and CHECK(X), a 64-bit mix of X, in arg2
 *	(the hook records the registers as they are), so a record made of
 *	parts of two records, or with a part lost, breaks the relation.
 *	Prints "pattern CALLS" at the end.
 *
 * lkst-stress check
 *	Read "lkst print -v" output on standard input and print
 *	"RECORDS PATTERN TORN": the records in the trace (its header),
 *	the pattern records and how many of them break the relation (the
 *	first few on standard error).  Records a module handler wrote
 *	(handler 8 and up) are left out: the sample module puts the hook
 *	site in arg2.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define TAG	0x5a5a000000000000ULL
#define TAGMASK	0xffff000000000000ULL

static uint64_t check_of(uint64_t x)
{
	uint64_t z = x * 0x9E3779B97F4A7C15ULL;

	return z ^ (z >> 29) ^ (z << 17);
}

static int pattern(long seconds)
{
	struct timespec now, end;
	uint64_t i;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	for (i = 0; ; i++) {
		uint64_t x = TAG + i;

		syscall(SYS_lseek, -1L, (long)x, (long)check_of(x));
		if (i % 256)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
	}
	printf("pattern %" PRIu64 "\n", i + 1);
	return 0;
}

/*
 * print -v names the handler ("handler=record"), or gives its number
 * where the trace has no name for it (a module's, after its unload)
 */
static int builtin_handler(const char *h)
{
	static const char *const names[] = {
		"none", "record", "stack", "count", "filter", "trigger",
		"freeze", "buffer",
	};
	size_t i, n = strcspn(h, " \n");

	if (*h >= '0' && *h <= '9')
		return atoi(h) < 8;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !strncmp(h, names[i], n))
			return 1;
	return 0;
}

static int check(void)
{
	static char line[4096];
	unsigned long long records = 0, n = 0, torn = 0;

	while (fgets(line, sizeof(line), stdin)) {
		const char *a1, *a2, *h;
		unsigned long long x, y;

		if (line[0] == '#') {
			const char *p = strstr(line, " records");

			if (p) {
				while (p > line && p[-1] >= '0' && p[-1] <= '9')
					p--;
				records += strtoull(p, NULL, 10);
			}
			continue;
		}
		if (!strstr(line, " SYSCALL_ENTRY nr=8(lseek) "))
			continue;
		a1 = strstr(line, " arg1=0x");
		a2 = strstr(line, " arg2=0x");
		if (!a1 || !a2)
			continue;
		x = strtoull(a1 + 8, NULL, 16);
		y = strtoull(a2 + 8, NULL, 16);
		if ((x & TAGMASK) != TAG)
			continue;
		/* a module's handler records what it likes: built-ins only */
		h = strstr(line, " handler=");
		if (h && !builtin_handler(h + 9))
			continue;
		n++;
		if (y != check_of(x) && ++torn <= 3)
			fprintf(stderr, "torn: %s", line);
	}
	printf("%llu %llu %llu\n", records, n, torn);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "pattern"))
		return pattern(strtol(argv[2], NULL, 10));
	if (argc == 2 && !strcmp(argv[1], "check"))
		return check();
	fprintf(stderr, "usage: lkst-stress pattern SECONDS | lkst-stress check\n");
	return 2;
}
