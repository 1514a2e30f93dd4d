// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-iouring: one io_uring NOP forced to an io-wq worker (IOSQE_ASYNC),
 * so that the kernel starts a worker thread cloned from this one.  Raw
 * system calls: the guest has no liburing.
 *
 * Prints "iouring pid=PID res=RES data=42"; exits 0 when the NOP completed.
 */
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *ring_map(int fd, size_t len, off_t offset)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, offset);

	return p == MAP_FAILED ? NULL : p;
}

int main(void)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes, *sqe;
	struct io_uring_cqe *cqe;
	unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	size_t sq_len, cq_len;
	char *sq, *cq;
	unsigned int tail, idx;
	int fd, ret;

	memset(&p, 0, sizeof(p));
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0) {
		perror("io_uring_setup");
		return 2;
	}
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (p.features & IORING_FEAT_SINGLE_MMAP) {
		if (cq_len > sq_len)
			sq_len = cq_len;
		sq = ring_map(fd, sq_len, IORING_OFF_SQ_RING);
		cq = sq;
	} else {
		sq = ring_map(fd, sq_len, IORING_OFF_SQ_RING);
		cq = ring_map(fd, cq_len, IORING_OFF_CQ_RING);
	}
	sqes = ring_map(fd, p.sq_entries * sizeof(*sqes), IORING_OFF_SQES);
	if (!sq || !cq || !sqes) {
		perror("mmap");
		return 2;
	}
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	sq_array = (unsigned int *)(sq + p.sq_off.array);
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);

	tail = *sq_tail;
	idx = tail & *sq_mask;
	sqe = &sqes[idx];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_NOP;
	sqe->flags = IOSQE_ASYNC;	/* to a worker, not inline */
	sqe->user_data = 42;
	sq_array[idx] = idx;
	__atomic_store_n(sq_tail, tail + 1, __ATOMIC_RELEASE);

	ret = syscall(__NR_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS,
		      NULL, 0);
	if (ret < 0) {
		perror("io_uring_enter");
		return 1;
	}
	if (ret != 1) {
		fprintf(stderr, "io_uring_enter submitted %d\n", ret);
		return 1;
	}
	if (*cq_head == __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE)) {
		fprintf(stderr, "no completion\n");
		return 1;
	}
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) + (*cq_head & *cq_mask);
	printf("iouring pid=%d res=%d data=%llu\n", getpid(), cqe->res,
	       (unsigned long long)cqe->user_data);
	return cqe->res == 0 && cqe->user_data == 42 ? 0 : 1;
}
