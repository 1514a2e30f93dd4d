// SPDX-License-Identifier: GPL-2.0
/*
 * lkst enable|disable EVENT...|CATEGORY...|all
 *
 * Every name is checked against the kernel's event table before anything
 * is written, so a typo changes nothing.  A category is switched through
 * /sys/kernel/lkst/categories/CATEGORY, in one step, when the kernel has
 * it; events one by one otherwise.  "all" is every category: each write
 * replaces the current mask set, so fewer writes are faster.  A write that
 * fails stops the events still to do, but the categories all get theirs:
 * what went in stays in.
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
	return !strcasecmp(ev->name, name) || !strcasecmp(ev->category, name);
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

/* Add @name to @names unless it is there already: each write costs. */
static unsigned int add_name(const char **names, unsigned int n,
			     const char *name)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		if (!strcasecmp(names[k], name))
			return n;
	names[n] = name;
	return n + 1;
}

/* "all" is every category of the kernel's table */
static unsigned int add_all_categories(const struct lkst_trace *t,
				       const char **names, unsigned int n)
{
	unsigned int id;

	for (id = 0; id < t->nevents; id++)
		if (t->events[id].valid)
			n = add_name(names, n, t->events[id].category);
	return n;
}

static int set_events(int argc, char **argv, const char *val)
{
	struct lkst_trace t = { 0 };
	const char **names;
	unsigned int id, n = 0, k;
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
	names = calloc(argc + t.nevents, sizeof(*names));
	if (!names) {
		fprintf(stderr, "lkst: out of memory\n");
		lkst_trace_free(&t);
		return EXIT_KERNEL;
	}
	for (i = 1; i < argc; i++) {
		if (!strcasecmp(argv[i], "all"))
			n = add_all_categories(&t, names, n);
		else
			n = add_name(names, n, argv[i]);
	}
	for (k = 0; k < n; k++) {
		int done = is_category(&t, names[k]) ? set_category(&t, names[k], val) : 0;

		if (done < 0)
			ret = EXIT_KERNEL;
		if (done)
			names[k] = NULL;	/* nothing left to do for it */
	}
	/* the events of what is left: single events, categories without a file */
	for (id = 0; id < t.nevents && !ret; id++) {
		if (!t.events[id].valid)
			continue;
		for (k = 0; k < n; k++) {
			if (!names[k] || !matches(&t.events[id], names[k]))
				continue;
			snprintf(ctl, sizeof(ctl), "events/%s", t.events[id].name);
			if (lkst_write_ctl(ctl, val))
				ret = EXIT_KERNEL;
			break;
		}
	}
	free(names);
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
