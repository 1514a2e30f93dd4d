# description: semop, msgsnd, msgrcv and shmat are recorded with their ipc(2) operation, id and arguments
. ../lib.sh
reset_tracer
lkst record -o /tmp/ipc.lkst -- lkst-ipc > /tmp/ipc.out || failed=1
lkst print /tmp/ipc.lkst > /tmp/ipc.txt || failed=1
eval "$(sed -n 's/^ipc \(pid=[0-9]*\) \(sem=[0-9]*\) \(msg=[0-9]*\) \(shm=[0-9]*\)$/\1 \2 \3 \4/p' /tmp/ipc.out)"
echo "# ipc pid=$pid sem=$sem msg=$msg shm=$shm"
ipc() { grep -c " $pid/lkst-ipc SYSV_IPC op=$1 id=$2 arg1=$3 arg2=$4$" /tmp/ipc.txt; }
check "semop: 1 operation adding 3" 1 "$(ipc 1 "$sem" 0x1 3)"
check "msgsnd: 20 bytes of type 42" 1 "$(ipc 11 "$msg" 0x14 42)"
check "msgrcv: up to 24 bytes of type 42" 1 "$(ipc 12 "$msg" 0x18 42)"
check "shmat: any address, SHM_RDONLY" 1 "$(ipc 21 "$shm" 0x0 4096)"
grep " SYSV_IPC " /tmp/ipc.txt | sed 's/^/#     /'
done_test
