#!/usr/bin/env python3
"""The window manager's part in the end-to-end desktop, which has none:
`close` sends the app's window WM_DELETE_WINDOW (what a title bar's close
button does), `state` prints whether it is mapped (shown) or not, `unmapped`
prints "ready", then the wall-clock time in ms at which the X server unmapped
it (within 10 s). argv[2] is the app's data folder, which tells its process
apart."""

import signal
import sys
import time

from Xlib import X, display, protocol

from app_pids import app_pids

action, data_dir = sys.argv[1], sys.argv[2]
pids = app_pids(data_dir)
d = display.Display()
PID = d.intern_atom("_NET_WM_PID")
PROTOCOLS = d.intern_atom("WM_PROTOCOLS")
DELETE = d.intern_atom("WM_DELETE_WINDOW")

def windows(w):
    for child in w.query_tree().children:
        prop = child.get_full_property(PID, X.AnyPropertyType)
        if prop and prop.value[0] in pids and child.get_wm_name():
            yield child
        yield from windows(child)

# The main window is the app's titled toplevel (GTK also makes hidden helpers).
main = next((w for w in windows(d.screen().root) if "Alongside" in (w.get_wm_name() or "")), None)
if main is None:
    sys.exit(f"no window titled Alongside from pids {sorted(pids)}")
if action == "state":
    print("shown" if main.get_attributes().map_state == X.IsViewable else "hidden")
elif action == "close":
    event = protocol.event.ClientMessage(window=main, client_type=PROTOCOLS, data=(32, [DELETE, X.CurrentTime, 0, 0, 0]))
    main.send_event(event)
    d.flush()
elif action == "unmapped":
    main.change_attributes(event_mask=X.StructureNotifyMask)
    d.sync()
    signal.alarm(10)
    print("ready", flush=True)
    while True:
        event = d.next_event()
        if event.type == X.UnmapNotify and event.window == main:
            print(f"{time.time() * 1000:.1f}", flush=True)
            break
else:
    sys.exit(f"unknown action {action}")
