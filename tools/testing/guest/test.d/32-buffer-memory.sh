# description: memory: a buffer takes its records' size of vmalloc on every possible CPU, no more, and a deleted buffer gives all of it back
. ../lib.sh
reset_tracer
# tracing has started before (test 04 on), so buffer 0 exists and a new
# buffer is allocated when it is created
lkst start
lkst stop

vmalloc_kb() { awk '$1 == "VmallocUsed:" { print $2 }' /proc/meminfo; }
possible=$(awk -F- '{ print ($2 == "" ? 1 : $2 - $1 + 1) }' /sys/devices/system/cpu/possible)
# Other vmalloc users move VmallocUsed a little meanwhile: the lkst
# command's own stack (VMAP_STACK, as on Debian's kernel) among them.  A
# buffer is hundreds of times larger than this slack.
slack=64
near() { d=$(($1 - $2)); [ ${d#-} -le $slack ]; }
# (a deleted buffer is freed after an RCU grace period, by a worker)
settle() { # KB: wait until VmallocUsed is near KB again, for up to 5 s
	i=0
	while ! near "$(vmalloc_kb)" "$1" && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

for records in 16384 65536; do
	before=$(vmalloc_kb)
	lkst buffer create 1 $records || failed=1
	after=$(vmalloc_kb)
	# 64 bytes a record; one page more for the buffer's header, which
	# rounds up the allocation
	want=$((possible * records * 64 / 1024))
	echo "# buffer of $records records: VmallocUsed $before kB -> $after kB ($possible possible CPUs)"
	check_ge "buffer of $records records: at least its records on each CPU, $want kB" \
		$((want - slack)) $((after - before))
	check_le "buffer of $records records: at most one page more on each CPU" \
		$((want + possible * 4 + slack)) $((after - before))
	lkst buffer delete 1 || failed=1
	settle "$before"
	after=$(vmalloc_kb)
	echo "# deleted: VmallocUsed $after kB"
	check "buffer of $records records: deleting it gives back all of it" \
		0 "$(near "$after" "$before" && echo 0 || echo $((after - before)) kB kept)"
done
done_test
