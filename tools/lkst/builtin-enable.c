// SPDX-License-Identifier: GPL-2.0
/*
 * lkst enable|disable EVENT...|CATEGORY...|all
 *
 * Every name is checked against the kernel's event table before anything
 * is written, so a typo changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lkst.h"
#include "lkst-trace.h"

static int matches(const struct lkst_event_type *ev, const char *name)
{
	return !strcasecmp(name, "all") || !strcasecmp(ev->name, name) ||
	       !strcasecmp(ev->category, name);
}

static int set_events(int argc, char **argv, const char *val)
{
	struct lkst_trace t = { 0 };
	unsigned int id;
	char ctl[128];
	int i, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: lkst %s EVENT...|CATEGORY...|all\n",
			argv[0]);
		return EXIT_USAGE;
	}
	if (lkst_load_etypes(&t))
		return EXIT_KERNEL;

	for (i = 1; i < argc; i++) {
		int found = 0;

		for (id = 0; id < t.nevents; id++)
			found |= t.events[id].valid && matches(&t.events[id], argv[i]);
		if (!found) {
			fprintf(stderr, "lkst: no event or category '%s' (see /proc/lkst_etypes)\n",
				argv[i]);
			lkst_trace_free(&t);
			return EXIT_USAGE;
		}
	}
	for (id = 0; id < t.nevents && !ret; id++) {
		if (!t.events[id].valid)
			continue;
		for (i = 1; i < argc; i++) {
			if (!matches(&t.events[id], argv[i]))
				continue;
			snprintf(ctl, sizeof(ctl), "events/%s", t.events[id].name);
			if (lkst_write_ctl(ctl, val))
				ret = EXIT_KERNEL;
			break;
		}
	}
	lkst_trace_free(&t);
	return ret;
}

int cmd_enable(int argc, char **argv)
{
	return set_events(argc, argv, "1");
}

int cmd_disable(int argc, char **argv)
{
	return set_events(argc, argv, "0");
}
