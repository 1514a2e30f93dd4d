# description: bad writes to every control file fail and leave the tracer state unchanged
. ../lib.sh
reset_tracer
snapshot() {
	for f in tracing overwrite buffer_records events/SYSCALL_ENTRY; do
		printf '%s=%s ' $f "$(cat $SYS/$f)"
	done
}
before=$(snapshot)
bad() { # FILE VALUE
	if echo "$2" > $SYS/$1 2>/dev/null; then
		echo "#   FAIL: '$2' > $1 was accepted"
		failed=1
	else
		echo "#   ok: '$2' > $1 rejected"
	fi
}
bad tracing 2
bad tracing start
bad overwrite maybe
bad buffer_records 1000
bad buffer_records 4
bad buffer_records 0x1000000000
bad buffer_records -64
bad reset 0
bad reset yes-please
bad events/SYSCALL_ENTRY 7
check "state unchanged" "$before" "$(snapshot)"

echo 1 > $SYS/tracing
bad buffer_records 64
bad overwrite 0
bad reset 1
echo 0 > $SYS/tracing
check "state unchanged after refused writes while tracing" "$before" "$(snapshot)"
lkst start extra 2>/dev/null
check "lkst start with an argument is a usage error" 2 "$?"
done_test
