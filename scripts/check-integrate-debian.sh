#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-integrate-debian.sh [-t] [-a SYMVERS] [VERSION]: the series inside Debian's own
# kernel source package, proven with Debian's own machinery ("make
# check-integrate-debian").  VERSION is the "linux" source package,
# 6.1.176-1 by default: the newest 6.1 source the package registry serves
# (the pool has no linux_6.1.192-*.dsc; see Documentation/maintainers.md).
#
#  1. download it with a private apt source list (no deb-src line is added
#     to the system), unpack it with dpkg-source -x (Debian's queue applied)
#  2. scripts/integrate-debian: our patches as features/all/lkst/, listed
#     in debian/patches/series, CONFIG_LKST=y in debian/config/amd64/config
#  3. Debian's patch step: dpkg-source --before-build, as dpkg-buildpackage
#     runs it (dpkg's quilt engine, fuzz 0), applies our series
#  4. Debian's config step: "make -f debian/rules.gen
#     setup_amd64_none_amd64_real_image" merges the fragments with
#     debian/bin/kconfig.py, runs oldconfig and buildcheck.py's setup
#     checks; the .config must say CONFIG_LKST=y
#  5. Debian's ABI check (CheckAbi of debian/bin/buildcheck.py) on what the
#     build here produces: the Debian-config kernel's vmlinux.symvers
#     (build-kernel.sh debian, the pinned base) against the vmlinux part
#     of Debian's shipped Module.symvers for the same upload.  Modules'
#     exports need "make modules" (hours): with -a SYMVERS, the
#     Module.symvers of such a build (build/kpkg-debian/Module.symvers
#     after "make kernel-deb KCONFIG=debian"), every export is compared
#     against the whole of Debian's.
#  6. with -t, debian/bin/test-patches -f amd64 on a second, pristine
#     unpack: it must take all our patches with fuzz 0 and start building;
#     the build (hours) is stopped once it has compiled kernel/sched/core.c,
#     which our series patches (test-patches takes no config fragment, so
#     this is Debian's config, CONFIG_LKST off: the hooks' off form).
# One "PASS:/FAIL: integrate-debian: ..." line per check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# our series, then an environment without our quilt settings: Debian's
# rules run quilt for its other featuresets (rt), and QUILT_SERIES would
# point them at our series
series_file=$QUILT_SERIES
patch_dir=$QUILT_PATCHES
unset QUILT_PATCHES QUILT_SERIES QUILT_PC QUILT_REFRESH_ARGS QUILT_DIFF_ARGS \
	QUILT_PUSH_ARGS QUILT_DIFF_OPTS

test_patches= symvers=
while getopts "ta:" o; do
	case $o in
	t) test_patches=1 ;;
	a) symvers=$(realpath "$OPTARG") ;;
	*) die "usage: check-integrate-debian.sh [-t] [-a MODULE.SYMVERS] [VERSION]" ;;
	esac
done
shift $((OPTIND - 1))
if [ -n "$symvers" ]; then
	[ -f "$symvers" ] || die "$symvers: no such file"
	awk -F'\t' '$3 != "vmlinux" { found = 1; exit } END { exit !found }' "$symvers" ||
		die "$symvers has no module's export: not the Module.symvers of a build with all modules"
fi
version=${1:-6.1.176-1}
work=$LKST_BUILD/debian-src
src=$work/linux-${version%-*}
failed=0
ok() { echo "PASS: integrate-debian: $1"; }
bad() { echo "FAIL: integrate-debian: $1${2:+ ($2)}"; failed=1; }

# 1. the source package, through a private apt configuration
mkdir -p "$work/apt/lists/partial"
cat >"$work/apt/sources.list" <<-EOF
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian bookworm-updates main
	deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
apt_private() {
	apt-get -o Dir::Etc::SourceList="$work/apt/sources.list" \
		-o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State::Lists="$work/apt/lists" "$@"
}
if [ ! -f "$work/linux_$version.dsc" ]; then
	apt_private update -q >"$work/apt.log" 2>&1 || die "apt-get update failed: see $work/apt.log"
	(cd "$work" && apt_private source --download-only "linux=$version") \
		>>"$work/apt.log" 2>&1 || die "no source package linux=$version: see $work/apt.log"
fi
unpack() { # DIR
	rm -rf "$1"
	mkdir -p "$1"
	dpkg-source -x "$work/linux_$version.dsc" "$1/linux-${version%-*}" \
		>"$1.unpack.log" 2>&1
}
unpack "$work/pkg" || die "dpkg-source -x failed: see $work/pkg.unpack.log"
src=$work/pkg/linux-${version%-*}
ok "dpkg-source -x unpacked linux $version with Debian's $(grep -cv '^\s*\(#\|$\)' "$src/debian/patches/series") patches"

# 2. our integration
if "$LKST_TOP/scripts/integrate-debian" "$src" >"$work/integrate.log" 2>&1; then
	ok "integrate-debian added the series and the config"
else
	bad "integrate-debian added the series and the config" "$(tail -n 1 "$work/integrate.log")"
	exit 1
fi
last=$(grep -v '^\s*#' "$series_file" | awk NF | tail -n 1)

# 3. Debian's patch step
if (cd "$src" && dpkg-source --before-build .) >"$work/patch.log" 2>&1 &&
	[ "$(tail -n 1 "$src/.pc/applied-patches")" = "features/all/lkst/$last" ]; then
	ok "dpkg-source --before-build applied Debian's queue and ours with fuzz 0 ($(grep -c 'applying features/all/lkst/' "$work/patch.log") of ours)"
