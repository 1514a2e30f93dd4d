# description: mask sets: shipped files load, save and load round-trip, bad files and writes change nothing, the 16-set limit
. ../lib.sh
reset_tracer
MS=/etc/lkst/masksets
for f in all sched io net; do
	lkst maskset load $MS/$f.ms || failed=1
done
check "list: default (current) and the shipped sets" "default (current) all sched io net" \
	"$(lkst maskset list | tr '\n' ' ' | sed 's/ $//')"
check "sched records SYSCALL_ENTRY" "SYSCALL_ENTRY record" "$(lkst maskset show sched | grep '^SYSCALL_ENTRY ')"
check "sched traces no LOCK event" 0 "$(lkst maskset show sched | grep '^LK_' | grep -vc ' none$')"
lkst maskset save io /tmp/io.saved || failed=1
lkst maskset delete io || failed=1
lkst maskset load /tmp/io.saved || failed=1
check "save, delete, load gives the same set" "$(grep -v '^#' /tmp/io.saved)" \
	"$(lkst maskset show io | grep -v '^#')"

cp /proc/lkst_masksets /tmp/before
printf 'maskset bad\nall record\nSYSCALL_ENTRY recrod\n' > /tmp/bad.ms
lkst maskset load /tmp/bad.ms 2> /tmp/bad.err
check "a bad file fails with exit 1" 1 "$?"
check "naming the file and line" 1 "$(grep -c '^lkst: /tmp/bad.ms:3: unknown handler' /tmp/bad.err)"
printf 'maskset good\nall record\nmaskset worse\nNOPE none\n' > /tmp/bad2.ms
lkst maskset load /tmp/bad2.ms 2> /tmp/bad.err
check "a file whose second set is bad" 1 "$?"
check "names line 4" 1 "$(grep -c '^lkst: /tmp/bad2.ms:4: ' /tmp/bad.err)"
printf 'maskset direct\nall stack 99\n' > $SYS/masksets/define 2>/dev/null
check "a bad definition written to sysfs fails" 1 "$?"
# the freeze countdown is an int: more than INT_MAX was silently negative
printf 'maskset direct\nall freeze 2147483648\n' > $SYS/masksets/define 2>/dev/null
check "freeze beyond INT_MAX fails" 1 "$?"
echo default > $SYS/masksets/delete 2>/dev/null
check "deleting the current set fails" 1 "$?"
echo nosuch > $SYS/masksets/current 2>/dev/null
check "switching to an unknown set fails" 1 "$?"
check "and none of it changed anything" "" "$(cmp /tmp/before /proc/lkst_masksets)"

# 16 sets at most: default, all, sched, io, net and 11 more
i=0
while [ $i -lt 12 ]; do
	printf 'maskset extra%d\nall none\n' $i > $SYS/masksets/define 2>/dev/null || break
	i=$((i + 1))
done
check "11 more sets fit, the 17th does not" 11 "$i"
# a file whose second set finds no slot: the first, a redefinition of an
# existing set, is put back (load is all or nothing)
lkst maskset show extra0 > /tmp/extra0.before
printf 'maskset extra0\nall record\n\nmaskset onetoomany\nall none\n' > /tmp/two.ms
lkst maskset load /tmp/two.ms 2> /tmp/two.err
check "loading a set into a full table fails" 3 "$?"
check "the set that found no slot is not there" 0 "$(lkst maskset list | grep -c onetoomany)"
lkst maskset show extra0 > /tmp/extra0.after
check "the set redefined before it is as it was" "" "$(cmp /tmp/extra0.before /tmp/extra0.after)"
check "and the error says so" 1 "$(grep -c 'the sets before it are put back' /tmp/two.err)"
j=0
while [ $j -lt $i ]; do lkst maskset delete extra$j; j=$((j + 1)); done
check "current is still default" default "$(lkst maskset current)"

# the grammar table the tool's checker is tested against
# (tools/testing/maskset/grammar.txt): the kernel decides every line alike
n=0
differ=""
tab=$(printf '\t')
while IFS="$tab" read -r want line; do
	case $want in accept|refuse) ;; *) continue ;; esac
	if printf 'maskset grammar\n%s\n' "$line" > $SYS/masksets/define 2>/dev/null; then
		got=accept
	else
		got=refuse
	fi
	[ "$got" = "$want" ] || differ="$differ [$line: the kernel ${got}s it]"
	echo grammar > $SYS/masksets/delete 2>/dev/null
	n=$((n + 1))
done < /tests/maskset-grammar.txt
check_ge "grammar table lines tried" 50 "$n"
check "the kernel decides each as the table (and the tool) does" "" "$differ"

# every mask-set example of the documentation loads (mkinitramfs.sh
# extracts them): the docs cannot drift from the grammar
docs=0
for f in /tests/doc-masksets/*.ms; do
	[ -e "$f" ] || continue
	docs=$((docs + 1))
	lkst maskset load "$f" 2> /tmp/doc.err
	check "the documentation's example $(basename "$f") loads" "0 " "$? $(cat /tmp/doc.err)"
	for name in $(sed -n 's/^maskset //p' "$f" | sed '1!G;h;$!d'); do
		lkst maskset delete "$name"
	done
done
check_ge "documentation examples tried" 1 "$docs"
done_test
