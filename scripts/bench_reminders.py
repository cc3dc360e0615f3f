"""Called by scripts/bench-reminders inside a desktop session.
Usage: bench_reminders.py APP PREPARE COUNT"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench_startup import descendants, log_sizes, memory_kib, new_log_text, parts_text, wait_ready  # noqa: E402

SHOWN = re.compile(rb"reminder shown late_ms=(-?\d+) on_desktop=(\w+)")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / TICKS


def main():
    app, prepare, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = tempfile.mkdtemp(prefix="alongside-bench-reminders-")
    subprocess.run([prepare, f"--data-dir={data}", "--auto-unlock", f"--reminders={count}"], check=True)
    due_from = time.time() // 60 * 60 + 180
    logs = os.path.join(data, "logs")
    before = log_sizes(logs)
    proc = subprocess.Popen([app, f"--data-dir={data}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(logs, before)
        time.sleep(10)
        pss, kind, parts = memory_kib(proc.pid)
        cpu0, t0 = cpu_seconds(proc.pid), time.time()
        time.sleep(60)
        cpu = (cpu_seconds(proc.pid) - cpu0) / (time.time() - t0) * 100
        if time.time() > due_from:
            raise SystemExit("the idle minute ran into the first reminders; run again")
        last_due = due_from + (count - 1) // 10 * 60
        while time.time() < last_due + 15:
            time.sleep(1)
        shown = SHOWN.findall(new_log_text(logs, before))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    late = [int(ms) for ms, _ in shown]
    on_desktop = sum(1 for _, d in shown if d == b"true")
    print(f"idle memory ({kind}, app + WebKit, after 10 s): {pss / 1024:.0f} MiB ({parts_text(parts)})")
    print(f"idle CPU over 60 s: {cpu:.2f} % of one core")
    print(f"reminders due: {count}; shown: {len(late)} ({on_desktop} by the desktop's notification service)")
    if late:
        print(f"lateness (shown - due): median {statistics.median(late)} ms, max {max(late)} ms, min {min(late)} ms")
    print(f"duplicates: {max(0, len(late) - count)}")


if __name__ == "__main__":
    main()
