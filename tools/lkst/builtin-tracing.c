// SPDX-License-Identifier: GPL-2.0
/* lkst start, lkst stop */
#include <stdio.h>

#include "lkst.h"

static int set_tracing(int argc, char **argv, const char *val)
{
	if (argc != 1) {
		fprintf(stderr, "usage: lkst %s\n", argv[0]);
		return EXIT_USAGE;
	}
	return lkst_write_ctl("tracing", val) ? EXIT_KERNEL : 0;
}

int cmd_start(int argc, char **argv)
{
	return set_tracing(argc, argv, "1");
}

int cmd_stop(int argc, char **argv)
{
	return set_tracing(argc, argv, "0");
}
