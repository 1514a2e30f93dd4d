# description: a handler module (samples/lkst) registers, gets events with their arguments and registers, unloads safely while its events fire, and mask sets fall back to record
. ../lib.sh
reset_tracer
insmod /lib/lkst/lkst_sample_handler.ko || failed=1
check "lkst handler list shows it as handler 8" 1 "$(lkst handler list | grep -c '^8 sample_site module$')"
printf 'maskset smp\nall none\nSYSCALL_ENTRY sample_site\n' > /tmp/smp.ms
lkst maskset load /tmp/smp.ms || failed=1
check "the set names it" "SYSCALL_ENTRY sample_site" "$(lkst maskset show smp | grep '^SYSCALL_ENTRY ')"
lkst maskset switch smp
lkst record -o /tmp/smp.lkst -- lkst-workload > /tmp/w.out || failed=1
lkst maskset switch default
lkst print -v /tmp/smp.lkst | grep -v '^#' > /tmp/smp.txt
pid=$(sed -n 's/^workload pid=\([0-9]*\) .*/\1/p' /tmp/w.out)
lo=$(awk '$3 == "do_syscall_64" { print $1 }' /proc/kallsyms)
hi=$(awk -v lo="$lo" 'found { print $1; exit } $1 == lo { found = 1 }' /proc/kallsyms)
# the module puts the hook site (regs->ip) in the fourth argument
sites=$(grep " $pid/[^ ]* SYSCALL_ENTRY nr=110(getppid) " /tmp/smp.txt | sed 's/.* arg2=0x\([0-9a-f]*\) .*/\1/' |
	awk -v lo="$lo" -v hi="$hi" 'length($1) == 16 && ("" $1) > ("" lo) && ("" $1) < ("" hi)' | grep -c .)
check "10 getppid entries recorded by the module, hook site in do_syscall_64" 10 "$sites"
check "all of them tagged with the module's handler, by name" 0 "$(grep ' SYSCALL_ENTRY ' /tmp/smp.txt | grep -vc ' maskset=smp handler=sample_site buffer=0$')"
check_ge "the module counted them" 10 "$(cat /sys/module/lkst_sample_handler/parameters/calls)"

# unload while both CPUs make system calls under the module's handler.
# The work is paced by what the buffers hold, not by a count guessed for
# the guest's speed: the unload comes once the module has recorded 20,000
# calls, the stop 20,000 fallback records later; the buffers hold all of
# them, so none is overwritten, however slow or fast the guest.
old_records=$(cat $SYS/buffer_records)
echo 262144 > $SYS/buffer_records
echo 1 > $SYS/reset
lkst maskset switch smp
lkst start
rm -f /tmp/bench.stop
getppid_until_stop() {
	while [ ! -e /tmp/bench.stop ]; do lkst-bench getppid 2000 > /dev/null; done
}
wait_written() { # N: until the buffers have taken N records (2 min at most)
	tries=1200
	while [ "$(stat_of $SYS/stats written)" -lt "$1" ] && [ $tries -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	check "the buffers took $1 records" 1 "$((tries > 0))"
}
getppid_until_stop & b1=$!
getppid_until_stop & b2=$!
wait_written 20000
rmmod lkst_sample_handler || failed=1
wait_written $(($(stat_of $SYS/stats written) + 20000))
touch /tmp/bench.stop
wait $b1 $b2
lkst stop
lkst maskset switch default
check "after the unload the set shows the fallback" "SYSCALL_ENTRY record" "$(lkst maskset show smp | grep '^SYSCALL_ENTRY ')"
lkst record -o /tmp/unl.lkst > /dev/null 2>&1 || failed=1
lkst print -v /tmp/unl.lkst | grep ' SYSCALL_ENTRY ' > /tmp/unl.txt
check "nothing overwritten" 0 "$(stat_of $SYS/stats overwritten)"
# this trace was recorded after the unload: handler 8 had no name left to
# save, so print -v shows its number
check_ge "records by the module before the unload" 1 "$(grep -c ' handler=8 buffer=0$' /tmp/unl.txt)"
check_ge "records by the fallback, record, after it" 1 "$(grep -c ' handler=record buffer=0$' /tmp/unl.txt)"
# per CPU (field 2): once a CPU has run the fallback, it never runs the module
check "no module record after a fallback record on the same CPU" 0 \
	"$(awk '$(NF - 1) == "handler=record" { fell[$2] = 1 } $(NF - 1) == "handler=8" && fell[$2] { bad++ } END { print bad + 0 }' /tmp/unl.txt)"
check_accounting

# a new registration does not inherit the old one's entries
insmod /lib/lkst/lkst_sample_handler.ko || failed=1
check "reloaded: the old set still falls back" "SYSCALL_ENTRY record" "$(lkst maskset show smp | grep '^SYSCALL_ENTRY ')"
lkst maskset load /tmp/smp.ms || failed=1
check "and a new definition names it again" "SYSCALL_ENTRY sample_site" "$(lkst maskset show smp | grep '^SYSCALL_ENTRY ')"
lkst maskset delete smp
rmmod lkst_sample_handler || failed=1
printf 'maskset gone\nall sample_site\n' > $SYS/masksets/define 2>/dev/null
check "a set naming an unregistered handler is refused" 1 "$?"
echo "$old_records" > $SYS/buffer_records
done_test
