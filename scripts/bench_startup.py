"""Starts the app RUNS times, each in a fresh data folder, and prints the
median start-up time and memory. Called by scripts/bench-startup."""

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

READY = re.compile(rb"shell interactive.*unix_ms=(\d+)")


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
    """PSS of a process tree, or RSS where smaps_rollup is missing."""
    total, kind = 0, "PSS"
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
        except (OSError, StopIteration):
            kind = "RSS"
            try:
                with open(f"/proc/{p}/status") as f:
                    total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            except (OSError, StopIteration):
                pass
    return total, kind


def wait_ready(log_dir, timeout=30.0):
    until = time.time() + timeout
    while time.time() < until:
        for path in glob.glob(os.path.join(log_dir, "*.log")):
            with open(path, "rb") as f:
                m = READY.search(f.read())
            if m:
                return int(m.group(1)) / 1000.0
        time.sleep(0.01)
    raise SystemExit("the app did not report ready within 30 s")


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


def main():
    app, runs = sys.argv[1], max(5, int(sys.argv[2]))
    starts, mems, cold, kind = [], [], True, "PSS"
    for i in range(runs):
        data = tempfile.mkdtemp(prefix="alongside-bench-")
        cold = drop_caches() and cold
        t0 = time.time()
        proc = subprocess.Popen([app, f"--data-dir={data}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ready = wait_ready(os.path.join(data, "logs"))
            starts.append((ready - t0) * 1000)
            time.sleep(10)
            kib, kind = memory_kib(proc.pid)
            mems.append(kib / 1024)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
            shutil.rmtree(data, ignore_errors=True)
        print(f"run {i + 1}: interactive after {starts[-1]:.0f} ms, {kind} {mems[-1]:.0f} MiB after 10 s idle")
    print()
    print(f"start to interactive: median {statistics.median(starts):.0f} ms, p95 {percentile(starts, 0.95):.0f} ms over {runs} starts"
          + (" (page cache dropped before each)" if cold else " (page cache not dropped: no permission)"))
    print(f"memory after 10 s idle ({kind}, app + WebKit processes): median {statistics.median(mems):.0f} MiB, max {max(mems):.0f} MiB")


if __name__ == "__main__":
    main()