else
	bad "dpkg-source --before-build applied Debian's queue and ours with fuzz 0" \
		"$(grep -m1 -i 'error\|fail\|hunk' "$work/patch.log")"
fi

# 4. Debian's config step
if (cd "$src" && make -f debian/rules.gen setup_amd64_none_amd64_real_image) \
	>"$work/setup.log" 2>&1; then
	ok "Debian's setup_amd64_none_amd64 (kconfig.py, oldconfig, buildcheck.py setup) succeeded"
else
	bad "Debian's setup_amd64_none_amd64 succeeded" "see $work/setup.log"
fi
dotconfig=$src/debian/build/build_amd64_none_amd64/.config
[ "$(grep -cx 'CONFIG_LKST=y' "$dotconfig" 2>/dev/null)" = 1 ] &&
	ok "Debian's config step gives CONFIG_LKST=y" ||
	bad "Debian's config step gives CONFIG_LKST=y" "$dotconfig"

# 5. Debian's CheckAbi on the exports the build here produces: vmlinux's,
# or with -a every export of a build with all modules
which="vmlinux exports"
if [ -z "$symvers" ]; then
	kbuild=$(kbuild_dir debian)
	[ -f "$kbuild/vmlinux.symvers" ] ||
		"$LKST_TOP/scripts/build-kernel.sh" debian >"$work/build-debian.log" 2>&1 ||
		die "the Debian-config kernel did not build: see $work/build-debian.log"
	symvers=$kbuild/vmlinux.symvers
	only_vmlinux='$3 == "vmlinux"'
else
	which="exports (vmlinux's and every module's)"
	only_vmlinux=1
fi
headers=$(fetch_deb "$BASE_HEADERS_PACKAGE" "$BASE_VERSION")
abi=$work/abi
rm -rf "$abi"
mkdir -p "$abi/new" "$abi/ref"
dpkg-deb --fsys-tarfile "$headers" |
	tar -xO "./usr/src/$BASE_HEADERS_PACKAGE/Module.symvers" |
	awk -F'\t' "$only_vmlinux" >"$abi/ref/amd64_none_amd64"
cp "$symvers" "$abi/new/Module.symvers"
(cd "$src" && PYTHONPATH=debian/lib/python python3 - "$abi" <<-'EOF'
	import importlib.util, sys
	spec = importlib.util.spec_from_file_location("buildcheck", "debian/bin/buildcheck.py")
	m = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(m)
	config = m.ConfigCoreDump(open("debian/config.defines.dump", "rb"))
	check = m.CheckAbi(config, sys.argv[1] + "/new", "amd64", "none", "amd64")
	check.filename_ref = sys.argv[1] + "/ref/amd64_none_amd64"
	sys.exit(check(sys.stdout))
EOF
) >"$work/abi.log" 2>&1
status=$?
sed 's/^/#   /' "$work/abi.log" | head -n 20
if [ $status = 0 ] && grep -q '^New symbols have been added.  Continuing.$' "$work/abi.log" &&
	! grep -q '^\(Changed\|Removed\) symbols:' "$work/abi.log"; then
	ok "Debian's CheckAbi: of $(wc -l <"$abi/ref/amd64_none_amd64") $which of $BASE_HEADERS_PACKAGE $BASE_VERSION none changed or removed; $(awk '/^Added symbols:/ { a = 1; next } a && NF' "$work/abi.log" | wc -l) added"
else
	bad "Debian's CheckAbi: $which only added" "see $work/abi.log"
fi

# 6. Debian's test-patches, up to the build
if [ -n "$test_patches" ]; then
	unpack "$work/tp" || die "dpkg-source -x failed: see $work/tp.unpack.log"
	tp=$work/tp/linux-${version%-*}
	mapfile -t files < <(grep -v '^\s*#' "$series_file" | awk NF | sed "s|^|$patch_dir/|")
	(cd "$tp" && exec debian/bin/test-patches -f amd64 -s none -j "$(nproc)" "${files[@]}") \
		>"$work/test-patches.log" 2>&1 &
	pid=$!
	# stop once a file our series patches compiles (kernel/sched/core.c,
	# the scheduler hooks): Debian's build is verbose (V=1), so look for
	# the compiler's "-c -o" as well as the short "CC" line
	compiled='\(^  CC  .*/kernel/sched/core\.o\|-c -o kernel/sched/core\.o \)'
	for _ in $(seq 1 600); do
		grep -q "$compiled" "$work/test-patches.log" && break
		kill -0 $pid 2>/dev/null || break
		sleep 2
	done
	pkill -TERM -P $pid 2>/dev/null
	kill -TERM $pid 2>/dev/null
	pkill -f "$tp" 2>/dev/null
	wait $pid 2>/dev/null
	pushed=$(grep -c '^Now at patch debian/patches/test/' "$work/test-patches.log")
	if [ "$pushed" = ${#files[@]} ] && grep -q "$compiled" "$work/test-patches.log"; then
		ok "test-patches -f amd64 took all ${#files[@]} patches with fuzz 0 and its build compiled kernel/sched/core.c with our hooks (stopped there)"
	else
		bad "test-patches -f amd64 took all ${#files[@]} patches and built" \
			"$pushed pushed; see $work/test-patches.log"
	fi
fi
exit $failed
