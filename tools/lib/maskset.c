// SPDX-License-Identifier: GPL-2.0
/*
 * Mask set files: check them line by line against the kernel's event table
 * before anything is written to the kernel, so that a bad file gets a
 * message naming the file and the line, and changes nothing.
 *
 * The grammar is the kernel's (Documentation/ABI/testing/sysfs-kernel-lkst):
 *
 *	maskset NAME
 *	TARGET HANDLER [OPTION]
 *
 * A file may hold several mask sets, each starting with its "maskset" line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkst-trace.h"

static int is_target(const struct lkst_trace *t, const char *s)
{
	unsigned int id;

	if (!strcmp(s, "all"))
		return 1;
	for (id = 0; id < t->nevents; id++)
		if (t->events[id].valid && (!strcmp(s, t->events[id].name) ||
					    !strcmp(s, t->events[id].category)))
			return 1;
	return 0;
}

/*
 * The kernel's kstrtou64(s, 0, ...): an optional '+', then a number in
 * decimal, 0x hex or 0 octal, and nothing else; no blank, no '-'.
 */
static int parse_number(const char *s, unsigned long long max,
			unsigned long long *v)
{
	char *end;

	if (*s == '+')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end || *v > max ? -1 : 0;
}

static int is_number_upto(const char *s, unsigned long long max)
{
	unsigned long long v;

	return !parse_number(s, max, &v);
}

static int known_set(const char *name, char known[][LKST_MASKSET_NAME_LEN],
		     size_t nknown)
{
	size_t i;

	for (i = 0; i < nknown; i++)
		if (!strcmp(known[i], name))
			return 1;
	return 0;
}

/*
 * "" if HANDLER [OPTION] is valid, else what is wrong.  The kernel's
 * lkst_parse_handler(), rule for rule: tools/testing/maskset-grammar.txt
 * holds lines both must accept or refuse alike.
 */
