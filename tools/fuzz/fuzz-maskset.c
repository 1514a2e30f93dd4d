// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the mask-set file parser (lkst_maskset_parse()), with
 * an event table like the kernel's, known sets and a module handler.  A
 * bad file must give an error naming the file and the line, never a crash;
 * the target aborts on a message that does not, and on a set whose text
 * is not what the kernel's define file takes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkst-trace.h"

static struct lkst_trace table;

static void load_table(void)
{
	static const char *const events[] = {
		"0 PROCESS_CONTEXTSWITCH PROCESS prev_pid:pid,next_pid:pid,prev_state:x,next_prio:d",
		"1 PROCESS_EXEC PROCESS pid:pid,ret:d,filename:str",
		"2 SYSCALL_ENTRY SYSCALL nr:syscall,arg0:x,arg1:x,arg2:x",
		"3 SYSCALL_EXIT SYSCALL nr:syscall,ret:d",
		"4 LK_SPINLOCK LOCK lock:x,variant:u",
		"5 FS_OPEN FS dfd:d,flags:x,mode:x,fd:d,filename:str",
	};
	struct lkst_event_type ev;
	unsigned int i, id;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (lkst_parse_event_line(events[i], &id, &ev) ||
		    lkst_add_event(&table, id, &ev))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the parser adds the sets it defines: room for all of them */
	char known[LKST_MASKSETS_MAX][LKST_MASKSET_NAME_LEN] = { "default", "all" };
	static char modules[1][LKST_MASKSET_NAME_LEN] = { "sample_site" };
	static struct lkst_maskset_text out[LKST_MASKSETS_MAX];
	struct lkst_err err;
	char *text, name[64];
	int n, i, line;

	if (!table.nevents)
		load_table();
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	n = lkst_maskset_parse("fuzz.ms", text, &table, known, 2, modules, 1,
			       out, LKST_MASKSETS_MAX, &err);
	free(text);
	if (n < 0) {
		if (!memchr(err.msg, '\0', sizeof(err.msg)) ||
		    (sscanf(err.msg, "fuzz.ms:%d: ", &line) != 1 &&
		     strcmp(err.msg, "fuzz.ms: no mask set in the file") &&
		     strcmp(err.msg, "fuzz.ms: out of memory"))) {
			fprintf(stderr, "error message without the file and the line: '%.*s'\n",
				(int)sizeof(err.msg), err.msg);
			abort();
		}
		return 0;
	}
	if (n == 0 || n > LKST_MASKSETS_MAX)
		abort();
	for (i = 0; i < n; i++) {
		if (!memchr(out[i].name, '\0', sizeof(out[i].name)) ||
		    !memchr(out[i].text, '\0', sizeof(out[i].text)) ||
		    out[i].line < 1)
			abort();
		snprintf(name, sizeof(name), "maskset %s\n", out[i].name);
		if (strncmp(out[i].text, name, strlen(name)) ||
		    out[i].text[strlen(out[i].text) - 1] != '\n')
			abort();
	}
	return 0;
}
