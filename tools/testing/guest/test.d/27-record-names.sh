# description: lkst record -- CMD names tasks from the records it drains, not by rescanning /proc every 50 ms: its own system calls in a 1 s recording stay in the hundreds whatever the number of tasks (they were about 20 a second per task), and the command's children are named after their exec
. ../lib.sh
reset_tracer
lkst stop > /dev/null 2>&1
lkst record -o /tmp/names.lkst -- sh -c 'sleep 1; true' > /dev/null 2>&1
check "the recording succeeded" 0 "$?"
tasks=$(ls -d /proc/[0-9]* | wc -l)
own=$(lkst print --comm lkst -e SYSCALL_ENTRY /tmp/names.lkst | grep -c ' SYSCALL_ENTRY ')
echo "# $tasks tasks; lkst made $own system calls in the 1 s recording"
check_le "lkst's own system calls in 1 s (a /proc rescan every 50 ms made $((tasks * 20 * 4)) or more)" \
	999 "$own"
check_ge "they were recorded at all" 20 "$own"
# the child that became sleep: named after its exec, its nanosleep its own
check_ge "sleep's nanosleep is named sleep" 1 \
	"$(lkst print --comm sleep /tmp/names.lkst | grep -c 'SYSCALL_ENTRY nr=\(35(nanosleep)\|230(clock_nanosleep)\)')"
check "no system call is nameless (only tasks make them: the command's, lkst)" 0 \
	"$(lkst print /tmp/names.lkst | grep -c '[0-9]/? SYSCALL_')"
rm -f /tmp/names.lkst
done_test
