#!/usr/bin/env python3
"""Turns a PC Screen Font (PSF1 or PSF2, optionally gzipped, e.g. Debian's
/usr/share/consolefonts/Uni2-VGA16.psf.gz) into a freestanding C++ header:
the glyph bitmaps and a code point -> glyph table sorted by code point.

    psf2cpp.py FONT.psf[.gz] OUT.h NAMESPACE

Fails (exit 1, a message on stderr) on a file that is not a PSF font or
has no Unicode table."""
import gzip
import struct
import sys


def load(path):
    raw = open(path, "rb").read()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def parse(data):
    if data[:2] == b"\x36\x04":  # PSF1
        mode, height = data[2], data[3]
        count = 512 if mode & 0x01 else 256
        width, size, offset = 8, height, 4
        glyphs = [data[offset + i * size: offset + (i + 1) * size] for i in range(count)]
        if not mode & 0x02:
            raise ValueError("no Unicode table")
        table, at, mapping = data[offset + count * size:], 0, []
        for g in range(count):
            seq = False
            while at + 1 < len(table):
                (u,) = struct.unpack_from("<H", table, at)
                at += 2
                if u == 0xFFFF:
                    break
                if u == 0xFFFE:
                    seq = True  # sequences (combining forms) follow: not single code points
                elif not seq:
                    mapping.append((u, g))
        return width, height, glyphs, mapping
    if data[:4] == b"\x72\xb5\x4a\x86":  # PSF2
        _, _, headersize, flags, count, size, height, width = struct.unpack_from("<8I", data, 0)
        glyphs = [data[headersize + i * size: headersize + (i + 1) * size] for i in range(count)]
        if not flags & 1:
            raise ValueError("no Unicode table")
        table, g, mapping, i = data[headersize + count * size:], 0, [], 0
        seq = False
        while i < len(table) and g < count:
            b = table[i]
            if b == 0xFF:
                g, seq, i = g + 1, False, i + 1
                continue
            if b == 0xFE:
                seq, i = True, i + 1
                continue
            n = 1 if b < 0x80 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            cp = table[i: i + n].decode("utf-8", "replace")
            if not seq and len(cp) == 1:
                mapping.append((ord(cp), g))
            i += n
        return width, height, glyphs, mapping
    raise ValueError("not a PSF1/PSF2 font")


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    src, out, ns = sys.argv[1:]
    try:
        width, height, glyphs, mapping = parse(load(src))
    except (OSError, ValueError, struct.error) as e:
        sys.stderr.write(f"psf2cpp: {src}: {e}\n")
        return 1
    if width > 8:
        sys.stderr.write(f"psf2cpp: {src}: {width} pixels wide; only 8 are supported\n")
        return 1
    first = {}
    for cp, g in mapping:
        first.setdefault(cp, g)
    rows = []
    for g in glyphs:
        rows.append(", ".join(f"0x{b:02x}" for b in g))
    lines = [
        f"// Generated from {src} by tools/fontgen/psf2cpp.py. Do not edit.",
        "#pragma once",
        "#include <stdint.h>",
        f"namespace {ns} {{",
        f"inline constexpr unsigned kWidth = {width}, kHeight = {height}, kGlyphs = {len(glyphs)};",
        f"inline constexpr uint8_t kBitmaps[{len(glyphs) * height}] = {{",
    ]
    lines += [f"    {r}," for r in rows]
    lines += ["};", "struct CodePoint {", "  uint32_t cp;", "  uint16_t glyph;", "};",
              f"inline constexpr CodePoint kCodePoints[{len(first)}] = {{"]
    lines += [f"    {{0x{cp:04x}, {g}}}," for cp, g in sorted(first.items())]
    lines += ["};", f"}}  // namespace {ns}", ""]
    with open(out, "w") as f:
        f.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
