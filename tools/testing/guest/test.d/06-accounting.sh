# description: every record is accounted for: overwrite mode counts overwritten records, stop mode counts dropped ones
. ../lib.sh
reset_tracer
ncpu=$(ls -d $SYS/per_cpu/cpu* | wc -l)
echo 64 > $SYS/buffer_records
lkst start
lkst-workload > /dev/null
lkst stop
lkst record -o /tmp/ov.lkst > /dev/null 2>&1 || failed=1
# the header counts records; event lines do not show strings' continuation records
nrecs() { lkst print "$1" | sed -n '1s/.*, \([0-9]*\) records$/\1/p'; }
n=$(nrecs /tmp/ov.lkst)
check_ge "records overwritten in a 64-record buffer" 1 "$(stat_of $SYS/stats overwritten)"
check "records in the file = read" "$(stat_of $SYS/stats read)" "$n"
check_ge "at most 64 records per cpu in the file" "$n" "$((64 * ncpu))"
check_accounting

echo 1 > $SYS/reset
echo 0 > $SYS/overwrite
lkst start
lkst-workload > /dev/null
lkst stop
check_ge "records dropped in stop mode" 1 "$(stat_of $SYS/stats dropped)"
lkst record -o /tmp/st.lkst > /dev/null 2>&1 || failed=1
check "no record overwritten in stop mode" 0 "$(stat_of $SYS/stats overwritten)"
check "records in the file = read" "$(stat_of $SYS/stats read)" \
	"$(nrecs /tmp/st.lkst)"
check_accounting
echo 1 > $SYS/overwrite
echo 16384 > $SYS/buffer_records
check "buffer size restored" 16384 "$(cat $SYS/buffer_records)"
done_test
