#!/usr/bin/env python3
"""UDP ends for netem_queue_test.sh (lume-netem's self-check).

  netem_udp.py echo ADDR PORT                      echo every datagram back
  netem_udp.py rtt ADDR PORT COUNT GAP_MS          one probe at a time: median RTT
  netem_udp.py burst ADDR PORT COUNT GAP_MS WAIT_MS  numbered datagrams, then
                                                   the order their echoes came in

rtt prints `answered N median_ms X`; burst prints `sent N` once all are
sent, then `received M inversions K elapsed_ms T` (K: echoes that came after
one numbered higher; T: from the first send to the last echo).
"""
import socket
import statistics
import sys
import time


def echo(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("ready", flush=True)
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)


def rtt(addr, port, count, gap_ms):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    times = []
    for i in range(count):
        tag = f"rtt {i}".encode()
        t0 = time.monotonic()
        s.sendto(tag, (addr, port))
        try:
            while True:
                data, _ = s.recvfrom(2048)
                if data == tag:
                    times.append((time.monotonic() - t0) * 1000)
                    break
        except socket.timeout:
            pass
        time.sleep(gap_ms / 1000)
    median = statistics.median(times) if times else -1
    print(f"answered {len(times)} median_ms {median:.2f}")


def burst(addr, port, count, gap_ms, wait_ms):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    order = []
    t0 = time.monotonic()
    last = t0

    def drain():
        nonlocal last
        while True:
            try:
                data, _ = s.recvfrom(2048)
            except BlockingIOError:
                return
            if data.startswith(b"burst "):
                order.append(int(data.split()[1]))
                last = time.monotonic()

    for i in range(count):
        s.sendto(f"burst {i}".encode(), (addr, port))
        drain()
        time.sleep(gap_ms / 1000)
    print(f"sent {count}", flush=True)
    deadline = time.monotonic() + wait_ms / 1000
    while len(order) < count and time.monotonic() < deadline:
        time.sleep(0.002)
        drain()
    highest, inversions = -1, 0
    for n in order:
        if n < highest:
            inversions += 1
        highest = max(highest, n)
    print(f"received {len(set(order))} inversions {inversions} "
          f"elapsed_ms {(last - t0) * 1000:.0f}")


def main(argv):
    try:
        cmd, addr, port = argv[1], argv[2], int(argv[3])
        nums = [int(x) for x in argv[4:]]
        if cmd == "echo" and not nums:
            echo(addr, port)
        elif cmd == "rtt" and len(nums) == 2:
            rtt(addr, port, *nums)
        elif cmd == "burst" and len(nums) == 3:
            burst(addr, port, *nums)
        else:
            raise ValueError(cmd)
    except (IndexError, ValueError):
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
