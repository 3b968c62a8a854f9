"""A loopback port for a test's process to listen on.

Asking the kernel for port 0 and closing the socket hands out a port of the
ephemeral range, which the next outgoing connection of any process may take
before the test's process binds it (CI lost mesh.loopback that way). The
ports here come from just below the ephemeral range, which the kernel never
hands out by itself, and are checked free for TCP and UDP.
Run as a program, it prints one.
"""
import random
import socket


def ephemeral_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port():
    high = ephemeral_start()
    low = max(1024, high - 12000)
    for _ in range(200):
        port = random.randrange(low, high)
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp, \
                    socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                tcp.bind(("127.0.0.1", port))
                udp.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free loopback port in %d..%d" % (low, high - 1))


if __name__ == "__main__":
    print(free_port())
