#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Generate the x86-64 system call name table from the kernel's uapi header
# (Debian's linux-libc-dev), so that no list is kept by hand.
set -eu
# Debian's multiarch path, or the plain one (RPM distributions)
hdr=${1:-/usr/include/x86_64-linux-gnu/asm/unistd_64.h}
[ -n "${1:-}" ] || [ -r "$hdr" ] || hdr=/usr/include/asm/unistd_64.h
[ -r "$hdr" ] || { echo "gen-syscalls.sh: cannot read $hdr" >&2; exit 1; }
echo "/* Generated from $hdr by gen-syscalls.sh; do not edit. */"
echo '#include <stdint.h>'
echo '#include "lkst-trace.h"'
echo 'static const char *const names[] = {'
sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]\+\([0-9]\+\)$/\t[\2] = "\1",/p' "$hdr"
echo '};'
cat <<'TAIL'
const char *lkst_syscall_name(uint64_t nr)
{
	if (nr < sizeof(names) / sizeof(names[0]) && names[nr])
		return names[nr];
	return "?";
}
TAIL
