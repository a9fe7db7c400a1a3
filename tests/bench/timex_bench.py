#!/usr/bin/env python3
"""timex_bench.py - throughput of `parley timex` and of chrono-node on the TBAQ text.

Usage: timex_bench.py TIMEX_EVAL [MB]   (run by `meson test --benchmark`)

The plain text of the TempEval-3 training documents (../shared/eval/tempeval3/train,
extracted by timex_eval --dump) is repeated to about MB megabytes (default 50) in
files of 25 MB (parley reads at most 32 MiB per input) and tagged by
`parley timex`, then by chrono-node (npm; found in $CHRONO_DIR/node_modules,
default /tmp/chrono, installed there when missing).  Both are then scored on the
training set with the same scorer (timex_eval).  Prints MB/s and the scores;
exits 77 when the data is absent.  Not a test: no pass/fail on speed.
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

PART = 25 * 1000 * 1000  # bytes per input file


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def score_lines(out):
    keep = ("relaxed", "strict", "value", "type ")
    return "\n".join("    " + l for l in out.splitlines() if l.startswith(keep))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    timex_eval = sys.argv[1]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0
    parley = os.environ.get("PARLEY_BIN", "parley")
    shared = os.environ.get("PARLEY_SHARED", "")
    train = os.path.join(shared, "eval", "tempeval3", "train")
    if not os.path.isdir(train):
        print(f"SKIP: {train} is absent (TempEval-3 training data)")
        return 77
    tmp = tempfile.mkdtemp(prefix="timex-bench-")
    try:
        txt = os.path.join(tmp, "txt")
        subprocess.run([timex_eval, "--dump", txt], check=False, capture_output=True)
        names = sorted(n for n in os.listdir(txt) if n.endswith(".txt"))
        corpus = b"\n\n".join(open(os.path.join(txt, n), "rb").read() for n in names)
        total = int(mb * 1000 * 1000)
        reps = total // len(corpus) + 1
        blob = (corpus + b"\n\n") * reps
        files = []
        for i in range(0, total, PART):
            f = os.path.join(tmp, f"big{i // PART}.txt")
            with open(f, "wb") as fp:
                fp.write(blob[i:min(i + PART, total)])
            files.append(f)
        size = sum(os.path.getsize(f) for f in files) / 1e6
        print(f"corpus: {len(names)} TBAQ documents ({len(corpus) / 1e6:.2f} MB) repeated to {size:.1f} MB")

        c0, t0 = child_cpu(), time.monotonic()
        r = subprocess.run([parley, "timex", "--dct", "1998-02-27", *files],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall, cpu = time.monotonic() - t0, child_cpu() - c0
        n = r.stdout.count(b"\n")
        print(f"parley timex: {size / wall:7.2f} MB/s wall, {size / cpu:7.2f} MB/s cpu "
              f"({wall:.2f} s, {n} expressions, exit {r.returncode})")
        ours = subprocess.run([timex_eval], capture_output=True, text=True).stdout
        print("  TBAQ train score:\n" + score_lines(ours))

        chrono_dir = os.environ.get("CHRONO_DIR", "/tmp/chrono")
        mod = os.path.join(chrono_dir, "node_modules", "chrono-node")
        node = shutil.which("node")
        if node and not os.path.isdir(mod) and shutil.which("npm"):
            os.makedirs(chrono_dir, exist_ok=True)
            subprocess.run(["npm", "install", "--prefix", chrono_dir, "chrono-node@2"],
                           capture_output=True)
        if not node or not os.path.isdir(mod):
            print("chrono-node: not available (node or npm install failed); peer skipped")
            return 0
        env = dict(os.environ, NODE_PATH=os.path.join(chrono_dir, "node_modules"), TZ="UTC")
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "timex_chrono.js")
        r = subprocess.run([node, script, "speed", *files], env=env, capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.split():
            b, secs, cnt = r.stdout.split()
            print(f"chrono-node:  {int(b) / 1e6 / float(secs):7.2f} MB/s ({float(secs):.2f} s, {cnt} expressions)")
        else:
            print("chrono-node speed run failed: " + r.stderr.strip()[:300])
        sysdir = os.path.join(tmp, "chrono")
        subprocess.run([node, script, "score", txt, sysdir], env=env, check=False)
        theirs = subprocess.run([timex_eval, "--system", sysdir], capture_output=True, text=True).stdout
        print("  TBAQ train score:\n" + score_lines(theirs))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
