#!/usr/bin/env python3
"""protogen — turns the protocol definitions (servers/uapi/proto/*.idl) into
freestanding C++ and into the wire tables of the documentation.

One .idl file per protocol; one definition per label. From it come:
  proto/<p>_labels.h   the UAPI_<P>_LABELS(X) list (label constants)
  proto/<p>.h          per label: request/reply structs, encode/decode,
                       the errno overrides, the shape table for the
                       malformed-message sweep
  proto/<p>_client.h   client stubs: proto::<p>::call(endpoint, request, &reply)
  proto/<p>_server.h   proto::<p>::dispatch(server, request, &reply): decode,
                       call the server's handler for the label, encode
  proto/all.h          every protocol's shape table (the sweep enumerates it)
and PROTOCOLS.md (the wire tables) with --doc.

The language (full description: servers/uapi/proto/README.md):

  protocol <name> <c++ namespace of the label constants> <LABELS macro>
  include <header>            the hand-written header with the constants
  errno <STATUS>=<ERRNO> ...  protocol-wide reply status -> errno overrides
  errno_base <n>              reply labels n+errno carry a Linux errno
  resend_restart              the client resends after a reply status RESTART
  doc <text>                  (repeatable) prose for PROTOCOLS.md
  label <NAME> <number> [idempotent] [error=empty|shape] [raw] [client=raw] [strict]
    request <field> ...       the request, in MR order
    reply <field> ...         the success reply, in MR order
    errno <STATUS>=<ERRNO> ...
    doc <text>
  retired <number> ...        numbers never to be used again

A label without request/reply lines has no wire format yet: no stub, and
dispatch answers INVALID_OPERATION. Fields are name:type with type one of
  u64 u32 i32 i64 bool     one word
  str(MAX) bytes(MAX)      a length word, then the bytes (8 per word)
  len(FIELD)               a word giving the length of tail FIELD
  tail(MAX)                bytes whose length travels in a len() word
  cap  cap?                request: a transferred cap (cap? optional)
                           reply: a cap the server sends
  cap?(if_set)             a cap sent only when its slot is set (not
                           lib::kNoCap, the default), request or reply
  status                   reply: a word echoing the status
  words(MAX)               a count word, then up to MAX words
  rest                     every remaining word (raw; say why in a doc)
"""

import argparse
import os
import re
import sys

SCALARS = {"u64": "uint64_t", "u32": "uint32_t", "i32": "int32_t", "i64": "int64_t", "bool": "bool"}


class Field:
    def __init__(self, name, kind, arg=None, optional=False):
        self.name, self.kind, self.arg, self.optional = name, kind, arg, optional
        self.if_set = kind == "cap" and arg == "if_set"

    def words(self):
        """(min, max) words this field takes; max None = unbounded by the field."""
        if self.kind in SCALARS or self.kind in ("len", "status"):
            return 1, 1
        if self.kind in ("str", "bytes", "words"):
            return 1, None
        if self.kind == "tail":
            return 0, None
        if self.kind == "rest":
            return 0, None
        return 0, 0  # caps

    def describe(self):
        k = self.kind
        if k in SCALARS:
            return f"{self.name} ({k})"
        if k in ("str", "bytes"):
            return f"{self.name} ({k} ≤ {self.arg}: length word, then the bytes)"
        if k == "len":
            return f"{self.name} (length of {self.arg})"
        if k == "tail":
            return f"{self.name} (bytes ≤ {self.arg}, from the next word)"
        if k == "status":
            return f"{self.name} (the status again)"
        if k == "words":
            return f"{self.name} (count word, then ≤ {self.arg} words)"
        if k == "rest":
            return f"{self.name} (the remaining words)"
        return ""


class Label:
    def __init__(self, name, number, line):
        self.name, self.number, self.line = name, number, line
        self.idempotent = False
        self.error = "empty"
        self.raw = False
        self.client_raw = False
        self.strict = False
        self.request = None
        self.reply = None
        self.errno = []
        self.doc = []

    @property
    def has_layout(self):
        return self.request is not None or self.reply is not None

    @property
    def cls(self):
        return "".join(p.capitalize() for p in self.name.split("_"))

    @property
    def method(self):
        return self.name.lower()


