// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the mask-set file parser (lkst_maskset_parse()), with
 * an event table like the kernel's, known sets and a module handler.  A
 * bad file must give an error naming the file and line, never a crash.
 */
#include <stdint.h>
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
	char *text;

	if (!table.nevents)
		load_table();
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	lkst_maskset_parse("fuzz.ms", text, &table, known, 2, modules, 1,
			   out, LKST_MASKSETS_MAX, &err);
	free(text);
	return 0;
}
