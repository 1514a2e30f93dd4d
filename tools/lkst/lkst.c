// SPDX-License-Identifier: GPL-2.0
/*
 * lkst: control the Linux Kernel State Tracer, record and print traces.
 *
 * One binary, one function per subcommand (builtin-*.c), like git and perf.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lkst.h"

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "status",  cmd_status,  ": tracer state, buffers and counters" },
	{ "enable",  cmd_enable,  "EVENT...|CATEGORY...|all: record them" },
	{ "disable", cmd_disable, "EVENT...|CATEGORY...|all: stop recording them" },
	{ "start",   cmd_start,   ": start recording the enabled events" },
	{ "stop",    cmd_stop,    ": stop recording" },
	{ "record",  cmd_record,  "[-o FILE] [-e EVENT|CATEGORY]... [-a | -- COMMAND...]: drain the buffers into FILE (trace.lkst); -a: until Ctrl-C; -e: only these events" },
	{ "print",   cmd_print,   "[-v] [-s] [-r] [-l] [--wall] [--stat] [--pid|--comm|--event|--cpu|--start|--end X] [--kallsyms|--system-map FILE] FILE" },
	{ "list",    cmd_list,    "[events|categories|handlers]: what this kernel can trace" },
	{ "maskset", cmd_maskset, "list|show|load|save|switch|delete|current: mask sets" },
	{ "handler", cmd_handler, "list: built-in handlers and those of modules" },
	{ "buffer",  cmd_buffer,  "list|create|resize|delete|mode|current: buffers per CPU" },
	{ "crash",   cmd_crash,   "extract DUMP -o FILE | merge TRACE DUMP -o FILE: records of a crash dump" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: lkst COMMAND [ARGS]   (lkst COMMAND --help, lkst --version)\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
}

/*
 * A full disk or a closed pipe must not look like success: what a command
 * printed is only out once stdout is flushed (git's run_builtin() does
 * the same).
 */
static int run(const struct cmd *c, int argc, char **argv)
{
	int status;

	/* "lkst CMD --help": what the command takes, on stdout */
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: lkst %s%s%s\n", c->name,
		       c->help[0] == ':' ? "" : " ", c->help);
		return 0;
	}
	status = c->fn(argc, argv);

	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "lkst %s: write error on standard output: %s\n",
			c->name, strerror(errno ? errno : EIO));
		return status ? status : EXIT_OUTPUT;
	}
	return status;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("lkst %s\n", LKST_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return run(&commands[i], argc - 1, argv + 1);
	fprintf(stderr, "lkst: '%s' is not a command\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