class Protocol:
    def __init__(self, path):
        self.path = path
        self.name = None
        self.namespace = None
        self.macro = None
        self.includes = []
        self.errno = []
        self.errno_base = None
        self.resend_restart = False
        self.doc = []
        self.labels = []
        self.retired = []


class IdlError(Exception):
    pass


def parse_fields(tokens, where, is_reply):
    fields = []
    for tok in tokens:
        m = re.fullmatch(r"([a-z_][a-z0-9_]*):([a-z0-9_]+\??)(?:\(([A-Za-z0-9_:]+)\))?", tok)
        if not m:
            raise IdlError(f"{where}: bad field '{tok}' (want name:type)")
        name, kind, arg = m.group(1), m.group(2), m.group(3)
        optional = kind.endswith("?")
        kind = kind.rstrip("?")
        if kind not in SCALARS and kind not in ("str", "bytes", "len", "tail", "cap", "status", "words", "rest"):
            raise IdlError(f"{where}: unknown type '{kind}'")
        if kind in ("str", "bytes", "len", "tail", "words") and not arg:
            raise IdlError(f"{where}: {kind} needs an argument")
        if optional and kind != "cap":
            raise IdlError(f"{where}: only cap may be optional")
        if kind == "cap" and arg is not None and (arg != "if_set" or not optional):
            raise IdlError(f"{where}: a cap takes no argument but cap?(if_set)")
        if kind == "status" and not is_reply:
            raise IdlError(f"{where}: status only in a reply")
        fields.append(Field(name, kind, arg, optional))
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise IdlError(f"{where}: a field name repeats")
    for f in fields:
        if f.kind == "len":
            tails = [t for t in fields if t.name == f.arg and t.kind == "tail"]
            if not tails:
                raise IdlError(f"{where}: len({f.arg}) names no tail field")
            if fields.index(tails[0]) < fields.index(f):
                raise IdlError(f"{where}: len({f.arg}) must come before its tail")
        if f.kind == "tail" and not any(x.kind == "len" and x.arg == f.name for x in fields):
            raise IdlError(f"{where}: tail {f.name} has no len() word")
    if any(f.kind == "rest" for f in fields[:-1]):
        raise IdlError(f"{where}: rest must be the last field")
    return fields


def parse(path):
    p = Protocol(path)
    cur = None
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("doc ") else raw.rstrip("\n")
            if not line.strip():
                continue
            indented = line[0] in " \t"
            words = line.split()
            key = words[0]
            if not indented:
                cur = None
            if key == "protocol" and not indented:
                if len(words) != 4:
                    raise IdlError(f"{where}: protocol <name> <namespace> <LABELS macro>")
                p.name, p.namespace, p.macro = words[1:]
            elif key == "include" and not indented:
                p.includes.append(words[1])
            elif key == "errno_base" and not indented:
                p.errno_base = int(words[1], 0)
            elif key == "resend_restart" and not indented:
                p.resend_restart = True
            elif key == "retired" and not indented:
                p.retired += [int(w, 0) for w in words[1:]]
            elif key == "label" and not indented:
                if len(words) < 3:
                    raise IdlError(f"{where}: label <NAME> <number> [options]")
                cur = Label(words[1], int(words[2], 0), n)
                for opt in words[3:]:
                    if opt == "idempotent":
                        cur.idempotent = True
                    elif opt in ("error=empty", "error=shape"):
                        cur.error = opt.split("=")[1]
                    elif opt == "raw":
                        cur.raw = True
                    elif opt == "client=raw":
                        cur.client_raw = True
                    elif opt == "strict":
                        cur.strict = True
                    else:
                        raise IdlError(f"{where}: unknown option '{opt}'")
                p.labels.append(cur)
            elif key == "request" and cur is not None:
                cur.request = parse_fields(words[1:], where, False)
            elif key == "reply" and cur is not None:
                cur.reply = parse_fields(words[1:], where, True)
            elif key == "errno":
                pairs = []
                for w in words[1:]:
                    if "=" not in w:
                        raise IdlError(f"{where}: errno STATUS=ERRNO")
                    pairs.append(tuple(w.split("=", 1)))
                (cur.errno if cur is not None else p.errno).extend(pairs)
            elif key == "doc":
                text = line.strip()[4:].strip()
                (cur.doc if cur is not None else p.doc).append(text)
            else:
                raise IdlError(f"{where}: unexpected '{key}'")
    if not p.name:
        raise IdlError(f"{path}: no protocol line")
    seen = {}
    for lb in p.labels:
        if lb.number in seen:
            raise IdlError(f"{path}:{lb.line}: {lb.name} reuses {hex(lb.number)} of {seen[lb.number]}")
        if lb.number in p.retired:
            raise IdlError(f"{path}:{lb.line}: {lb.name} uses retired number {hex(lb.number)}")
        seen[lb.number] = lb.name
        if lb.has_layout:
            lb.request = lb.request or []
            lb.reply = lb.reply or []
    return p


