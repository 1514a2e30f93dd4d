#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-integrate-rpm.sh [el9|el10]: the series inside a real RHEL-family
# kernel.spec ("make check-integrate-rpm"), proven with rpm's own machinery.
#
#   el9  (the default) OpenELA's RHEL 9.2 spec, on our primary base
#        (Debian's linux-source-6.1): RHEL 9's own 5.14 is too far from it
#   el10 CentOS Stream's RHEL 10.0 spec (6.12.0-55.9.1.el10_0), on the
#        newest 6.12 base (or LKST_BASE), composed with its variants
#
#  1. unpack the spec and its SOURCES (tools/testing/rpm/, see its README
#     for where they come from)
#  2. scripts/integrate-rpm: our patches as Patch lines before the test
#     patch, ApplyOptionalPatch calls, CONFIG_LKST=y in kernel-local
#  3. the source tarball the spec expects, made from our base
#  4. rpmbuild -bp: the spec's %prep applies every patch with "git apply"
#     (no fuzz) and merges and processes its configs
#  5. every file the series touches is byte for byte what quilt gives on
#     the same base, and every processed x86_64 config has CONFIG_LKST=y
#  6. RHEL's check-kabi (from the spec's SOURCES) on the Debian-config
#     kernel's vmlinux.symvers, against a Module.kabi made of Debian's
#     shipped vmlinux exports for the same upload; and it must catch one
#     changed CRC.  For el10 this needs the Debian-config kernel of the
#     6.12 base (make check-base-debian); without it, step 6 says that it
#     did not run, and make check counts 6 steps instead of 8.
# One "PASS:/FAIL: integrate-rpm: ..." line per check.
set -uo pipefail
release=${1:-el9}
case $release in
el9)
	fixture=openela-kernel-5.14.0-284.30.1.el9_2.tar.xz
	rhel=9 dist=.el9_2
	;;
el10)
	fixture=centos-stream-kernel-6.12.0-55.9.1.el10_0.tar.xz
	rhel=10 dist=.el10_0
	LKST_BASE=${LKST_BASE:-$(cd "$(dirname "$0")/bases" && ls debian-6.12.*.conf |
		sed 's/\.conf$//' | sort -V | tail -n 1)}
	export LKST_BASE
	# (the quilt tree, too, is that base's, whatever a caller exported)
	unset LKST_TREE
	case $LKST_BASE in
	debian-6.12.*) ;;
	*) echo "check-integrate-rpm.sh el10: $LKST_BASE is not a 6.12 base" >&2; exit 2 ;;
	esac
	;;
*)
	echo "usage: check-integrate-rpm.sh [el9|el10]" >&2
	exit 2
	;;
esac
. "$(dirname "$0")/lib.sh"

fixture=$LKST_TOP/tools/testing/rpm/$fixture
top=$LKST_BUILD/rpm-integrate-$release
nr_patches=$(grep -vc '^[[:space:]]*\(#\|$\)' "$QUILT_SERIES")

failed=0
pass() { echo "PASS: integrate-rpm: $*"; }
fail() { echo "FAIL: integrate-rpm: $*"; failed=$((failed + 1)); }
check() { # STATUS MESSAGE [DETAIL]
	if [ "$1" = 0 ]; then pass "$2"; else fail "$2${3:+ ($3)}"; fi
}

# 1. the spec, pristine every time
rm -rf "$top/SPECS" "$top/SOURCES" "$top/BUILD" "$top/BUILDROOT"
mkdir -p "$top/bin"
tar -C "$top" -xJf "$fixture" || { fail "unpack $fixture"; exit 1; }
spec=$top/SPECS/kernel.spec
tarfile_release=$(sed -n 's/^%define tarfile_release //p' "$spec")

# 2. the integration
scripts_out=$("$LKST_TOP/scripts/integrate-rpm" "$spec" 2>&1)
status=$?
patch_lines=$(grep -c '^Patch9[0-9]*: lkst-' "$spec")
apply_lines=$(grep -c '^ApplyOptionalPatch lkst-' "$spec")
check $(( status || patch_lines != nr_patches || apply_lines != nr_patches )) \
	"integrate-rpm added $patch_lines Patch lines and $apply_lines ApplyOptionalPatch calls (of $nr_patches), CONFIG_LKST=y to kernel-local" \
	"$scripts_out"
