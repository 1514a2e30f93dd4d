#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-package-test.sh: the test kernel as a .deb (bindeb-pkg) and an
# .rpm (binrpm-pkg), by package-kernel.sh; checks what they are called and
# hold, then boots the kernel taken out of the .deb and runs the first
# in-guest test on it.  One "PASS:/FAIL: kernel package: ..." line each.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$LKST_BUILD/packages
work=$(mktemp -d "$LKST_BUILD/kpkg-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
release=$BASE_KERNELVERSION-lkst1
debver=$BASE_VERSION+lkst1
ok() { echo "PASS: kernel package: $1"; }
bad() { echo "FAIL: kernel package: $1${2:+ ($2)}"; }
check() { # DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'"; fi
}

if ! "$LKST_TOP/scripts/package-kernel.sh" -c test deb rpm; then
	bad "package-kernel.sh -c test deb rpm built both packages"
	exit 1
fi
ok "package-kernel.sh -c test deb rpm built both packages"

deb=$out/linux-image-${release}_${debver}_amd64.deb
check "the .deb is linux-image-$release, version $debver" \
	"linux-image-$release $debver" "$(dpkg-deb -f "$deb" Package Version 2>&1 |
		sed 's/^[A-Za-z]*: //' | tr '\n' ' ' | sed 's/ $//')"
dpkg-deb -x "$deb" "$work/deb"
check "the .deb holds /boot/vmlinuz-$release" 1 \
	"$(ls "$work/deb/boot/vmlinuz-$release" 2>/dev/null | wc -l)"
check "its config has CONFIG_LKST=y" 1 \
	"$(grep -cx 'CONFIG_LKST=y' "$work/deb/boot/config-$release" 2>/dev/null)"

rpm=$(ls "$out"/kernel-"${release//-/_}"-*.x86_64.rpm 2>/dev/null | grep -v headers | head -n 1)
check "the .rpm is kernel ${release//-/_}" "kernel ${release//-/_}" \
	"$(rpm -qp --qf '%{NAME} %{VERSION}' "$rpm" 2>/dev/null)"
check "the .rpm holds /boot/vmlinuz-$release" 1 \
	"$(rpm -qlp "$rpm" 2>/dev/null | grep -cx "/boot/vmlinuz-$release")"

# the packaged kernel boots and traces
"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 300 -a "lksttests=01-*" \
	-l "$work/boot.log" "$work/deb/boot/vmlinuz-$release" \
	"$LKST_BUILD/initrd-test.cpio.gz" >/dev/null 2>&1
check "the .deb's kernel boots and passes the first in-guest test" 0 "$?"
check "it runs as $release" 1 "$(grep -c "^LKST-GUEST-START $release " "$work/boot.log")"
