# SPDX-License-Identifier: GPL-2.0
# Common settings for the lkst scripts; source it, do not run it.

LKST_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LKST_BASE=${LKST_BASE:-debian-6.1}
LKST_BUILD=${LKST_BUILD:-$LKST_TOP/build}
LKST_DL=$LKST_BUILD/dl

base_conf=$LKST_TOP/scripts/bases/$LKST_BASE.conf
if [ ! -r "$base_conf" ]; then
	echo "lkst: no base '$LKST_BASE' (expected $base_conf)" >&2
	exit 2
fi
# shellcheck source=bases/debian-6.1.conf
. "$base_conf"

# the patched tree (check-base-full.sh points it at its scratch tree)
LKST_TREE=${LKST_TREE:-$LKST_BUILD/linux-$LKST_BASE}
# the base make check runs everything on (scripts/bases/debian-6.1.conf)
LKST_PRIMARY_BASE=debian-6.1

# kbuild_dir FLAVOUR: where build-kernel.sh builds FLAVOUR (test, debug,
# debian, ...) of this base: build/kbuild-FLAVOUR for the primary base,
# build/kbuild-FLAVOUR-BASE for another
kbuild_dir() {
	if [ "$LKST_BASE" = "$LKST_PRIMARY_BASE" ]; then
		echo "$LKST_BUILD/kbuild-$1"
	else
		echo "$LKST_BUILD/kbuild-$1-$LKST_BASE"
	fi
}

# ccache hits wherever the tree is checked out (CI clones it elsewhere):
# paths under build/ are hashed relative to it, and a -g compile (Debian's
# config) does not hash the working directory, which is all that differs
export CCACHE_BASEDIR=$LKST_BUILD
export CCACHE_NOHASHDIR=1

export QUILT_PATCHES=${LKST_PATCHES:-$LKST_TOP/patches}
export QUILT_SERIES=${LKST_SERIES:-$LKST_TOP/series}

# A base whose pin file names BASE_VARIANTS (directories of patches/, the
# most specific first) gets its own copy of the series: a patch with a
# variant of the same name there has the variant's file sections in place
# of its own (scripts/compose-series.py).  The order, and every hunk that
# is the same on all bases, come from series and patches/ alone.
if [ -n "${BASE_VARIANTS:-}" ] && [ -z "${LKST_SERIES:-}" ]; then
	python3 "$LKST_TOP/scripts/compose-series.py" "$QUILT_PATCHES" "$QUILT_SERIES" \
		"$BASE_VARIANTS" "$LKST_BUILD/patches.$LKST_BASE" ||
		{ echo "lkst: cannot compose the series of $LKST_BASE" >&2; exit 2; }
	QUILT_PATCHES=$LKST_BUILD/patches.$LKST_BASE
	QUILT_SERIES=$QUILT_PATCHES/series
fi
export QUILT_PC=.pc
export QUILT_REFRESH_ARGS="-p ab --no-timestamps --no-index"
export QUILT_DIFF_ARGS="-p ab --no-timestamps --no-index"
export QUILT_PUSH_ARGS="--color=never"
export QUILT_DIFF_OPTS="--show-c-function"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "$*"; exit 1; }

# Run as root, or through sudo when there is one.
as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Download one Debian package version into $LKST_DL and print its path.
fetch_deb() {
	local pkg=$1 ver=$2 deb
	mkdir -p "$LKST_DL"
	deb=$(ls "$LKST_DL/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		(cd "$LKST_DL" && apt-get download -q "$pkg=$ver" >&2) ||
			die "cannot download $pkg=$ver from the package registry"
		deb=$(ls "$LKST_DL/${pkg}_${ver//:/%3a}_"*.deb | head -n 1)
	fi
	echo "$deb"
}

# The base's source tarball (downloaded and unpacked once) and print its
# path.  Unpacked into a temporary directory first: an interrupted run
# leaves no half tarball for the next one to trust.
base_tarball() {
	local deb src=$LKST_DL/$BASE_SOURCE_PACKAGE-$BASE_VERSION
	if [ ! -f "$src/$BASE_TARBALL" ]; then
		deb=$(fetch_deb "$BASE_SOURCE_PACKAGE" "$BASE_VERSION") || return 1
		rm -rf "$src" "$src.tmp"
		dpkg-deb -x "$deb" "$src.tmp" && mv "$src.tmp" "$src" || return 1
	fi
	echo "$src/$BASE_TARBALL"
}

# Ignore /etc/quilt.quiltrc and ~/.quiltrc: the settings above are the project's.
quilt() { command quilt --quiltrc - "$@"; }