# ----------------------------------------------------------------- C++ output

HEADER = "// Generated by tools/protogen/protogen.py from {src}. Do not edit.\n#pragma once\n\n"


def cpp_type(f, side):
    if f.kind in SCALARS:
        return SCALARS[f.kind]
    if f.kind in ("str", "bytes", "tail"):
        return "lib::Str"
    if f.kind in ("cap", "status"):
        return "uint64_t"
    return None


def struct_fields(fields, is_reply):
    out = []
    for f in fields:
        if f.kind in ("len",):
            continue
        if f.kind == "status":
            continue
        if f.kind == "words" or f.kind == "rest":
            cap = f.arg if f.kind == "words" else "lib::kMaxMrs"
            out.append(f"    size_t {f.name}_count = 0;")
            out.append(f"    uint64_t {f.name}[{cap}] = {{}};")
            continue
        t = cpp_type(f, "")
        if is_reply and f.kind in ("str", "bytes"):
            out.append(f"    char {f.name}_buf[{f.arg}] = {{}};")
            out.append(f"    size_t {f.name}_len = 0;")
            continue
        comment = ""
        if f.kind == "cap":
            comment = "  // slot of the cap to send (sender's CSpace)" if not is_reply else "  // server slot of the cap to send"
        init = " = 0" if t != "lib::Str" and t != "bool" else (" = false" if t == "bool" else "")
        if f.if_set:
            init = " = lib::kNoCap"
            comment += " (lib::kNoCap: not sent)"
        out.append(f"    {t} {f.name}{init};{comment}")
    return out


def gen_encode(fields, obj, writer, is_reply):
    """Lines that append the fields of `obj` to `writer`."""
    lines = []
    for f in fields:
        if f.kind in SCALARS:
            lines.append(f"  {writer}.word(static_cast<uint64_t>({obj}.{f.name}));")
        elif f.kind in ("str", "bytes"):
            if is_reply:
                lines.append(f"  {writer}.inline_bytes({obj}.{f.name}_buf, {obj}.{f.name}_len);")
            else:
                lines.append(f"  {writer}.inline_bytes({obj}.{f.name}.data, {obj}.{f.name}.size);")
        elif f.kind == "len":
            lines.append(f"  {writer}.word({obj}.{f.arg}.size);")
        elif f.kind == "tail":
            lines.append(f"  {writer}.bytes({obj}.{f.name}.data, {obj}.{f.name}.size);")
        elif f.kind == "status":
            lines.append(f"  {writer}.word(status);")
        elif f.kind == "words":
            lines.append(f"  {writer}.word({obj}.{f.name}_count);")
            lines.append(f"  for (size_t i = 0; i < {obj}.{f.name}_count && i < {f.arg}; ++i) {writer}.word({obj}.{f.name}[i]);")
        elif f.kind == "rest":
            lines.append(f"  for (size_t i = 0; i < {obj}.{f.name}_count; ++i) {writer}.word({obj}.{f.name}[i]);")
    return lines


