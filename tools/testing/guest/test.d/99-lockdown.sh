# description: lockdown=confidentiality: nobody reads records, not even root (this test must run last: lockdown is one-way)
. ../lib.sh
if [ "${LKST_REPEAT_LEFT:-0}" -gt 0 ]; then
	echo "# lockdown is one-way: it runs in the last repetition only"
	done_test
fi
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
LD=/sys/kernel/security/lockdown
check "the kernel has the lockdown LSM" 1 "$([ -w $LD ] && echo 1)"
reset_tracer
lkst start
lkst-bench getppid 100 > /dev/null
lkst stop
echo confidentiality > $LD
check "locked down" "[confidentiality]" "$(grep -o '\[[a-z]*\]' $LD)"
err=$(cat $SYS/per_cpu/cpu0/buffer 2>&1 > /dev/null)
check "root cannot read records" 1 "$(echo "$err" | grep -c 'Operation not permitted')"
err=$(cat $SYS/buffers/0/cpu1 2>&1 > /dev/null)
check "through any record file" 1 "$(echo "$err" | grep -c 'Operation not permitted')"
lkst record -o /tmp/ld.lkst > /dev/null 2>&1
check "lkst record fails" 3 "$?"
check_ge "the records are still there, unread" 1 "$(stat_of $SYS/stats entries)"
echo 1 > $SYS/reset
check "the tracer can still be controlled" 0 "$(stat_of $SYS/stats entries)"
done_test
