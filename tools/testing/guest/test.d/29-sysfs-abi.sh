# description: every file under /sys/kernel/lkst (with buffer 1 created) is documented in Documentation/ABI/testing/sysfs-kernel-lkst, and every file that documents is there, and so are /proc/lkst_etypes and /proc/lkst_masksets
. ../lib.sh
reset_tracer
abi=/tests/sysfs-kernel-lkst
check "the ABI file is in the initramfs" 1 "$(ls $abi 2>/dev/null | wc -l)"
lkst buffer create 1 64 > /dev/null || failed=1
# the documented paths, and the files there, both with the ABI file's
# placeholders: cpuN, <EVENT>, <CATEGORY>, <N>, cpu<M>
sed -n 's/^What:[[:space:]]*//p' $abi | sort -u > /tmp/abi.doc
{
	find $SYS -type f
	ls /proc/lkst_etypes /proc/lkst_masksets
} | sed -e 's|/per_cpu/cpu[0-9]*/|/per_cpu/cpuN/|' \
	-e 's|/events/[^/]*$|/events/<EVENT>|' \
	-e 's|/categories/[^/]*$|/categories/<CATEGORY>|' \
	-e 's|/buffers/[0-9][0-9]*/cpu[0-9]*|/buffers/<N>/cpu<M>|' \
	-e 's|/buffers/[0-9][0-9]*/|/buffers/<N>/|' | sort -u > /tmp/abi.real
echo "# $(wc -l < /tmp/abi.real) kinds of file, $(wc -l < /tmp/abi.doc) documented"
grep -vxFf /tmp/abi.doc /tmp/abi.real | sed 's/^/#   undocumented: /'
grep -vxFf /tmp/abi.real /tmp/abi.doc | sed 's/^/#   documented, absent: /'
check "files with no entry in the ABI file" 0 "$(grep -vxFf /tmp/abi.doc /tmp/abi.real | wc -l)"
check "entries of the ABI file with no file" 0 "$(grep -vxFf /tmp/abi.real /tmp/abi.doc | wc -l)"
lkst buffer delete 1 > /dev/null || failed=1
rm -f /tmp/abi.doc /tmp/abi.real
done_test
