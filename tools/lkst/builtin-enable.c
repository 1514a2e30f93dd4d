// SPDX-License-Identifier: GPL-2.0
/*
 * lkst enable|disable EVENT...|CATEGORY...|all
 *
 * Every name is checked against the kernel's event table before anything
 * is written, so a typo changes nothing.  A category is switched through
 * /sys/kernel/lkst/categories/CATEGORY, in one step, when the kernel has
 * it; events one by one otherwise.  "all" is every category: each write
 * replaces the current mask set, so fewer writes are faster.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lkst.h"
#include "lkst-trace.h"

static int matches(const struct lkst_event_type *ev, const char *name)
{
	return !strcasecmp(name, "all") || !strcasecmp(ev->name, name) ||
	       !strcasecmp(ev->category, name);
}

static int is_category(const struct lkst_trace *t, const char *name)
{
	unsigned int id;

	for (id = 0; id < t->nevents; id++)
		if (t->events[id].valid && !strcasecmp(t->events[id].category, name))
			return 1;
	return 0;
}

/* Returns 1 if the whole category was set through its own file. */
static int set_category(const struct lkst_trace *t, const char *name,
			const char *val)
{
	unsigned int id;
	char ctl[128];

	for (id = 0; id < t->nevents; id++) {
		if (!t->events[id].valid ||
		    strcasecmp(t->events[id].category, name))
			continue;
		snprintf(ctl, sizeof(ctl), "%s/categories/%s", lkst_sysfs(),
			 t->events[id].category);
		if (access(ctl, W_OK))
			return 0;
		snprintf(ctl, sizeof(ctl), "categories/%s", t->events[id].category);
		return lkst_write_ctl(ctl, val) ? -1 : 1;
	}
	return 0;
}

/* Returns 1 if every category was set through its own file. */
static int set_all_categories(const struct lkst_trace *t, const char *val)
{
	unsigned int id, first;
	int ret;

	for (id = 0; id < t->nevents; id++) {
		if (!t->events[id].valid)
			continue;
		/* once per category: at the first event that has it */
		for (first = 0; first < id; first++)
			if (t->events[first].valid &&
			    !strcasecmp(t->events[first].category,
					t->events[id].category))
				break;
		if (first < id)
			continue;
		ret = set_category(t, t->events[id].category, val);
		if (ret <= 0)
			return ret;
	}
	return 1;
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
		if (strcasecmp(argv[i], "all") && !lkst_event_or_category(&t, argv[i])) {
			fprintf(stderr, "lkst: no event or category '%s' (see /proc/lkst_etypes)\n",
				argv[i]);
			lkst_trace_free(&t);
			return EXIT_USAGE;
		}
	}
	for (i = 1; i < argc; i++) {
		int done = 0;

		if (!strcasecmp(argv[i], "all"))
			done = set_all_categories(&t, val);
		else if (is_category(&t, argv[i]))
			done = set_category(&t, argv[i], val);

		if (done < 0)
			ret = EXIT_KERNEL;
		if (done)
			argv[i] = NULL;		/* nothing left to do for it */
	}
	for (id = 0; id < t.nevents && !ret; id++) {
		if (!t.events[id].valid)
			continue;
		for (i = 1; i < argc; i++) {
			if (!argv[i] || !matches(&t.events[id], argv[i]))
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
