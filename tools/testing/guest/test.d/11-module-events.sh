# description: a test module's locks, slab/vmalloc/page calls, page and buffer lock waits, timer and tasklets are recorded with their arguments, and their callbacks print as the module's functions
. ../lib.sh
reset_tracer
lkst disable all
lkst enable LOCK MEMORY TIMER INTERRUPT FS_BUFBUSY
# lock events come by the hundred thousand: keep them all for this one run
echo 262144 > $SYS/buffer_records
lkst record -o /tmp/mod.lkst -- sh -c \
	'insmod /lib/lkst/lkst_test_events.ko & echo $! > /tmp/insmod.pid; wait $!' || failed=1
lkst print /tmp/mod.lkst > /tmp/mod.txt || failed=1
pid=$(cat /tmp/insmod.pid)
P=/sys/module/lkst_test_events/parameters
hex() { printf '0x%x' "$(cat $P/$1)"; }
lk=$(hex spinlock_addr); rw=$(hex rwlock_addr); cache=$(hex cache_addr)
tm=$(hex timer_addr); tl=$(hex tasklet_addr); th=$(hex tasklet_hi_addr)
echo "# insmod pid=$pid spinlock=$lk rwlock=$rw cache=$cache timer=$tm tasklets=$tl,$th"
# callbacks print as function+0x0/SIZE [module] (arguments of type sym):
# the symbol kallsyms gives for the very address the module reports
callback() {
	local addr name
	addr=$(printf '%016x' "$(cat $P/$1)")
	name=$(awk -v a="$addr" '$1 == a && $4 == "[lkst_test_events]" { print $3; exit }' /proc/kallsyms)
	echo "# $1: 0x$addr is ${name:-not in kallsyms}" >&2
	printf '%s+0x0/0x[0-9a-f]* \\[lkst_test_events\\]' "${name:-none}"
}
tfn=$(callback timer_fn); tlfn=$(callback tasklet_fn); thfn=$(callback tasklet_hi_fn)
check "the timer's callback is test_timer_fn in kallsyms" 1 "$(echo "$tfn" | grep -c '^test_timer_fn+')"
mine() { grep " $pid/[^ ]* $1 " /tmp/mod.txt | grep -c -- "$2"; }
# follows A B: 1 if one of insmod's records matching B comes after one matching A
# (the allocators hand the same address out again at once: a plain count of
# a pointer's frees may include a later user's)
follows() {
	grep " $pid/" /tmp/mod.txt | awk -v a="$1" -v b="$2" '
		!seen && $0 ~ a { seen = 1; next }
		seen && $0 ~ b { found = 1 } END { print found + 0 }'
}
# spinlock: lock x7 (plain 4, irqsave 2, bh 1), trylock 0 then 1, unlock x8
check "spin_lock plain" 4 "$(mine LK_SPINLOCK "lock=$lk variant=0 ")"
check "spin_lock_irqsave" 2 "$(mine LK_SPINLOCK "lock=$lk variant=2 ")"
check "spin_lock_bh" 1 "$(mine LK_SPINLOCK "lock=$lk variant=3 ")"
check "failing spin_trylock" 1 "$(mine LK_SPINTRYLOCK "lock=$lk variant=0 acquired=0 ")"
check "succeeding spin_trylock" 1 "$(mine LK_SPINTRYLOCK "lock=$lk variant=0 acquired=1 ")"
check "spin_unlock (all variants)" 8 "$(mine LK_SPINUNLOCK "lock=$lk ")"
check "spin_unlock_irqrestore" 2 "$(mine LK_SPINUNLOCK "lock=$lk variant=2 ")"
# rwlock
check "read_lock" 2 "$(mine LK_RDLOCK "lock=$rw variant=0 ")"
check "read_unlock" 3 "$(mine LK_RDUNLOCK "lock=$rw ")"
check "read_trylock" 1 "$(mine LK_RDTRYLOCK "lock=$rw variant=0 acquired=1 ")"
check "write_lock plain and irqsave" "1 1" \
	"$(mine LK_WRLOCK "lock=$rw variant=0 ") $(mine LK_WRLOCK "lock=$rw variant=2 ")"
check "write_trylock under a reader fails" 1 "$(mine LK_WRTRYLOCK "lock=$rw variant=0 acquired=0 ")"
check "write_unlock" 2 "$(mine LK_WRUNLOCK "lock=$rw ")"
# slab: the two objects allocated from the cache are the two freed
check "kmem_cache_create lkst_test, 200 bytes" 1 "$(mine MEM_CACHE_CREATE "cache=$cache size=200 ")"
grep " $pid/[^ ]* MEM_CACHE_ALLOC cache=$cache " /tmp/mod.txt |
	sed 's/.* ptr=\([^ ]*\) size=200 .*/\1/' | sort > /tmp/alloc.ptrs
grep " $pid/[^ ]* MEM_CACHE_FREE cache=$cache " /tmp/mod.txt |
	sed 's/.* ptr=\([^ ]*\) .*/\1/' | sort > /tmp/free.ptrs
