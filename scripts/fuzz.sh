#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh [SECONDS] ("make fuzz", and a short smoke in "make check"):
# libFuzzer, with ASan and UBSan, on the parsers that read files a user
# hands to lkst: the trace-file reader and the mask-set parser
# (tools/fuzz/).  Each target runs SECONDS (default 60) from a copy of the
# committed corpus, so the corpus in git stays small.  Prints one
# "PASS:/FAIL: fuzz TARGET: ..." line per target; a crash leaves its input
# in build/fuzz/ and must become a regression test (tools/tests/) and a
# file of the corpus.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

secs=${1:-60}
out=$LKST_BUILD/fuzz
src=$LKST_TOP/tools
command -v clang >/dev/null || die "clang not found (apt-get install clang libclang-rt-14-dev)"
mkdir -p "$out"
sh "$src/lib/gen-syscalls.sh" >"$out/syscalls.c"
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_GNU_SOURCE -I"$src/lib")
status=0
for target in trace-file maskset; do
	clang "${flags[@]}" -o "$out/fuzz-$target" "$src/fuzz/fuzz-$target.c" \
		"$src/lib/trace-file.c" "$src/lib/maskset.c" "$out/syscalls.c" \
		2>"$out/build-$target.log" || {
		echo "FAIL: fuzz $target: does not build, see $out/build-$target.log"
		status=1
		continue
	}
	rm -rf "$out/corpus-$target" "$out/crash-$target"
	mkdir -p "$out/corpus-$target" "$out/crash-$target"
	cp "$src/fuzz/corpus/$target/"* "$out/corpus-$target/"
	if (cd "$out/crash-$target" &&
	    "$out/fuzz-$target" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 "$out/corpus-$target") \
		>"$out/run-$target.log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/run-$target.log")
		echo "PASS: fuzz $target: ${execs:-?} executions in $secs s, no crash"
	else
		echo "FAIL: fuzz $target: crash, reproducer in $out/crash-$target/ (see $out/run-$target.log)"
		status=1
	fi
done
exit $status
