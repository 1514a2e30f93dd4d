#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""set-patch-headers.py HDRDIR: replace the header of each patches/X with
HDRDIR/X (a From:/Subject:/body/Signed-off-by: text); keep the diff."""
import os
import re
import sys

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
hdrdir = sys.argv[1]
for name in sorted(os.listdir(hdrdir)):
    path = os.path.join(top, 'patches', name)
    text = open(path).read()
    m = re.search(r'^(Index: |--- a/|--- /dev/null)', text, re.M)
    diff = text[m.start():]
    header = open(os.path.join(hdrdir, name)).read().rstrip('\n') + '\n---\n'
    open(path, 'w').write(header + diff)
