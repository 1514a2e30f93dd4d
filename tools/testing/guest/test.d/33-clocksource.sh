# description: records keep the monotonic clock across clocksource changes: on the TSC the fast path reads it inline, on any other clocksource it calls ktime_get_mono_fast_ns()
. ../lib.sh
reset_tracer
cs=/sys/devices/system/clocksource/clocksource0
# the TSC where the kernel uses it (one CPU), once its calibration is
# refined; under TCG with two CPUs the kernel finds the TSCs unsynchronized
# and uses the HPET
refined() { [ "$(cat $cs/current_clocksource)" != tsc-early ]; }
wait_for 30 refined || echo "# the TSC's calibration was not refined in 30 s"
first_cs=$(cat $cs/current_clocksource)
other=$(tr ' ' '\n' < $cs/available_clocksource | grep -v -e "^$first_cs\$" -e '^$' | head -n 1)
echo "# clocksource $first_cs, available: $(cat $cs/available_clocksource)"
check "another clocksource is available" 1 "$(echo "$other" | grep -c .)"

# record_times NAME: record the workload; its records' times, in ns
record_times() {
	lkst record -o /tmp/cs-$1.lkst -- lkst-workload > /dev/null || failed=1
	lkst print /tmp/cs-$1.lkst | grep -v '^#' |
		awk '{ split($1, t, "."); print t[1] t[2] }' > /tmp/cs-$1.ns
	check_ge "records on $1" 10 "$(wc -l < /tmp/cs-$1.ns)"
}
record_times before
echo "$other" > $cs/current_clocksource
check "switched to $other" "$other" "$(cat $cs/current_clocksource)"
record_times switched
echo "$first_cs" > $cs/current_clocksource
check "switched back to $first_cs" "$first_cs" "$(cat $cs/current_clocksource)"
record_times after

first() { sort -n /tmp/cs-$1.ns | head -n 1; }
last() { sort -n /tmp/cs-$1.ns | tail -n 1; }
echo "# $first_cs $(first before)..$(last before), $other $(first switched)..$(last switched), $first_cs again $(first after)..$(last after)"
check "$other's records come after the first ones" 1 \
	"$([ "$(first switched)" -gt "$(last before)" ] && echo 1)"
check "and before those after the switch back" 1 \
	"$([ "$(last switched)" -lt "$(first after)" ] && echo 1)"
# the workload takes seconds of guest time at most, on any clock
check_le "$other's records span less than a minute" 60000000000 \
	"$(($(last switched) - $(first switched)))"
check_accounting
done_test
