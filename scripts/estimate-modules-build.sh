#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# estimate-modules-build.sh [SECONDS]: the time and disk that the modules
# of the Debian-config kernel need on this machine, from a sample, where
# the whole build (hours on 2 cores) does not fit in the time at hand.
# Run after "scripts/build-kernel.sh debian" (vmlinux and the built-in
# objects exist); "make estimate-modules".
#
#  1. "make -n modules" lists the compiles that the full build would run:
#     the objects of every directory.
#  2. The sample: directories drawn at random (a fixed seed), each built
#     with "make DIR/" and ccache off, until SECONDS (default 1200) have
#     passed: the seconds, the objects it compiled (with those of its
#     subdirectories) and the bytes it added.
#  3. The link step of a module (modpost, ld, BTF) is not in a directory's
#     build: "make M=DIR" of three sampled directories, whose objects now
#     exist, times it per module.
#  4. The estimate: the sample's seconds and bytes per object times the
#     objects of the whole build, plus the link step per module times the
#     modules, with the range of the sampled directories' rates.
# The sample's directories are left built; the output tree is not cleaned.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

budget=${1:-1200}
out=$(kbuild_dir debian)
tree=$LKST_TREE
[ -f "$out/vmlinux" ] || die "no $out/vmlinux: run scripts/build-kernel.sh debian first"
work=$LKST_BUILD/logs/estimate-modules
mkdir -p "$work"
kmake() { make -C "$tree" O="$out" CC=gcc -j"$(nproc)" "$@"; }
export CCACHE_DISABLE=1

log "listing the compiles of make modules (make -n)"
kmake -n modules >"$work/make-n.log" 2>/dev/null || true
grep -oE ' -o [^ ]+\.o ' "$work/make-n.log" | awk '{ print $2 }' | sort -u >"$work/objects"
total=$(wc -l <"$work/objects")
[ "$total" -gt 0 ] || die "make -n modules listed no object"
# the modules: the .mod files the compiles write, one per module
modules=$({ grep -oE '> [^ ]+\.mod;' "$work/make-n.log" || true; } | sort -u | wc -l)
[ "$modules" -gt 0 ] || die "make -n modules listed no module"
# objects per directory; only directories not built yet count as left
awk '{ d = $0; sub("/[^/]*$", "", d); n[d]++ } END { for (d in n) print d, n[d] }' \
	"$work/objects" | sort >"$work/dirs"
log "$total objects in $(wc -l <"$work/dirs") directories, $modules modules in the config"

# the sample: a fixed shuffle of the directories
shuf --random-source=<(yes lkst) "$work/dirs" >"$work/shuffled"
: >"$work/sample"
start=$(date +%s)
while read -r dir n; do
	[ $(($(date +%s) - start)) -lt "$budget" ] || break
	before=$(du -sb "$out" | cut -f1)
	touch "$work/mark"
	t0=$(date +%s.%N)
	if ! kmake -s "$dir/" >"$work/make.log" 2>&1; then
		log "$dir/ did not build (skipped): $(tail -n 1 "$work/make.log")"
		continue
	fi
	t1=$(date +%s.%N)
	after=$(du -sb "$out" | cut -f1)
	# the objects this build compiled: a directory's build takes its
	# subdirectories along, and a directory already built compiles none
	built=$(find "$out" -name '*.o' -newer "$work/mark" | wc -l)
	[ "$built" -gt 0 ] || continue
	echo "$dir $built $(echo "$t1 - $t0" | bc) $((after - before))" >>"$work/sample"
done <"$work/shuffled"
[ -s "$work/sample" ] || die "no directory was built in $budget s"

# the link step: three sampled directories with modules of their own
: >"$work/link"
while read -r dir _; do
	[ "$(wc -l <"$work/link")" -lt 3 ] || break
	nmod=$(find "$out/$dir" -maxdepth 1 -name '*.mod' | wc -l)
	[ "$nmod" -gt 0 ] || continue
	t0=$(date +%s.%N)
	kmake -s M="$dir" modules >"$work/make.log" 2>&1 || continue
	t1=$(date +%s.%N)
	echo "$dir $nmod $(echo "$t1 - $t0" | bc)" >>"$work/link"
done <"$work/sample"

[ -s "$work/link" ] || log "no link step could be timed: the estimate leaves it out"

# A ratio estimate (seconds per object over the sampled directories) and
# its standard error, from the spread of the directories around it
awk -v total="$total" -v modules="$modules" -v cpus="$(nproc)" '
FILENAME ~ /sample$/ {
	k++; n[k] = $2; t[k] = $3; objs += $2; secs += $3; bytes += $4
	next
}
{ lmods += $2; lsecs += $3 }
END {
	r = secs / objs; bpo = bytes / objs
	for (i = 1; i <= k; i++) ss += (t[i] - r * n[i]) ^ 2
	se = k > 1 ? sqrt(ss / (k - 1) / k) / (objs / k) : 0
	link = lmods ? lsecs / lmods : 0
	est = r * total + link * modules
	printf "sample: %d directories, %d of %d objects (%.1f%%) in %.0f s: %.3f s (standard error %.3f) and %.0f KB an object on %d CPUs\n",
		k, objs, total, 100 * objs / total, secs, r, se, bpo / 1024, cpus
	printf "link step (modpost, ld, BTF): %d modules in %.0f s: %.2f s a module, %d modules\n",
		lmods, lsecs, link, modules
	printf "estimate: %.1f hours (%.1f to %.1f, two standard errors), %.1f GB more in the output tree\n",
		est / 3600, ((r - 2 * se) * total + link * modules) / 3600,
		((r + 2 * se) * total + link * modules) / 3600, bpo * total / 1e9
}' "$work/sample" "$work/link" | tee "$work/estimate.txt"