def gen_decode(fields, obj, reader, fail, is_reply):
    """Lines that read `fields` from `reader` into `obj`; `fail` is the statement on a malformed field."""
    lines = []
    for f in fields:
        if f.kind in SCALARS:
            t = SCALARS[f.kind]
            if t == "bool":
                lines.append(f"  {obj}->{f.name} = {reader}.word() != 0;")
            else:
                lines.append(f"  {obj}->{f.name} = static_cast<{t}>({reader}.word());")
        elif f.kind in ("str", "bytes"):
            if is_reply:
                lines.append(f"  if (!{reader}.inline_bytes({obj}->{f.name}_buf, sizeof {obj}->{f.name}_buf, &{obj}->{f.name}_len)) {fail}")
            else:
                lines.append("  {")
                lines.append("    size_t n = 0;")
                lines.append(f"    if (!{reader}.inline_bytes({obj}->{f.name}_buf, sizeof {obj}->{f.name}_buf, &n)) {fail}")
                lines.append(f"    {obj}->{f.name} = lib::Str({obj}->{f.name}_buf, n);")
                lines.append("  }")
        elif f.kind == "len":
            lines.append(f"  const uint64_t {f.arg}_len = {reader}.word();")
        elif f.kind == "tail":
            lines.append(f"  if ({f.name}_len > sizeof {obj}->{f.name}_buf || !{reader}.bytes(static_cast<size_t>({f.name}_len), {obj}->{f.name}_buf, sizeof {obj}->{f.name}_buf)) {fail}")
            lines.append(f"  {obj}->{f.name} = lib::Str({obj}->{f.name}_buf, static_cast<size_t>({f.name}_len));")
        elif f.kind == "status":
            lines.append(f"  (void){reader}.word();  // {f.name}: the status again")
        elif f.kind == "words":
            lines.append(f"  {obj}->{f.name}_count = static_cast<size_t>({reader}.word());")
            lines.append(f"  if ({obj}->{f.name}_count > {f.arg} || {obj}->{f.name}_count > {reader}.len - ({reader}.pos > {reader}.len ? {reader}.len : {reader}.pos)) {fail}")
            lines.append(f"  for (size_t i = 0; i < {obj}->{f.name}_count; ++i) {obj}->{f.name}[i] = {reader}.word();")
        elif f.kind == "rest":
            lines.append(f"  while ({reader}.pos < {reader}.len && {obj}->{f.name}_count < lib::kMaxMrs) {obj}->{f.name}[{obj}->{f.name}_count++] = {reader}.word();")
    return lines


def min_words(fields):
    """The fewest words a message of these fields has (caps and tails take none)."""
    return sum(f.words()[0] for f in fields)


def uses_reader(fields):
    return any(f.kind not in ("cap",) for f in fields)


def server_in_fields(fields):
    """Buffers the server-side request needs for its strings and tails."""
    out = []
    for f in fields:
        if f.kind in ("str", "bytes", "tail"):
            out.append(f"    char {f.name}_buf[{f.arg}];")
    return out


def shape_row(lb):
    if not lb.has_layout:
        return f"  {{{lb.name}, \"{lb.name}\", false, {str(lb.idempotent).lower()}, 0, 0, 0, 0, 0, false}},"
    req = lb.request
    min_words = sum(f.words()[0] for f in req)
    bounded = all(f.words()[1] is not None for f in req)
    max_words = sum(f.words()[1] for f in req) if bounded else 32
    caps = sum(1 for f in req if f.kind == "cap" and not f.optional)
    opt_caps = sum(1 for f in req if f.kind == "cap" and f.optional)
    rcaps = sum(1 for f in lb.reply if f.kind == "cap" and not f.if_set)
    strings = any(f.kind in ("str", "bytes", "tail", "words") for f in req)
    return (f"  {{{lb.name}, \"{lb.name}\", true, {str(lb.idempotent).lower()}, {min_words}, {max_words}, "
            f"{caps}, {opt_caps}, {rcaps}, {str(strings).lower()}}},")


def status_name(s):
    return s if s.startswith("uapi::") else f"::uapi::TRONA_{s}"


def errno_name(e):
    return e if e.startswith("uapi::") else f"::uapi::k{e}"


