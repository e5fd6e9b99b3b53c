#!/usr/bin/env python3
"""The translations are complete and up to date (Mumble's CI check).

Runs lupdate over the sources into a copy of each translations/herald_*.ts
with the options the update_translations target uses, and fails if that
would change a file (a string added, changed or gone) or if lupdate cannot
see a tr() call's context (its texts would never be translated). Then, in
every file: no unfinished, vanished or obsolete entry, no empty translation,
the same %1..%99 placeholders as the source, %n in every plural form, and a
keyboard accelerator (&) wherever the source has one.

usage: check_translations.py LUPDATE SOURCES_LIST TS_DIR [LUPDATE_OPTIONS...]
"""

import difflib
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r"%(\d{1,2})")
ACCELERATOR = re.compile(r"&(?!&)\S")


def lupdate_changes(lupdate, sources, options, ts_file, scratch):
    copy = scratch / ts_file.name
    shutil.copyfile(ts_file, copy)
    extra = ["-pluralonly"] if ts_file.stem.endswith("_en") else []
    run = subprocess.run([lupdate, *options, *extra, "@" + str(sources), "-ts", str(copy)],
                         capture_output=True, text=True, timeout=60)
    problems = []
    if run.returncode != 0:
        problems.append(f"lupdate failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    for line in (run.stdout + run.stderr).splitlines():
        if "cannot be called without context" in line:
            problems.append(f"lupdate cannot see this tr()'s context, its text is lost: {line}")
    before = ts_file.read_text(encoding="utf-8").splitlines(keepends=True)
    after = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    if before != after:
        diff = "".join(difflib.unified_diff(before, after, str(ts_file), "after lupdate"))
        problems.append(f"lupdate would change {ts_file.name}; run "
                        f"`cmake --build <build> --target update_translations` and translate "
                        f"what is new:\n{diff[:6000]}")
    return problems


def entry_problems(ts_file):
    problems = []
    english = ts_file.stem.endswith("_en")
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            where = f"{ts_file.name}: {name}: {source!r}"
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            if kind is not None:
                problems.append(f"{where} is {kind}")
                continue
            numerus = message.get("numerus") == "yes"
            forms = ([f.text or "" for f in translation.iter("numerusform")] if numerus
                     else [translation.text or ""])
            if english and not numerus:
                problems.append(f"{where}: herald_en.ts holds plural forms only")
            for form in forms:
                if not form.strip():
                    problems.append(f"{where}: empty translation")
                    continue
                if set(PLACEHOLDER.findall(form)) != set(PLACEHOLDER.findall(source)):
                    problems.append(f"{where}: placeholders differ in {form!r}")
                if numerus and "%n" not in form:
                    problems.append(f"{where}: no %n in the plural form {form!r}")
                if ACCELERATOR.search(source) and not ACCELERATOR.search(form):
                    problems.append(f"{where}: no & accelerator in {form!r}")
    return problems


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    lupdate, sources, ts_dir = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    options = sys.argv[4:]
    ts_files = sorted(ts_dir.glob("herald_*.ts"))
    if not ts_files:
        print(f"no herald_*.ts in {ts_dir}", file=sys.stderr)
        return 1
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for ts_file in ts_files:
            problems += lupdate_changes(lupdate, sources, options, ts_file, pathlib.Path(scratch))
            problems += entry_problems(ts_file)
    problems = list(dict.fromkeys(problems))  # lupdate warns once per .ts file
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        return 1
    print(f"PASS: {', '.join(f.name for f in ts_files)} complete and up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
