// SPDX-License-Identifier: GPL-2.0
/*
 * lkst maskset list
 * lkst maskset show NAME
 * lkst maskset current
 * lkst maskset switch NAME
 * lkst maskset delete NAME
 * lkst maskset load FILE        every set in FILE, checked first
 * lkst maskset save NAME FILE
 *
 * The kernel keeps the sets; /proc/lkst_masksets shows them all in the
 * same text form that load reads and save writes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkst.h"
#include "lkst-trace.h"


static char *slurp(const char *path)
{
	size_t cap = 65536, len = 0, n;
	char *buf = malloc(cap);
	FILE *f = fopen(path, "r");

	if (!f || !buf) {
		fprintf(stderr, "lkst: %s: %s\n", path, strerror(errno));
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *bigger = realloc(buf, cap *= 2);

			if (!bigger) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
		}
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Print the block of set NAME (or every "maskset" line if NAME is NULL). */
static int show(FILE *out, const char *name, int names_only)
{
	char *text = slurp(lkst_masksets_path()), *line, *rest;
	int in = 0, found = 0;

	if (!text)
		return EXIT_KERNEL;
	for (rest = text; (line = strsep(&rest, "\n"));) {
		if (!strncmp(line, "maskset ", 8)) {
			in = !name || !strcmp(line + 8, name);
			found |= in;
			if (names_only && in) {
				/* the next line says "# slot N[, current]" */
				fprintf(out, "%s%s\n", line + 8,
					rest && strstr(strsep(&rest, "\n"), "current") ?
					" (current)" : "");
				continue;
			}
		} else if (!*line) {
			if (in && !names_only)
				fputc('\n', out);
			in = 0;
			continue;
		}
		if (in && !names_only)
			fprintf(out, "%s\n", line);
	}
	free(text);
	if (name && !found) {
		fprintf(stderr, "lkst: no mask set '%s'\n", name);
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * The definition of set @name in @proc (/proc/lkst_masksets, which shows
 * every set in the form masksets/define takes), or NULL if there is none.
 */
static char *set_text(const char *proc, const char *name)
{
	const char *p = proc, *end;
	size_t len = strlen(name);

	for (; p && *p; p = (end = strchr(p, '\n')) ? end + 1 : NULL) {
		if (strncmp(p, "maskset ", 8) || strncmp(p + 8, name, len) ||
		    (p[8 + len] != '\n' && p[8 + len]))
			continue;
		end = strstr(p, "\n\n");
		return strndup(p, end ? (size_t)(end - p) + 1 : strlen(p));
	}
	return NULL;
}

/*
 * Sets 0 to @n - 1 of @sets were defined; put back what was there before:
 * the old definition (@old[i]), or no set at all.
 */
static void roll_back(const struct lkst_maskset_text *sets, char **old, int n)
{
	while (n-- > 0) {
		if (old[n] ? lkst_write_ctl("masksets/define", old[n]) :
			     lkst_write_ctl("masksets/delete", sets[n].name))
			fprintf(stderr, "lkst: could not put mask set '%s' back\n",
				sets[n].name);
	}
}

static int load(const char *path)
{
	static struct lkst_maskset_text sets[LKST_MASKSETS_MAX];
	char known[LKST_MASKSETS_MAX][LKST_MASKSET_NAME_LEN];
	char modules[LKST_MASKSETS_MAX][LKST_MASKSET_NAME_LEN];
	char *text, *proc, *saved, *line, *rest, handlers[4096];
	char *old[LKST_MASKSETS_MAX];
	struct lkst_trace t = { 0 };
	struct lkst_err err;
	size_t nknown = 0, nmodules = 0;
	int n, i, ret = 0;

	if (lkst_load_etypes(&t))
		return EXIT_KERNEL;
	proc = slurp(lkst_masksets_path());
	if (!proc) {
		lkst_trace_free(&t);
		return EXIT_KERNEL;
	}
	saved = strdup(proc);
	for (rest = proc; (line = strsep(&rest, "\n")) && nknown < LKST_MASKSETS_MAX;)
		if (!strncmp(line, "maskset ", 8))
			snprintf(known[nknown++], LKST_MASKSET_NAME_LEN, "%s", line + 8);
	free(proc);
	/* "ID NAME module" lines: the handlers modules registered */
	if (!lkst_read_ctl("handlers", handlers, sizeof(handlers))) {
		for (rest = handlers; (line = strsep(&rest, "\n")) && nmodules < LKST_MASKSETS_MAX;) {
			char name[LKST_MASKSET_NAME_LEN];
			unsigned int id;

			if (sscanf(line, "%u %31s module", &id, name) == 2 && strstr(line, " module"))
				strcpy(modules[nmodules++], name);
		}
	}
	text = slurp(path);
	if (!text || !saved) {
		free(text);
		free(saved);
		lkst_trace_free(&t);
		return text ? EXIT_KERNEL : EXIT_INPUT;
	}
	n = lkst_maskset_parse(path, text, &t, known, nknown, modules, nmodules,
			       sets, LKST_MASKSETS_MAX, &err);
	free(text);
	lkst_trace_free(&t);
	if (n < 0) {
		fprintf(stderr, "lkst: %s\n", err.msg);
		free(saved);
		return EXIT_INPUT;
	}
	/* all or nothing: a set the kernel refuses undoes those before it */
	for (i = 0; i < n; i++)
		old[i] = set_text(saved, sets[i].name);
	free(saved);
	for (i = 0; i < n && !ret; i++) {
		if (lkst_write_ctl("masksets/define", sets[i].text)) {
			fprintf(stderr, "lkst: %s:%d: the kernel refused mask set '%s'%s\n",
				path, sets[i].line, sets[i].name,
				i ? "; the sets before it are put back" : "");
			roll_back(sets, old, i);
			ret = EXIT_KERNEL;
		}
	}
	for (i = 0; i < n; i++)
		free(old[i]);
	return ret;
}

/* lkst handler list: the built-in handlers and those modules registered */
int cmd_handler(int argc, char **argv)
{
	char buf[4096];

	if (argc != 2 || strcmp(argv[1], "list")) {
		fprintf(stderr, "usage: lkst handler list\n");
		return EXIT_USAGE;
	}
	if (lkst_read_ctl("handlers", buf, sizeof(buf)))
		return EXIT_KERNEL;
	puts(buf);
	return 0;
}

static int parse_buffer(const char *s, unsigned int *b)
{
	if (s[0] < '0' || s[0] >= '0' + LKST_BUFFERS_MAX || s[1])
		return -1;
	*b = s[0] - '0';
	return 0;
}

/*
 * lkst buffer list
 * lkst buffer create|resize N RECORDS
 * lkst buffer delete N
 * lkst buffer mode N overwrite|stop
 * lkst buffer current N
 */
int cmd_buffer(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	char ctl[64], buf[256], cur[256];
	unsigned int b;

	if (!strcmp(sub, "list") && argc == 2) {
		if (lkst_read_ctl("buffers/current", cur, sizeof(cur)))
			return EXIT_KERNEL;
		printf("current: %s%s\n", cur, strcmp(cur, "mixed") ? "" : " (per_cpu/cpuN/current_buffer)");
		for (b = 0; b < LKST_BUFFERS_MAX; b++) {
			snprintf(ctl, sizeof(ctl), "buffers/%u/records", b);
			if (lkst_read_ctl(ctl, buf, sizeof(buf)) || !strcmp(buf, "0"))
				continue;
			printf("buffer %u: %s records per cpu", b, buf);
			snprintf(ctl, sizeof(ctl), "buffers/%u/overwrite", b);
			if (!lkst_read_ctl(ctl, buf, sizeof(buf)))
				printf(", %s", strcmp(buf, "1") ? "stop when full" : "overwrite");
			putchar('\n');
		}
		return 0;
	}
	if (argc >= 3) {
		/* a buffer number, never a path: "../../x" must not name a file */
		if (parse_buffer(argv[2], &b)) {
			fprintf(stderr, "lkst: '%s' is not a buffer number (0 to %d)\n",
				argv[2], LKST_BUFFERS_MAX - 1);
			return EXIT_USAGE;
		}
		snprintf(ctl, sizeof(ctl), "buffers/%u/records", b);
		if ((!strcmp(sub, "create") || !strcmp(sub, "resize")) && argc == 4)
			return lkst_write_ctl(ctl, argv[3]) ? EXIT_KERNEL : 0;
		if (!strcmp(sub, "delete") && argc == 3)
			return lkst_write_ctl(ctl, "0") ? EXIT_KERNEL : 0;
		if (!strcmp(sub, "current") && argc == 3) {
			snprintf(ctl, sizeof(ctl), "%u", b);
			return lkst_write_ctl("buffers/current", ctl) ? EXIT_KERNEL : 0;
		}
		if (!strcmp(sub, "mode") && argc == 4 &&
		    (!strcmp(argv[3], "overwrite") || !strcmp(argv[3], "stop"))) {
			snprintf(ctl, sizeof(ctl), "buffers/%u/overwrite", b);
			return lkst_write_ctl(ctl, strcmp(argv[3], "stop") ? "1" : "0") ?
			       EXIT_KERNEL : 0;
		}
	}
	fprintf(stderr, "usage: lkst buffer list | create N RECORDS | resize N RECORDS |\n"
			"                   delete N | mode N overwrite|stop | current N\n");
	return EXIT_USAGE;
}

int cmd_maskset(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	char buf[64];
	int ret;

	if (!strcmp(sub, "list") && argc == 2)
		return show(stdout, NULL, 1);
	if (!strcmp(sub, "show") && argc == 3)
		return show(stdout, argv[2], 0);
	if (!strcmp(sub, "current") && argc == 2) {
		if (lkst_read_ctl("masksets/current", buf, sizeof(buf)))
			return EXIT_KERNEL;
		puts(buf);
		return 0;
	}
	if (!strcmp(sub, "switch") && argc == 3)
		return lkst_write_ctl("masksets/current", argv[2]) ? EXIT_KERNEL : 0;
	if (!strcmp(sub, "delete") && argc == 3)
		return lkst_write_ctl("masksets/delete", argv[2]) ? EXIT_KERNEL : 0;
	if (!strcmp(sub, "load") && argc == 3)
		return load(argv[2]);
	if (!strcmp(sub, "save") && argc == 4) {
		struct lkst_output o;

		/* a set that does not exist leaves FILE as it was */
		if (lkst_output_open(&o, argv[3], 0644))
			return EXIT_OUTPUT;
		ret = show(o.f, argv[2], 0);
		if (ret) {
			lkst_output_abort(&o);
			return ret;
		}
		return lkst_output_commit(&o) ? EXIT_OUTPUT : 0;
	}
	fprintf(stderr, "usage: lkst maskset list | show NAME | current | switch NAME |\n"
			"                    delete NAME | load FILE | save NAME FILE\n");
	return EXIT_USAGE;
}
