#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# description: lkst-tools builds as a lintian-clean .deb (dpkg-buildpackage) and as an .rpm (rpmbuild), each with the binary, the man page, bash completion and the mask sets as conffiles; dpkg installs it (lkst --version, man -w lkst, completion) and purges it without a trace; its completion offers the kernel's names
set -uo pipefail
LKST_TOP=$(cd "$(dirname "$0")/../../.." && pwd)
out=$LKST_TOP/build/packages
version=$(cat "$LKST_TOP/tools/VERSION")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

"$LKST_TOP/scripts/package-tools.sh" deb rpm || exit 1
deb=$out/lkst-tools_${version}_amd64.deb
rpm=$out/lkst-tools-$version-1.x86_64.rpm

files="/usr/bin/lkst /usr/share/man/man1/lkst.1.gz
/usr/share/bash-completion/completions/lkst /etc/lkst/masksets/default.ms
/etc/lkst/masksets/all.ms /etc/lkst/masksets/sched.ms
/etc/lkst/masksets/io.ms /etc/lkst/masksets/net.ms"
dpkg-deb -c "$deb" | awk '{ print substr($6, 2) }' >"$work/deb.files"
rpm -qlp "$rpm" >"$work/rpm.files" 2>/dev/null
for f in $files; do
	grep -qx "$f" "$work/deb.files" || bad ".deb lacks $f"
	# (Debian's rpmbuild leaves man pages uncompressed; RPM distributions'
	# brp-compress gzips them)
	grep -qx "$f" "$work/rpm.files" || grep -qx "${f%.gz}" "$work/rpm.files" ||
		bad ".rpm lacks $f"
done

# the mask sets are configuration: an administrator's edits survive upgrades
dpkg-deb -e "$deb" "$work/DEBIAN"
[ "$(grep -c '^/etc/lkst/masksets/.*\.ms$' "$work/DEBIAN/conffiles")" = 5 ] ||
	bad ".deb conffiles: $(cat "$work/DEBIAN/conffiles" 2>&1)"
[ "$(rpm -qp --configfiles "$rpm" 2>/dev/null | grep -c '^/etc/lkst/masksets/.*\.ms$')" = 5 ] ||
	bad ".rpm config files: $(rpm -qp --configfiles "$rpm" 2>&1)"

# what each package installs runs, and says its version
dpkg-deb -x "$deb" "$work/deb"
[ "$("$work/deb/usr/bin/lkst" --version)" = "lkst $version" ] ||
	bad "the .deb's lkst --version said: $("$work/deb/usr/bin/lkst" --version 2>&1)"
mkdir -p "$work/rpm"
(cd "$work/rpm" && rpm2cpio "$rpm" | cpio -idm --quiet)
[ "$("$work/rpm/usr/bin/lkst" --version)" = "lkst $version" ] ||
	bad "the .rpm's lkst --version said: $("$work/rpm/usr/bin/lkst" --version 2>&1)"
man -l "$work/deb/usr/share/man/man1/lkst.1.gz" 2>&1 >/dev/null | grep . &&
	bad "man reports problems in lkst.1"
MANWIDTH=80 man -l "$work/deb/usr/share/man/man1/lkst.1.gz" 2>/dev/null |
	grep -q 'crash extract DUMP -o FILE' || bad "lkst.1 does not render"

# installed for real with dpkg, as root, then purged: nothing left behind
# (skipped where lkst-tools is already installed: that one is not ours)
if [ "$(id -u)" = 0 ] && ! dpkg-query -W -f='${Status}' lkst-tools 2>/dev/null | grep -q installed; then
	if dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
		[ "$(/usr/bin/lkst --version)" = "lkst $version" ] ||
			bad "installed lkst --version said: $(/usr/bin/lkst --version 2>&1)"
		[ "$(man -w lkst 2>&1)" = /usr/share/man/man1/lkst.1.gz ] ||
			bad "man -w lkst said: $(man -w lkst 2>&1)"
		[ -f /usr/share/bash-completion/completions/lkst ] ||
			bad "the completion file is not installed"
		[ "$(dpkg-query -W -f='${Conffiles}' lkst-tools | grep -c '/etc/lkst/masksets/')" = 5 ] ||
			bad "dpkg does not list the 5 mask sets as conffiles"
	else
		bad "dpkg -i failed: $(tail -n 1 "$work/dpkg.log")"
	fi
	dpkg --purge lkst-tools >>"$work/dpkg.log" 2>&1 || bad "dpkg --purge failed"
	for f in /usr/bin/lkst /etc/lkst /usr/share/man/man1/lkst.1.gz \
		/usr/share/bash-completion/completions/lkst; do
		[ ! -e "$f" ] || bad "$f is left after dpkg --purge"
	done
else
	echo "NOTE: dpkg -i skipped (not root, or lkst-tools already installed)"
fi

# completion, from the packaged script, with names from a fake kernel
printf '0 EV_A CAT_ONE 1 a:u\n1 EV_B CAT_ONE 0 b:x\n2 SYSCALL_ENTRY CAT_TWO 1 d:d\n' >"$work/etypes"
mkdir -p "$work/sys/categories"
echo 1 >"$work/sys/categories/CAT_ONE"
echo 1 >"$work/sys/categories/CAT_TWO"
printf 'maskset default\n# slot 0, current\nall record\n\nmaskset sched\n# slot 1\nall off\n\n' \
	>"$work/masksets"
complete_line() { # WORDS...: what bash completion offers for the last word
	PATH=$work/deb/usr/bin:$PATH LKST_ETYPES=$work/etypes LKST_SYSFS=$work/sys \
		LKST_MASKSETS=$work/masksets bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$0"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_lkst lkst "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		"$work/deb/usr/share/bash-completion/completions/lkst" "$@"
}
got=$(complete_line lkst mas)
[ "$got" = "maskset " ] || bad "completion of 'lkst mas': '$got'"
got=$(complete_line lkst enable S)
[ "$got" = "SYSCALL_ENTRY " ] || bad "completion of 'lkst enable S': '$got'"
got=$(complete_line lkst enable CAT)
[ "$got" = "CAT_ONE CAT_TWO " ] || bad "completion of 'lkst enable CAT': '$got'"
got=$(complete_line lkst maskset switch "")
[ "$got" = "default sched " ] || bad "completion of 'lkst maskset switch': '$got'"
got=$(complete_line lkst print --ev)
[ "$got" = "--event " ] || bad "completion of 'lkst print --ev': '$got'"
exit $fail
