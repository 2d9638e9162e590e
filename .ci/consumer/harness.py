#!/usr/bin/env python3
"""The Markdown and TRX half of .ci/consumer/run (see there for the whole story).

  harness.py extract DOCS_ROOT STAGE REPO_ROOT
      Reads every Markdown file under DOCS_ROOT, checks its C# blocks and package lines against the docs contract, and
      writes STAGE/<framework>/Docs/<page>_<n>.cs, STAGE/<framework>/packages.txt ("Id Version" lines) and
      STAGE/plan.json (the blocks, where they come from and the tests each declares). Exit 1 with one line per problem.
  harness.py check FRAMEWORK STAGE PROJECT_DIR TRX LOG PACKAGES_DIR VERSION
      Checks one consumer's run: the TRX has every test declared in the project's .cs files (the template's and the
      docs') as passed, no docs block produced a warning, MSTest's framework and adapter are one version, CertKit came
      from the packed packages. Prints what it found and the line "consumer FRAMEWORK: N passed, N failed"; exit 1 on
      any problem.
  harness.py runner PROJECT_DIR ASSETS
      Prints "mtp" when `dotnet test` runs PROJECT_DIR through Microsoft.Testing.Platform (the nearest global.json says
      so), else "vstest"; then, for MTP, the report option family ("trx" or "xunit-trx").
"""

import base64
import hashlib
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

FRAMEWORKS = ("mstest", "xunit", "nunit", "xunitv3", "tunit")
INFO_TO_FRAMEWORK = {"csharp": "mstest", "csharp xunit": "xunit", "csharp nunit": "nunit", "csharp xunitv3": "xunitv3",
                     "csharp tunit": "tunit", "csharp recipe": "mstest"}
# A "csharp recipe" block is compiled into the MSTest consumer but declares no test: client configuration for a server a
# consumer project cannot start (PostgreSQL, Redis...), proven instead by the repository's tests/CertKit.Servers.Tests.
COMPILE_ONLY = {"csharp recipe"}
# First words of an info string that mean C#; a C# block must use one of the exact info strings above.
CSHARP_WORDS = {"csharp", "cs", "c#", "c-sharp", "csx", "cake", "c♯"}
TEST_ATTRIBUTES = {
    "mstest": {"TestMethod", "DataTestMethod"},
    "xunit": {"Fact", "Theory"},
    "nunit": {"Test", "TestCase", "TestCaseSource", "Theory"},
    "xunitv3": {"Fact", "Theory"},
    "tunit": {"Test"},
}
CERTKIT_PACKAGES = {"mstest": ["CertKit", "CertKit.MSTest", "CertKit.AspNetCore"], "xunit": ["CertKit"], "nunit": ["CertKit", "CertKit.NUnit"],
                    "xunitv3": ["CertKit", "CertKit.XunitV3"], "tunit": ["CertKit", "CertKit.TUnit"]}
ALL_CERTKIT_PACKAGES = sorted({p for ps in CERTKIT_PACKAGES.values() for p in ps})
PACKAGES_LINE = re.compile(r"<!--\s*packages:(.*?)-->", re.S)
PACKAGE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
EXACT_VERSION = re.compile(r"^\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?$")
TRX_NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


# ---------------------------------------------------------------------------------------------------------------------
# Markdown

def fenced_blocks(text):
    """Yields (1-based line of the opening fence, info string, content, indent) for every fenced code block, and the text
    outside blocks as (None, None, text, None) runs. Fences may be indented (inside list items); the indentation of
    the opening fence is removed from the content lines, as CommonMark does."""
    lines = text.split("\n")
    i = 0
    outside = []
    while i < len(lines):
        m = re.match(r"^( *)(`{3,}|~{3,})(.*)$", lines[i])
        if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
            outside.append(lines[i])
            i += 1
            continue
        yield None, None, "\n".join(outside), None
        outside = []
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines):
            close = re.match(r"^ *(`{3,}|~{3,})\s*$", lines[i])
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                break
            line = lines[i]
            strip = len(line) - len(line.lstrip(" "))
            body.append(line[min(indent, strip):])
            i += 1
        i += 1  # the closing fence (or the end of the file, which closes an unclosed block)
        yield start, info, "\n".join(body) + "\n", indent
    yield None, None, "\n".join(outside), None


