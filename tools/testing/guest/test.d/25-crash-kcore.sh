# description: crash dump reader on the live kernel: "lkst crash extract /proc/kcore" finds every CPU's buffers through VMCOREINFO alone (no debuginfo) and recovers exactly the records "lkst record" drains, the workload's lseek with its arguments among them; bad dumps get an error naming the file and the offset
. ../lib.sh
reset_tracer
W=/tmp/crash-kcore
rm -rf $W; mkdir -p $W
lkst start
lkst-workload > $W/workload.out || failed=1
lkst stop
pid=$(sed -n 's/^workload pid=\([0-9]*\) child=.*/\1/p' $W/workload.out)

lkst crash extract /proc/kcore -o $W/kcore.lkst 2> $W/extract.err
check "lkst crash extract /proc/kcore succeeds" 0 "$?"
sed 's/^/#   /' $W/extract.err | tail -n 3
lkst record -o $W/drain.lkst > /dev/null 2>&1 || failed=1
# the dump has no task names: compare without them; nor symbols: the
# running kernel's are given (a dump after a reboot needs System.map)
lkst print --kallsyms /proc/kallsyms $W/kcore.lkst 2>&1 | sed -E 's#( [0-9]+)/[^ ]*#\1#g' > $W/kcore.txt
lkst print $W/drain.lkst 2>&1 | sed -E 's#( [0-9]+)/[^ ]*#\1#g' > $W/drain.txt
n=$(grep -vc '^#' $W/drain.txt)
check_ge "records drained" 20 "$n"
check "records extracted from /proc/kcore" "$n" "$(grep -vc '^#' $W/kcore.txt)"
check "extracted records are the drained ones, line for line" "" \
	"$(diff $W/drain.txt $W/kcore.txt | grep '^[<>] [0-9]' | head -n 3)"
check "the workload's lseek, with its arguments" 1 \
	"$(grep -c " $pid SYSCALL_ENTRY nr=8(lseek) arg0=0xffffffffffffffff arg1=0x1234567 arg2=0x1$" $W/kcore.txt)"
check "every CPU's buffer was found" "$(grep -c '^processor' /proc/cpuinfo)" \
	"$(grep -c '^lkst: cpu [0-9]* buffer 0: ' $W/extract.err)"
check "nothing in flight after the stop" 0 \
	"$(sed -n 's/.* (\([0-9]*\) being written, .*/\1/p' $W/extract.err)"

# bad input: an error naming the file and the offset, never a crash
head -c 4096 /bin/busybox > $W/elf-exec
lkst crash extract $W/elf-exec -o $W/x.lkst 2> $W/err1
check "an executable is refused (exit 1)" 1 "$?"
check "the error names the file and the offset" 1 "$(grep -c "^lkst: $W/elf-exec: offset [0-9]*: " $W/err1)"
check "no output file left behind" "" "$(ls $W/x.lkst* 2>/dev/null)"
lkst crash extract /proc/self/status -o $W/x.lkst 2> $W/err2
check "a text file is refused (exit 1)" 1 "$?"
check "its error names the file and offset 0" 1 "$(grep -c '^lkst: /proc/self/status: offset 0: ' $W/err2)"
rm -rf $W
reset_tracer
done_test
