#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hook-audit.sh: what each hook site costs its function with tracing off,
# from the disassembly of the test kernel built with CONFIG_LKST=y and
# with CONFIG_LKST=n (scripts/hook-audit.py says how it counts).  Builds
# both kernels if needed; writes build/logs/hook-audit.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$LKST_TOP/scripts/prepare-tree.sh"
"$LKST_TOP/scripts/build-kernel.sh" test
"$LKST_TOP/scripts/build-kernel.sh" test-nolkst
mkdir -p "$LKST_BUILD/logs"
python3 "$LKST_TOP/scripts/hook-audit.py" "$(kbuild_dir test-nolkst)/vmlinux" \
	"$(kbuild_dir test)/vmlinux" | tee "$LKST_BUILD/logs/hook-audit.txt"