def page_stem(relpath):
    stem = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    return re.sub(r"[^A-Za-z0-9]+", "_", stem).strip("_")


# ---------------------------------------------------------------------------------------------------------------------
# C#, just enough of it: types, their attributes, the test methods in them

def blank(s):
    return re.sub(r"[^\n]", " ", s)


def strip_csharp(src):
    """Comments, string and character literals and preprocessor lines become spaces (newlines stay), so that braces,
    brackets, semicolons and names can be scanned."""
    out = []
    i, n = 0, len(src)

    def code_until_brace(i):
        """Scans code from i to its closing '}' (an interpolation hole); returns the index after it."""
        depth = 0
        while i < n:
            j = skip_literal_or_comment(i)
            if j != i:
                i = j
                continue
            c = src[i]
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    return i + 1
                depth -= 1
            i += 1
        return n

    def skip_literal_or_comment(i):
        """The index after the comment or literal starting at i, or i itself when none starts there."""
        if src.startswith("//", i):
            j = src.find("\n", i)
            return n if j < 0 else j
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            return n if j < 0 else j + 2
        if src[i] == "'":
            j = i + 1
            if j < n and src[j] == "\\":
                j += 2
                while j < n and src[j] not in "'\n":
                    j += 1
            else:
                j += 1
            return j + 1 if j < n and src[j] == "'" else i + 1
        m = re.compile(r"(\$*)(@?)(\$*)(\"+)").match(src, i)
        if not m or (i > 0 and (src[i - 1].isalnum() or src[i - 1] == "_")):
            return i
        dollars = len(m.group(1)) + len(m.group(3))
        verbatim = bool(m.group(2))
        quotes = len(m.group(4))
        j = m.end()
        if quotes >= 3:  # raw string literal: ends at the same number of quotes
            end = src.find('"' * quotes, j)
            return n if end < 0 else end + quotes
        if quotes == 2 and not verbatim:  # "" : an empty string
            return j
        if verbatim and quotes == 2:  # @"" : empty verbatim string
            return j
        # Back up to just after the opening quote.
        j = m.start(4) + 1
        while j < n:
            c = src[j]
            if verbatim:
                if c == '"':
                    if src.startswith('""', j):
                        j += 2
                        continue
                    return j + 1
            else:
                if c == "\\":
                    j += 2
                    continue
                if c == '"' or c == "\n":
                    return j + 1
            if dollars and c == "{":
                if src.startswith("{{", j):
                    j += 2
                    continue
                j = code_until_brace(j + 1)
                continue
            j += 1
        return n

    while i < n:
        if (i == 0 or src[i - 1] == "\n") and re.match(r"[ \t]*#", src[i:i + 200]):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(src[i:j]))
            i = j
            continue
        j = skip_literal_or_comment(i)
        if j != i:
            out.append(blank(src[i:j]))
            i = j
            continue
        out.append(src[i])
        i += 1
    return "".join(out)


def split_attributes(header):
    """(attribute names, rest of the header): the leading [..] groups of a member or type header."""
    names = []
    s = header.lstrip()
    while s.startswith("["):
        depth = 0
        for k, c in enumerate(s):
            if c in "[(":
                depth += 1
            elif c in "])":
                depth -= 1
                if depth == 0 and c == "]":
                    break
        else:
            return names, ""
        inner = s[1:k]
        inner = re.sub(r"^\s*\w+\s*:(?!:)", "", inner)  # a target such as assembly: or return:
        depth = 0
        part = ""
        parts = []
        for c in inner:
            if c in "([{<":
                depth += 1
            elif c in ")]}>":
                depth -= 1
            if c == "," and depth == 0:
                parts.append(part)
                part = ""
            else:
                part += c
        parts.append(part)
        for p in parts:
            m = re.match(r"\s*([\w.:]+)", p)
            if m:
                name = re.split(r"\.|::", m.group(1))[-1]
                if name.endswith("Attribute") and name != "Attribute":
                    name = name[: -len("Attribute")]
                names.append(name)
        s = s[k + 1:].lstrip()
    return names, s


