// SPDX-License-Identifier: GPL-2.0
/*
 * Output files that appear whole or not at all.
 *
 * A file is written under a temporary name next to it and renamed over
 * the real name only once everything is written and closed without
 * error, so a failed command (a mistyped mask-set name, a full disk, a
 * dump that cannot be read) leaves an existing file as it was.
 * "lkst record" is the exception: it writes its trace in place, synced
 * as it goes, so that a crash leaves what was recorded so far.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lkst.h"

int lkst_output_open(struct lkst_output *o, const char *path, mode_t mode)
{
	int fd;

	o->f = NULL;
	o->path = path;
	if (asprintf(&o->tmp, "%s.tmp.%d", path, (int)getpid()) < 0) {
		o->tmp = NULL;
		fprintf(stderr, "lkst: %s: out of memory\n", path);
		return -1;
	}
	fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	o->f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!o->f) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "lkst: %s: %s\n", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	return 0;
}

void lkst_output_abort(struct lkst_output *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->f = NULL;
	o->tmp = NULL;
}

int lkst_output_commit(struct lkst_output *o)
{
	int failed = ferror(o->f);

	failed |= fclose(o->f);
	o->f = NULL;
	if (failed) {
		fprintf(stderr, "lkst: %s: write error: %s\n", o->tmp,
			strerror(errno ? errno : EIO));
		lkst_output_abort(o);
		return -1;
	}
	if (rename(o->tmp, o->path)) {
		fprintf(stderr, "lkst: %s: %s\n", o->path, strerror(errno));
		lkst_output_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}
