#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# try.sh ("make try"): the whole path in one command.  Install the build
# dependencies, fetch Debian's linux-source-6.1, apply the series, build the
# test kernel, boot it under QEMU and print a trace of a short workload.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$LKST_TOP/scripts/deps.sh"
"$LKST_TOP/scripts/prepare-tree.sh"
"$LKST_TOP/scripts/build-kernel.sh" test
"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-test.cpio.gz"
log "booting $(kbuild_dir test)/arch/x86/boot/bzImage under QEMU (TCG, 2 CPUs)"
"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 300 -a "lkstmode=demo quiet" \
	-l "$LKST_BUILD/logs/try.log" \
	"$(kbuild_dir test)/arch/x86/boot/bzImage" \
	"$LKST_BUILD/initrd-test.cpio.gz" | sed -n '/^LKST-GUEST-START/,/^LKST-GUEST-DONE/p'
