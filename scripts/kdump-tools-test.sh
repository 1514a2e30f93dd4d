#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdump-tools-test.sh: Debian's own kdump-tools, end to end, on the
# Debian-config kernel with LKST ("make check-kdump-tools").
#
# kdump-test.sh (in "make check") drives kexec and makedumpfile by hand in
# a busybox guest.  This is what an administrator runs instead: a minimal
# Debian 12 with systemd and kdump-tools, booted from a virtio disk.
#  1. debootstrap bookworm with kdump-tools into build/kdump-tools/root
#     (downloaded once, about 150 MB);
#  2. install the Debian-config kernel with CONFIG_LKST=y as version
#     RELEASE, with Debian's own modules of the same ABI (the kABI proof is
#     that they load), and let Debian's hooks build both initramfs images:
#     update-initramfs, and kdump-tools' kernel hook for the capture
#     kernel (with the guest's drivers listed: a chroot has not its /sys);
#  3. boot it: kdump-tools.service loads the capture kernel
#     ("kdump-config load"); lkst-demo.service shows "kdump-config show",
#     starts tracing, leaves a marker (an lseek to 424242, a /dev/kmsg line)
#     and crashes with sysrq;
#  4. the capture kernel runs kdump-tools-dump.service, which saves
#     /var/crash/<timestamp>/dump.<timestamp> with makedumpfile's default
#     arguments (-c -d 31) and reboots;
#  5. the host copies /var/crash out of the disk image (debugfs) and runs
#     "lkst crash extract" and "lkst print" on the dump (flattened, as
#     kdump-tools writes it): the markers must be there, in order, and
#     O_PANIC last.
# The console goes to build/kdump-tools/console.log; the lines that
# Documentation/crash.md quotes are printed at the end.  One "PASS:/FAIL:"
# line per check.  Not in "make check": the download and two systemd boots
# under TCG take several minutes.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$LKST_BUILD/kdump-tools
root=$out/root
kbuild=$(kbuild_dir debian)
kernel=$kbuild/arch/x86/boot/bzImage
lkst=$LKST_BUILD/tools/lkst/lkst
mirror=${LKST_DEBIAN_MIRROR:-http://deb.debian.org/debian}
failed=0

ok() { echo "PASS: kdump-tools: $1"; }
bad() { echo "FAIL: kdump-tools: $1${2:+ ($2)}"; failed=1; }

[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot)"
[ -f "$kernel" ] || die "$kernel missing: scripts/build-kernel.sh debian first"
[ -x "$lkst" ] || make -s -C "$LKST_TOP/tools" O="$LKST_BUILD/tools" all ||
	die "cannot build the lkst tool"
command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >&2 ||
	die "cannot install debootstrap"
rel=$(cat "$kbuild/include/config/kernel.release")
mkdir -p "$out"

# 1. A minimal Debian 12 with kdump-tools, once.  kdump-tools' debconf
#    question ("enable kdump?") is answered in /etc/default/kdump-tools.
if [ ! -e "$root/.lkst-debootstrap-done" ]; then
	rm -rf "$root"
	log "debootstrap bookworm into $root"
	debootstrap --variant=minbase \
		--include=systemd-sysv,udev,kmod,initramfs-tools,kdump-tools,makedumpfile,libelf1,zlib1g,liblzo2-2,procps \
		bookworm "$root" "$mirror" >"$out/debootstrap.log" 2>&1 ||
		die "debootstrap failed: see $out/debootstrap.log"
	touch "$root/.lkst-debootstrap-done"
fi

# 2. The kernel, as an administrator installs a self-built one, and
#    Debian's modules of the same ABI under its release name.
debs=$(fetch_deb "$BASE_IMAGE_PACKAGE" "$BASE_VERSION")
rm -rf "$out/image" "$root/usr/lib/modules/$rel"
dpkg-deb -x "$debs" "$out/image"
mkdir -p "$root/usr/lib/modules"
kver=${BASE_IMAGE_PACKAGE#linux-image-}
cp -a "$out/image/lib/modules/${kver%-unsigned}" "$root/usr/lib/modules/$rel"
cp "$kernel" "$root/boot/vmlinuz-$rel"
cp "$kbuild/.config" "$root/boot/config-$rel"
cp "$kbuild/System.map" "$root/boot/System.map-$rel"
install -m 755 "$lkst" "$root/usr/local/bin/lkst"

cat >"$root/etc/fstab" <<-EOF
	/dev/vda / ext4 errors=remount-ro 0 1
EOF
echo lkst-kdump >"$root/etc/hostname"
# kdump-tools' own defaults, but enabled; MAKEDUMP_ARGS stays "-c -d 31".
# kexec-tools would make the capture kernel's final reboot a kexec, and
# QEMU (-no-reboot) must see a real reboot to end.
sed -i 's/^USE_KDUMP=.*/USE_KDUMP=1/' "$root/etc/default/kdump-tools"
sed -i 's/^LOAD_KEXEC=.*/LOAD_KEXEC=false/' "$root/etc/default/kexec"

install -m 755 "$LKST_TOP/tools/testing/kdump-tools/lkst-demo" \
	"$root/usr/local/sbin/lkst-demo"
install -m 644 "$LKST_TOP/tools/testing/kdump-tools/lkst-demo.service" \
	"$root/etc/systemd/system/lkst-demo.service"

in_root() {
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"
}
# kdump-tools' kernel hook, as its postinst runs it for each installed
# kernel.  On a real machine it builds a MODULES=dep initramfs from the
# running system's /sys; a chroot would get the host's, so here the
# capture kernel's drivers are listed (MODULES=list) while the hook runs.
kdump_initrd() {
	local conf=$root/etc/initramfs-tools
	cp "$conf/modules" "$out/modules.orig"
	printf '%s\n' virtio_pci virtio_blk ext4 >>"$conf/modules"
	echo MODULES=list >"$conf/conf.d/zz-lkst-chroot"
	rm -f "$root/var/lib/kdump/"*"$rel" "$root/var/lib/kdump/"{vmlinuz,initrd.img}
	in_root /etc/kernel/postinst.d/kdump-tools "$rel"
	local status=$?
	# what "kdump-config load" records with a fresh initramfs; without it,
	# the first load would build one again, without the drivers' list
	cp "$root/etc/kdump/sysctl.conf" "$root/var/lib/kdump/latest_sysctls-$rel"
	rm "$conf/conf.d/zz-lkst-chroot"
	cp "$out/modules.orig" "$conf/modules"
	return $status
}
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null' EXIT
{
	in_root depmod "$rel" &&
	in_root update-initramfs -c -k "$rel" &&
	kdump_initrd &&
	in_root systemctl enable kdump-tools.service lkst-demo.service
} >"$out/install.log" 2>&1 || die "installing the kernel failed: see $out/install.log"
umount "$root/proc"
rm -rf "$root/var/crash/"[0-9]*

# 3-4. One disk, booted twice: the system, then the capture kernel.
log "making the disk image"
rm -f "$out/disk.img"
mke2fs -q -t ext4 -d "$root" -L root "$out/disk.img" 3G ||
	die "mke2fs failed"
cp "$root/boot/initrd.img-$rel" "$out/initrd.img"
log "booting (console in $out/console.log)"
start=$SECONDS
timeout "${LKST_KDUMP_TOOLS_TIMEOUT:-1800}" qemu-system-x86_64 -accel tcg \
	-cpu max -smp 2 -m 2048 -no-reboot -display none -monitor none \
	-serial "file:$out/console.log" \
	-kernel "$kernel" -initrd "$out/initrd.img" \
	-append "root=/dev/vda console=ttyS0 crashkernel=384M panic=5" \
	-drive "file=$out/disk.img,format=raw,if=virtio"
status=$?
log "QEMU exited with $status after $((SECONDS - start)) s"
tr -d '\r' <"$out/console.log" >"$out/console.txt"

if grep -q 'Command line: .* elfcorehdr=' "$out/console.txt"; then
	ok "the crash started the capture kernel"
else
	bad "the crash started the capture kernel" "see $out/console.txt"
fi
grep -q 'kdump-tools: saved vmcore in' "$out/console.txt" &&
	ok "kdump-tools saved the dump" ||
	bad "kdump-tools saved the dump" "see $out/console.txt"

# 5. The dump, read on the host as on another machine.
rm -rf "$out/crash"
debugfs -R "rdump /var/crash $out" "$out/disk.img" >/dev/null 2>&1
dump=$(ls "$out"/crash/[0-9]*/dump.[0-9]* 2>/dev/null | head -n 1)
if [ -z "$dump" ]; then
	bad "a dump is in /var/crash" "$(ls -R "$out/crash" 2>&1 | tr '\n' ' ')"
	exit 1
fi
ok "a dump is in /var/crash: ${dump#"$out"/}"
if "$lkst" crash extract "$dump" -o "$out/crash.lkst" >"$out/extract.log" 2>&1; then
	ok "lkst crash extract reads kdump-tools' dump"
else
	bad "lkst crash extract reads kdump-tools' dump" "$(tail -n 1 "$out/extract.log")"
fi
"$lkst" print "$out/crash.lkst" >"$out/crash.txt" 2>"$out/print.log"
# the markers: the lseek, then the /dev/kmsg line (34 bytes), in order
marker=$(grep -n 'SYSCALL_ENTRY nr=8(lseek) arg0=0x0 arg1=0x67932 arg2=0x1$' "$out/crash.txt" |
	tail -n 1 | cut -d: -f1)
kmsg=$(grep -n 'O_PRINTK facility=1 level=4 len=34$' "$out/crash.txt" | tail -n 1 | cut -d: -f1)
[ -n "$marker" ] && ok "the marker lseek(0, 424242, SEEK_CUR) is in the dump" ||
	bad "the marker lseek(0, 424242, SEEK_CUR) is in the dump"
[ -n "$kmsg" ] && [ -n "$marker" ] && [ "$kmsg" -gt "$marker" ] &&
	ok "the marker's /dev/kmsg line follows it" ||
	bad "the marker's /dev/kmsg line follows it" "lines ${marker:-none} and ${kmsg:-none}"
tail -n 1 "$out/crash.txt" | grep -q ' O_PANIC .*message="sysrq triggered crash"$' &&
	ok "O_PANIC with sysrq's message is the last record" ||
	bad "O_PANIC with sysrq's message is the last record" "$(tail -n 1 "$out/crash.txt")"

echo "# dump: $(stat -c %s "$dump") bytes; boot, crash and capture: $((SECONDS - start)) s"
echo "# console (kdump-config, lkst-demo, kdump-tools):"
grep -E 'lkst-demo|kdump-tools\[' "$out/console.txt" | grep -v 'Copying data' |
	sed 's/^/#   /' | head -n 80
echo "# extract:"
sed 's/^/#   /' "$out/extract.log"
echo "# print (the last records):"
tail -n 6 "$out/crash.txt" | sed 's/^/#   /'
exit $failed
