# description: a task's name follows it through the trace: a child has its parent's name until it renames itself (a write to /proc/PID/comm, prctl PR_SET_NAME) and execs, each rename a PROCESS_COMM record with the new name
. ../lib.sh
reset_tracer
lkst record -o /tmp/rename.lkst -- sh -c 'echo "child $$"; printf renamed > /proc/$$/comm; exec cat /dev/null' \
	> /tmp/rename.out || failed=1
pid=$(sed -n 's/^child \([0-9]*\)$/\1/p' /tmp/rename.out)
lkst print /tmp/rename.lkst > /tmp/rename.txt || failed=1
grep " PROCESS_COMM pid=${pid:-none} " /tmp/rename.txt | sed 's/^/#     /'
check "the exec of sh is a PROCESS_COMM, exec=1" 1 \
	"$(grep -c " PROCESS_COMM pid=${pid:-none} exec=1 comm=\"sh\"$" /tmp/rename.txt)"
check "the write to /proc/PID/comm is one, exec=0" 1 \
	"$(grep -c " PROCESS_COMM pid=${pid:-none} exec=0 comm=\"renamed\"$" /tmp/rename.txt)"
# busybox runs "exec cat" as an exec of /proc/self/exe, named "exe",
# and the applet then renames itself "cat": exec=0 again
check "the last rename names it cat" 'comm="cat"' \
	"$(grep " PROCESS_COMM pid=${pid:-none} " /tmp/rename.txt | tail -n 1 | grep -o 'comm=.*')"
# field 3 is PID/COMM: the names its records print with, in order
names=$(grep " ${pid:-none}/" /tmp/rename.txt | awk '{ print $3 }' | sed 's|^[0-9]*/||' | uniq | tr '\n' ' ' | sed 's/ $//')
echo "# its records are named: $names"
check "they name it lkst (its parent's name), then sh and renamed ..." "lkst sh renamed" \
	"$(echo "$names" | cut -d' ' -f1-3)"
check "... and cat at the end" cat "${names##* }"
check "lkst print --comm renamed: only what it did under that name" \
	"$(grep -c " ${pid:-none}/renamed " /tmp/rename.txt)" \
	"$(lkst print --comm renamed /tmp/rename.lkst | grep -c " ${pid:-none}/renamed ")"
rm -f /tmp/rename.lkst
check_accounting
done_test
