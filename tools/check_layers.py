#!/usr/bin/env python3
"""Layer check: no #include may cross a forbidden arrow.

Reads the rules from tools/layers.txt (see that file for the format), scans
every .h/.hpp/.cpp/.cc/.c file under the folders it names, resolves each
`#include "..."` the way the build does (the including file's folder, the
repository root, then servers/) and fails when the included file lies in a
folder the including file's rule does not allow. `#include <...>` is checked
only where the rules give a system-header list (servers/: freestanding
headers only).

    python3 tools/check_layers.py                 # the repository this script is in
    python3 tools/check_layers.py --root DIR      # another tree (its tools/layers.txt)
    python3 tools/check_layers.py --rules FILE    # other rules

Exit status: 0 no violation, 1 violations (each printed as
file:line: #include ... -- rule), 2 bad rules file or arguments.
Python 3 standard library only.
"""

import argparse
import os
import re
import sys

SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc", ".c")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
WILDCARD = "*"  # one path component in a rule's folder; "{}" in allowed folders stands for it


class RulesError(Exception):
    pass


def under(path, prefix):
    """True when `path` (repo-relative, '/'-separated) lies in folder or file `prefix`."""
    return prefix == "" or path == prefix or path.startswith(prefix.rstrip("/") + "/")


class Rule:
    def __init__(self, folder, allowed, lineno):
        self.folder = folder.rstrip("/")
        self.parts = self.folder.split("/")
        self.allow_any = "*" in allowed
        self.allowed = [a for a in allowed if a != "*" and not a.startswith("!")]
        self.denied = [a[1:] for a in allowed if a.startswith("!")]
        self.lineno = lineno
        self.text = "{} -> {}".format(self.folder, " ".join(allowed))

    def match(self, path):
        """The component the wildcard matched ('' without one), or None."""
        parts = path.split("/")
        if len(parts) <= len(self.parts):  # the rule names folders; a file lies below
            return None
        bound = ""
        for rule_part, part in zip(self.parts, parts):
            if rule_part == WILDCARD:
                bound = part
            elif rule_part != part:
                return None
        return bound

    def specificity(self):
        # Deeper folders win; at equal depth a literal folder beats a wildcard.
        return (len(self.parts), -self.parts.count(WILDCARD))

    def allows(self, bound, target):
        if any(under(target, d.replace("{}", bound)) for d in self.denied):
            return False
        return self.allow_any or any(under(target, a.replace("{}", bound)) for a in self.allowed)


class Rules:
    def __init__(self):
        self.scan = []
        self.include_roots = [""]
        self.rules = []
        self.system = []      # (folder, set of headers)
        self.exceptions = []  # [file prefix, included prefix, comment, used?]
        self.generated = []   # (include prefix, folder it stands for)

    @classmethod
    def load(cls, path):
        r = cls()
        with open(path, encoding="utf-8") as f:
            for lineno, raw in enumerate(f, 1):
                line, _, comment = raw.partition("#")
                words = line.split()
                if not words:
                    continue
                where = "{}:{}".format(path, lineno)
                if words[0] == "scan":
                    r.scan += words[1:]
                elif words[0] == "include-roots":
                    r.include_roots = ["" if w == "." else w.rstrip("/") for w in words[1:]]
                elif words[0] == "generated":
                    if len(words) != 4 or words[2] != "->":
                        raise RulesError(where + ": expected 'generated PREFIX -> FOLDER'")
                    r.generated.append((words[1].rstrip("/") + "/", words[3].rstrip("/")))
                elif words[0] == "system":
                    if len(words) < 3 or words[2] != "->":
                        raise RulesError(where + ": expected 'system FOLDER -> HEADER...'")
                    r.system.append((words[1].rstrip("/"), set(words[3:])))
                elif words[0] == "exception":
                    if len(words) != 4 or words[2] != "->" or not comment.strip():
                        raise RulesError(where + ": expected 'exception FILE -> FOLDER  # why'")
                    r.exceptions.append([words[1], words[3].rstrip("/"), comment.strip(), False])
                elif len(words) >= 2 and words[1] == "->":
                    r.rules.append(Rule(words[0], words[2:], lineno))
                else:
                    raise RulesError(where + ": cannot read '{}'".format(line.strip()))
        if not r.scan:
            raise RulesError(path + ": no 'scan' line")
        return r

    def rule_for(self, path):
        best, best_bound = None, ""
        for rule in self.rules:
            bound = rule.match(path)
            if bound is not None and (best is None or rule.specificity() > best.specificity()):
                best, best_bound = rule, bound
        return best, best_bound

    def system_headers_for(self, path):
        best = None
        for folder, headers in self.system:
            if under(path, folder) and (best is None or len(folder) > len(best[0])):
                best = (folder, headers)
        return best

    def exception_for(self, path, target):
        for e in self.exceptions:
            if under(path, e[0]) and under(target, e[1]):
                e[3] = True
                return e
        return None


