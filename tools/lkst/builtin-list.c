// SPDX-License-Identifier: GPL-2.0
/*
 * lkst list [events|categories|handlers]
 *
 * What this kernel can trace: its event table (/proc/lkst_etypes), the
 * categories with how many of their events are enabled, and the
 * handlers, built-in and registered by modules.
 */
#include <stdio.h>
#include <string.h>

#include "lkst.h"
#include "lkst-trace.h"

static int list_events(const struct lkst_trace *t)
{
	unsigned int id;

	printf("%-4s %-26s %-10s %s\n", "ID", "EVENT", "CATEGORY", "ARGUMENTS");
	for (id = 0; id < t->nevents; id++)
		if (t->events[id].valid)
			printf("%-4u %-26s %-10s %s\n", id, t->events[id].name,
			       t->events[id].category, t->events[id].args_spec);
	return 0;
}

static int list_categories(const struct lkst_trace *t)
{
	unsigned int id, k;

	printf("%-10s %s\n", "CATEGORY", "EVENTS");
	for (id = 0; id < t->nevents; id++) {
		const char *cat = t->events[id].category;
		unsigned int n = 0;
		char ctl[64], state[16];

		if (!t->events[id].valid)
			continue;
		for (k = 0; k < id; k++)	/* the first event of each */
			if (t->events[k].valid && !strcmp(t->events[k].category, cat))
				break;
		if (k < id)
			continue;
		for (k = id; k < t->nevents; k++)
			n += t->events[k].valid && !strcmp(t->events[k].category, cat);
		snprintf(ctl, sizeof(ctl), "categories/%s", cat);
		if (lkst_read_ctl(ctl, state, sizeof(state)))
			snprintf(state, sizeof(state), "?");
		printf("%-10s %u (enabled: %s)\n", cat, n,
		       !strcmp(state, "1") ? "all" : !strcmp(state, "0") ? "none" : state);
	}
	return 0;
}

int cmd_list(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "events";
	struct lkst_trace t = { 0 };
	char buf[4096];
	int ret;

	if (argc > 2 || (strcmp(what, "events") && strcmp(what, "categories") &&
			 strcmp(what, "handlers"))) {
		fprintf(stderr, "usage: lkst list [events|categories|handlers]\n");
		return EXIT_USAGE;
	}
	if (!strcmp(what, "handlers")) {
		if (lkst_read_ctl("handlers", buf, sizeof(buf)))
			return EXIT_KERNEL;
		puts(buf);
		return 0;
	}
	if (lkst_load_etypes(&t))
		return EXIT_KERNEL;
	ret = !strcmp(what, "events") ? list_events(&t) : list_categories(&t);
	lkst_trace_free(&t);
	return ret;
}
