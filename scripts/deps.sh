#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what building, booting and testing lkst needs (Debian 12).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod
      xz-utils quilt ccache qemu-system-x86 busybox-static libcmocka-dev
      pkg-config python3 sparse coccinelle clang libclang-rt-14-dev
      zlib1g-dev liblzo2-dev kexec-tools makedumpfile e2fsprogs
      debhelper lintian rpm bash-completion man-db rsync
      openssl git gdb gnuplot-nox)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	as_root apt-get update -q >/dev/null
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		"${missing[@]}" >/dev/null
fi
# apt-get download needs current package lists
if ! apt-cache policy "$BASE_SOURCE_PACKAGE" | grep -q "$BASE_VERSION"; then
	as_root apt-get update -q >/dev/null
fi
