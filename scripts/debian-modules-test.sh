#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-modules-test.sh: the proof on the kernel users run.
#
# Boots Debian's own vmlinuz and our Debian-config kernel with CONFIG_LKST=y
# (scripts/build-kernel.sh debian) under QEMU TCG, each with the same
# initramfs holding a broad set of Debian's own prebuilt modules of the same
# version, unchanged: file systems, crypto, lib, networking, virtio, block,
# md, software network devices.  Both load them in dependency order.  Every
# module that loads on Debian's kernel must load on ours: module versioning
# (CRC checks) is enforced at load time, so this is kABI in practice.  Our
# kernel then runs the in-guest LKST tests.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ours=$(kbuild_dir debian)/arch/x86/boot/bzImage
[ -f "$ours" ] || die "$ours missing: run scripts/build-kernel.sh debian"
img=$LKST_DL/$BASE_IMAGE_PACKAGE-$BASE_VERSION
if [ ! -d "$img/lib/modules" ]; then
	# unpacked aside and moved: a stopped unpack is not taken for whole
	rm -rf "$img" "$img.tmp"
	dpkg-deb -x "$(fetch_deb "$BASE_IMAGE_PACKAGE" "$BASE_VERSION")" "$img.tmp" &&
		mv "$img.tmp" "$img" || die "cannot unpack $BASE_IMAGE_PACKAGE $BASE_VERSION"
fi
kver=$(basename "$(ls -d "$img"/lib/modules/*)")
stock=$img/boot/vmlinuz-$kver
moddir=$img/lib/modules/$kver
[ -f "$moddir/modules.dep" ] || depmod -b "$img" "$kver"

# every output names the base, except the primary's (make check's)
sfx=
[ "$LKST_BASE" = "$LKST_PRIMARY_BASE" ] || sfx=-$LKST_BASE

# The selection: what loads without hardware.  Dependencies come first, in
# modules.dep order, each module once.  Self-test modules are left out:
# tcrypt and test_bpf run for hours under TCG, and most fail on purpose.
list=$LKST_BUILD/debian-modules$sfx.list
(cd "$moddir" && find kernel/fs kernel/crypto kernel/lib kernel/net \
	kernel/drivers/virtio kernel/drivers/block kernel/drivers/md \
	kernel/arch/x86/crypto -name '*.ko' -o -name '*.ko.xz'
 for m in dummy veth virtio_net tun macvlan ipvlan vxlan geneve bonding \
	  wireguard ifb nlmon bareudp net_failover team; do
	find kernel/drivers/net -name "$m.ko" -o -name "$m.ko.xz"
 done) | grep -vE '/(tcrypt|test_[^/]*|[^/]*torture[^/]*)\.ko(\.xz)?$' | sort >"$list.want"
awk -F': *' 'NR == FNR { want[$1] = 1; next }
	($1 in want) {
		n = split($2, d, " ")
		for (i = n; i >= 1; i--) if (!(d[i] in seen)) { seen[d[i]] = 1; print d[i] }
		if (!($1 in seen)) { seen[$1] = 1; print $1 }
	}' "$list.want" "$moddir/modules.dep" >"$list"
log "$(wc -l <"$list") modules selected ($(wc -l <"$list.want") asked for, with their dependencies)"

LKST_TEST_MODULE=$(kbuild_dir debian)/kernel/lkst/lkst_test_events.ko \
	"$LKST_TOP/scripts/mkinitramfs.sh" "$LKST_BUILD/initrd-modules$sfx.cpio.gz" "$moddir" "$list" || exit 1
for k in stock ours; do
	kernel=$stock
	[ $k = ours ] && kernel=$ours
	# the stress and control fuzz shorter than on the test kernel, which
	# runs them in full (the CI budget); every test still runs
	"$LKST_TOP/scripts/run-qemu.sh" -s 2 -t 1500 \
		-a "lkstmode=modules loglevel=3 ${LKST_DEBIAN_GUEST_ARGS:-lkst_stress=20 lkst_ctlfuzz=1000}" \
		-l "$LKST_BUILD/logs/debian-$k$sfx.log" "$kernel" \
		"$LKST_BUILD/initrd-modules$sfx.cpio.gz" -m 2048 >/dev/null 2>&1
	echo "$k: exit $?"
	sed -n 's/^MODLOAD ok //p' "$LKST_BUILD/logs/debian-$k$sfx.log" | sort >"$LKST_BUILD/debian-$k$sfx.loaded"
done

n_stock=$(wc -l <"$LKST_BUILD/debian-stock$sfx.loaded")
n_ours=$(wc -l <"$LKST_BUILD/debian-ours$sfx.loaded")
missing=$(comm -23 "$LKST_BUILD/debian-stock$sfx.loaded" "$LKST_BUILD/debian-ours$sfx.loaded")
echo "modules loaded: Debian's $kver kernel $n_stock of $(wc -l <"$list"), ours (CONFIG_LKST=y) $n_ours"
status=0
if [ "$n_stock" -lt 100 ]; then
	echo "FAIL: the stock kernel loaded only $n_stock modules: the method cannot judge"
	status=1
fi
if [ -n "$missing" ]; then
	echo "FAIL: loaded on Debian's kernel but not on ours:"
	echo "$missing" | sed 's/^/  /'
	grep -F "$(echo "$missing" | head -n 5)" "$LKST_BUILD/logs/debian-ours$sfx.log" | head -n 10
	status=1
else
	echo "PASS: every module that loads on Debian's kernel loads on ours ($n_stock)"
fi
# a splat on our kernel that Debian's own does not show is ours
. "$LKST_TOP/scripts/check-lib.sh" >/dev/null
splats=$(grep -E "$SPLATS" "$LKST_BUILD/logs/debian-ours$sfx.log" |
	grep -vxFf <(grep -E "$SPLATS" "$LKST_BUILD/logs/debian-stock$sfx.log") || true)
if [ -z "$splats" ]; then
	echo "PASS: the Debian-config kernel's console shows no splat that Debian's does not"
else
	echo "FAIL: splats on the Debian-config kernel's console:"
	echo "$splats" | head -n 10 | sed 's/^/  /'
	status=1
fi
r=$(grep '^LKST-GUEST-RESULT:' "$LKST_BUILD/logs/debian-ours$sfx.log")
if echo "$r" | grep -q ' 0 failed'; then
	echo "PASS: in-guest LKST tests on the Debian-config kernel: ${r#*: }"
else
	echo "FAIL: in-guest LKST tests on the Debian-config kernel: ${r:-did not run}"
	# name each failed test and its failed checks: CI keeps only this output
	grep -E '^not ok [0-9]+ - ' "$LKST_BUILD/logs/debian-ours$sfx.log" |
	while read -r line; do
		name=${line#* - }
		echo "    $line"
		sed -n "/: ${name}: /,/^\(not \)\?ok /p" "$LKST_BUILD/logs/debian-ours$sfx.log" |
			grep 'FAIL' | head -n 10 | sed 's/^/      /'
	done
	status=1
fi
exit $status
