"""Starts a bare Tauri 2 window and the app (on its unlock screen and on
Today) RUNS times each, interleaved, and prints the median time from process
start to interactive and the memory after 10 s idle. Called by
scripts/bench-startup, inside a desktop session (Xvfb, session bus,
gnome-keyring, dunst).

Usage: bench_startup.py APP BARE PREPARE RUNS cold|warm
"""

import glob
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(rb"shell interactive.*?unix_ms=(\d+)")
BREAKDOWN = re.compile(rb"start-up (\w[\w ]*?) after_ms=(\d+)")


def descendants(pid):
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_kib(pid):
    """PSS of a process tree (or RSS where smaps_rollup is missing), the
    kind, and the same split by process name (the app, WebKit's web and
    network processes)."""
    total, kind, parts = 0, "PSS", {}
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                kib = next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
        except (OSError, StopIteration):
            kind = "RSS"
            try:
                with open(f"/proc/{p}/status") as f:
                    kib = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            except (OSError, StopIteration):
                kib = 0
        total += kib
        parts[name] = parts.get(name, 0) + kib
    return total, kind, parts


def parts_text(parts):
    """"app 61 + WebKitWebProcess 190 + WebKitNetworkProcess 50 MiB"."""
    return " + ".join(f"{name} {kib / 1024:.0f}" for name, kib in sorted(parts.items(), key=lambda kv: -kv[1])) + " MiB"


def log_sizes(log_dir):
    return {p: os.path.getsize(p) for p in glob.glob(os.path.join(log_dir, "*.log"))}


def new_log_text(log_dir, before):
    text = b""
    for path in glob.glob(os.path.join(log_dir, "*.log")):
        with open(path, "rb") as f:
            f.seek(before.get(path, 0))
            text += f.read()
    return text


def wait_ready(log_dir, before, timeout=30.0):
    until = time.time() + timeout
    while time.time() < until:
        m = READY.search(new_log_text(log_dir, before))
        if m:
            return int(m.group(1)) / 1000.0
        time.sleep(0.005)
    raise SystemExit(f"nothing reported ready within 30 s (logs in {log_dir})")


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start(command, data, cold, env=None):
    """One start: (ms to interactive, MiB after 10 s idle, kind, the app's own breakdown, MiB by process)."""
    log_dir = os.path.join(data, "logs")
    before = log_sizes(log_dir)
    if cold and not drop_caches():
        raise SystemExit("dropping the page cache needs root; run with the warm switch instead")
    t0 = time.time()
    proc = subprocess.Popen(
        command + [f"--data-dir={data}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    try:
        ready = wait_ready(log_dir, before)
        time.sleep(10)
        kib, kind, parts = memory_kib(proc.pid)
        marks = {m.group(1).decode(): int(m.group(2)) for m in BREAKDOWN.finditer(new_log_text(log_dir, before))}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return (ready - t0) * 1000, kib / 1024, kind, marks, parts


def main():
    app, bare, prepare, runs, mode = sys.argv[1], sys.argv[2], sys.argv[3], max(5, int(sys.argv[4])), sys.argv[5]
    cold = mode == "cold"
    work = tempfile.mkdtemp(prefix="alongside-bench-")
    try:
        dirs = {name: os.path.join(work, name) for name in ("bare", "unlock", "today")}
        subprocess.run([prepare, f"--data-dir={dirs['unlock']}"], check=True)
        subprocess.run([prepare, f"--data-dir={dirs['today']}", "--auto-unlock"], check=True)
        scenarios = [
            ("bare Tauri 2 window", [bare], dirs["bare"], None),
            ("Alongside, unlock screen", [app], dirs["unlock"], None),
            ("Alongside, Today (keyring unlock)", [app], dirs["today"], None),
        ]
        # BENCH_APP_ENV="NAME=value" adds both app scenarios again with that
        # setting, to compare one in the same run (e.g. a WebKit switch).
        extra = os.environ.get("BENCH_APP_ENV")
        if extra:
            name, _, value = extra.partition("=")
            scenarios += [(f"{label}, {extra}", command, data, {name: value}) for label, command, data, _ in scenarios[1:3]]
        # BENCH_APP_B=path adds both app scenarios again with another build
        # of the app (say, main's), to compare two builds in the same run.
        other = os.environ.get("BENCH_APP_B")
        if other:
            scenarios += [(f"{label}, build B", [other], data, None) for label, _, data, _ in scenarios[1:3]]
        # One start of each first, not counted: WebKit makes its caches and
        # storage, as it does once on a member's machine.
        for _, command, data, env in scenarios:
            start(command, data, False, env)
        results = {name: ([], [], {}) for name, _, _, _ in scenarios}
        kind = "PSS"
        for i in range(runs):
            # Interleaved, and rotated, so no scenario always follows another.
            order = scenarios[i % len(scenarios) :] + scenarios[: i % len(scenarios)]
            for name, command, data, env in order:
                ms, mib, kind, marks, parts = start(command, data, cold, env)
                times, mems, breakdown = results[name]
                times.append(ms)
                mems.append(mib)
                for mark, at in marks.items():
                    breakdown.setdefault(mark, []).append(at)
                print(f"run {i + 1}, {name}: interactive after {ms:.0f} ms, {kind} {mib:.0f} MiB after 10 s idle ({parts_text(parts)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    how = "page cache dropped before each start" if cold else "warm: page cache kept"
    print(f"{runs} starts each, {how}; memory is {kind} of the app and its WebKit processes")
    floor = statistics.median(results[scenarios[0][0]][0])
    for name, _, _, _ in scenarios:
        times, mems, breakdown = results[name]
        median = statistics.median(times)
        print(
            f"  {name:44} interactive median {median:5.0f} ms (p95 {percentile(times, 0.95):5.0f}, "
            f"{median / floor:4.2f}x bare), memory median {statistics.median(mems):4.0f} MiB (max {max(mems):.0f})"
        )
        if breakdown:
            marks = ", ".join(f"{mark} {statistics.median(at):.0f}" for mark, at in sorted(breakdown.items(), key=lambda kv: statistics.median(kv[1])))
            print(f"  {'':44} after process start (median ms): {marks}")


if __name__ == "__main__":
    main()