static const char *check_handler(char *handler, char *opt,
				 char known[][LKST_MASKSET_NAME_LEN],
				 size_t nknown,
				 char modules[][LKST_MASKSET_NAME_LEN],
				 size_t nmodules)
{
	unsigned long long v;
	char *target;

	if (known_set(handler, modules, nmodules))	/* a module's handler */
		return opt ? "a module's handler takes no option" : "";

	if (!strcmp(handler, "none") || !strcmp(handler, "record") ||
	    !strcmp(handler, "count"))
		return opt ? "this handler takes no option" : "";
	if (!strcmp(handler, "stack")) {
		if (opt && (parse_number(opt, UINT32_MAX, &v) || v < 1 ||
			    v > LKST_STACK_MAX))
			return "stack depth must be 1 to 12";
		return "";
	}
	if (!strcmp(handler, "freeze"))	/* an atomic_t counts down */
		return opt && !is_number_upto(opt, INT32_MAX) ?
		       "freeze takes a number of records, 0 to 2147483647" : "";
	if (!strcmp(handler, "filter")) {
		if (!opt)
			return "filter needs pid=N, tgid=N or comm=NAME";
		if ((!strncmp(opt, "pid=", 4) && is_number_upto(opt + 4, UINT64_MAX)) ||
		    (!strncmp(opt, "tgid=", 5) && is_number_upto(opt + 5, UINT64_MAX)) ||
		    (!strncmp(opt, "comm=", 5) && opt[5] && strlen(opt + 5) < 16))
			return "";
		return "filter needs pid=N, tgid=N or comm=NAME (up to 15 characters)";
	}
	if (!strcmp(handler, "trigger") || !strcmp(handler, "buffer")) {
		int buffer = handler[0] == 'b';

		/* the rest after one blank is the condition, untrimmed */
		target = opt ? strsep(&opt, " \t") : NULL;
		if (!target || !*target)
			return buffer ? "buffer needs a buffer number, 0 to 3" :
					"trigger needs a mask set name";
		if (buffer && !is_number_upto(target, LKST_BUFFERS_MAX - 1))
			return "buffer needs a buffer number, 0 to 3";
		if (!buffer && !known_set(target, known, nknown))
			return "trigger names a mask set that does not exist (yet)";
		if (opt && !(strlen(opt) >= 6 && !strncmp(opt, "arg", 3) &&
			     opt[3] >= '0' && opt[3] < '0' + LKST_MAX_ARGS &&
			     opt[4] == '=' && is_number_upto(opt + 5, UINT64_MAX)))
			return "condition must be argI=VALUE, I from 0 to 3";
		return "";
	}
	return "unknown handler (none, record, stack, count, filter, trigger, freeze,\n"
	       "buffer, or a loaded module's: see /sys/kernel/lkst/handlers)";
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/*
 * Check @text (the contents of @path) and split it into mask sets.  @known
 * holds the names of the sets that exist in the kernel (nknown of them, up
 * to LKST_MASKSETS_MAX entries); the sets of the file are added as they are
 * defined, so a trigger may name an earlier set of the same file.  @modules
 * holds the names of the handlers modules have registered.  Each set
 * goes to out[i]: its name, and its text as the kernel wants it.  Returns
 * the number of sets, or -1 with err naming the file and the line.
 */
int lkst_maskset_parse(const char *path, const char *text,
		       const struct lkst_trace *t,
		       char known[][LKST_MASKSET_NAME_LEN], size_t nknown,
		       char modules[][LKST_MASKSET_NAME_LEN], size_t nmodules,
		       struct lkst_maskset_text *out, size_t max,
		       struct lkst_err *err)
{
	char *copy = strdup(text), *rest = copy, *raw;
	int lineno = 0, n = -1;

	if (!copy)
		return lkst_fail(err, "%s: out of memory", path);
	while ((raw = strsep(&rest, "\n"))) {
		char buf[512], *line, *target, *handler, *opt;
		const char *why;

		lineno++;
		line = trim(raw);
		if (!*line || *line == '#')
			continue;
		if (strlen(line) >= sizeof(buf)) {
			lkst_fail(err, "%s:%d: line too long", path, lineno);
			goto bad;
		}
		if (!strcmp(line, "maskset") || !strncmp(line, "maskset ", 8)) {
			char *name = trim(line + 7);

			if (!*name || strlen(name) >= LKST_MASKSET_NAME_LEN ||
			    strpbrk(name, " \t/")) {
				lkst_fail(err, "%s:%d: bad mask set name '%s' (1 to 31 characters, no blanks or '/')",
				     path, lineno, name);
				goto bad;
			}
			if ((size_t)(n + 1) >= max) {
				lkst_fail(err, "%s:%d: too many mask sets in one file", path, lineno);
				goto bad;
			}
			n++;
			strcpy(out[n].name, name);
			out[n].line = lineno;
			snprintf(out[n].text, sizeof(out[n].text), "maskset %s\n", name);
			if (!known_set(name, known, nknown) && nknown < LKST_MASKSETS_MAX)
				strcpy(known[nknown++], name);
			continue;
		}
		if (n < 0) {
			lkst_fail(err, "%s:%d: expected 'maskset NAME' first", path, lineno);
			goto bad;
		}
		/* as lkst_parse_line(): TARGET, blank, then the trimmed rest */
		strcpy(buf, line);
		opt = buf;
		target = strsep(&opt, " \t");
		handler = NULL;
		if (opt) {
			opt = trim(opt);
			handler = strsep(&opt, " \t");
			opt = opt ? trim(opt) : NULL;
		}
		if (opt && !*opt)
			opt = NULL;
		if (!is_target(t, target)) {
			lkst_fail(err, "%s:%d: '%s' is no event, category or 'all'", path, lineno, target);
			goto bad;
		}
		if (!handler || !*handler) {
			lkst_fail(err, "%s:%d: '%s' needs a handler", path, lineno, target);
			goto bad;
		}
		why = check_handler(handler, opt, known, nknown, modules, nmodules);
		if (*why) {
			lkst_fail(err, "%s:%d: %s", path, lineno, why);
			goto bad;
		}
		if (strlen(out[n].text) + strlen(line) + 2 > sizeof(out[n].text)) {
			lkst_fail(err, "%s:%d: mask set '%s' too long", path, lineno, out[n].name);
			goto bad;
		}
		strcat(out[n].text, line);
		strcat(out[n].text, "\n");
	}
	free(copy);
	if (n < 0)
		return lkst_fail(err, "%s: no mask set in the file", path);
	return n + 1;
bad:
	free(copy);
	return -1;
}
