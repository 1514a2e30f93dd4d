#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""hook-audit.py VMLINUX_LKST_N VMLINUX_LKST_Y: what a hook site costs its
function with tracing off, read from the disassembly of both kernels.

For every function of the CONFIG_LKST=y kernel that calls
lkst_event_fire*() (that is, holds a hook site), against the same function
of the CONFIG_LKST=n kernel built from the same source:

  sites     hook sites in the function (calls into lkst_event_fire*)
  added     static instructions beyond the NOPs, outside the hook blocks:
            the instructions of the =y function, less its out-of-line hook
            blocks (each from the code's last unconditional jump or return
            before the call to the next one after it, which is where the
            compiler puts an unlikely branch) and one jump-label NOP per
            site, less the instructions of the =n function.  0 means the
            hook added nothing but its NOP; a negative count means the
            compiler laid the function out differently
  frame     the stack frame set up before the function's first branch (8
            bytes a push, and "sub $N,%rsp"): what every call pays.  A
            hook can stop the compiler from setting up the frame only on
            the paths that need it
  tailcalls jumps to another function (tail calls)

It prints one line per function that differs, then the totals.  Static
counts are not a path: an added instruction may sit on a rarely taken
branch.  The dynamic cost per site crossed is make bench's "tracing off".
"""
import collections
import re
import subprocess
import sys

FIRE = re.compile(r'call\s+[0-9a-f]+ <(lkst_event_fire(_str)?)>')
INSN = re.compile(r'^\s*([0-9a-f]+):\s+(\S.*)$')
FUNC = re.compile(r'^([0-9a-f]+) <([^>]+)>:$')
JUMP_TO = re.compile(r'^jmp\s+[0-9a-f]+ <([^+>]+)(\+0x[0-9a-f]+)?>')


def disassemble(vmlinux, names=None):
    """{function: [instruction text]} for all functions, or only @names."""
    out = collections.OrderedDict()
    cur = None
    proc = subprocess.Popen(['objdump', '-d', '--no-show-raw-insn', vmlinux],
                            stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    for line in proc.stdout:
        m = FUNC.match(line)
        if m:
            cur = m.group(2)
            if names is None or cur in names:
                out[cur] = []
            else:
                cur = None
            continue
        if cur is None:
            continue
        m = INSN.match(line)
        if m:
            out[cur].append(m.group(2).strip())
    if proc.wait():
        sys.exit('hook-audit: objdump failed on %s' % vmlinux)
    return out


def unconditional(insn):
    return insn.startswith(('jmp', 'ret', 'ud2')) or 'x86_return_thunk' in insn


def is_nop(insn):
    return insn.startswith(('xchg   %ax,%ax', 'nop'))


def hook_blocks(insns):
    """Indexes of the out-of-line hook blocks' instructions."""
    cold = set()
    for i, insn in enumerate(insns):
        if not FIRE.search(insn):
            continue
        start = i
        while start > 0 and not unconditional(insns[start - 1]):
            start -= 1
        end = i
        while end < len(insns) - 1 and not unconditional(insns[end]):
            end += 1
        cold.update(range(start, end + 1))
    return cold


def frame(insns):
    size = 0
    for insn in insns:
        if insn.startswith('push'):
            size += 8
            continue
        m = re.match(r'sub\s+\$0x([0-9a-f]+),%rsp', insn)
        if m:
            size += int(m.group(1), 16)
            break
        if not insn.startswith(('mov', 'lea', 'endbr64', 'nop', 'xchg   %ax,%ax',
                                'call   ', 'xor', 'test', 'cmp')):
            break
    return size


def tailcalls(name, insns):
    n = 0
    for insn in insns:
        m = JUMP_TO.match(insn)
        if m and m.group(1) != name and '__x86_return_thunk' not in insn:
            n += 1
    return n


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: hook-audit.py VMLINUX_LKST_N VMLINUX_LKST_Y')
    y = disassemble(sys.argv[2])
    hooked = {f: i for f, i in y.items()
              if any(FIRE.search(x) for x in i) and not f.startswith('lkst_')}
    n = disassemble(sys.argv[1], set(hooked))
    rows = []
    totals = collections.Counter()
    for f in sorted(hooked):
        yi = hooked[f]
        sites = sum(1 for x in yi if FIRE.search(x))
        totals['functions'] += 1
        totals['sites'] += sites
        if f not in n:
            rows.append('%-40s %5d  (not in the CONFIG_LKST=n kernel: inlined or renamed there)' % (f, sites))
            totals['unmatched'] += 1
            continue
        cold = hook_blocks(yi)
        hot = [x for k, x in enumerate(yi) if k not in cold]
        nops_y = sum(1 for x in hot if is_nop(x))
        nops_n = sum(1 for x in n[f] if is_nop(x))
        # the NOPs a hook adds are its own; other NOPs (padding, other
        # static keys) count on both sides
        added = (len(hot) - min(sites, max(nops_y - nops_n, 0))) - len(n[f])
        fr_n, fr_y = frame(n[f]), frame(yi)
        tc_n, tc_y = tailcalls(f, n[f]), tailcalls(f, yi)
        totals['added'] += max(added, 0)
        if added > 0:
            totals['functions with added'] += 1
        if fr_y > fr_n:
            totals['frames grown'] += 1
        if tc_y < tc_n:
            totals['tail calls lost'] += tc_n - tc_y
        if added > 0 or fr_y != fr_n or tc_y != tc_n:
            rows.append('%-40s %5d %6d %6s %10s' % (
                f, sites, added, '%d>%d' % (fr_n, fr_y) if fr_y != fr_n else '=',
                '%d>%d' % (tc_n, tc_y) if tc_y != tc_n else '='))
    print('%-40s %5s %6s %6s %10s' % ('function', 'sites', 'added', 'frame', 'tailcalls'))
    for r in rows:
        print(r)
    print('hook-audit: %d functions hold %d hook sites; %d add instructions beyond the NOP '
          '(%d in all), %d grow their stack frame, %d tail calls lost, %d not comparable' % (
              totals['functions'], totals['sites'], totals['functions with added'],
              totals['added'], totals['frames grown'], totals['tail calls lost'],
              totals['unmatched']))


if __name__ == '__main__':
    main()
