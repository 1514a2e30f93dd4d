# description: memory: a buffer takes its records' size of vmalloc and one page for its header on every possible CPU, buffer 0 too, and a deleted buffer gives all of it back
. ../lib.sh
reset_tracer
# tracing has started before (test 04 on), so buffer 0 exists, and a new
# buffer is allocated when it is created
lkst start
lkst stop

# lkst's own vmalloc areas, exactly: /proc/vmallocinfo names the function
# that asked for each (the stacks and modules of other tasks do not count)
lkst_pages() {
	awk '/ lkst_/ { for (i = 1; i <= NF; i++) if ($i ~ /^pages=/) n += substr($i, 7) }
	     END { print n + 0 }' /proc/vmallocinfo
}
possible=$(awk -F, '{ for (i = 1; i <= NF; i++) { n = split($i, r, "-"); c += (n == 2 ? r[2] - r[1] + 1 : 1) } }
	END { print c }' /sys/devices/system/cpu/possible)
# RECORDS: 64 bytes a record and a page for the header, on each CPU
pages_for() { echo $((possible * ($1 * 64 / 4096 + 1))); }
# ... and at most the array vmalloc keeps of those pages (8 bytes a page),
# which it allocates in the same caller's name once it outgrows a page
pages_max() {
	n=$(($1 * 64 / 4096 + 1))
	echo $((possible * (n + (n * 8 > 4096 ? (n * 8 + 4095) / 4096 : 0))))
}

check "only buffer 0 before" 1 "$(lkst buffer list | grep -c '^buffer')"
records0=$(cat $SYS/buffers/0/records)
before=$(lkst_pages)
check_ge "buffer 0 ($records0 records a CPU, $possible possible CPUs): its records and a header page on each CPU, in pages" \
	"$(pages_for "$records0")" "$before"
check_le "buffer 0: and no more than vmalloc's page array besides" "$(pages_max "$records0")" "$before"
for records in 16384 65536; do
	lkst buffer create 1 $records || failed=1
	after=$(lkst_pages)
	echo "# buffer 1 of $records records: lkst's vmalloc $before -> $after pages"
	check_ge "buffer 1 of $records records: its records and a header page on each CPU, in pages" \
		"$(pages_for $records)" $((after - before))
	check_le "buffer 1 of $records records: and no more than vmalloc's page array besides" \
		"$(pages_max $records)" $((after - before))
	lkst buffer delete 1 || failed=1
	check "buffer 1 of $records records: deleting it gives back all of it" "$before" "$(lkst_pages)"
done
done_test
