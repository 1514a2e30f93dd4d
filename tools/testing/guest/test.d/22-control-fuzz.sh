# description: control-file fuzz: thousands of hostile writes (binary data, huge and negative numbers, 64 KiB strings, bad mask sets, partial writes) to every file under /sys/kernel/lkst; every refused write leaves the settings byte for byte as they were, concurrent writers crash nothing, no splat
. ../lib.sh
reset_tracer
dmesg > /tmp/dmesg.before
# lkst_ctlfuzz=N on the kernel command line: N writes (the debug kernel,
# where each costs more, runs fewer in "make check")
n=$(sed -n 's/.*lkst_ctlfuzz=\([0-9]*\).*/\1/p' /proc/cmdline)
n=${n:-3000}
lkst-ctlfuzz -s 20261122 -n $n -j 2 > /tmp/ctlfuzz.out 2>&1
rc=$?
grep -v '^FAIL' /tmp/ctlfuzz.out | sed 's/^/# /'
grep '^FAIL' /tmp/ctlfuzz.out | head -n 10 | sed 's/^/#   /'
check "ctlfuzz found no refused write that changed the settings" 0 "$rc"
check_ge "writes refused" $((n / 3)) "$(sed -n 's/.*(\([0-9]*\) rejected.*/\1/p' /tmp/ctlfuzz.out)"
check_ge "writes accepted" $((n / 30)) "$(sed -n 's/.* \([0-9]*\) accepted.*/\1/p' /tmp/ctlfuzz.out)"
dmesg | grep -vxFf /tmp/dmesg.before | grep -E 'BUG:|WARNING:|KASAN|UBSAN|KCSAN|lockdep|suspicious RCU|Call Trace' > /tmp/splats
check "no splat in dmesg" 0 "$(grep -c . /tmp/splats)"
head -n 5 /tmp/splats
echo default > $SYS/masksets/current
for s in fz0 fz1 fz2; do echo $s > $SYS/masksets/delete 2>/dev/null; done
reset_tracer
done_test
