// SPDX-License-Identifier: GPL-2.0
/* lkst status: tracer state, buffer settings, counters, enabled events */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "lkst.h"
#include "lkst-trace.h"

static void indent(const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");

		printf("  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

int cmd_status(int argc, char **argv)
{
	char tracing[16], overwrite[16], records[32], clock[16], stats[512];
	struct lkst_trace t = { 0 };
	unsigned int id, on = 0, n = 0;
	char path[512];
	struct dirent *de;
	DIR *d;

	if (argc != 1) {
		fprintf(stderr, "usage: lkst status\n");
		return EXIT_USAGE;
	}
	if (lkst_read_ctl("tracing", tracing, sizeof(tracing)) ||
	    lkst_read_ctl("overwrite", overwrite, sizeof(overwrite)) ||
	    lkst_read_ctl("buffer_records", records, sizeof(records)) ||
	    lkst_read_ctl("clock", clock, sizeof(clock)) ||
	    lkst_read_ctl("stats", stats, sizeof(stats)) ||
	    lkst_load_etypes(&t))
		return EXIT_KERNEL;

	for (id = 0; id < t.nevents; id++) {
		char ctl[128], val[8];

		if (!t.events[id].valid)
			continue;
		n++;
		snprintf(ctl, sizeof(ctl), "events/%s", t.events[id].name);
		if (!lkst_read_ctl(ctl, val, sizeof(val)) && val[0] == '1')
			on++;
	}
	printf("tracing: %s\n", tracing[0] == '1' ? "on" : "off");
	printf("mode: %s\n", overwrite[0] == '1' ? "overwrite" : "stop when full");
	printf("buffer: %s records per cpu\n", records);
	printf("clock: %s\n", clock);
	printf("events: %u of %u enabled\n", on, n);
	printf("counters (all cpus):\n");
	indent(stats);

	snprintf(path, sizeof(path), "%s/per_cpu", lkst_sysfs());
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char ctl[300];

		if (strncmp(de->d_name, "cpu", 3))
			continue;
		snprintf(ctl, sizeof(ctl), "per_cpu/%s/stats", de->d_name);
		if (lkst_read_ctl(ctl, stats, sizeof(stats)))
			continue;
		printf("%s:", de->d_name);
		for (char *p = strtok(stats, "\n"); p; p = strtok(NULL, "\n"))
			printf(" %s", p);
		printf("\n");
	}
	if (d)
		closedir(d);
	lkst_trace_free(&t);
	return 0;
}
