# description: switching mask sets in a loop while both CPUs run system calls: every record is accounted for and shows a handler its mask set names
. ../lib.sh
reset_tracer
printf 'maskset a\nall none\nSYSCALL record\n' > $SYS/masksets/define
printf 'maskset b\nall none\nSYSCALL_ENTRY count\nSYSCALL_EXIT record\n' > $SYS/masksets/define
printf 'maskset c\nall none\nSYSCALL filter comm=lkst-bench\nPROCESS record\n' > $SYS/masksets/define
echo 1 > $SYS/reset
lkst start
lkst-bench getppid 200000 > /dev/null & b1=$!
lkst-bench getppid 200000 > /dev/null & b2=$!
i=0
while [ $i -lt 30 ]; do
	for s in a b c; do echo $s > $SYS/masksets/current; done
	i=$((i + 1))
done
wait $b1 $b2
echo default > $SYS/masksets/current
lkst stop
lkst record -o /tmp/sw.lkst > /dev/null 2>&1 || failed=1
check_accounting
lkst print -v /tmp/sw.lkst | grep -v '^#' > /tmp/sw.txt
check_ge "records from both CPUs" 2 "$(awk '{ print $2 }' /tmp/sw.txt | sort -u | grep -c .)"
# every record: the handler its mask set (slot) gives its event
awk '
	/^maskset / { name = $2; next }
	/^# slot / { slot = $3 + 0; sub(/,.*/, "", slot); next }
	/^[A-Z]/ { h = $2; id = (h == "none") ? 0 : (h == "record") ? 1 : (h == "stack") ? 2 :
		   (h == "count") ? 3 : (h == "filter") ? 4 : (h == "trigger") ? 5 : (h == "freeze") ? 6 : 7
		   want[slot "," $1] = id }
	END { for (k in want) print k, want[k] }' /proc/lkst_masksets > /tmp/want
awk 'NR == FNR { want[$1] = $2; next }
	{ ev = $4; ms = ""; hd = ""
	  for (i = 5; i <= NF; i++) { if ($i ~ /^maskset=/) ms = substr($i, 9); if ($i ~ /^handler=/) hd = substr($i, 9) }
	  if (want[ms "," ev] != hd) { bad++; if (bad < 5) print "# unexpected:", $0 } }
	END { print bad + 0 }' /tmp/want /tmp/sw.txt > /tmp/sw.bad
check "records whose handler their mask set does not name" 0 "$(tail -n 1 /tmp/sw.bad)"
grep '^# unexpected' /tmp/sw.bad
for s in a b c; do
	check_ge "records written under set $s" 1 "$(grep -c " maskset=$(awk -v n=$s '/^maskset / { m = $2 } /^# slot / && m == n { print $3 + 0 }' /proc/lkst_masksets) " /tmp/sw.txt)"
done
for s in a b c; do lkst maskset delete $s; done
done_test
