# description: nanosleep and setitimer arm, run, cancel (and deliver SIGALRM from) hrtimers with function, expiry and clock
. ../lib.sh
reset_tracer
lkst disable all
lkst enable TIMER PROCESS_SIGSEND
lkst record -o /tmp/hrt.lkst -- lkst-timers > /tmp/hrt.out || failed=1
lkst print /tmp/hrt.lkst > /tmp/hrt.txt || failed=1
pid=$(sed -n 's/^timers pid=\([0-9]*\)$/\1/p' /tmp/hrt.out)
# callbacks (type sym) print as function+0x0/SIZE: a pattern for grep
sym() { printf '%s+0x0/0x[0-9a-f]*' "$1"; }
wake=$(sym hrtimer_wakeup); itfn=$(sym it_real_fn)
echo "# timers pid=$pid hrtimer_wakeup=$wake it_real_fn=$itfn"
# clockid 1: CLOCK_MONOTONIC
check "two nanosleeps arm sleeper hrtimers" 2 \
	"$(grep -c " $pid/[^ ]* HRTIMER_START timer=0x[0-9a-f]* function=$wake expires_ns=[0-9]* clockid=1$" /tmp/hrt.txt)"
t=$(grep " $pid/[^ ]* HRTIMER_START .* function=$wake " /tmp/hrt.txt | sed -n '1s/.* timer=\([^ ]*\) .*/\1/p')
check "the first runs" 1 "$(grep -c " HRTIMER_RUN timer=$t function=$wake " /tmp/hrt.txt)"
t2=$(grep " $pid/[^ ]* HRTIMER_START .* function=$wake " /tmp/hrt.txt | sed -n '2s/.* timer=\([^ ]*\) .*/\1/p')
check "the second, interrupted by SIGALRM, is cancelled" 1 \
	"$(grep -c " $pid/[^ ]* HRTIMER_CANCEL timer=$t2 function=$wake$" /tmp/hrt.txt)"
check "setitimer arms it_real_fn" 1 "$(grep -c " $pid/[^ ]* HRTIMER_START .* function=$itfn .* clockid=1$" /tmp/hrt.txt)"
check "it_real_fn runs" 1 "$(grep -c " HRTIMER_RUN .* function=$itfn " /tmp/hrt.txt)"
check "and sends SIGALRM to the process" 1 "$(grep -c " PROCESS_SIGSEND sig=14 pid=$pid/" /tmp/hrt.txt)"
grep " HRTIMER_RUN " /tmp/hrt.txt | awk '{ for (i = 1; i <= NF; i++) { if ($i ~ /^expires_ns=/) e = substr($i, 12); if ($i ~ /^now_ns=/) n = substr($i, 8) } if (e + 0 > n + 0) bad++ } END { print bad + 0 }' > /tmp/hrt.bad
check "no hrtimer runs before it expires" 0 "$(cat /tmp/hrt.bad)"
check "the trace file is its owner's only (records are CAP_SYS_ADMIN's)" 600 "$(stat -c %a /tmp/hrt.lkst)"

# kptr_restrict=2 hides kernel addresses from everyone: no symbols are
# saved, record says so, and print shows the addresses as numbers
restrict=$(cat /proc/sys/kernel/kptr_restrict)
echo 2 > /proc/sys/kernel/kptr_restrict
lkst record -o /tmp/hrt2.lkst -- lkst-timers > /dev/null 2> /tmp/hrt2.err || failed=1
echo "$restrict" > /proc/sys/kernel/kptr_restrict
check "under kptr_restrict=2 record saves no symbols, and says so" 1 \
	"$(grep -c '^lkst: /proc/kallsyms shows no addresses (kptr_restrict): the trace has no symbols' /tmp/hrt2.err)"
check_ge "and its callbacks print as addresses" 1 \
	"$(lkst print /tmp/hrt2.lkst | grep -c ' HRTIMER_START timer=0x[0-9a-f]* function=0xffff[0-9a-f]* ')"
check_accounting
done_test
