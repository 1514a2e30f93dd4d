// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-timers: a 10 ms nanosleep, then a 20 ms ITIMER_REAL that ends in
 * SIGALRM.  Prints: timers pid=P
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
	sigset_t none;

	if (nanosleep(&ts, NULL))
		return 1;
	signal(SIGALRM, on_alarm);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 20 * 1000;
	if (setitimer(ITIMER_REAL, &it, NULL))
		return 1;
	sigemptyset(&none);
	while (!alarmed)
		sigsuspend(&none);
	printf("timers pid=%d\n", getpid());
	return 0;
}
