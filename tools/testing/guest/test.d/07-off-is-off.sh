# description: with tracing stopped nothing is written, whatever the enabled events
. ../lib.sh
reset_tracer
lkst-workload > /dev/null
usleep 50000
check "written while stopped" 0 "$(stat_of $SYS/stats written)"
check "status says off" "tracing: off" "$(lkst status | head -n 1)"
done_test
