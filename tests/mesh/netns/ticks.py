#!/usr/bin/env python3
"""The probe listener of the netns mesh tests (queries: netns_lib.sh, in awk).

  listen HOST PORT OUT   receive datagrams until killed; one line each in
                         OUT: `MONO lume-tick NODE EPOCH SEQ`, MONO being
                         time.monotonic() in seconds with 6 decimals
                         (CLOCK_MONOTONIC is system-wide, the same in every
                         network namespace)
  offset                 realtime_us - monotonic_us, to turn bash's
                         $EPOCHREALTIME into the listener's clock
"""
import socket
import sys
import time


def listen(host, port, out):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((host, int(port)))
    with open(out, "a", buffering=1) as f:
        while True:
            data, _ = sock.recvfrom(2048)
            t = time.monotonic()
            text = data.decode("ascii", "replace").strip().replace("\n", " ")
            f.write(f"{t:.6f} {text}\n")


def main(argv):
    if len(argv) == 5 and argv[1] == "listen":
        listen(argv[2], argv[3], argv[4])
    elif len(argv) == 2 and argv[1] == "offset":
        print(int(time.time() * 1e6) - int(time.monotonic() * 1e6))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
