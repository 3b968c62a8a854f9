#!/usr/bin/env python3
"""First arrival of each /lume/param/energy value >= 1 in link-peer's output.

link-peer --receive prints `recv t_us=... tempo=... beat=... phase=... data=HEX`
per datagram; the mapper's datagrams are OSC bundles of `/lume/param/NAME f`.
Prints one line per value, in value order: `VALUE PHASE TEMPO`.
usage: osc_arrivals.py LINK_PEER_OUTPUT
"""
import struct
import sys

address = b"/lume/param/energy\0"
seen = {}
for line in open(sys.argv[1]):
    if not line.startswith("recv "):
        continue
    kv = dict(x.split("=", 1) for x in line.split()[1:])
    data = bytes.fromhex(kv["data"])
    at = data.find(address)
    tag = data.find(b",f\0\0", at)
    if at < 0 or tag < 0:
        continue
    value = struct.unpack(">f", data[tag + 4:tag + 8])[0]
    seen.setdefault(value, (kv["phase"], kv["tempo"]))
for value, (phase, tempo) in sorted(seen.items()):
    if value >= 1:
        print(f"{value:g} {phase} {tempo}")
