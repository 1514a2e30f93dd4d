// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-ipc: one SysV semaphore operation, one message sent and received,
 * one shared-memory attach, with values the guest tests know.
 *
 * Output: "ipc pid=P sem=S msg=M shm=H" on stdout.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

struct lkst_msg {
	long mtype;
	char mtext[24];
};

int main(void)
{
	struct sembuf op = { .sem_num = 0, .sem_op = 3, .sem_flg = 0 };
	struct lkst_msg m = { .mtype = 42 };
	int sem, msg, shm;
	void *addr;

	sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	msg = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (sem < 0 || msg < 0 || shm < 0)
		return 1;

	if (semop(sem, &op, 1))
		return 1;
	strcpy(m.mtext, "lkst");
	if (msgsnd(msg, &m, 20, 0))
		return 1;
	if (msgrcv(msg, &m, sizeof(m.mtext), 42, 0) != 20)
		return 1;
	addr = shmat(shm, NULL, SHM_RDONLY);
	if (addr == (void *)-1 || shmdt(addr))
		return 1;

	semctl(sem, 0, IPC_RMID);
	msgctl(msg, IPC_RMID, NULL);
	shmctl(shm, IPC_RMID, NULL);
	printf("ipc pid=%d sem=%d msg=%d shm=%d\n", getpid(), sem, msg, shm);
	return 0;
}
