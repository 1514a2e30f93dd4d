// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-procs: process-lifecycle events the guest tests know in advance.
 *
 *  - fork a child that sends SIGUSR1 to the parent, then exits with 7;
 *  - create a thread, which returns at once;
 *  - fork a child that execs "true" with three arguments.
 *
 * Output: "procs pid=P fork=C thread=T exec=E" on stdout.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;
static pid_t thread_tid;

static void on_usr1(int sig)
{
	got_usr1 = 1;
}

static void *thread_fn(void *arg)
{
	thread_tid = syscall(SYS_gettid);
	return NULL;
}

int main(void)
{
	pid_t parent = getpid(), fork_child, exec_child;
	sigset_t block, old;
	pthread_t th;
	int status;

	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);

	fork_child = fork();
	if (fork_child == 0) {
		kill(parent, SIGUSR1);
		_exit(7);
	}
	while (!got_usr1)
		sigsuspend(&old);
	if (waitpid(fork_child, &status, 0) != fork_child ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 7)
		return 1;

	if (pthread_create(&th, NULL, thread_fn, NULL) || pthread_join(th, NULL))
		return 1;

	exec_child = fork();
	if (exec_child == 0) {
		execlp("true", "true", "a", "b", (char *)NULL);
		_exit(127);
	}
	if (waitpid(exec_child, &status, 0) != exec_child ||
	    !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;

	printf("procs pid=%d fork=%d thread=%d exec=%d\n", parent, fork_child,
	       thread_tid, exec_child);
	return 0;
}
