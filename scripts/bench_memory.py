#!/usr/bin/env python3
"""Idle memory of the Lawdesk window, split by process (the Rust app, WebKit's web and
network processes), the way scripts/bench_startup.py sums it: PSS 5 s after the window
shows. Runs each given binary RUNS times on the same data folder, alternating, so two
builds are compared side by side on one machine.

    DATA=/tmp/practice RUNS=3 python3 scripts/bench_memory.py before/lawdesk after/lawdesk

Run under a display with a Secret Service (see docs/BENCHMARKS.md). DATA defaults to a
fresh folder filled by `lawdesk-cli demo --clients $DEMO_CLIENTS` (CLI from target/release).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_startup import CLI, kill_tree, wait_window  # noqa: E402

RUNS = int(os.environ.get("RUNS", "3"))
# Seconds after the window shows (5 as in bench_startup.py; more on a loaded machine, so
# the Dashboard has finished drawing).
IDLE = float(os.environ.get("IDLE_SECONDS", "5"))


def pss_by_process(pid):
    """PSS in KiB of `pid` and its descendants, keyed by command name, plus their private
    memory (USS) under "uss": PSS shares libraries among every process mapping them, so it
    drops while other WebKit windows run on the machine; USS does not."""
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(p))
            except (OSError, ValueError, IndexError):
                pass
    out, stack = {}, [pid]
    while stack:
        q = stack.pop()
        stack.extend(children.get(q, []))
        try:
            with open(f"/proc/{q}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{q}/smaps_rollup") as f:
                lines = f.readlines()
            pss = sum(int(l.split()[1]) for l in lines if l.startswith("Pss:"))
            uss = sum(int(l.split()[1]) for l in lines if l.startswith(("Private_Clean:", "Private_Dirty:")))
            out[name] = out.get(name, 0) + pss
            out[" uss"] = out.get(" uss", 0) + uss
        except OSError:
            pass
    return out


def idle(app, data):
    p = subprocess.Popen([app, "--data-dir", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_window("Lawdesk", timeout=120), "no Lawdesk window"
    time.sleep(IDLE)
    m = pss_by_process(p.pid)
    kill_tree(p)
    time.sleep(1)
    return m


def main():
    apps = sys.argv[1:]
    data = os.environ.get("DATA")
    if not data:
        data = tempfile.mkdtemp(prefix="lawdesk-mem-")
        demo = os.environ.get("DEMO_CLIENTS")
        args = ["demo", "--clients", demo, "--seed", "1"] if demo else ["init"]
        subprocess.run([CLI, "--data-dir", data, *args], check=True, capture_output=True)
    results = {a: [] for a in apps}
    for _ in range(RUNS):
        for a in apps:
            results[a].append(idle(a, data))
    names = sorted({n for runs in results.values() for r in runs for n in r} - {" uss"})
    print("| binary | " + " | ".join(f"{n} PSS" for n in names) + " | total PSS (range) | total USS (range) |")
    print("| --- " * (len(names) + 3) + "|")
    for a, runs in results.items():
        cells = []
        for n in names:
            vals = [r.get(n, 0) / 1024 for r in runs]
            cells.append(f"{statistics.median(vals):.0f}")
        totals = [sum(v for k, v in r.items() if k != " uss") / 1024 for r in runs]
        uss = [r.get(" uss", 0) / 1024 for r in runs]
        span = lambda v: f"{statistics.median(v):.0f} ({min(v):.0f}–{max(v):.0f})"
        print(f"| {a} | " + " | ".join(cells) + f" | {span(totals)} | {span(uss)} |")


if __name__ == "__main__":
    main()
