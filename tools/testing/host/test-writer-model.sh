#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: userland model of the buffer writer: the old protocol lets a nested writer lap an unfinished one, the new one does not, nor the fire path's fast writer among nested ones
set -uo pipefail
LKST_TOP=$(cd "$(dirname "$0")/../../.." && pwd)
out=$LKST_TOP/build/model
mkdir -p "$out"
gcc -O2 -Wall -Werror -o "$out/writer-model" "$LKST_TOP/tools/testing/model/writer-model.c" || exit 1
"$out/writer-model" -p old
old=$?
"$out/writer-model" -p new
new=$?
"$out/writer-model" -p fast
fast=$?
[ $old = 1 ] || { echo "FAIL: the model no longer finds the old protocol's defect (status $old)"; exit 1; }
[ $new = 0 ] || { echo "FAIL: the new protocol failed in the model (status $new)"; exit 1; }
[ $fast = 0 ] || { echo "FAIL: the fast writer failed in the model (status $fast)"; exit 1; }
echo "PASS"
