#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-event-ids.sh [TREE]
#
# Event ids are ABI: handler modules, and modules with hook sites, are
# compiled against them (include/linux/lkst_events.h).  Documentation/
# event-ids.txt pins the id of every released event; this fails if the
# table of a patched tree moved or removed one.  New events must come
# after the pinned ones: add them to the file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$LKST_TREE}
table=$tree/include/linux/lkst_events.h
pinned=${LKST_EVENT_IDS:-$LKST_TOP/Documentation/event-ids.txt}
[ -r "$table" ] || die "$table not found: apply the series first (scripts/prepare-tree.sh)"
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT

# the ids as the compiler numbers them, from the table itself
gcc -x c -o "$bin" - <<EOC
#include <stdio.h>
static const char *const names[] = {
#define LKST_EVENT(n, c, a, s, d) #n,
#include "$table"
};
int main(void)
{
	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		printf("%u %s\n", i, names[i]);
	return 0;
}
EOC
"$bin" >"$bin.ids"
bad=0
while read -r id name; do
	case $id in '#'*|'') continue ;; esac
	now=$(awk -v n="$name" '$2 == n { print $1 }' "$bin.ids")
	if [ "$now" != "$id" ]; then
		echo "event $name: pinned id $id, table gives ${now:-none}" >&2
		bad=1
	fi
done <"$pinned"
new=$(awk 'NR == FNR { if ($1 !~ /^#/) pinned[$2] = 1; next } !($2 in pinned)' \
	"$pinned" "$bin.ids")
[ -z "$new" ] || echo "new events (add them to $pinned): $(echo "$new" | tr '\n' ' ')" >&2
rm -f "$bin.ids"
[ $bad = 0 ] && [ -z "$new" ] || exit 1
echo "$(grep -vc '^#' "$pinned") event ids as pinned"