def gen_proto_header(p, src):
    ns = p.name
    o = [HEADER.format(src=src)]
    o.append("#include <stddef.h>\n#include <stdint.h>\n\n")
    o.append('#include "lib/message.h"\n#include "lib/msg_codec.h"\n#include "lib/span.h"\n')
    o.append('#include "lib/proto_shape.h"\n#include "uapi/kernel_abi.h"\n#include "uapi/linux_numbers.h"\n')
    for inc in p.includes:
        o.append(f'#include "{inc}"\n')
    o.append(f"\nnamespace proto::{ns} {{\n\nusing namespace {p.namespace};\n\n")
    # errno overrides
    o.append("// Reply status -> errno where this protocol differs from uapi/status.h\n")
    o.append("// (0: no override).\n")
    o.append("constexpr int errno_override(uint64_t label, uint64_t status) {\n")
    o.append("  (void)label;\n  (void)status;\n")
    for lb in p.labels:
        if lb.errno:
            conds = " ".join(f"if (status == {status_name(s)}) return {errno_name(e)};" for s, e in lb.errno)
            o.append(f"  if (label == {lb.name}) {{ {conds} }}\n")
    for s, e in p.errno:
        o.append(f"  if (status == {status_name(s)}) return {errno_name(e)};\n")
    if p.errno_base is not None:
        o.append(f"  if (status >= {hex(p.errno_base)} && status <= {hex(p.errno_base + 0xFF)}) return static_cast<int>(status - {hex(p.errno_base)});\n")
    o.append("  return 0;\n}\n\n")
    for lb in p.labels:
        if not lb.has_layout:
            continue
        o.append(f"// {lb.name} {hex(lb.number)}" + (f": {lb.doc[0]}" if lb.doc else "") + "\n")
        o.append(f"struct {lb.cls} {{\n")
        o.append(f"  static constexpr uint64_t kLabel = {lb.name};\n")
        o.append(f"  static constexpr bool kIdempotent = {str(lb.idempotent).lower()};\n")
        o.append("  struct Request {\n")
        o.extend(l + "\n" for l in struct_fields(lb.request, False))
        if any(f.kind == "cap" for f in lb.reply):
            o.append("    uint64_t receive_slot = 0;  // where the reply's caps land (caller's CSpace, flat)\n")
        o.append("  };\n")
        o.append("  // The request as the server decoded it (strings point into the buffers).\n")
        o.append("  struct In : Request {\n")
        o.extend(l + "\n" for l in server_in_fields(lb.request))
        o.append("    In() = default;\n    In(const In&) = delete;\n    In& operator=(const In&) = delete;\n")
        o.append("  };\n")
        o.append("  struct Reply {\n")
        o.extend(l + "\n" for l in struct_fields(lb.reply, True))
        o.append("  };\n};\n\n")
        # request encode (client side)
        o.append(f"inline bool encode(const {lb.cls}::Request& m, uint64_t* mr, size_t* len, uint64_t* caps, size_t* ncaps) {{\n")
        o.append("  lib::MsgWriter w{mr, len, lib::kMaxMrs};\n")
        if not lb.request:
            o.append("  (void)m;  // an empty request\n")
        o.extend(l + "\n" for l in gen_encode(lb.request, "m", "w", False))
        if not lb.request:
            o.append("  (void)m;\n")  # a request without fields (MM_DUMP_PENDING)
        o.append("  (void)caps;\n  (void)ncaps;\n")
        if not lb.request:
            o.append("  (void)m;  // an empty request\n")
        for f in lb.request:
            if f.kind == "cap" and f.if_set:
                o.append(f"  if (m.{f.name} != lib::kNoCap) {{\n    if (*ncaps == ::uapi::kMaxExtraCaps) return false;\n    caps[(*ncaps)++] = m.{f.name};\n  }}\n")
            elif f.kind == "cap":
                o.append(f"  if (*ncaps == ::uapi::kMaxExtraCaps) return false;\n  caps[(*ncaps)++] = m.{f.name};\n")
        o.append("  return w.ok;\n}\n\n")
        # request decode (server side)
        o.append(f"// TRONA_INVALID_ARGUMENT for a malformed field, TRONA_INVALID_CAPABILITY for a missing cap.\n")
        o.append(f"inline uint64_t decode(const lib::Request& rq, {lb.cls}::In* m) {{\n")
        o.append("  lib::MsgReader r{rq.mr, rq.length};\n  (void)r;\n  (void)m;\n")
        o.extend(l + "\n" for l in gen_decode(lb.request, "m", "r", "return ::uapi::TRONA_INVALID_ARGUMENT;", False))
        for f in lb.request:
            if f.kind == "cap":
                if f.optional:
                    o.append(f"  m->{f.name} = rq.cap_count == 0 ? lib::kNoCap : rq.cap_slot;\n")
                else:
                    o.append(f"  if (rq.cap_count == 0 || rq.cap_slot == lib::kNoCap) return ::uapi::TRONA_INVALID_CAPABILITY;\n")
                    o.append(f"  m->{f.name} = rq.cap_slot;\n")
        o.append("  return ::uapi::TRONA_OK;\n}\n\n")
        # reply encode (server side)
        o.append(f"inline void encode(const {lb.cls}::Reply& m, uint64_t status, lib::Reply* rp) {{\n")
        o.append("  lib::MsgWriter w{rp->mr, &rp->length, lib::kMaxMrs};\n  (void)w;\n  (void)m;\n  (void)status;\n")
        o.extend(l + "\n" for l in gen_encode(lb.reply, "m", "w", True))
        caps = [f for f in lb.reply if f.kind == "cap"]
        if caps:
            o.append("  if (status == ::uapi::TRONA_OK) {\n")
            for f in caps:
                if f.if_set:
                    o.append(f"    if (m.{f.name} != lib::kNoCap) rp->push_cap(m.{f.name});\n")
                else:
                    o.append(f"    rp->push_cap(m.{f.name});\n")
            o.append("  }\n")
        o.append("}\n\n")
        # reply decode (client side)
        o.append(f"// false: the reply is malformed (the client answers EIO).\n")
        o.append(f"inline bool decode(const uint64_t* mr, size_t len, {lb.cls}::Reply* m) {{\n")
        o.append("  lib::MsgReader r{mr, len};\n  (void)r;\n  (void)m;\n")
        if lb.strict:
            o.append(f"  if (len < {min_words(lb.reply)}) return false;  // strict: shorter than the layout's minimum\n")
        o.extend(l + "\n" for l in gen_decode([f for f in lb.reply if f.kind != "cap"], "m", "r", "return false;", True))
        o.append("  return true;\n}\n\n")
    o.append("// Every label of the protocol, for the malformed-message sweep and the docs.\n")
    o.append(f"inline constexpr ::proto::Shape kShapes[] = {{\n")
    o.extend(shape_row(lb) + "\n" for lb in p.labels)
    o.append("};\n")
    o.append(f'inline constexpr ::proto::Protocol kProtocol{{"{ns}", kShapes, sizeof kShapes / sizeof kShapes[0]}};\n\n')
    o.append(f"}}  // namespace proto::{ns}\n")
    return "".join(o)


