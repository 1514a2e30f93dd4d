/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LKST_CMD_H
#define LKST_CMD_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit codes, distinguishable by scripts */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_INPUT	1	/* bad or unreadable input file */
#define EXIT_KERNEL	3	/* the kernel refused or lacks LKST */
#define EXIT_OUTPUT	4	/* an output could not be written */

int cmd_status(int argc, char **argv);
int cmd_enable(int argc, char **argv);
int cmd_disable(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_maskset(int argc, char **argv);
int cmd_handler(int argc, char **argv);
int cmd_buffer(int argc, char **argv);
int cmd_crash(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* Control files, under $LKST_SYSFS (default /sys/kernel/lkst) */
const char *lkst_sysfs(void);
const char *lkst_etypes_path(void);
const char *lkst_masksets_path(void);
int lkst_read_ctl(const char *name, char *buf, size_t len);
int lkst_write_ctl(const char *name, const char *val);

struct lkst_trace;
int lkst_load_etypes(struct lkst_trace *t);

/* Output files that appear whole or not at all (output.c) */
struct lkst_output {
	FILE		*f;	/* write here */
	const char	*path;
	char		*tmp;
};
/* @mode: of the new file (a trace: 0600, it holds what only root may read) */
int lkst_output_open(struct lkst_output *o, const char *path, mode_t mode);
int lkst_output_commit(struct lkst_output *o);
void lkst_output_abort(struct lkst_output *o);

#endif
