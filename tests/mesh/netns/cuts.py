#!/usr/bin/env python3
"""The director's OSC listener of the netns mesh test (queries: mesh_netns_test.sh, in awk).

  listen HOST PORT OUT   receive datagrams until killed; one line each in
                         OUT: `MONO cut KIND VALUE EPOCH SEQ BEAT REASON`
                         for /lume/cut|scene|section ,siifs (docs/protocols.md),
                         `MONO junk` for anything else; MONO as in ticks.py
"""
import socket
import struct
import sys
import time

KINDS = {"/lume/cut": "camera", "/lume/scene": "scene", "/lume/section": "section"}


def osc_string(data, pos):
    end = data.index(b"\0", pos)
    return data[pos:end].decode("utf-8", "replace"), (end + 4) & ~3


def decode(data):
    address, pos = osc_string(data, 0)
    tags, pos = osc_string(data, pos)
    if address not in KINDS or tags != ",siifs":
        return None
    value, pos = osc_string(data, pos)
    epoch, seq, beat = struct.unpack(">iif", data[pos:pos + 12])
    reason, _ = osc_string(data, pos + 12)
    return f"cut {KINDS[address]} {value} {epoch} {seq} {beat:.3f} {reason}"


def listen(host, port, out):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, int(port)))
    with open(out, "a", buffering=1) as f:
        while True:
            data, _ = sock.recvfrom(2048)
            t = time.monotonic()
            try:
                line = decode(data) or "junk"
            except (ValueError, struct.error):
                line = "junk"
            f.write(f"{t:.6f} {line}\n")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