def gen_labels_header(p, src):
    o = [HEADER.format(src=src)]
    width = max([len(lb.name) for lb in p.labels] + [10]) + 12
    o.append(f"#define {p.macro}(X)".ljust(width) + " \\\n")
    for i, lb in enumerate(p.labels):
        num = f"0x{lb.number:X}" if lb.number >= 0x80 else str(lb.number)
        end = " \\" if i + 1 < len(p.labels) else ""
        o.append(f"  X({lb.name}, {num})".ljust(width) + end + "\n")
    if p.retired:
        o.append(f"\n#define {p.macro.replace('_LABELS', '_RETIRED')} " + ", ".join(hex(r) for r in p.retired) + "\n")
    return "".join(o)


def gen_client_header(p, src):
    ns = p.name
    o = [HEADER.format(src=src)]
    o.append(f'#include "proto/{ns}.h"\n#include "trona/core/client.h"\n#include "uapi/status.h"\n\n')
    o.append(f"namespace proto::{ns} {{\n\n")
    resend = "true" if p.resend_restart else "false"
    o.append("// server_call with this protocol's conventions, for the few requests a\n")
    o.append("// facade packs itself (client=raw labels).\n")
    o.append("inline int raw_call(uint64_t endpoint, const trona::ClientRequest& rq, trona::ClientReply* rp) {\n")
    o.append(f"  return trona::protocol_call<{resend}, errno_override>(endpoint, rq, rp);\n}}\n\n")
    for lb in p.labels:
        if not lb.has_layout or lb.client_raw:
            continue
        o.append(f"// {lb.name}: 0 or a Linux errno; *out is written only on success.\n")
        o.append(f"inline int call(uint64_t endpoint, const {lb.cls}::Request& m, {lb.cls}::Reply* out = nullptr) {{\n")
        o.append(f"  return trona::typed_call<{lb.cls}, {resend}, errno_override>(endpoint, m, out);\n}}\n\n")
    o.append(f"}}  // namespace proto::{ns}\n")
    return "".join(o)