last_ours=$(grep -n '^Patch9[0-9]*: lkst-' "$spec" | tail -n 1 | cut -d: -f1)
test_patch=$(grep -n '^Patch[0-9]*: linux-kernel-test.patch' "$spec" | cut -d: -f1)
check $(( ${last_ours:-0} == 0 || ${test_patch:-0} == 0 || last_ours >= test_patch )) \
	"our Patch lines come before the spec's test patch"

# 3. the source tarball: our base under the name and top directory the
# spec expects.  rpm tells compression by content, so a plain tar will do
# under the .tar.xz name, and saves a minute of xz.
tarball=$top/SOURCES/linux-$tarfile_release.tar.xz
cache=$top/linux-$tarfile_release-from-$LKST_BASE.tar
if [ ! -s "$cache" ]; then
	base=$(base_tarball) || { fail "no $BASE_SOURCE_PACKAGE $BASE_VERSION"; exit 1; }
	rm -rf "$top/src" && mkdir -p "$top/src"
	xz -dc -T2 "$base" |
		tar -C "$top/src" -x --transform "s,^$BASE_TOPDIR,linux-$tarfile_release," &&
		tar -C "$top/src" -cf "$cache.tmp" "linux-$tarfile_release" &&
		mv "$cache.tmp" "$cache"
	rm -rf "$top/src"
fi
ln -f "$cache" "$tarball" 2>/dev/null || cp "$cache" "$tarball"

# 4. %prep.  pathfix.py is Fedora's; Debian ships the same script in
# python3.11-examples, which is taken out of its package here rather than
# installed (installing it would upgrade the system's python3.11 to its
# exact version).  GIT_CEILING_DIRECTORIES: "git apply" inside our own
# checkout would take paths relative to it and skip the kernel's.
pathfix=$LKST_DL/python3.11-examples/usr/share/doc/python3.11/examples/scripts/pathfix.py
if [ ! -f "$pathfix" ]; then
	(cd "$LKST_DL" && apt-get download -q python3.11-examples >&2) &&
		rm -rf "$LKST_DL/python3.11-examples" &&
		dpkg-deb -x "$(ls "$LKST_DL"/python3.11-examples_*.deb | tail -n 1)" "$LKST_DL/python3.11-examples"
fi
chmod +x "$pathfix" 2>/dev/null
ln -sf "$pathfix" "$top/bin/pathfix.py"
# RHEL's /bin/sh is bash, and RHEL 10's config scripts rely on it ("#!/bin/sh"
# with bash substitutions): its %prep runs in a mount namespace of its own
# in which /bin/sh is bash too (a user namespace too, when not root).
# py3_shebang_fix is Fedora's macro around pathfix.py.
as_rhel=()
if [ "$release" = el10 ]; then
	as_rhel=(unshare --mount --propagation private)
	[ "$(id -u)" = 0 ] || as_rhel+=(--map-root-user)
	as_rhel+=(-- sh -c 'mount --bind /bin/bash /bin/sh && exec "$@"' sh)
fi
start=$SECONDS
PATH=$top/bin:$PATH GIT_CEILING_DIRECTORIES=$LKST_BUILD \
	"${as_rhel[@]}" \
	rpmbuild -bp --nodeps --target x86_64 --without configchecks \
	--define "_topdir $top" --define "rhel $rhel" --define "dist $dist" \
	--define '__python3 /usr/bin/python3' --define 'py3_shbang_opts -s' \
	--define 'py3_shebang_fix pathfix.py -pni /usr/bin/python3 -k -a s' \
	"$spec" > "$top/rpmbuild-bp.log" 2>&1
status=$?
check $status "rpmbuild -bp ran the real spec's %prep ($((SECONDS - start)) s)" "see $top/rpmbuild-bp.log"
tree=$(ls -d "$top"/BUILD/kernel-*/linux-* 2>/dev/null | head -n 1)

