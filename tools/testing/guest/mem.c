// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-mem: memory events with known addresses.
 *   - reads page 1 of a file mapping       -> MEM_DO_NOPAGE (pgoff 1)
 *   - writes a page after fork()            -> MEM_DO_WPPAGE (copy on write)
 *   - MADV_PAGEOUT on 16 written anonymous pages -> MEM_SWAPOUT
 *     The pages stay in the swap cache while their writes are in flight, so
 *     reading them back maps them again without I/O.  A second MADV_PAGEOUT
 *     then frees the now clean pages at once (their swap copy is kept), and
 *     the next read really reads swap        -> MEM_SWAPIN, MEM_WAIT_PAGE
 * Prints: mem pid=P file_addr=0x.. cow_addr=0x.. swap_addr=0x.. pages=16
 * and exits 1 if the data read back is not what was written.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define SWAP_PAGES 16

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int check(volatile char *swap, long page)
{
	int i;

	for (i = 0; i < SWAP_PAGES; i++) {
		if (swap[i * page] != 'a' + i || swap[i * page + page - 1] != 'a' + i) {
			fprintf(stderr, "page %d came back wrong\n", i);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	const char *file = argc > 1 ? argv[1] : "/bin/busybox";
	volatile char *map, *cow, *swap;
	int fd, i, status;
	pid_t child;

	fd = open(file, O_RDONLY);
	if (fd < 0)
		die(file);
	map = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		die("mmap file");
	(void)map[page];

	cow = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (cow == MAP_FAILED)
		die("mmap cow");
	cow[0] = 1;
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0)
		_exit(0);
	cow[0] = 2;	/* the parent's page is shared with the child: copy on write */
	waitpid(child, &status, 0);

	swap = mmap(NULL, SWAP_PAGES * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (swap == MAP_FAILED)
		die("mmap swap");
	for (i = 0; i < SWAP_PAGES; i++)
		memset((char *)swap + i * page, 'a' + i, page);
	if (madvise((void *)swap, SWAP_PAGES * page, MADV_PAGEOUT))
		die("madvise(MADV_PAGEOUT)");
	usleep(300 * 1000);	/* let the swap writes complete */
	if (check(swap, page) ||
	    madvise((void *)swap, SWAP_PAGES * page, MADV_PAGEOUT) ||
	    check(swap, page))
		return 1;
	printf("mem pid=%d file_addr=%p cow_addr=%p swap_addr=%p pages=%d\n",
	       getpid(), (void *)(map + page), (void *)cow, (void *)swap, SWAP_PAGES);
	return 0;
}
