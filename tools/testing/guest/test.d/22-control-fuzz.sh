# description: control-file fuzz: thousands of hostile writes (binary data, huge and negative numbers, 64 KiB strings, bad mask sets, typos, partial writes, several writes on one descriptor) to every file under /sys/kernel/lkst; a refused write leaves the settings byte for byte as they were, an accepted one is valid, concurrent writers crash nothing, every file stays readable, no splat
. ../lib.sh
reset_tracer
dmesg > /tmp/dmesg.before
# lkst_ctlfuzz=N on the kernel command line: N sequential writes and N/3
# concurrent ones (the debug kernel, where each costs more, runs fewer)
n=$(sed -n 's/.*lkst_ctlfuzz=\([0-9]*\).*/\1/p' /proc/cmdline)
n=${n:-3000}
start=$(date +%s)
lkst-ctlfuzz -s 20261122 -n $n -c $((n / 3)) -j 2 > /tmp/ctlfuzz.out 2>&1
rc=$?
grep -v '^FAIL' /tmp/ctlfuzz.out | grep -v '^NOTE' | sed 's/^/# /'
grep '^NOTE' /tmp/ctlfuzz.out | head -n 10 | sed 's/^/#   /'
grep '^FAIL' /tmp/ctlfuzz.out | head -n 20 | sed 's/^/#   /'
echo "# $(( $(date +%s) - start )) s"
summary=$(grep '^ctlfuzz: [0-9]* writes' /tmp/ctlfuzz.out)
check "ctlfuzz ran to the end" 1 "$(echo "$summary" | grep -c .)"
check "ctlfuzz: no failure (refused write that changed a setting, accepted invalid write, unreadable file)" 0 "$rc"
check_ge "writes made" $((n + n / 3 - n / 30)) "$(echo "$summary" | sed -n 's/^ctlfuzz: \([0-9]*\) writes.*/\1/p')"
check_ge "writes refused" $((n / 3)) "$(echo "$summary" | sed -n 's/.*(\([0-9]*\) rejected.*/\1/p')"
check_ge "writes accepted" $((n / 10)) "$(echo "$summary" | sed -n 's/.* \([0-9]*\) accepted.*/\1/p')"
# without CAP_SYS_ADMIN (lkst-privdrop) every write fails with EPERM, or
# at open() for a user the file modes keep out, and changes nothing
for who in nocaps nobody; do
	case $who in
	nocaps) lkst-privdrop -- lkst-ctlfuzz -U -s 7 -n $((n / 10)) -c 0 > /tmp/ctlfuzz.$who 2>&1 ;;
	nobody) lkst-privdrop -u 65534 -- lkst-ctlfuzz -U -s 8 -n $((n / 30)) -c 0 > /tmp/ctlfuzz.$who 2>&1 ;;
	esac
	rc=$?
	grep '^ctlfuzz: [0-9]* writes' /tmp/ctlfuzz.$who | sed "s/^/# $who: /"
	grep '^FAIL' /tmp/ctlfuzz.$who | head -n 5 | sed 's/^/#   /'
	check "$who: every write refused, nothing changed" 0 "$rc"
	check "$who: writes accepted" 0 "$(sed -n 's/^ctlfuzz: [0-9]* writes .* \([0-9]*\) accepted.*/\1/p' /tmp/ctlfuzz.$who)"
done
check "the OOM killer did not run" 0 "$(dmesg | grep -vxFf /tmp/dmesg.before | grep -c 'invoked oom-killer')"
# a splat: any of these in a line the test added to the kernel log
dmesg | grep -vxFf /tmp/dmesg.before |
	grep -E 'BUG:|WARNING:|Call Trace|KASAN|UBSAN|KCSAN|lockdep|RCU|rcu_.*stall|hung_task|general protection|Oops' > /tmp/splats
check "no splat in dmesg" 0 "$(grep -c . /tmp/splats)"
head -n 5 /tmp/splats | sed 's/^/#   /'
reset_tracer
done_test
