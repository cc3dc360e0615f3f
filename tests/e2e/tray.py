#!/usr/bin/env python3
"""Finds the app's tray menu (dbusmenu, exported with its StatusNotifierItem)
on the session bus, prints its labels as JSON and clicks the item labelled
argv[2]. argv[1] is the app's data folder, which tells its process apart."""
import json

import sys
import xml.etree.ElementTree as ET

import dbus

from app_pids import app_pids

data_dir, wanted = sys.argv[1], sys.argv[2]
pids = app_pids(data_dir)
bus = dbus.SessionBus()
daemon = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
names = [n for n in daemon.ListNames(dbus_interface="org.freedesktop.DBus") if n.startswith(":")]

def pid_of(name):
    try:
        return int(daemon.GetConnectionUnixProcessID(name, dbus_interface="org.freedesktop.DBus"))
    except dbus.DBusException:
        return None

def objects(name, path="/"):
    """(path, interfaces) of every object `name` exports."""
    try:
        xml = bus.get_object(name, path, introspect=False).Introspect(
            dbus_interface="org.freedesktop.DBus.Introspectable", timeout=3
        )
    except dbus.DBusException:
        return
    node = ET.fromstring(str(xml))
    yield path, {i.get("name") for i in node.findall("interface")}
    for child in node.findall("node"):
        yield from objects(name, path.rstrip("/") + "/" + child.get("name"))

found = None
for name in names:
    if pid_of(name) not in pids:
        continue
    paths = dict(objects(name))
    items = [p for p, i in paths.items() if "org.kde.StatusNotifierItem" in i]
    menus = [p for p, i in paths.items() if "com.canonical.dbusmenu" in i]
    if items and menus:
        found = (name, menus[0])
        break
if not found:
    sys.exit(f"no StatusNotifierItem with a dbusmenu from pids {sorted(pids)}")

name, path = found
menu = dbus.Interface(bus.get_object(name, path), "com.canonical.dbusmenu")
_, (_, _, children) = menu.GetLayout(0, -1, ["label"])
entries = [(int(c[0]), str(c[1].get("label", "")).replace("_", "")) for c in children]
print(json.dumps([label for _, label in entries]))
target = next(i for i, label in entries if label == wanted)
menu.Event(target, "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0))
