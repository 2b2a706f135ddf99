#!/usr/bin/env python3
"""Cold start and idle memory of Lawdesk, side by side with LibreOffice Calc opening the
same practice's client list as .xlsx (what many solo lawyers use today).

Run under a display (scripts/bench.sh starts Xvfb). Prints a Markdown table. Wall-clock
figures are from one run on one machine: compare the ratios, not the absolute numbers.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "target", "release", "lawdesk")
CLI = os.path.join(ROOT, "target", "release", "lawdesk-cli")
RUNS = int(os.environ.get("RUNS", "5"))


def tree_rss_kib(pid):
    """Memory of a process and all its descendants (WebKit helpers, soffice.bin): the sum of
    PSS (shared pages divided among the processes that share them), so libraries shared by
    the WebKit processes are not counted three times."""
    children = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(p))
        except (OSError, ValueError, IndexError):
            pass
    total, stack = 0, [pid]
    while stack:
        q = stack.pop()
        stack.extend(children.get(q, []))
        try:
            with open(f"/proc/{q}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def wait_window(name, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], capture_output=True)
        if r.returncode == 0 and r.stdout.strip():
            return True
        time.sleep(0.02)
    return False


def kill_tree(proc):
    subprocess.run(["pkill", "-TERM", "-P", str(proc.pid)], capture_output=True)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def lawdesk_first_paint(data):
    t0 = time.monotonic()
    out = subprocess.run([APP, "--data-dir", data], env={**os.environ, "LAWDESK_EXIT_AFTER_PAINT": "1"},
                         capture_output=True, text=True, timeout=120).stdout
    wall = (time.monotonic() - t0) * 1000
    inner = next(int(l.split("=")[1]) for l in out.splitlines() if l.startswith("first_paint_ms="))
    return inner, wall


def lawdesk_idle_rss(data):
    p = subprocess.Popen([APP, "--data-dir", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_window("Lawdesk"), "no Lawdesk window"
    time.sleep(5)
    rss = tree_rss_kib(p.pid)
    kill_tree(p)
    return rss


def calc_open(xlsx, profile):
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--norestore", "--nologo", "--calc", xlsx]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = wait_window(os.path.basename(xlsx))
    ms = (time.monotonic() - t0) * 1000
    time.sleep(5)
    rss = tree_rss_kib(p.pid)
    kill_tree(p)
    subprocess.run(["pkill", "-f", "soffice.bin"], capture_output=True)
    time.sleep(1)
    return (ms if ok else None), rss


def main():
    data = tempfile.mkdtemp(prefix="lawdesk-bench-")
    # DEMO_CLIENTS=20000 measures a practice of that size (idle memory grows with the
    # Dashboard's data); without it an empty data folder.
    demo = os.environ.get("DEMO_CLIENTS")
    if demo:
        subprocess.run([CLI, "--data-dir", data, "demo", "--clients", demo, "--seed", "1"], check=True, capture_output=True)
    else:
        subprocess.run([CLI, "--data-dir", data, "init"], check=True, capture_output=True)
    paints = [lawdesk_first_paint(data) for _ in range(RUNS)]
    inner = statistics.median(p[0] for p in paints)
    wall = statistics.median(p[1] for p in paints)
    rss = lawdesk_idle_rss(data)
    rows = [("Lawdesk: cold start to first paint (in-app clock, median)", f"{inner:.0f} ms"),
            ("Lawdesk: launch to painted window, wall clock (median)", f"{wall:.0f} ms"),
            ("Lawdesk: idle memory (PSS), app + WebKit processes", f"{rss / 1024:.0f} MiB")]
    calc = None
    xlsx = os.environ.get("COMPARE_XLSX")
    if xlsx and shutil.which("soffice") and shutil.which("xdotool"):
        profile = tempfile.mkdtemp(prefix="lo-profile-")
        # The first run creates the profile and is not counted; no window at all means a
        # LibreOffice without its GUI (e.g. Debian's -nogui package): skip the comparison.
        first = calc_open(xlsx, profile)
        results = [calc_open(xlsx, profile) for _ in range(RUNS)] if first[0] is not None else []
        opened = [r[0] for r in results if r[0] is not None]
        if opened:
            calc = (statistics.median(opened), statistics.median(r[1] for r in results))
            rows.append(("LibreOffice Calc: launch to window with the client list .xlsx (median)", f"{calc[0]:.0f} ms"))
            rows.append(("LibreOffice Calc: idle memory (PSS) with the list open", f"{calc[1] / 1024:.0f} MiB"))
            rows.append(("Ratio, start (Calc ÷ Lawdesk, wall clock)", f"{calc[0] / wall:.1f}×"))
            rows.append(("Ratio, memory (Calc ÷ Lawdesk)", f"{calc[1] / rss:.1f}×"))
    # Headless: open the data and answer (CLI) vs LibreOffice reading the .xlsx headless.
    def timed(cmd):
        t0 = time.monotonic()
        subprocess.run(cmd, capture_output=True, check=True, timeout=120)
        return (time.monotonic() - t0) * 1000
    cli_ms = statistics.median(timed([CLI, "--data-dir", data, "status"]) for _ in range(RUNS * 4))
    rows.append(("lawdesk-cli status: process start, open + check the database, answer (median)", f"{cli_ms:.1f} ms"))
    if xlsx and shutil.which("soffice"):
        profile = tempfile.mkdtemp(prefix="lo-headless-")
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--cat", xlsx]
        timed(cmd)
        lo_ms = statistics.median(timed(cmd) for _ in range(RUNS))
        rows.append(("soffice --headless --cat clients.xlsx (median)", f"{lo_ms:.0f} ms"))
        rows.append(("Ratio, headless read (LibreOffice ÷ lawdesk-cli)", f"{lo_ms / cli_ms:.0f}×"))
    print("| measurement | figure |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