def gen_server_header(p, src):
    ns = p.name
    o = [HEADER.format(src=src)]
    o.append(f'#include "proto/{ns}.h"\n#include "lib/proto_call.h"\n\n')
    o.append(f"namespace proto::{ns} {{\n\n")
    o.append("// Decodes `rq`, calls the server's handler for its label and encodes the\n")
    o.append("// reply. A handler is a member of `S` named after the label:\n")
    o.append("//   uint64_t ns_lookup(const NsLookup::In& in, NsLookup::Reply& out, proto::Call& call)\n")
    o.append("// (a raw label: void name(const lib::Request&, lib::Reply*)). A label the\n")
    o.append("// server has no handler for, or one with no wire format yet, is answered\n")
    o.append("// by S::unhandled(rq, rp) if it exists, else TRONA_INVALID_OPERATION.\n")
    o.append("template <class S>\nvoid dispatch(S& s, const lib::Request& rq, lib::Reply* rp) {\n")
    o.append("  switch (rq.label) {\n")
    for lb in p.labels:
        if not lb.has_layout:
            continue
        o.append(f"    case {lb.name}:\n")
        if lb.raw:
            o.append(f"      if constexpr (requires {{ s.{lb.method}(rq, rp); }}) {{\n")
            o.append(f"        s.{lb.method}(rq, rp);\n        return;\n      }} else {{\n        break;\n      }}\n")
        else:
            o.append(f"      if constexpr (requires({lb.cls}::In& i, {lb.cls}::Reply& r, ::proto::Call& c) {{ s.{lb.method}(i, r, c); }}) {{\n")
            o.append(f"        {lb.cls}::In in;\n        {lb.cls}::Reply out{{}};\n")
            o.append("        ::proto::Call call{rq, *rp};\n")
            o.append("        uint64_t st = decode(rq, &in);\n")
            o.append(f"        if (st == ::uapi::TRONA_OK) st = s.{lb.method}(in, out, call);\n")
            o.append(f"        ::proto::finish(st, {'true' if lb.error == 'shape' else 'false'}, out, rp);\n")
            o.append("        return;\n      } else {\n        break;\n      }\n")
    o.append("    default:\n      break;\n  }\n")
    o.append("  if constexpr (requires { s.unhandled(rq, rp); }) {\n    s.unhandled(rq, rp);\n  } else {\n")
    o.append("    *rp = lib::Reply();\n    rp->status(::uapi::TRONA_INVALID_OPERATION);\n  }\n}\n\n")
    o.append(f"}}  // namespace proto::{ns}\n")
    return "".join(o)


def gen_all_header(protos):
    o = [HEADER.format(src="servers/uapi/proto/*.idl")]
    for p in protos:
        o.append(f'#include "proto/{p.name}.h"\n')
    o.append("\nnamespace proto {\n\n// Every protocol with its labels (the malformed-message sweep walks it).\n")
    o.append("inline constexpr const Protocol* kAllProtocols[] = {\n")
    for p in protos:
        o.append(f"    &{p.name}::kProtocol,\n")
    o.append("};\n\n}  // namespace proto\n")
    return "".join(o)


# ---------------------------------------------------------------- docs