def source_files(root, folders):
    for top in folders:
        base = os.path.join(root, top)
        if os.path.isfile(base):
            yield top
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "build")
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")


def resolve(root, rules, path, name):
    """The repo-relative path a quoted include names, or None (not in the tree)."""
    candidates = [os.path.join(os.path.dirname(path), name)]
    candidates += [os.path.join(r, name) for r in rules.include_roots]
    for c in candidates:
        full = os.path.normpath(os.path.join(root, c))
        if os.path.isfile(full):
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            return None if rel.startswith("../") else rel
    # A header the build generates stands for the folder it is made from.
    for prefix, folder in rules.generated:
        if name.startswith(prefix):
            return folder + "/" + name[len(prefix):]
    return None


def check(root, rules):
    violations = []
    unresolved = []
    for path in source_files(root, rules.scan):
        rule, bound = rules.rule_for(path)
        system = rules.system_headers_for(path)
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
        if rule is None:
            violations.append("{}: no rule in layers.txt covers this file".format(path))
            continue
        for lineno, line in enumerate(lines, 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            shown = "#include {}{}{}".format(kind, name, '"' if kind == '"' else ">")
            where = "{}:{}".format(path, lineno)
            if kind == "<":
                if system is not None and name not in system[1]:
                    violations.append("{}: {} -- {}/ may include only these system headers: {}".format(
                        where, shown, system[0], " ".join(sorted(system[1]))))
                continue
            target = resolve(root, rules, path, name)
            if target is None:
                unresolved.append("{}: {}".format(where, shown))
                continue
            if rule.allows(bound, target):
                continue
            if rules.exception_for(path, target) is not None:
                continue
            violations.append("{}: {} (= {}) -- rule '{}' (layers.txt line {})".format(
                where, shown, target, rule.text.replace("{}", bound or "{}"), rule.lineno))
    return violations, unresolved


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=os.path.dirname(here), help="tree to check (default: this repository)")
    ap.add_argument("--rules", help="rules file (default: ROOT/tools/layers.txt)")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="also list quoted includes that name no file in the tree")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.root)
    rules_path = args.rules or os.path.join(root, "tools", "layers.txt")
    try:
        rules = Rules.load(rules_path)
    except (OSError, RulesError) as e:
        print("check_layers: {}".format(e), file=sys.stderr)
        return 2
    violations, unresolved = check(root, rules)
    for v in violations:
        print(v)
    if args.verbose:
        for u in unresolved:
            print("{} -- not in the tree, not checked".format(u))
    for e in rules.exceptions:
        if not e[3]:
            print("check_layers: note: exception '{} -> {}' matched nothing; remove it ({})".format(
                e[0], e[1], e[2]))
    if violations:
        print("check_layers: {} violation(s); the rules are in {}".format(len(violations), rules_path))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
