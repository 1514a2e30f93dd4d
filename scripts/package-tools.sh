#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# package-tools.sh [deb] [rpm]: the lkst-tools packages ("make tools-deb",
# "make tools-rpm"), into build/packages/.
#
#   deb  dpkg-buildpackage (debhelper, tools/debian/), then lintian on the
#        .changes: the source and binary package, with no tag reported
#   rpm  rpmbuild -ba with tools/lkst-tools.spec (Debian's rpm package;
#        --nodeps, as its BuildRequires name RPM packages)
#
# Both build from the same source tree: tools/ without the guest tests
# and fuzzing corpora, as lkst-tools-VERSION.  The unit tests run in the
# build (dh_auto_test, %check).  Prints what it built, one line each.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=$(cat "$LKST_TOP/tools/VERSION")
out=$LKST_BUILD/packages
work=$LKST_BUILD/pkg
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(deb rpm)

# The package's version is the tool's: tools/VERSION, the Debian
# changelog and the spec must agree.
changelog_version=$(sed -n '1s/^lkst-tools (\([^)]*\)).*/\1/p' "$LKST_TOP/tools/debian/changelog")
spec_version=$(sed -n 's/^Version:[[:space:]]*//p' "$LKST_TOP/tools/lkst-tools.spec")
[ "$changelog_version" = "$version" ] ||
	die "tools/debian/changelog says $changelog_version, tools/VERSION $version"
[ "$spec_version" = "$version" ] ||
	die "tools/lkst-tools.spec says $spec_version, tools/VERSION $version"

# The source tree of the packages.
src=$work/lkst-tools-$version
rm -rf "$work"
mkdir -p "$src" "$out"
(cd "$LKST_TOP/tools" &&
	cp -a Makefile VERSION lib lkst tests man completion masksets debian \
		lkst-tools.spec "$src/" &&
	mkdir -p "$src/testing" && cp -a testing/maskset "$src/testing/")
# the RPM's source tarball now, before a .deb build leaves objects in $src
top=$work/rpmbuild
mkdir -p "$top/SOURCES"
tar -C "$work" --exclude=debian -czf "$top/SOURCES/lkst-tools-$version.tar.gz" \
	"lkst-tools-$version"

for format in "${formats[@]}"; do
	case $format in
	deb)
		(cd "$src" && dpkg-buildpackage -us -uc -j2) >"$work/deb.log" 2>&1 ||
			die "dpkg-buildpackage failed: see $work/deb.log"
		changes=$work/lkst-tools_${version}_amd64.changes
		lintian --fail-on warning,error --display-level '>=pedantic' \
			"$changes" >"$work/lintian.log" 2>&1 ||
			die "lintian reports problems: see $work/lintian.log"
		# (as root, lintian says so on every run: not a tag)
		sed -i '/^running with root privileges is not recommended!$/d' "$work/lintian.log"
		if [ -s "$work/lintian.log" ]; then
			cat "$work/lintian.log" >&2
			die "lintian reports tags (above)"
		fi
		cp "$work"/lkst-tools_"$version"* "$out/"
		echo "deb: $out/lkst-tools_${version}_amd64.deb (lintian: clean)"
		;;
	rpm)
		rpmbuild --define "_topdir $top" --nodeps -ba "$src/lkst-tools.spec" \
			>"$work/rpm.log" 2>&1 || die "rpmbuild failed: see $work/rpm.log"
		cp "$top"/RPMS/*/lkst-tools-"$version"-*.rpm "$top"/SRPMS/*.rpm "$out/"
		echo "rpm: $(ls "$out"/lkst-tools-"$version"-*.x86_64.rpm)"
		;;
	*)
		die "unknown format '$format': deb or rpm"
		;;
	esac
done
