#!/usr/bin/env python3
"""embed_list.py - compile a word-list file (rules/text/*.list) into a C header.

Usage: embed_list.py NAME INPUT OUTPUT

The list stays a data file people edit; the build turns it into
`static const char *const NAME[]` plus `NAME_count`, one entry per line, with
'#' comments and surrounding blanks removed.  Entries are copied verbatim
(UTF-8), escaped for a C string literal.
"""
import sys


def c_string(s):
    out = []
    for b in s.encode('utf-8'):
        if b in (0x22, 0x5C):
            out.append('\\' + chr(b))
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append('\\%03o' % b)  # octal: never swallows a following hex digit
    return '"' + ''.join(out) + '"'


def main():
    name, src, dst = sys.argv[1:4]
    entries = []
    with open(src, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.append(line)
    with open(dst, 'w', encoding='utf-8') as f:
        f.write('/* Generated from %s by embed_list.py: edit the list, not this file. */\n' % src.split('/rules/')[-1])
        f.write('static const char *const %s[] = {\n' % name)
        for e in entries:
            f.write('\t%s,\n' % c_string(e))
        f.write('};\n')
        f.write('static const size_t %s_count = %d;\n' % (name, len(entries)))


if __name__ == '__main__':
    main()
