#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# package-kernel.sh [-c test|debian] [-l LOCALVERSION] [-r REVISION] deb|rpm...
#
# The patched kernel as packages, built by the kernel's own targets
# ("make kernel-deb", "make kernel-rpm"): bindeb-pkg for a .deb,
# binrpm-pkg for an .rpm (rpmbuild from Debian's rpm package).
#
#   -c  test: tinyconfig + ci/test.config (the default; what CI builds)
#       debian: Debian's amd64 config with CONFIG_LKST=y, all modules
#       (hours on 2 cores: see Documentation/maintainers.md)
#   -l  the release suffix, -lkst1 by default: the kernel is 6.1.192-lkst1
#       and the package linux-image-6.1.192-lkst1, which no Debian
#       package is called
#   -r  the package revision (default 1): a .deb's version is
#       <Debian's version>+lkst<REVISION>, e.g. 6.1.192-2+lkst1
#
# The build tree is build/kpkg-CONFIG, apart from the test kernels',
# whose release has no suffix; ccache shares their objects.  Packages land
# in build/packages.  Each step prints its name and the time so far.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

config=test localversion=-lkst1 revision=1
while getopts "c:l:r:" o; do
	case $o in
	c) config=$OPTARG ;;
	l) localversion=$OPTARG ;;
	r) revision=$OPTARG ;;
	*) die "usage: package-kernel.sh [-c test|debian] [-l LOCALVERSION] [-r REVISION] deb|rpm..." ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || die "usage: package-kernel.sh [-c test|debian] [-l LOCALVERSION] [-r REVISION] deb|rpm..."
case $config in test|debian) ;; *) die "unknown config '$config': test or debian" ;; esac
case $localversion in -[a-z0-9]*) ;; *) die "LOCALVERSION must start with '-': '$localversion'" ;; esac
[ -d "$LKST_TREE" ] || die "no patched tree: run scripts/prepare-tree.sh first"

# build/kpkg-CONFIG: the same depth as build/kbuild-test, so that ccache
# (CCACHE_BASEDIR=build/) sees the same relative paths and hits
obj=$LKST_BUILD/kpkg-$config
dir=$obj.logs
out=$LKST_BUILD/packages
mkdir -p "$obj" "$dir" "$out"
t0=$SECONDS
step() { log "[$(( (SECONDS - t0) / 60 ))m$(printf %02d $(( (SECONDS - t0) % 60 )))s] $*"; }
# running_after PID SECONDS: true if PID still runs after SECONDS
running_after() {
	local waited
	for ((waited = 0; waited < $2; waited += 5)); do
		kill -0 "$1" 2>/dev/null || return 1
		sleep 5
	done
}
kmake() { make -C "$LKST_TREE" O="$obj" CC="ccache gcc" -j"$(nproc)" "$@"; }

# The suffix goes in through make's LOCALVERSION, not CONFIG_LOCALVERSION:
# that would change autoconf.h, which every object includes, and miss
# ccache for all of them.
export LOCALVERSION=$localversion
step "configure and build the $config kernel (release suffix $localversion)"
LKST_KBUILD_OUT=$obj "$LKST_TOP/scripts/build-kernel.sh" "$config" >"$dir/build.log" 2>&1 ||
	die "the build failed: see $dir/build.log"
release=$(cat "$obj/include/config/kernel.release")
if [ "$config" = debian ]; then
	# The long part (about 3.2 hours on 2 cores from an empty ccache): a
	# line every 5 minutes with the compiles done and the time left at
	# the rate so far.  "make -n" lists only the compiles still to do, so
	# an interrupted build picks up where it stopped, and so does the count.
	step "list the module compiles still to do (make -n modules)"
	todo=$(kmake -n modules 2>/dev/null | grep -cE ' -o [^ ]+\.o ' || true)
	step "build all modules: $todo compiles to do"
	kmake modules >"$dir/modules.log" 2>&1 &
	make_pid=$!
	m0=$SECONDS
	# "make -n" does not reach the link step (Makefile.modfinal runs
	# after modpost), so its .mod.o compiles are left out of both counts
	# and the link step gets its own line.
	while running_after "$make_pid" 300; do
		linked=$(grep -cE '^  LD \[M\] +.*\.ko$' "$dir/modules.log" || true)
		if [ "$linked" -gt 0 ]; then
			step "modules: link step, $linked of $(wc -l <"$obj/modules.order") modules linked"
			continue
		fi
		compiled=$(grep '^  CC \[M\]' "$dir/modules.log" | grep -cv '\.mod\.o$' || true)
		left="no rate yet"
		if [ "$compiled" -ge "$todo" ]; then
			left="the last ones"
		elif [ "$compiled" -gt 0 ]; then
			left="about $(( (todo - compiled) * (SECONDS - m0) / compiled / 60 )) min left"
		fi
		step "modules: $compiled of $todo compiled ($((todo > compiled ? 100 * compiled / todo : 100))%), $left"
	done
	wait "$make_pid" || die "modules failed: see $dir/modules.log"
	step "modules built: $(find "$obj" -name '*.ko' | wc -l) modules, $(du -sh "$obj" | cut -f1) in $obj"
fi

for format in "$@"; do
	case $format in
	deb)
		step "make bindeb-pkg"
		# (bindeb-pkg writes next to the build tree, in build/)
		rm -f "$LKST_BUILD"/linux-*"$release"_*.deb
		kmake -s bindeb-pkg KDEB_PKGVERSION="$BASE_VERSION+lkst$revision" \
			KDEB_SOURCENAME=linux-lkst \
			DEBEMAIL="LKST developers <lkst-devel@example.org>" \
			>"$dir/deb.log" 2>&1 || die "bindeb-pkg failed: see $dir/deb.log"
		mv "$LKST_BUILD"/linux-*_"$BASE_VERSION+lkst$revision"_amd64.deb "$out/"
		rm -f "$LKST_BUILD"/linux-lkst_*.{buildinfo,changes}
		echo "deb: $(ls "$out"/linux-image-"$release"_"$BASE_VERSION+lkst$revision"_amd64.deb)"
		;;
	rpm)
		step "make binrpm-pkg"
		rm -rf "$dir/rpmbuild"
		kmake -s binrpm-pkg RPMOPTS="--define '_topdir $dir/rpmbuild'" \
			>"$dir/rpm.log" 2>&1 || die "binrpm-pkg failed: see $dir/rpm.log"
		# (the release counts builds, as .version does: keep the last)
		rm -f "$out"/kernel-*"${release//-/_}"-*.rpm
		cp "$dir"/rpmbuild/RPMS/x86_64/kernel-*"${release//-/_}"-*.rpm "$out/"
		echo "rpm: $(ls "$out"/kernel-"${release//-/_}"-*.rpm)"
		;;
	*)
		die "unknown format '$format': deb or rpm"
		;;
	esac
done
step "done"