TYPE_DECL = re.compile(
    r"^(?:(?:public|private|protected|internal|static|sealed|abstract|partial|readonly|unsafe|file|new|ref)\s+)*"
    r"(class|struct|interface|enum|record(?:\s+(?:class|struct))?)\s+(@?\w+)")
METHOD_NAME = re.compile(r"(@?\w+)\s*(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>)?\s*\(")


def parse_csharp(src):
    """Returns (types, tests): types as dicts {name, line, attributes, public}, tests as dicts
    {class, method, line, attributes} for every method in a type that carries any attribute."""
    s = strip_csharp(src)
    types, methods = [], []
    stack = []  # ("type", name) | ("ns", name) | ("other", None)
    start = 0

    def line_of(pos):
        return s.count("\n", 0, pos) + 1

    def header_at(end):
        h = s[start:end]
        return h, start + (len(h) - len(h.lstrip()))

    def in_type_body():
        return bool(stack) and stack[-1][0] == "type"

    def at_namespace_level():
        return all(kind == "ns" for kind, _ in stack)

    def classify(end, opens_block):
        header, pos = header_at(end)
        attrs, rest = split_attributes(header)
        rest_stripped = rest.strip()
        m = TYPE_DECL.match(rest_stripped)
        if (at_namespace_level() or in_type_body()) and m:
            name = m.group(2).lstrip("@")
            types.append({"name": name, "line": line_of(pos + header.index(m.group(2), len(header) - len(rest))),
                          "attributes": attrs, "public": bool(re.match(r"(\w+\s+)*public\b", rest_stripped)),
                          "outer": [n for k, n in stack if k == "type"]})
            return ("type", name)
        nm = re.match(r"^namespace\s+([\w.]+)", rest_stripped)
        if at_namespace_level() and nm:
            return ("ns", nm.group(1))
        if in_type_body() and attrs:
            signature = rest.split("=>")[0]
            mm = METHOD_NAME.search(signature)
            if mm:
                methods.append({"class": stack[-1][1], "method": mm.group(1).lstrip("@"), "attributes": attrs,
                                "line": line_of(pos + header.index(mm.group(1), len(header) - len(rest)))})
        return ("other", None)

    i = 0
    while i < len(s):
        c = s[i]
        if c == "{":
            stack.append(classify(i, True) if at_namespace_level() or in_type_body() else ("other", None))
            start = i + 1
        elif c == "}":
            if stack:
                stack.pop()
            start = i + 1
        elif c == ";":
            if at_namespace_level() or in_type_body():
                kind = classify(i, False)
                if kind[0] == "ns":  # file-scoped namespace
                    stack.append(kind)
            start = i + 1
        i += 1
    return types, methods


def tests_in(src, framework):
    types, methods = parse_csharp(src)
    wanted = TEST_ATTRIBUTES[framework]
    tests = [m for m in methods if wanted & set(m["attributes"])]
    foreign = sorted({f for f, attrs in TEST_ATTRIBUTES.items() if f != framework
                      for m in methods if attrs & set(m["attributes"]) and not wanted & set(m["attributes"])})
    return types, tests, foreign


# ---------------------------------------------------------------------------------------------------------------------
# extract

