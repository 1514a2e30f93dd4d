# description: switching mask sets in a loop while both CPUs run system calls: every record is accounted for, shows a handler its mask set names, and each set records the work done while it was current
. ../lib.sh
reset_tracer
printf 'maskset a\nall none\nSYSCALL record\n' > $SYS/masksets/define
printf 'maskset b\nall none\nSYSCALL_ENTRY count\nSYSCALL_EXIT record\n' > $SYS/masksets/define
printf 'maskset c\nall none\nSYSCALL filter comm=lkst-bench\nPROCESS record\n' > $SYS/masksets/define
# Big enough that nothing is overwritten: every hold below must be in the trace.
echo 0 > $SYS/tracing
old_records=$(cat $SYS/buffer_records)
echo 262144 > $SYS/buffer_records
echo 1 > $SYS/reset
lkst start
lkst-bench getppid 8000 > /dev/null & b1=$!
lkst-bench getppid 8000 > /dev/null & b2=$!
# Each set is held current for a known amount of work: 100 getppid calls
# of a foreground lkst-bench, made after the switch has returned (a set is
# published once its keys are on), so each set must show at least 12 x 100
# of them.  Switching back to back would hold a set for no work at all.
holds=12
i=0
while [ $i -lt $holds ]; do
	for s in a b c; do
		echo $s > $SYS/masksets/current
		lkst-bench getppid 100 > /dev/null
	done
	i=$((i + 1))
done
wait $b1 $b2
echo default > $SYS/masksets/current
lkst stop
lkst record -o /tmp/sw.lkst > /dev/null 2>&1 || failed=1
check_accounting
check "records overwritten" 0 "$(stat_of $SYS/stats overwritten)"
lkst print -v /tmp/sw.lkst | grep -v '^#' > /tmp/sw.txt
check_ge "records from both CPUs" 2 "$(awk '{ print $2 }' /tmp/sw.txt | sort -u | grep -c .)"
# every record: the handler its mask set gives its event (print -v names
# both, as they were when the recording started)
awk '
	/^maskset / { name = $2; next }
	/^[A-Z]/ { want[name "," $1] = $2 }
	END { for (k in want) print k, want[k] }' /proc/lkst_masksets > /tmp/want
awk 'NR == FNR { want[$1] = $2; next }
	{ ev = $4; ms = ""; hd = ""
	  for (i = 5; i <= NF; i++) { if ($i ~ /^maskset=/) ms = substr($i, 9); if ($i ~ /^handler=/) hd = substr($i, 9) }
	  if (want[ms "," ev] != hd) { bad++; if (bad < 5) print "# unexpected:", $0 } }
	END { print bad + 0 }' /tmp/want /tmp/sw.txt > /tmp/sw.bad
check "records whose handler their mask set does not name" 0 "$(tail -n 1 /tmp/sw.bad)"
grep '^# unexpected' /tmp/sw.bad
# getppid is 110; set a records entry and exit, b only the exit, c the
# entries and exits of lkst-bench (the foreground task is one)
for s in a b c; do
	check_ge "getppid exits recorded under set $s" $((holds * 100)) \
		"$(grep " maskset=$s " /tmp/sw.txt | grep -c 'SYSCALL_EXIT nr=110(getppid)')"
done
for s in a b c; do lkst maskset delete $s; done
echo "$old_records" > $SYS/buffer_records
done_test
