# SPDX-License-Identifier: GPL-2.0
# gdb -batch -x fire-profile.py VMLINUX: single-step one recorded event,
# from the hook site's call into lkst_event_fire() to its return, in a
# guest under QEMU's gdb stub, and count the instructions per function.
# Environment: PROF_PORT (the gdb stub), PROF_AT (the address of the call
# instruction), PROF_SKIP (calls to let by first), PROF_SAMPLES, and
# PROF_TRACE (a file for every instruction of the first sample).
import collections, os, re, time
import gdb
at = int(os.environ["PROF_AT"], 0)
skip = int(os.environ.get("PROF_SKIP", "100"))
samples = int(os.environ.get("PROF_SAMPLES", "3"))
gdb.execute("set pagination off")
# QEMU may still be starting: try for 60 s
for attempt in range(60):
    try:
        gdb.execute("target remote :%s" % os.environ["PROF_PORT"])
        break
    except gdb.error:
        time.sleep(1)
else:
    raise SystemExit("fire-profile: no gdb stub on port %s" % os.environ["PROF_PORT"])
bp = gdb.Breakpoint("*0x%x" % at)
def func(pc):
    s = gdb.execute("info symbol 0x%x" % pc, to_string=True)
    m = re.match(r"(\S+)( \+ \d+)? in section", s)
    return m.group(1) if m else "?"
trace = open(os.environ["PROF_TRACE"], "w") if os.environ.get("PROF_TRACE") else None
for k in range(samples):
    bp.enabled = True
    for i in range(skip if k == 0 else 20):
        gdb.execute("continue", to_string=True)
    bp.enabled = False
    ret = at + 5
    counts = collections.OrderedDict()
    n = 0
    pc = int(gdb.parse_and_eval("$pc"))
    while n < 5000:
        if n and pc == ret:
            break
        f = func(pc)
        if trace is not None and k == 0:
            trace.write(gdb.execute("x/i 0x%x" % pc, to_string=True))
        counts[f] = counts.get(f, 0) + 1
        n += 1
        gdb.execute("stepi", to_string=True)
        pc = int(gdb.parse_and_eval("$pc"))
    print("PROFILE sample %d: %d instructions from the call to its return" % (k, n))
    for f, c in counts.items():
        print("PROFILE   %5d  %s" % (c, f))
gdb.execute("kill")
