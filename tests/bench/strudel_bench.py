#!/usr/bin/env python3
"""Benchmarks of the Strudel host and bridge (figures in docs/performance.md).

  strudel_bench.py BUILD_DIR SOURCE_DIR latency [N]
      param change at lume-node (`send strudel music_params` on the
      inspection port) -> first /dirt/play carrying it: arrival and timetag,
      p50/p99/max over N changes (default 200); no Link.
  strudel_bench.py BUILD_DIR SOURCE_DIR grid [SECONDS]
      in a private network namespace: lume-node with Link on and link-peer
      (an independent Link peer) that receives the /dirt/play datagrams and
      stamps each with its own Link state. Each timetag (NTP, wall clock) is
      carried to CLOCK_MONOTONIC_RAW and placed on link-peer's beat grid:
      |error| p50/p99/max; link-peer changes the tempo halfway and the first
      events scheduled at the new tempo are checked the same way.
  strudel_bench.py BUILD_DIR SOURCE_DIR grid-check [SECONDS]
      the same as a test (ctest strudel.grid_netns): fails when any event is
      more than 5 ms off link-peer's grid or on another bar (a wrong clock
      mapping is off by the RAW/MONOTONIC difference, 192 ms on this box).
  strudel_bench.py BUILD_DIR SOURCE_DIR cpu [SECONDS]
      the host's CPU at 48 haps per cycle and its query time per cycle.
"""
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from free_port import free_port  # noqa: E402

NTP_UNIX = 2208988800


