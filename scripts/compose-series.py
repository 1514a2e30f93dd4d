#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""compose-series.py [--update-base] PATCHES SERIES VARIANTS OUT

Write the series of one base into OUT (OUT/series and OUT/*.patch).

Every patch comes from PATCHES, except that a base may carry a variant
of a patch in PATCHES/LINE/ under the same name (VARIANTS lists the
variant directories, least specific last: "6.12.117 6.12" applies 6.12
first, then 6.12.117 on top).  A variant holds only what differs on that
line, each differing file as its whole diff section:

  LINE variant of NAME: what differs, and why (free text, which is
  added to the composed patch's description).

  Adds: FILE        a section for a file the patch does not touch
  Drops: FILE       the patch's section for FILE is removed (moved code)
  Base: FILE HASH   the patch's own section for FILE that this variant
                    was made against (see below)
  ---
  --- a/FILE
  +++ b/FILE
  ...

A variant section replaces the patch's section for the same file.  Its
hunks that are the same on every line are therefore kept twice; the
"Base:" lines keep the two in step: when the patch's section for a
replaced or dropped file changes (a hunk edited, not just moved), the
composition fails until the variant is ported and its Base: line
updated (--update-base rewrites them, after a person has checked).

Files are rewritten only when their content changes, through temporary
files, so that quilt and make see real changes only and two runs can
compose at once.
"""
import hashlib
import os
import re
import sys
import tempfile


class VariantError(Exception):
    pass


def read(path):
    with open(path, encoding='utf-8', newline='') as f:
        return f.read()


def lines_of(text):
    """Split on '\\n' only, keeping it (str.splitlines splits on more)."""
    parts = text.split('\n')
    out = [p + '\n' for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def is_section_start(lines, i):
    return (lines[i].startswith('--- ') and i + 1 < len(lines) and
            lines[i + 1].startswith('+++ '))


def split_patch(text):
    """Return (header, [(path, section_text)]) of a quilt patch.

    Sections start after the header's "---" separator line, so that a
    description quoting a diff stays description.
    """
    lines = lines_of(text)
    try:
        sep = next(i for i, line in enumerate(lines) if line.rstrip('\n') == '---')
    except StopIteration:
        sep = -1
    header = ''.join(lines[:sep + 1])
    sections = []
    i = sep + 1
    # anything between the separator and the first section (a diffstat)
    while i < len(lines) and not is_section_start(lines, i):
        header += lines[i]
        i += 1
    while i < len(lines):
        target = lines[i + 1][4:].split('\t')[0].strip()
        if target == '/dev/null':
            target = lines[i][4:].split('\t')[0].strip()
        path = target.split('/', 1)[1] if '/' in target else target
        j = i + 2
        while j < len(lines) and not is_section_start(lines, j):
            j += 1
        sections.append((path, ''.join(lines[i:j])))
        i = j
    return header, sections


def section_hash(body):
    """A section's hash, blind to where its hunks sit (@@ line numbers)."""
    norm = ''.join(re.sub(r'^@@ -\d+(,\d+)? \+\d+(,\d+)? @@.*$', '@@', line)
                   for line in lines_of(body))
    return hashlib.sha256(norm.encode()).hexdigest()[:16]


def directives(vheader, name):
    """The header's Adds:/Drops:/Base: lines."""
    found = {'Adds': set(), 'Drops': set(), 'Base': {}}
    for line in lines_of(vheader):
        m = re.match(r'^(Adds|Drops):[ \t]*(\S+)[ \t]*$', line)
        if m:
            found[m.group(1)].add(m.group(2))
            continue
        m = re.match(r'^Base:[ \t]*(\S+)[ \t]+([0-9a-f]{16})[ \t]*$', line)
        if m:
            found['Base'][m.group(1)] = m.group(2)
            continue
        if re.match(r'^(Adds|Drops|Base):', line):
            raise VariantError(f'{name}: malformed line: {line.strip()}')
    return found


def description(vheader):
    """The variant's free text: its header without directives and '---'."""
    keep = [line for line in lines_of(vheader)
            if not re.match(r'^(Adds|Drops|Base):', line) and line.rstrip('\n') != '---']
    return ''.join(keep).strip('\n')


def compose(patch_text, variant_text, vname, pname, update_base=False):
    """The patch with the variant applied; with update_base, the variant
    with its Base: lines rewritten instead."""
    header, sections = split_patch(patch_text)
    vheader, vsections = split_patch(variant_text)
    first = lines_of(vheader)[0] if vheader else ''
    if not re.match(r'^\S+ variant of ' + re.escape(pname) + r'\b', first):
        raise VariantError(f'{vname}: the first line must say "LINE variant of {pname}: ..."')
    d = directives(vheader, vname)
    own = dict(sections)
    replace = dict(vsections)
    if len(replace) != len(vsections):
        raise VariantError(f'{vname}: a file has two sections')
    for path in d['Drops']:
        if path not in own:
            raise VariantError(f'{vname}: Drops: {path}, which the patch does not touch')
        if path in replace:
            raise VariantError(f'{vname}: {path} is both dropped and replaced')
    for path in replace:
        if path not in own and path not in d['Adds']:
            raise VariantError(f'{vname}: a section for {path}, which the patch does not '
                               f'touch: say "Adds: {path}" if that is meant')
    for path in d['Adds']:
        if path in own:
            raise VariantError(f'{vname}: Adds: {path}, which the patch touches already')
        if path not in replace:
            raise VariantError(f'{vname}: Adds: {path}, but has no section for it')
    based = [p for p in own if p in replace or p in d['Drops']]
    if update_base:
        kept = [line for line in lines_of(vheader) if not line.startswith('Base:')]
        sep = next(i for i, line in enumerate(kept) if line.rstrip('\n') == '---')
        bases = [f'Base: {p} {section_hash(own[p])}\n' for p in based]
        return ''.join(kept[:sep] + bases + kept[sep:]) + ''.join(b for _, b in vsections)
    for path in based:
        want = d['Base'].get(path)
        got = section_hash(own[path])
        if want is None:
            raise VariantError(f'{vname}: no "Base: {path} {got}" line '
                               f'(compose-series.py --update-base writes it)')
        if want != got:
            raise VariantError(
                f'{vname}: {pname} changed its section for {path} since the '
                f'variant was made: port the change to the variant, then '
                f'update its Base: line (compose-series.py --update-base)')
    for path in d['Base']:
        if path not in based:
            raise VariantError(f'{vname}: Base: {path}, which it neither replaces nor drops')
    out = []
    for path, body in sections:
        if path in d['Drops']:
            continue
        out.append(replace.pop(path, body))
    out.extend(replace[p] for p, _ in vsections if p in replace)
    # the variant's own words go into the description, before the sign-off
    note = description(vheader)
    hl = lines_of(header)
    at = next((i for i, line in enumerate(hl) if line.startswith('Signed-off-by:')), None)
    if at is None:
        raise VariantError(f'{pname}: no Signed-off-by: line')
    header = ''.join(hl[:at]) + note + '\n\n' + ''.join(hl[at:])
    return header + ''.join(out)


def write_if_changed(path, text):
    try:
        if read(path) == text:
            return
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.compose.')
    with os.fdopen(fd, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main():
    args = sys.argv[1:]
    update_base = bool(args) and args[0] == '--update-base'
    if update_base:
        args = args[1:]
    if len(args) != 4:
        sys.exit('usage: ' + __doc__.strip().splitlines()[0])
    patches, series, variants, out = args
    variants = variants.split()
    series_text = read(series)
    names = [line.split()[0] for line in series_text.splitlines()
             if line.strip() and not line.lstrip().startswith('#')]
    try:
        for v in variants:
            vdir = os.path.join(patches, v)
            if not os.path.isdir(vdir):
                raise VariantError(f'no variant directory {vdir}')
            for name in sorted(os.listdir(vdir)):
                if name.endswith('.patch') and name not in names:
                    raise VariantError(f'{vdir}/{name}: no patch of that name in the series')
        if update_base:
            # each variant against what it is applied to
            for name in names:
                text = read(os.path.join(patches, name))
                for v in reversed(variants):
                    vpath = os.path.join(patches, v, name)
                    if os.path.exists(vpath):
                        vtext = compose(text, read(vpath), vpath, name, update_base=True)
                        write_if_changed(vpath, vtext)
                        text = compose(text, vtext, vpath, name)
            return
        os.makedirs(out, exist_ok=True)
        wanted = {'series'}
        write_if_changed(os.path.join(out, 'series'), series_text)
        for name in names:
            text = read(os.path.join(patches, name))
            # the least specific first, each on top of the one before
            for v in reversed(variants):
                vpath = os.path.join(patches, v, name)
                if os.path.exists(vpath):
                    text = compose(text, read(vpath), vpath, name)
            write_if_changed(os.path.join(out, name), text)
            wanted.add(name)
    except VariantError as e:
        sys.exit(f'compose-series.py: {e}')
    for name in os.listdir(out):
        path = os.path.join(out, name)
        # another run's temporary files start with a dot
        if name not in wanted and not name.startswith('.') and os.path.isfile(path):
            os.remove(path)


if __name__ == '__main__':
    main()
