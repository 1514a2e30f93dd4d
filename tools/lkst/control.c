// SPDX-License-Identifier: GPL-2.0
/* Access to /sys/kernel/lkst; each error names the file and the reason. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lkst.h"
#include "lkst-trace.h"

const char *lkst_sysfs(void)
{
	const char *s = getenv("LKST_SYSFS");

	return s && *s ? s : "/sys/kernel/lkst";
}

const char *lkst_etypes_path(void)
{
	const char *s = getenv("LKST_ETYPES");

	return s && *s ? s : "/proc/lkst_etypes";
}

const char *lkst_masksets_path(void)
{
	const char *s = getenv("LKST_MASKSETS");

	return s && *s ? s : "/proc/lkst_masksets";
}

int lkst_read_ctl(const char *name, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", lkst_sysfs(), name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "lkst: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (is this a CONFIG_LKST kernel?)" : "");
		return -1;
	}
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0) {
		fprintf(stderr, "lkst: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

int lkst_write_ctl(const char *name, const char *val)
{
	char path[512];
	size_t len = strlen(val);
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", lkst_sysfs(), name);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "lkst: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (write(fd, val, len) != (ssize_t)len) {
		fprintf(stderr, "lkst: %s: the kernel refused '%s': %s\n",
			path, val, strerror(errno));
		ret = -1;
	}
	close(fd);
	return ret;
}

/* Read the running kernel's event table from /proc/lkst_etypes. */
int lkst_load_etypes(struct lkst_trace *t)
{
	const char *path = lkst_etypes_path();
	char line[512];
	int lineno = 0, ret = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "lkst: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (is this a CONFIG_LKST kernel?)" : "");
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct lkst_event_type ev;
		unsigned int id;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (lkst_parse_event_line(line, &id, &ev) ||
		    lkst_add_event(t, id, &ev)) {
			fprintf(stderr, "lkst: %s:%d: cannot parse '%.*s'\n",
				path, lineno, (int)strcspn(line, "\n"), line);
			ret = -1;
			break;
		}
	}
	fclose(f);
	if (!ret && !t->nevents) {
		fprintf(stderr, "lkst: %s: no events\n", path);
		ret = -1;
	}
	return ret;
}
