// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-faults: write to each of 4 fresh anonymous pages, so that each
 * write takes a page fault the guest tests know the address of.
 *
 * Output: "faults pid=P addr=A0 A1 A2 A3" on stdout.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		return 1;
	for (i = 0; i < 4; i++)
		p[i * page + 8] = 1;
	printf("faults pid=%d addr=", getpid());
	for (i = 0; i < 4; i++)
		printf("%s%#lx", i ? " " : "", (unsigned long)(p + i * page + 8));
	printf("\n");
	return 0;
}
