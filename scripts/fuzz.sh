#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh [SECONDS] ("make fuzz", and a short smoke in "make check"):
# libFuzzer, with ASan and UBSan, on the parsers that read files a user
# hands to lkst: the trace-file reader and the mask-set parser
# (tools/fuzz/), and the crash dump readers.  Each target runs SECONDS (default 60), one after the
# other, from a copy of the committed corpus in build/fuzz/corpus-TARGET,
# so the corpus in git stays small.  Prints one line per target:
#
#	PASS: fuzz TARGET: N execs in S s, 0 crashes
#	FAIL: fuzz TARGET: crash, reproducer FILE
#
# and exits 0 only if every target passed.  A reproducer (a crash, hang,
# leak or UBSan report) stays in build/fuzz/crash-TARGET/ until the next
# run: reproduce it with "build/fuzz/fuzz-TARGET FILE", fix it, add a
# cmocka regression test to tools/tests/ and the file to the corpus as
# regress-NAME (tools/fuzz/README.md).  Installs nothing: clang and its
# fuzzer runtime come from scripts/deps.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

secs=${1:-60}
case $secs in
''|*[!0-9]*|0) die "usage: fuzz.sh [SECONDS_PER_TARGET] (a whole number, at least 1)" ;;
esac
out=$LKST_BUILD/fuzz
src=$LKST_TOP/tools
targets=(trace-file maskset dump)
declare -A max_len=([trace-file]=65536 [maskset]=16384 [dump]=131072)

if ! command -v clang >/dev/null; then
	log "clang not found: install clang and libclang-rt-14-dev (scripts/deps.sh)"
	for target in "${targets[@]}"; do
		echo "FAIL: fuzz $target: clang not found (scripts/deps.sh installs clang and libclang-rt-14-dev)"
	done
	exit 1
fi

mkdir -p "$out"
sh "$src/lib/gen-syscalls.sh" >"$out/syscalls.c"
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -fno-omit-frame-pointer -std=gnu11 -Wall -Wextra -Wno-unused-parameter
       -Werror -D_GNU_SOURCE -I"$src/lib")
status=0
for target in "${targets[@]}"; do
	bin=$out/fuzz-$target
	if ! clang "${flags[@]}" -o "$bin" "$src/fuzz/fuzz-$target.c" \
		"$src/lib/trace-file.c" "$src/lib/symbols.c" "$src/lib/maskset.c" "$src/lib/dump.c" \
		"$out/syscalls.c" -lelf -llzo2 -lz \
		>"$out/build-$target.log" 2>&1; then
		if grep -q 'libclang_rt.fuzzer' "$out/build-$target.log"; then
			echo "FAIL: fuzz $target: clang's fuzzer runtime is missing (install libclang-rt-14-dev)"
		else
			echo "FAIL: fuzz $target: does not build, see $out/build-$target.log"
		fi
		status=1
		continue
	fi
	corpus=$out/corpus-$target
	crashes=$out/crash-$target
	rm -rf "$corpus" "$crashes"
	mkdir -p "$corpus" "$crashes"
	cp "$src/fuzz/corpus/$target/"* "$corpus/"
	start=$SECONDS
	rc=0
	"$bin" -max_total_time="$secs" -max_len="${max_len[$target]}" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-dict="$src/fuzz/$target.dict" -artifact_prefix="$crashes/" \
		"$corpus" >"$out/run-$target.log" 2>&1 || rc=$?
	elapsed=$((SECONDS - start))
	repro=$(find "$crashes" -type f | sort | head -n 1)
	if [ "$rc" = 0 ] && [ -z "$repro" ]; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/run-$target.log")
		echo "PASS: fuzz $target: ${execs:-?} execs in $elapsed s, 0 crashes"
	elif [ -n "$repro" ]; then
		echo "FAIL: fuzz $target: crash, reproducer $repro (see $out/run-$target.log)"
		status=1
	else
		echo "FAIL: fuzz $target: libFuzzer exited with status $rc and no reproducer, see $out/run-$target.log"
		status=1
	fi
done
exit $status
