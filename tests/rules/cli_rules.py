#!/usr/bin/env python3
"""cli_rules.py - `parley rules check/test` golden cases: each line of
fixtures/cli/cases.txt runs parley there and compares stdout, stderr and the
exit status with NAME.out (UPDATE_GOLDEN=1 rewrites them)."""
import os
import subprocess
import sys

here = os.path.join(os.environ.get("PARLEY_SRC", "."), "tests", "rules", "fixtures", "cli")
parley = os.environ.get("PARLEY_BIN")
if not parley:
    print("SKIP: PARLEY_BIN is not set (meson test sets it)")
    sys.exit(77)
update = os.environ.get("UPDATE_GOLDEN") == "1"
env = dict(os.environ, PARLEY_RULES_DIR="shipped")
env.pop("PARLEY_RULES", None)
failed = total = 0
with open(os.path.join(here, "cases.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, args = (x.strip() for x in line.split("|", 1))
        p = subprocess.run([parley] + args.split(), cwd=here, env=env, capture_output=True)
        got = "$ parley %s\n--- stdout\n%s--- stderr\n%s--- exit %d\n" % (
            args, p.stdout.decode(), p.stderr.decode(), p.returncode)
        path = os.path.join(here, name + ".out")
        total += 1
        if update:
            with open(path, "w", encoding="utf-8") as g:
                g.write(got)
            continue
        want = open(path, encoding="utf-8").read() if os.path.exists(path) else "(missing)\n"
        if got != want:
            failed += 1
            print("FAIL %s\n--- want\n%s--- got\n%s" % (name, want, got))
print("%d cases, %d failed" % (total, failed))
sys.exit(1 if failed else 0)
