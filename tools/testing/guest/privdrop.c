// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-privdrop [-u UID] -- CMD [ARGS...]
 *
 * Run CMD with less privilege, for the privilege tests (test.d/24):
 *   -u UID  as that user and group, with no supplementary groups (and so
 *           no capability);
 *   default stay uid 0 but drop every capability, the way a container
 *           runtime does: bounding, ambient, inheritable, permitted and
 *           effective sets empty, and securebits that keep exec from
 *           giving root its capabilities back.
 * Raw system calls only: the guest has no libcap.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "lkst-privdrop: %s: %s\n", what, strerror(errno));
	exit(127);
}

static int cap_last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	int last;

	if (!f)
		die("/proc/sys/kernel/cap_last_cap");
	if (fscanf(f, "%d", &last) != 1 || last < 0 || last > 63) {
		fprintf(stderr, "lkst-privdrop: /proc/sys/kernel/cap_last_cap: not a capability number\n");
		exit(127);
	}
	fclose(f);
	return last;
}

static void drop_capabilities(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int cap, last = cap_last_cap();

	if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
		  SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED))
		die("PR_SET_SECUREBITS");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0))
		die("PR_CAP_AMBIENT_CLEAR_ALL");
	for (cap = 0; cap <= last; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0))
			die("PR_CAPBSET_DROP");
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data))
		die("capset");
}

static void become(uid_t uid)
{
	if (setgroups(0, NULL))
		die("setgroups");
	if (setgid(uid))
		die("setgid");
	if (setuid(uid))
		die("setuid");
}

int main(int argc, char **argv)
{
	long uid = -1;
	int i = 1;

	if (i + 1 < argc && !strcmp(argv[i], "-u")) {
		char *end;

		errno = 0;
		uid = strtol(argv[i + 1], &end, 10);
		if (errno || end == argv[i + 1] || *end || uid < 0 || uid >= 0xffffffffL) {
			fprintf(stderr, "lkst-privdrop: -u %s: not a user id\n", argv[i + 1]);
			return 127;
		}
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "--") || i + 1 >= argc) {
		fprintf(stderr, "usage: lkst-privdrop [-u UID] -- CMD [ARGS...]\n");
		return 127;
	}
	if (uid >= 0)
		become(uid);
	else
		drop_capabilities();
	execvp(argv[i + 1], &argv[i + 1]);
	die(argv[i + 1]);
	return 127;
}
