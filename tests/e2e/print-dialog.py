#!/usr/bin/env python3
"""Answers the desktop's print dialog as a member without a printer would:
the one printer is GTK's "Print to File", which writes output.pdf into the
app's working folder (GTK's default); Enter prints. Prints the new PDF's
path (the caller removes it)."""

import os
import subprocess
import sys
import time

started = time.time()


def dialog():
    for _ in range(150):
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Print$"], capture_output=True, text=True)
        if found.stdout.split():
            return found.stdout.split()[-1]
        time.sleep(0.2)
    sys.exit("no print dialog appeared")


def new_pdf():
    # The app runs in this script's working folder (both are started from the test run's).
    path = os.path.join(os.getcwd(), "output.pdf")
    if os.path.exists(path) and os.path.getmtime(path) >= started - 1:
        return path
    return None


window = dialog()
# The printer list fills in a moment after the dialog shows.
time.sleep(1.5)
subprocess.run(["xdotool", "windowfocus", window], check=False)
time.sleep(0.3)
# The printer list has the focus: choose its one printer, then print (row activation prints).
subprocess.run(["xdotool", "key", "Down"], check=True)
time.sleep(0.5)
subprocess.run(["xdotool", "key", "Return"], check=True)
for _ in range(100):
    path = new_pdf()
    if path and os.path.getsize(path) > 0:
        time.sleep(0.5)
        print(path)
        sys.exit(0)
    time.sleep(0.2)
sys.exit("no PDF was written")
