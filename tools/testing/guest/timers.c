// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-timers: a 10 ms nanosleep, then a 20 ms ITIMER_REAL whose SIGALRM
 * interrupts a 5 s nanosleep (its hrtimer is cancelled).
 * Prints: timers pid=P
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarmed;

static void on_alarm(int sig)
{
	alarmed = 1;
}

int main(void)
{
	struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };
	struct itimerval it;
	struct sigaction sa;

	if (nanosleep(&ts, NULL))
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: nanosleep returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 20 * 1000;
	if (setitimer(ITIMER_REAL, &it, NULL))
		return 1;
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	if (nanosleep(&ts, NULL) == 0 || !alarmed)
		return 1;
	printf("timers pid=%d\n", getpid());
	return 0;
}