check "kmem_cache_alloc x2, 200 bytes" 2 "$(grep -c . /tmp/alloc.ptrs)"
check "kmem_cache_free frees those objects" "$(cat /tmp/alloc.ptrs)" "$(cat /tmp/free.ptrs)"
# from the 1k cache; a debug kernel (KASAN) adds its metadata to the slot
kptr=$(grep " $pid/[^ ]* MEM_MALLOC .* size=1000 allocated=" /tmp/mod.txt | sed -n '1s/.* ptr=\([^ ]*\) .*/\1/p')
kalloc=$(grep " $pid/[^ ]* MEM_MALLOC ptr=$kptr size=1000 " /tmp/mod.txt | sed -n '1s/.* allocated=\([0-9]*\).*/\1/p')
check_ge "kmalloc(1000) from the 1k cache" 1 "$(mine MEM_MALLOC "ptr=$kptr size=1000 allocated=$kalloc ")"
if dmesg | grep -q 'KernelAddressSanitizer initialized'; then
	check_ge "allocated at least 1024 bytes (a debug kernel pads it)" 1024 "$kalloc"
else
	check "allocated 1024 bytes" 1024 "$kalloc"
fi
check "kfree of that pointer after it" 1 "$(follows " MEM_MALLOC ptr=$kptr size=1000 " " MEM_FREE ptr=$kptr ")"
# beyond the kmalloc caches: one record, not one per layer it passes
# (6.12's generic path calls an exported large-kmalloc function that has
# its own hook)
lptr=$(hex large_kmalloc_addr); lsize=$(cat $P/large_kmalloc_size)
check "kmalloc($lsize) beyond the caches, recorded once" 1 \
	"$(grep -c " $pid/[^ ]* MEM_MALLOC ptr=$lptr size=$lsize " /tmp/mod.txt)"
check "its kfree after it" 1 "$(follows " MEM_MALLOC ptr=$lptr size=$lsize " " MEM_FREE ptr=$lptr ")"
vptr=$(grep " $pid/[^ ]* MEM_VMALLOC .* size=12288 " /tmp/mod.txt | sed -n '1s/.* address=\([^ ]*\) .*/\1/p')
check_ge "vmalloc(3 pages)" 1 "$(mine MEM_VMALLOC "address=$vptr size=12288 ")"
check "vfree of that area after it" 1 "$(follows " MEM_VMALLOC address=$vptr size=12288 " " MEM_VFREE address=$vptr ")"
check "get_zeroed_page" 1 "$(mine MEM_GET_ZEROPAGE "gfp=0xcc0")"
pfn=$(hex locked_pfn)
check "waited for the locked page (PG_locked, bit 0)" 1 "$(mine MEM_WAIT_PAGE "pfn=$pfn bit=0 ")"
check "waited for the locked buffer (no device, block 4242, 1 KiB)" 1 \
	"$(mine FS_BUFBUSY "dev=0x0 block=4242 size=1024$")"
# the allocator recycles the page at once: it may come and go more than once
check_ge "alloc_page of that page" 1 "$(mine MEM_GET_FREEPAGE "pfn=$pfn order=0 ")"
check_ge "__free_page of that page" 1 "$(mine MEM_FREEPAGE "pfn=$pfn order=0$")"
# timer_list: add, mod (pending), run, del (not pending), mod, del_sync (pending)
check "add_timer" 1 "$(mine TIMER_ADD "timer=$tm function=$tfn .* delta=\\(99[0-9]\\|1000\\)$")"
check "mod_timer of the pending timer" 1 "$(mine TIMER_MOD "timer=$tm function=$tfn .* was_pending=1$")"
check "mod_timer of the idle timer" 1 "$(mine TIMER_MOD "timer=$tm function=$tfn .* was_pending=0$")"
check "del_timer after it ran" 1 "$(mine TIMER_DEL "timer=$tm function=$tfn was_pending=0$")"
check "del_timer_sync of the pending timer" 1 "$(mine TIMER_DEL_SYNC "timer=$tm function=$tfn was_pending=1$")"
check "the timer ran once (any task)" 1 "$(grep -c " TIMER_RUN timer=$tm function=$tfn " /tmp/mod.txt)"
grep " TIMER_RUN timer=$tm " /tmp/mod.txt | sed 's/^/#     /'
check "tasklet ran (any task)" 1 "$(grep -c " INT_TASKLET_ENTRY tasklet=$tl function=$tlfn data=0x0$" /tmp/mod.txt)"
check "hi tasklet ran (any task)" 1 "$(grep -c " INT_TASKLETHI_ENTRY tasklet=$th function=$thfn data=0x0$" /tmp/mod.txt)"
check_ge "softirq entries (TIMER, vector 1)" 1 "$(grep -c " INT_BH_ENTRY vector=1$" /tmp/mod.txt)"
check_ge "softirq exits (TIMER, vector 1)" 1 "$(grep -c " INT_BH_EXIT vector=1$" /tmp/mod.txt)"
rmmod lkst_test_events || failed=1
echo 16384 > $SYS/buffer_records
check_accounting
done_test