def inspect(port, command):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall((command + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    answer = json.loads(data)
    if not answer.get("ok"):
        raise RuntimeError(f"{command}: {answer.get('error')}")
    return answer["data"]


def osc_string(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode(), (end + 4) & ~3


def parse_dirt(data):
    """(unix seconds of the timetag, controls) of a /dirt/play bundle."""
    if data[:8] != b"#bundle\0":
        raise ValueError("not a bundle")
    seconds, fractions = struct.unpack(">II", data[8:16])
    size = struct.unpack(">i", data[16:20])[0]
    msg = data[20:20 + size]
    address, offset = osc_string(msg, 0)
    tags, offset = osc_string(msg, offset)
    args = []
    for tag in tags[1:]:
        if tag == "i":
            args.append(struct.unpack(">i", msg[offset:offset + 4])[0]); offset += 4
        elif tag == "f":
            args.append(struct.unpack(">f", msg[offset:offset + 4])[0]); offset += 4
        elif tag == "d":
            args.append(struct.unpack(">d", msg[offset:offset + 8])[0]); offset += 8
        elif tag == "s":
            value, offset = osc_string(msg, offset); args.append(value)
        elif tag in "TF":
            args.append(tag == "T")
        elif tag == "N":
            args.append(None)
        else:
            raise ValueError(f"type tag {tag}")
    return seconds - NTP_UNIX + fractions / 2**32, dict(zip(args[::2], args[1::2])), address


def unix_minus_raw_us():
    """CLOCK_REALTIME - CLOCK_MONOTONIC_RAW in µs, from the tightest of 200 brackets."""
    best = None
    for _ in range(200):
        a = time.clock_gettime_ns(time.CLOCK_MONOTONIC_RAW)
        u = time.time_ns()
        b = time.clock_gettime_ns(time.CLOCK_MONOTONIC_RAW)
        if best is None or b - a < best[0]:
            best = (b - a, u / 1000 - (a + b) / 2000)
    return best[1]


def percentiles(values):
    if not values:
        return "n=0"
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return f"n={len(values)} p50={pick(0.5):.3f} p90={pick(0.9):.3f} p99={pick(0.99):.3f} max={values[-1]:.3f}"


def node_config(inspect_port, host_port, osc, code, link, lookahead=100):
    return f"""[lume]
node = "bench"
inspect-port = {inspect_port}
log-level = "warn"
actors = [
  {{ name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 5, period = 5s }},
  {{ name = "strudel-host", kind = "port", supervisor = "root",
    options = {{ command = ["node", "{SOURCE}/tools/strudel-host/main.mjs", "--port", "{host_port}",
                           "--address", "127.0.0.1", "--osc", "{osc}", "--lookahead", "{lookahead}"],
                ready = "strudel-host listening", stdout-level = "debug" }} }},
  {{ name = "strudel", kind = "strudel", supervisor = "root",
    options = {{ host = "127.0.0.1:{host_port}", max-rate = 100, code = "{code}" }} }},
]
[lume.clock]
link = {"true" if link else "false"}
tempo = 120.0
quantum = 4.0
"""


def start_node(config):
    directory = tempfile.mkdtemp(prefix="lume-strudel-bench-")
    path = os.path.join(directory, "node.caf")
    with open(path, "w") as f:
        f.write(config)
    return subprocess.Popen([os.path.join(BUILD, "lume-node"), "--config", path],
                            stdout=subprocess.DEVNULL)


def wait_playing(inspect_port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            state = inspect(inspect_port, "inspect strudel")
            if state["connection"] == "connected" and state["host_health"].get("events_per_s", 0) > 0:
                return state
        except (OSError, RuntimeError, json.JSONDecodeError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the host did not start playing")


def latency(count):
    inspect_port, host_port = free_port(), free_port()
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    osc = f"127.0.0.1:{receiver.getsockname()[1]}"
    code = "s('hh*32').gain(param('energy'))"
    node = start_node(node_config(inspect_port, host_port, osc, code, link=False))
    try:
        wait_playing(inspect_port)
        arrival, timetag = [], []
        receiver.settimeout(2)
        for i in range(count):
            value = round(0.1 + 0.8 * ((i * 37) % 100) / 100 + i * 1e-5, 6)
            changed = time.time()
            inspect(inspect_port, 'send strudel {"type":"music_params","values":{"energy":%r}}' % value)
            while True:
                data = receiver.recv(65536)
                arrived = time.time()
                unix, controls, _ = parse_dirt(data)
                if abs(controls.get("gain", -1) - value) < 1e-6:
                    arrival.append((arrived - changed) * 1000)
                    timetag.append((unix - changed) * 1000)
                    break
            time.sleep(0.05)
        print(f"param change -> first /dirt/play carrying it, 32 haps per cycle at 120 BPM (62.5 ms apart), lookahead 100 ms")
        print(f"  arrival of the datagram, ms: {percentiles(arrival)}")
        print(f"  its timetag (when it sounds), ms: {percentiles(timetag)}")
    finally:
        node.terminate()
        node.wait(10)


def grid(seconds, check=False):
    inspect_port, host_port, peer_port = free_port(), free_port(), free_port()
    peer = subprocess.Popen([os.path.join(BUILD, "tools/link-peer/link-peer"), "--tempo", "120",
                             "--tempo-on-usr1", "132", "--seconds", "900",
                             "--print-interval", "1000", "--receive", str(peer_port)],
                            stdout=subprocess.PIPE, text=True)
    code = "s('hh*4')"
    node = start_node(node_config(inspect_port, host_port, f"127.0.0.1:{peer_port}", code, link=True))
    try:
        # Half the run at 120 BPM once the host plays, then link-peer sets
        # 132 BPM (SIGUSR1) for the other half.
        wait_playing(inspect_port, 90)
        offset_before = unix_minus_raw_us()
        time.sleep(seconds / 2)
        peer.send_signal(signal.SIGUSR1)
        time.sleep(seconds / 2)
        peer.terminate()
        out, _ = peer.communicate(timeout=30)
        offset_after = unix_minus_raw_us()
    finally:
        if peer.poll() is None:
            peer.kill()
        node.terminate()
        node.wait(10)
    offset = (offset_before + offset_after) / 2
    change_raw = None
    errors_old, errors_new, bars_off, first_new = [], [], 0, None
    late_old = 0
    for line in out.splitlines():
        if not line.startswith("recv "):
            continue
        fields = dict(item.split("=", 1) for item in line.split()[1:])
        t_arr, tempo, beat = int(fields["t_us"]), float(fields["tempo"]), float(fields["beat"])
        unix, controls, _ = parse_dirt(bytes.fromhex(fields["data"]))
        t_event = unix * 1e6 - offset
        event_beat = beat + (t_event - t_arr) * tempo / 60e6
        error_ms = (event_beat - round(event_beat)) * 60000 / tempo
        if round(event_beat) % 4 != round(controls["cycle"] * 4) % 4:
            bars_off += 1
        new_tempo = abs(tempo - 132) < 1e-6
        if new_tempo and change_raw is None:
            change_raw = t_arr
        scheduled_new = abs(controls["cps"] * 240 - 132) < 1e-3
        if new_tempo and not scheduled_new:
            late_old += 1  # queried before the node learned of the change
            continue
        if scheduled_new:
            if first_new is None:
                first_new = error_ms
            errors_new.append(abs(error_ms))
        elif not new_tempo:
            errors_old.append(abs(error_ms))
    print(f"/dirt/play timetags on link-peer's Link grid (one event per beat, wall clock -> RAW offset "
          f"drifted {offset_after - offset_before:.1f} us over the run)")
    print(f"  at 120 BPM, |error| ms: {percentiles(errors_old)}")
    print(f"  after link-peer set 132 BPM: first event scheduled at the new tempo: error {first_new if first_new is None else round(first_new, 3)} ms; "
          f"all new-tempo events |error| ms: {percentiles(errors_new)}")
    print(f"  events already sent at the old tempo that sound after the change: {late_old}; "
          f"events whose cycle disagrees with link-peer's bar: {bars_off}")
    if check:
        worst = max(errors_old + errors_new, default=None)
        if not errors_old or not errors_new or worst > 5 or bars_off:
            print(f"FAIL: events before/after the change {len(errors_old)}/{len(errors_new)}, "
                  f"worst {worst} ms, {bars_off} on another bar")
            sys.exit(1)
        print("ok")


def cpu(seconds):
    inspect_port, host_port = free_port(), free_port()
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    code = ("stack(s('hh*16').gain(param('energy', 0.5)), note('[c3 e3 g3 b3]*4').s('sawtooth')"
            ".lpf(param('brightness', 0.5).range(300, 3000)), s('bd*8, sd*8'))")
    node = start_node(node_config(inspect_port, host_port, f"127.0.0.1:{receiver.getsockname()[1]}", code, link=False))
    try:
        wait_playing(inspect_port)
        pid = inspect(inspect_port, "inspect strudel-host")["pid"]
        tick = os.sysconf("SC_CLK_TCK")

        def cpu_s():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick

        time.sleep(3)
        before = inspect(inspect_port, "inspect strudel")["host_health"]
        c0, t0 = cpu_s(), time.time()
        # Params change 50 times a second meanwhile, as the mapper sends them.
        end = t0 + seconds
        i = 0
        while time.time() < end:
            i += 1
            inspect(inspect_port, 'send strudel {"type":"music_params","values":{"energy":%f,"brightness":%f}}'
                    % (0.5 + 0.4 * ((i % 10) / 10), 0.3 + 0.05 * (i % 7)))
            time.sleep(0.02)
        c1, t1 = cpu_s(), time.time()
        after = inspect(inspect_port, "inspect strudel")["host_health"]
        cycles = after["cycle"] - before["cycle"]
        haps = after["haps"] - before["haps"]
        queries = after["queries"] - before["queries"]
        query_ms = after["query_ms"] - before["query_ms"]
        print(f"host at {haps / cycles:.1f} haps per cycle (120 BPM, 2 s cycles), params at ~50 Hz, {t1 - t0:.0f} s:")
        print(f"  CPU {100 * (c1 - c0) / (t1 - t0):.1f} % of a core; query time {query_ms / cycles:.2f} ms per cycle "
              f"({query_ms / queries * 1000:.0f} us per query, {queries / cycles:.0f} queries per cycle)")
    finally:
        node.terminate()
        node.wait(10)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    BUILD, SOURCE, mode = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    arg = float(sys.argv[4]) if len(sys.argv) > 4 else None
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if mode == "latency":
        latency(int(arg or 200))
    elif mode in ("grid", "grid-check"):
        if os.environ.get("LUME_BENCH_NETNS") != "1":
            if subprocess.run(["unshare", "-n", "true"]).returncode != 0:
                print("SKIP: needs root and unshare -n")
                sys.exit(77)
            os.execvp("unshare", ["unshare", "-n", "bash", "-c",
                                  "ip link set lo up && ip link set lo multicast on && "
                                  "ip route add 224.0.0.0/4 dev lo && LUME_BENCH_NETNS=1 exec python3 \"$@\"",
                                  "bash", *sys.argv])
        grid(arg or 20, check=mode == "grid-check")
    elif mode == "cpu":
        cpu(arg or 20)
    else:
        print(__doc__)
        sys.exit(2)