def extract(docs_root, stage, repo_root):
    problems = []
    if not os.path.isdir(docs_root):
        print(f"docs root {docs_root} is not a directory", file=sys.stderr)
        return 1
    pages = []
    for dirpath, dirnames, filenames in os.walk(docs_root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.lower().endswith(".md"):
                pages.append(os.path.join(dirpath, f))
    pages.sort()

    def shown(path):
        ap = os.path.abspath(path)
        rr = os.path.abspath(repo_root)
        return os.path.relpath(ap, rr) if ap.startswith(rr + os.sep) else ap

    plan = {f: {"blocks": [], "packages": {}, "package_sources": {}} for f in FRAMEWORKS}
    declared = {}  # type name -> "page:line"
    block_types = []  # ("page:line" of the block, names of the types it declares, its code without comments and strings)
    for page in pages:
        rel = os.path.relpath(page, docs_root)
        where = shown(page)
        with open(page, encoding="utf-8-sig") as fh:
            text = fh.read().replace("\r\n", "\n")
        page_packages = {}
        page_frameworks = set()
        n = 0
        for line, info, content, indent in fenced_blocks(text):
            if line is None:
                for m in PACKAGES_LINE.finditer(content):
                    for item in [p.strip() for p in m.group(1).split(",") if p.strip()]:
                        parts = item.split()
                        if len(parts) != 2 or not PACKAGE_ID.match(parts[0]) or not EXACT_VERSION.match(parts[1]):
                            problems.append(f"{where}: packages line item '{item}' is not 'Id Version' with an exact version")
                            continue
                        pid, ver = parts
                        if pid.lower() in (p.lower() for p in ALL_CERTKIT_PACKAGES):
                            problems.append(f"{where}: packages line names {pid}: CertKit's own packages are always added at the packed version")
                            continue
                        if pid in page_packages and page_packages[pid] != ver:
                            problems.append(f"{where}: packages lines name {pid} twice, {page_packages[pid]} and {ver}")
                        page_packages[pid] = ver
                continue
            first = (info.split() or [""])[0]
            if info in INFO_TO_FRAMEWORK:
                framework = INFO_TO_FRAMEWORK[info]
            elif first.lower() in CSHARP_WORDS or first.lower().startswith("csharp") or first.lower().startswith("c#"):
                problems.append(f"{where}:{line}: C# block with info string '{info}': use exactly 'csharp' (MSTest), "
                                f"'csharp xunit' (xUnit 2), 'csharp xunitv3', 'csharp nunit', 'csharp tunit' or 'csharp recipe' (compiled, not run); every C# block is a whole test file that CI compiles and runs")
                continue
            else:
                continue
            n += 1
            page_frameworks.add(framework)
            types, tests, foreign = tests_in(content, framework)
            for t in types:
                if t["name"] in declared:
                    problems.append(f"{where}:{line + t['line']}: type {t['name']} is already declared at "
                                    f"{declared[t['name']]}: type names are unique across the docs")
                else:
                    declared[t["name"]] = f"{where}:{line + t['line']}"
            if not tests and info not in COMPILE_ONLY:
                hint = f" (it has {', '.join(foreign)} tests: mark it ```csharp {foreign[0]})" if foreign and foreign[0] != "mstest" \
                    else " (it has MSTest tests: mark it ```csharp)" if foreign else ""
                problems.append(f"{where}:{line}: the ```{info} block declares no test method "
                                f"([{'], ['.join(sorted(TEST_ATTRIBUTES[framework]))}]){hint}; "
                                f"every C# block is a whole test file")
            block_types.append((f"{where}:{line}", {t["name"] for t in types}, strip_csharp(content)))
            name = f"{page_stem(rel)}_{n}.cs"
            # The #line directive makes compiler errors and stack traces name the Markdown file and its line. The path is
            # absolute: the compiler opens the file it names, and would look for a relative one beside the .cs file.
            source = f'#line {line + 1} "{os.path.abspath(page)}"\n' + content
            plan[framework]["blocks"].append({
                "file": f"Docs/{name}", "source": where, "line": line + 1, "content": source,
                "tests": [{"class": t["class"], "method": t["method"], "line": line + t["line"]} for t in tests],
            })
        for fw in page_frameworks:
            for pid, ver in page_packages.items():
                have = plan[fw]["packages"].get(pid)
                if have and have != ver:
                    problems.append(f"{where}: names {pid} {ver}, but {plan[fw]['package_sources'][pid]} names {pid} {have} "
                                    f"for the same {fw} consumer project: use one version")
                    continue
                plan[fw]["packages"][pid] = ver
                plan[fw]["package_sources"].setdefault(pid, where)

    # All blocks of a consumer compile into one project, so a block using a helper that another block declares would
    # compile here and fail where a user pastes it alone.
    for where, own, code in block_types:
        for other_where, other_types, _ in block_types:
            if other_where == where:
                continue
            for name in sorted(other_types - own):
                if re.search(r"(?<![\w.])" + re.escape(name) + r"\b", code):
                    problems.append(f"{where}: the block uses {name}, which the block at {other_where} declares: "
                                    f"each block is a whole file, so declare (or rename) it in this block too")
    # The NuGet page (every package's README) is where a package user meets the list of packages: each package a consumer
    # project runs must have its `dotnet add package` line there, so a new package is not missing from its own page.
    nuget_readme = os.path.join(docs_root, "nuget", "README.md")
    if os.path.isfile(nuget_readme):
        with open(nuget_readme, encoding="utf-8-sig") as fh:
            nuget_text = fh.read()
        for pid in ALL_CERTKIT_PACKAGES:
            if not re.search(r"^dotnet add package " + re.escape(pid) + r" ", nuget_text, re.M):
                problems.append(f"{shown(nuget_readme)}: no 'dotnet add package {pid} --version ...' line: "
                                f"the NuGet page of every package lists every package")
    if problems:
        for p in problems:
            print(f"docs: {p}", file=sys.stderr)
        print(f"docs: {len(problems)} problem(s) in the C# blocks of {docs_root}", file=sys.stderr)
        return 1

    for fw in FRAMEWORKS:
        d = os.path.join(stage, fw, "Docs")
        os.makedirs(d, exist_ok=True)
        for b in plan[fw]["blocks"]:
            with open(os.path.join(stage, fw, b["file"]), "w", encoding="utf-8") as fh:
                fh.write(b.pop("content"))
        with open(os.path.join(stage, fw, "packages.txt"), "w") as fh:
            for pid, ver in sorted(plan[fw]["packages"].items()):
                fh.write(f"{pid} {ver}\n")
    with open(os.path.join(stage, "plan.json"), "w") as fh:
        json.dump(plan, fh, indent=1)
    counts = ", ".join(f"{fw} {len(plan[fw]['blocks'])} block(s)/{sum(len(b['tests']) for b in plan[fw]['blocks'])} test(s)"
                       for fw in FRAMEWORKS)
    print(f"docs: {len(pages)} Markdown file(s) under {docs_root}: {counts}")
    return 0


# ---------------------------------------------------------------------------------------------------------------------
# runner

def nearest_global_json(path):
    d = os.path.abspath(path)
    while True:
        g = os.path.join(d, "global.json")
        if os.path.isfile(g):
            return g
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def runner(project_dir, assets_path):
    g = nearest_global_json(project_dir)
    mode = "vstest"
    if g:
        try:
            with open(g, encoding="utf-8-sig") as fh:
                data = json.load(fh)
            if (data.get("test") or {}).get("runner", "").lower() == "microsoft.testing.platform":
                mode = "mtp"
        except (OSError, ValueError):
            pass
    if mode == "vstest":
        print("vstest")
        return 0
    libs = {}
    if os.path.isfile(assets_path):
        with open(assets_path, encoding="utf-8-sig") as fh:
            libs = {k.split("/")[0].lower() for k in json.load(fh).get("libraries", {})}
    # xUnit.net v3 writes TRX itself (--report-xunit-trx); other MTP frameworks use Microsoft.Testing.Extensions.TrxReport.
    if "microsoft.testing.extensions.trxreport" not in libs and any(l.startswith("xunit.v3") for l in libs):
        print("mtp xunit-trx")
    else:
        print("mtp trx")
    return 0


# ---------------------------------------------------------------------------------------------------------------------
# check

def resolved_libraries(assets_path):
    with open(assets_path, encoding="utf-8-sig") as fh:
        assets = json.load(fh)
    libs = {}
    for key, value in assets.get("libraries", {}).items():
        pid, ver = key.split("/", 1)
        if value.get("type") == "package":
            libs[pid.lower()] = (pid, ver, value.get("sha512"))
    direct = []
    for group in (assets.get("project", {}).get("frameworks", {}) or {}).values():
        direct.extend((group.get("dependencies") or {}).keys())
    return libs, direct


def check(framework, stage, project_dir, trx_path, log_path, packages_dir, version):
    tag = f"consumer {framework}"
    problems = []
    with open(os.path.join(stage, "plan.json")) as fh:
        plan = json.load(fh)[framework]

    # What the template and the docs declare.
    expected = []
    for b in plan["blocks"]:
        for t in b["tests"]:
            expected.append((t["class"], t["method"], f"{b['source']}:{t['line']}"))
    for dirpath, dirnames, filenames in os.walk(project_dir):
        dirnames[:] = [d for d in dirnames if d not in ("bin", "obj", "Docs", "TestResults")]
        for f in sorted(filenames):
            if f.endswith(".cs"):
                p = os.path.join(dirpath, f)
                with open(p, encoding="utf-8-sig") as fh:
                    _, tests, _ = tests_in(fh.read(), framework)
                for t in tests:
                    expected.append((t["class"], t["method"], f"template {os.path.relpath(p, project_dir)}:{t['line']}"))

    # Packages: CertKit from the packed files, and no MSTest framework/adapter split.
    assets = os.path.join(project_dir, "obj", "project.assets.json")
    if os.path.isfile(assets):
        libs, direct = resolved_libraries(assets)
        for pid in CERTKIT_PACKAGES[framework]:
            got = libs.get(pid.lower())
            nupkg = os.path.join(packages_dir, f"{pid}.{version}.nupkg")
            if not got:
                problems.append(f"{pid} was not restored")
                continue
            if got[1] != version:
                problems.append(f"{pid} {got[1]} was restored, not the packed {version}")
                continue
            if os.path.isfile(nupkg):
                with open(nupkg, "rb") as fh:
                    digest = base64.b64encode(hashlib.sha512(fh.read()).digest()).decode()
                if digest != got[2]:
                    problems.append(f"{pid} {version} was restored from somewhere else than {nupkg} (its hash differs)")
        fw_pkg, adapter = libs.get("mstest.testframework"), libs.get("mstest.testadapter")
        if fw_pkg and adapter and fw_pkg[1] != adapter[1]:
            problems.append(f"MSTest.TestFramework {fw_pkg[1]} but MSTest.TestAdapter {adapter[1]}: a dependency raised the "
                            f"framework past the template's adapter (the split that makes MSTest find no test)")
        shown = [p for p in direct]
        for extra in ("MSTest.TestFramework", "MSTest.TestAdapter", "xunit.core", "xunit.v3.extensibility.core", "NUnit3TestAdapter",
                      "Microsoft.NET.Test.Sdk", "Microsoft.Extensions.Logging.Abstractions"):
            if extra.lower() in libs and extra.lower() not in (d.lower() for d in shown):
                shown.append(extra)
        versions = ", ".join(f"{libs[p.lower()][0]} {libs[p.lower()][1]}" for p in shown if p.lower() in libs)
        print(f"{tag}: restored {versions}")
    else:
        problems.append(f"no {assets}: the restore failed")

    # The build log: warnings and errors from docs blocks (named by their Markdown file through #line), other errors.
    doc_warnings, errors = [], []
    if os.path.isfile(log_path):
        seen = set()
        with open(log_path, encoding="utf-8", errors="replace") as fh:
            for raw in fh:
                line = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", raw).strip()
                line = re.sub(r"\s+\[[^\]]*\.csproj(::[^\]]*)?\]$", "", line)
                m = re.match(r"^(.*?)\((\d+),(\d+)(?:,\d+,\d+)?\): (warning|error) ([A-Z]+\d+): (.*)$", line)
                if m:
                    if line in seen:
                        continue
                    seen.add(line)
                    if m.group(1).lower().endswith(".md") and m.group(4) == "warning":
                        doc_warnings.append(line)
                    elif m.group(4) == "error":
                        errors.append(line)
                elif re.search(r"\berror\b [A-Z]+\d+:|^error:|: error ", line) and line not in seen:
                    seen.add(line)
                    errors.append(line)
    for w in doc_warnings:
        problems.append(f"warning in a docs block: {w}")
    for e in errors[:30]:
        problems.append(f"build/test error: {e}")
    if len(errors) > 30:
        problems.append(f"... and {len(errors) - 30} more errors in {log_path}")

    # The TRX.
    passed = failed = skipped = 0
    if not os.path.isfile(trx_path):
        problems.append(f"no TRX at {trx_path}: the tests did not run (see {log_path})")
    else:
        try:
            root = ET.parse(trx_path).getroot()
        except ET.ParseError as e:
            root = None
            problems.append(f"{trx_path} is not readable XML: {e}")
        if root is not None:
            counters = root.find("t:ResultSummary/t:Counters", TRX_NS)
            if counters is None:
                problems.append(f"{trx_path} has no <Counters>: its test run did not finish")
            else:
                def c(name):
                    return int(counters.get(name, "0") or 0)
                passed = c("passed")
                failed = c("failed") + c("error") + c("timeout") + c("aborted")
                skipped = c("total") - passed - failed
            definitions = {}
            for ut in root.findall("t:TestDefinitions/t:UnitTest", TRX_NS):
                tm = ut.find("t:TestMethod", TRX_NS)
                if tm is None:
                    continue
                cls = re.sub(r"\(.*\)$", "", tm.get("className", ""))
                cls = re.split(r"[.+]", cls)[-1]
                cls = re.sub(r"`\d+$", "", cls)
                name = tm.get("name", "")
                definitions[ut.get("id")] = (cls, name, ut.get("name", name))
            results = []
            for r in root.findall("t:Results/t:UnitTestResult", TRX_NS):
                d = definitions.get(r.get("testId"))
                if d is None:
                    continue
                message = r.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=TRX_NS).strip()
                stack = r.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=TRX_NS)
                results.append((d[0], d[1], d[2], r.get("outcome", ""), message, stack))
            for cls, method, where in expected:
                mine = [r for r in results if r[0] == cls and (r[1] == method or re.match(re.escape(method) + r"\s*\(", r[1]))]
                if not mine:
                    problems.append(f"{cls}.{method} ({where}) did not run: it is not in the TRX "
                                    f"(is its class public{', with [TestClass]' if framework == 'mstest' else ''}? did the build fail?)")
                    continue
                for _, _, display, outcome, message, stack in mine:
                    if outcome != "Passed":
                        first = message.splitlines()[0] if message else ""
                        at = [ln.strip() for ln in stack.splitlines() if ".md:line" in ln][:2]
                        problems.append(f"{display} ({where}): {outcome or 'no outcome'}" + (f": {first}" if first else "")
                                        + (f" [{'; '.join(at)}]" if at else ""))
            if passed == 0:
                problems.append("no test passed")

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) + os.sep
    for p in problems:
        print(f"{tag}: FAIL: {p.replace(root, '')}")
    # The counts are the TRX's; a consumer with problems fails whatever they say (.ci/run counts it as one more failure).
    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(f"{tag}: {summary}" + (f" -- FAILED: {len(problems)} problem(s) above" if problems else ""))
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "extract" and len(argv) == 5:
        return extract(argv[2], argv[3], argv[4])
    if len(argv) >= 2 and argv[1] == "check" and len(argv) == 9:
        return check(*argv[2:])
    if len(argv) >= 2 and argv[1] == "runner" and len(argv) == 4:
        return runner(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