# ApplyPatch prints the spec's PatchN line of each patch it applies
applied=$(grep -c '^Patch9[0-9]*: lkst-' "$top/rpmbuild-bp.log")
in_order=$(grep '^Patch9[0-9]*: lkst-' "$top/rpmbuild-bp.log" | sed 's/^[^ ]* lkst-[0-9]*-//' |
	diff -q - <(grep -v '^[[:space:]]*\(#\|$\)' "$QUILT_SERIES") > /dev/null; echo $?)
check $(( applied != nr_patches || in_order )) \
	"%prep applied $applied of our $nr_patches patches with git apply, in series order"

# 5. the result, against the quilt tree of the same base (made or brought
# up to date here: make check's 6.12 phase keeps none)
differ=0
touched=0
if ! "$LKST_TOP/scripts/prepare-tree.sh" >"$top/prepare-tree.log" 2>&1; then
	echo "    no quilt tree of $LKST_BASE to compare with: see $top/prepare-tree.log"
elif [ -n "$tree" ]; then
	while read -r f; do
		touched=$((touched + 1))
		cmp -s "$tree/$f" "$LKST_TREE/$f" || { differ=$((differ + 1)); echo "    differs: $f"; }
	done < <(sed -n 's,^+++ b/,,p' "$QUILT_PATCHES"/*.patch | sort -u |
		grep -v '\(^\|/\)\.gitignore$')	# %prep deletes every .gitignore
fi
check $(( touched == 0 || differ )) \
	"the $touched files the series touches are identical to the quilt tree ($differ differ)"
configs=$(ls "$tree"/configs/kernel-*-x86_64*.config 2>/dev/null | wc -l)
with_lkst=$(grep -l '^CONFIG_LKST=y$' "$tree"/configs/kernel-*-x86_64*.config 2>/dev/null | wc -l)
check $(( configs == 0 || with_lkst != configs )) \
	"the spec's merged and processed configs have CONFIG_LKST=y ($with_lkst of $configs)"

# 6. RHEL's check-kabi.  Module.kabi in RHEL is the stablelist; ours is
# every vmlinux export Debian ships for this upload, which is stricter.
symvers=$(kbuild_dir debian)/vmlinux.symvers
ref=$LKST_DL/$BASE_HEADERS_PACKAGE-$BASE_VERSION/usr/src/$BASE_HEADERS_PACKAGE/Module.symvers
if [ -f "$symvers" ]; then
	if [ ! -f "$ref" ]; then
		deb=$(fetch_deb "$BASE_HEADERS_PACKAGE" "$BASE_VERSION")
		dpkg-deb -x "$deb" "$LKST_DL/$BASE_HEADERS_PACKAGE-$BASE_VERSION"
	fi
	awk -F'\t' '$3 == "vmlinux"' "$ref" > "$top/Module.kabi_x86_64"
	out=$(python3 "$top/SOURCES/check-kabi" -k "$top/Module.kabi_x86_64" -s "$symvers" 2>&1)
	check $? "RHEL's check-kabi: all $(wc -l < "$top/Module.kabi_x86_64") vmlinux exports of $BASE_HEADERS_PACKAGE $BASE_VERSION unchanged" \
		"$(echo "$out" | head -n 8 | tr '\n' ' ')"
	sed '1s/^0x[0-9a-f]*/0x00000000/' "$top/Module.kabi_x86_64" > "$top/Module.kabi_x86_64.broken"
	python3 "$top/SOURCES/check-kabi" -k "$top/Module.kabi_x86_64.broken" -s "$symvers" > /dev/null 2>&1
	check $(( $? == 0 )) "RHEL's check-kabi catches a changed CRC (the check can fail)"
elif [ "$release" = el10 ]; then
	# make check builds no Debian-config kernel of the 6.12 line
	echo "NOT RUN: integrate-rpm: RHEL's check-kabi needs the Debian-config kernel of $LKST_BASE (make check-base-debian BASE=$LKST_BASE)"
else
	fail "RHEL's check-kabi: no $symvers (build-kernel.sh debian first)"
fi
rm -f "$tarball"
exit $(( failed > 0 ))
