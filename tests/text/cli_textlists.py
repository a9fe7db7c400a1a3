#!/usr/bin/env python3
"""cli_textlists.py - `parley text` reads rules/text/*.list at run time.

  - a --rules DIR with text/plaintext.list adds a byline word ("Per") that the
    next run recognises, with no rebuild;
  - a shipped rules directory without one of the lists fails with a message that
    names the missing file, and exit status 1.
Each failure names its case; exit 1 if any failed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def run(args, env=None):
    return subprocess.run([os.environ["PARLEY_BIN"]] + args, capture_output=True, text=True,
                          env=env or os.environ.copy())


def main():
    if not os.environ.get("PARLEY_BIN") or not os.environ.get("PARLEY_RULES_DIR"):
        print("SKIP: PARLEY_BIN and PARLEY_RULES_DIR must be set (meson test sets them)")
        return 77
    tmp = tempfile.mkdtemp(prefix="parley-cli-textlists-")
    try:
        article = os.path.join(tmp, "story.txt")
        with open(article, "w", encoding="utf-8") as f:
            f.write("Nordic envoys back the Berlin plan\n\nPer Anna Berg\n\n"
                    "Nordic foreign ministers said on Monday that they backed the security guarantees.\n")
        user = os.path.join(tmp, "user")
        os.makedirs(os.path.join(user, "text"))
        with open(os.path.join(user, "text", "plaintext.list"), "w", encoding="utf-8") as f:
            f.write("# Swedish bylines\nbyline\tPer\n")

        before = run(["text", "--format", "json", article])
        after = run(["--rules", user, "text", "--format", "json", article])
        if before.returncode != 0 or after.returncode != 0:
            failures.append(f"user byline word: exit {before.returncode}/{after.returncode}: {after.stderr}")
        else:
            b, a = json.loads(before.stdout), json.loads(after.stdout)
            if b["byline"] is not None or "Per Anna Berg" not in b["body"]:
                failures.append(f"without the user list: byline {b['byline']!r}, want none")
            if a["byline"] != "Anna Berg" or "Per Anna Berg" in a["body"]:
                failures.append(f"with --rules {user}: byline {a['byline']!r}, want 'Anna Berg'")

        shipped = os.path.join(tmp, "rules")
        shutil.copytree(os.environ["PARLEY_RULES_DIR"], shipped)
        os.unlink(os.path.join(shipped, "text", "months.list"))
        env = os.environ.copy()
        env["PARLEY_RULES_DIR"] = shipped
        r = run(["text", article], env)
        want = os.path.join(shipped, "text", "months.list") + ": error: cannot read word list"
        if r.returncode != 1 or want not in r.stderr:
            failures.append(f"missing months.list: exit {r.returncode}, stderr {r.stderr!r}; want 1 and {want!r}")
    finally:
        shutil.rmtree(tmp)
    for f in failures:
        print(f"FAIL {f}")
    print(f"cli_textlists: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
