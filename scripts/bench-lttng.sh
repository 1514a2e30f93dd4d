#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-lttng.sh OUT.cpio.gz: LTTng for make bench's third column, as an
# initramfs overlay for the bench-ftrace kernel (the kernel appends a
# second cpio archive to the first, so the bench image stays as it is).
#
#  - lttng-modules: Debian 12's lttng-modules-dkms source, built against
#    build/kbuild-bench-ftrace with the kernel's own "make M=", installed
#    under /lib/modules/RELEASE/extra with depmod's index, so that
#    lttng-sessiond's libkmod finds them as on an installed system;
#  - Debian's lttng-tools (lttng, lttng-sessiond, lttng-consumerd) and
#    babeltrace2 (its counter sink counts the recorded events), with the
#    shared libraries they load.
# The guest side is the "ftrace" part of mkinitramfs.sh's bench mode: it
# runs LTTng when /usr/bin/lttng exists.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: bench-lttng.sh OUT.cpio.gz}
kbuild=$(kbuild_dir bench-ftrace)
[ -f "$kbuild/vmlinux" ] || die "no $kbuild/vmlinux: run scripts/build-kernel.sh bench-ftrace first"
# (Debian's lttng-tools enables its session daemon's service where
# systemd runs; the bench uses only the programs)
command -v lttng >/dev/null && command -v babeltrace2 >/dev/null ||
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends lttng-tools babeltrace2 >/dev/null
for prog in lttng lttng-sessiond babeltrace2 depmod; do
	command -v $prog >/dev/null || die "$prog is missing: apt-get install lttng-tools babeltrace2 kmod"
done
release=$(cat "$kbuild/include/config/kernel.release")
work=$LKST_BUILD/lttng
stage=$work/stage
version=$(dpkg-query -W -f '${Version}' lttng-tools)
mkdir -p "$work"

# the modules, from the lttng-modules-dkms package of the same version
src=$work/lttng-modules-${version%%-*}
if [ ! -f "$src/Makefile" ]; then
	rm -rf "$work/dkms"
	dpkg-deb -x "$(fetch_deb lttng-modules-dkms "$version")" "$work/dkms"
	mv "$work/dkms/usr/src/lttng-modules-${version%%-*}" "$src"
	rm -rf "$work/dkms"
	# 2.13.9's timer probe predates the was_armed argument that 6.1.y
	# stable gave the hrtimer_start tracepoint, and does not compile
	# against Debian's 6.1.192; the bench records no timer event
	sed -i '/lttng-probe-timer\.o/d' "$src/src/probes/Kbuild"
fi
log "building lttng-modules $version against $release"
# (what its Makefile's "modules" target runs, with our output tree, after
# modules_prepare: the kernel was built as a bzImage only)
make -C "$LKST_TREE" O="$kbuild" CC="ccache gcc" -s modules_prepare >"$work/modules.log" 2>&1 ||
	die "make modules_prepare failed: see $work/modules.log"
make -C "$LKST_TREE" O="$kbuild" M="$src/src" CC="ccache gcc" -j"$(nproc)" \
	CONFIG_LTTNG=m CONFIG_LTTNG_CLOCK_PLUGIN_TEST=m modules \
	>>"$work/modules.log" 2>&1 || die "lttng-modules did not build: see $work/modules.log"

rm -rf "$stage"
mkdir -p "$stage/lib/modules/$release/extra"
find "$src/src" -name '*.ko' -exec cp {} "$stage/lib/modules/$release/extra/" \;
nmod=$(find "$stage/lib/modules/$release/extra" -name '*.ko' | wc -l)
[ "$nmod" -gt 0 ] || die "lttng-modules built no module: see $work/modules.log"
# (the kernel has no module of its own: empty lists of them)
touch "$stage/lib/modules/$release/"modules.{order,builtin,builtin.modinfo}
depmod -b "$stage" "$release"

# the programs and what they load
consumerd=/usr/lib/x86_64-linux-gnu/lttng/libexec/lttng-consumerd
plugins=/usr/lib/x86_64-linux-gnu/babeltrace2/plugins
bins=(/usr/bin/lttng /usr/bin/lttng-sessiond /usr/bin/babeltrace2 "$consumerd"
	"$plugins"/babeltrace-plugin-{ctf,utils}.so)
for f in "${bins[@]}" $(ldd "${bins[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
						 $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u); do
	mkdir -p "$stage$(dirname "$f")"
	cp -L "$f" "$stage$f"
done
# (the session daemon validates its session files against this schema,
# and stops without it)
mkdir -p "$stage/usr/share/xml"
cp -r /usr/share/xml/lttng "$stage/usr/share/xml/"
mkdir -p "$stage/var/run" "$stage/etc"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
log "wrote $out ($(du -k "$out" | cut -f1) KiB: $nmod modules of lttng-modules $version, lttng-tools, babeltrace2)"
