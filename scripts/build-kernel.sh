#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh [test|test-nolkst|bench-ftrace|debug|debian|debian-nolkst] [TREE]
#
# Build a bzImage from the patched tree, with ccache, out of tree in
# build/kbuild-<flavour> (kbuild-<flavour>-<base> for a base other than
# the primary one, with LKST_BASE).  "test" is tinyconfig plus ci/test.config;
# "test-nolkst" is the same with CONFIG_LKST=n, the reference for overhead
# measurements; "bench-ftrace" adds ftrace's event tracing
# (ci/bench-ftrace.config) for make bench's comparison with ftrace;
# "debug" is the test kernel with KASAN, KFENCE, lockdep,
# PROVE_RCU, UBSAN and the other checks of ci/debug.config; "debian" is
# Debian's own amd64 config (from the pinned
# linux-headers package) with CONFIG_LKST=y, the kernel users run, and
# "debian-nolkst" the same without it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-test}
tree=${2:-$LKST_TREE}
out=${LKST_KBUILD_OUT:-$(kbuild_dir "$flavour")}
mkdir -p "$out"
kmake() { make -C "$tree" O="$out" CC="ccache gcc" -j"$(nproc)" "$@"; }

case $flavour in
test|test-nolkst|bench-ftrace|debug)
	kmake -s tinyconfig >/dev/null
	cat "$LKST_TOP/ci/test.config" >>"$out/.config"
	fragments=$LKST_TOP/ci/test.config
	if [ "$flavour" = debug ]; then
		cat "$LKST_TOP/ci/debug.config" >>"$out/.config"
		fragments="$fragments $LKST_TOP/ci/debug.config"
	fi
	if [ "$flavour" = test-nolkst ]; then
		echo "# CONFIG_LKST is not set" >>"$out/.config"
	fi
	if [ "$flavour" = bench-ftrace ]; then
		cat "$LKST_TOP/ci/bench-ftrace.config" >>"$out/.config"
		fragments="$fragments $LKST_TOP/ci/bench-ftrace.config"
	fi
	kmake -s olddefconfig >/dev/null 2>&1
	# every line of the fragment must have taken effect
	grep -h '^CONFIG_' $fragments | while IFS= read -r opt; do
		[ "$flavour" = test-nolkst ] && case $opt in CONFIG_LKST*|CONFIG_SAMPLE_LKST*) continue ;; esac
		# bisect builds of a series prefix may lack later options
		case " ${LKST_ALLOW_MISSING:-} " in *" ${opt%%=*} "*) continue ;; esac
		grep -qx "$opt" "$out/.config" || die "$opt did not take effect in $out/.config"
	done
	;;
debian|debian-nolkst)
	hdr=$LKST_DL/$BASE_HEADERS_PACKAGE-$BASE_VERSION/usr/src/$BASE_HEADERS_PACKAGE
	if [ ! -f "$hdr/.config" ]; then
		deb=$(fetch_deb "$BASE_HEADERS_PACKAGE" "$BASE_VERSION")
		dpkg-deb -x "$deb" "$LKST_DL/$BASE_HEADERS_PACKAGE-$BASE_VERSION"
	fi
	cp "$hdr/.config" "$out/.config"
	# Debian's signing key paths exist only inside its own build
	"$tree/scripts/config" --file "$out/.config" \
		--set-str MODULE_SIG_KEY certs/signing_key.pem \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--enable LKST --module LKST_TEST_EVENTS \
		--enable SAMPLES --module SAMPLE_LKST
	# debian-nolkst: the same tree and config without LKST, the reference
	# for make bench-debian (Debian's own kernel is a different build)
	[ "$flavour" = debian ] ||
		"$tree/scripts/config" --file "$out/.config" --disable LKST
	kmake -s olddefconfig >/dev/null 2>&1
	if [ "$flavour" = debian ]; then
		grep -q '^CONFIG_LKST=y' "$out/.config" || die "CONFIG_LKST=y did not take effect"
	else
		grep -q '^# CONFIG_LKST is not set' "$out/.config" || die "CONFIG_LKST=n did not take effect"
	fi
	;;
*)
	die "unknown flavour '$flavour' (test, test-nolkst, bench-ftrace, debug, debian, debian-nolkst)"
	;;
esac

# make -s prints nothing for minutes on a cold build: a line every 30 s
# with the objects there are so far against a whole build's, measured on
# 2 cores (December 2026; cold means an empty ccache)
declare -A objects=([test]=1400 [test-nolkst]=1400 [bench-ftrace]=1450 [debug]=1450 [debian]=2560 [debian-nolkst]=2540)
declare -A cold=([test]="15 min" [test-nolkst]="15 min" [bench-ftrace]="15 min" [debug]="21 min" [debian]="37 min" [debian-nolkst]="37 min")
progress() {
	local t0=$SECONDS n
	# (files come and go under find while make runs: never fail here)
	set +e +o pipefail
	while sleep 30; do
		n=$(find "$out" -name '*.o' 2>/dev/null | wc -l)
		log "$flavour kernel: $n of about ${objects[$flavour]} objects, $(( (SECONDS - t0) / 60 ))m$(printf %02d $(( (SECONDS - t0) % 60 )))s (a cold build takes about ${cold[$flavour]})"
	done
}
progress &
ticker=$!
# (a failed kill in an EXIT trap would become the script's status)
trap 'kill $ticker 2>/dev/null || true' EXIT

start=$(date +%s)
targets=bzImage
# the test kernels build their few modules (the LKST event trigger module)
case $flavour in test*|debug) grep -q '^CONFIG_MODULES=y' "$out/.config" && targets="bzImage modules" ;; esac
kmake -s $targets
if [ "$flavour" = debian ]; then
	# Debian's own modules are used; only the LKST test module is built,
	# against vmlinux's symbol versions (a full "make modules" takes hours)
	cp "$out/vmlinux.symvers" "$out/Module.symvers"
	kmake -s kernel/lkst/lkst_test_events.ko samples/lkst/lkst_sample_handler.ko
fi
log "built $out/arch/x86/boot/bzImage in $(( $(date +%s) - start ))s"