def layout_text(fields):
    if not fields:
        return "—"
    parts, pos, fixed = [], 0, True
    for f in fields:
        if f.kind == "cap":
            parts.append(f"cap: {f.name}" + (" (sent only when set)" if f.if_set else " (optional)" if f.optional else ""))
            continue
        where = f"MR{pos}" if fixed else "then"
        parts.append(f"{where} {f.describe()}")
        lo, hi = f.words()
        if hi == 1 and fixed:
            pos += 1
        else:
            fixed = False
    return "; ".join(parts)


def gen_doc(protos):
    o = ["# Protocol wire formats\n\n",
         "Generated by `tools/protogen/protogen.py --doc` from `servers/uapi/proto/*.idl`; do not edit\n",
         "(a test fails when this file and the definitions disagree). Every request's\n",
         "status travels in the reply label (0 = TRONA_OK); MR0..MR3 in registers, MR4..\n",
         "in the IPC buffer; strings are a length word and 8 bytes per word,\n",
         "little-endian (kernel-abi.md §3.0). \"no format yet\": the label is\n",
         "defined, nothing serves it, a server answers TRONA_INVALID_OPERATION.\n\n"]
    for p in protos:
        o.append(f"## {p.name}\n\n")
        if p.doc:
            o.append(" ".join(p.doc) + "\n\n")
        if p.resend_restart:
            o.append("A reply status RESTART is resent by the client, always (resend_restart).\n\n")
        served = sum(1 for lb in p.labels if lb.has_layout)
        o.append(f"{len(p.labels)} labels, {served} with a wire format.\n\n")
        o.append("| label | number | request | reply | notes |\n|---|---|---|---|---|\n")
        for lb in p.labels:
            num = f"0x{lb.number:X}" if lb.number >= 0x80 else str(lb.number)
            if not lb.has_layout:
                o.append(f"| {lb.name} | {num} | no format yet | | {' '.join(lb.doc)} |\n")
                continue
            notes = " ".join(lb.doc)
            flags = []
            if lb.idempotent:
                flags.append("idempotent (resent after INTERRUPTED)")
            if lb.error == "shape":
                flags.append("an error reply has the success shape")
            if lb.strict:
                flags.append(f"a reply shorter than {min_words(lb.reply)} words is EIO at the client")
            if lb.errno:
                flags.append("errno: " + ", ".join(f"{s} → {e}" for s, e in lb.errno))
            if flags:
                notes = (notes + " " if notes else "") + "*" + "; ".join(flags) + "*"
            o.append(f"| {lb.name} | {num} | {layout_text(lb.request)} | {layout_text(lb.reply)} | {notes.replace('|', '/')} |\n")
        o.append("\n")
    return "".join(o)


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("idl", nargs="+", help="protocol definitions (.idl)")
    ap.add_argument("--out", help="directory for the generated headers (gets proto/)")
    ap.add_argument("--doc", help="write the wire tables (Markdown) here")
    ap.add_argument("--check-doc", help="fail if this Markdown file is not what --doc would write")
    args = ap.parse_args()
    try:
        protos = [parse(p) for p in sorted(args.idl)]
    except (IdlError, ValueError) as e:
        print(f"protogen: {e}", file=sys.stderr)
        return 2
    if args.out:
        base = os.path.join(args.out, "proto")
        for p in protos:
            src = "servers/uapi/proto/" + os.path.basename(p.path)
            write_if_changed(os.path.join(base, f"{p.name}_labels.h"), gen_labels_header(p, src))
            write_if_changed(os.path.join(base, f"{p.name}.h"), gen_proto_header(p, src))
            write_if_changed(os.path.join(base, f"{p.name}_client.h"), gen_client_header(p, src))
            write_if_changed(os.path.join(base, f"{p.name}_server.h"), gen_server_header(p, src))
        write_if_changed(os.path.join(base, "all.h"), gen_all_header(protos))
    if args.doc:
        write_if_changed(args.doc, gen_doc(protos))
    if args.check_doc:
        with open(args.check_doc, encoding="utf-8") as fh:
            if fh.read() != gen_doc(protos):
                print(f"protogen: {args.check_doc} is out of date; run: python3 tools/protogen/protogen.py "
                      f"servers/uapi/proto/*.idl --doc {args.check_doc}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
