"""Three lume-nodes (mac1, k11, mac5) on loopback, from config/<host>.caf
with command-line overrides (BASP over TLS, as the reference configs run it,
with a mesh CA made for the run by tools/lume ca / cert), and a listener for the movable `probe` ticker
(config: 127.0.0.1:9799). Shared by the mesh test and the mesh benchmarks."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from free_port import free_port  # noqa: E402

HOSTS = ["mac1", "k11", "mac5"]

# The reference configs want the inspection token in /etc/lume/inspect.token;
# the nodes here read it from a file of the test (--lume.inspect.token-file).
TOKEN = "mesh-harness-token"


class ProbeListener:
    """Collects (monotonic time, node, epoch, seq) of every probe datagram."""

    def __init__(self, port=9799):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.sock.settimeout(0.1)
        self.ticks = []
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                data, _ = self.sock.recvfrom(256)
            except socket.timeout:
                continue
            parts = data.decode(errors="replace").split()
            if len(parts) == 4 and parts[0] == "lume-tick":
                with self.lock:
                    self.ticks.append((time.monotonic(), parts[1], int(parts[2]), int(parts[3])))

    def since(self, t):
        with self.lock:
            return [x for x in self.ticks if x[0] >= t]

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


class Mesh:
    def __init__(self, build, source, log_dir, extra_args=(), config_dir=None):
        """config_dir: where <host>.caf are read from (default source/config)."""
        self.build, self.source, self.log_dir = build, source, log_dir
        self.config_dir = config_dir or os.path.join(source, "config")
        self.extra_args = list(extra_args)
        self.mesh_ports = {h: free_port() for h in HOSTS}
        self.inspect_ports = {h: free_port() for h in HOSTS}
        self.procs = {}
        self.certs = make_mesh_certs(source, os.path.join(log_dir, "certs"), HOSTS)
        self.token_file = os.path.join(log_dir, "inspect.token")
        with open(self.token_file, "w") as f:
            f.write(TOKEN + "\n")

    def start(self, host):
        peers = ",".join('"%s@127.0.0.1:%d"' % (o, self.mesh_ports[o]) for o in HOSTS if o != host)
        log = open(os.path.join(self.log_dir, host + ".log"), "a")
        self.procs[host] = subprocess.Popen(
            [os.path.join(self.build, "lume-node"),
             "--config", os.path.join(self.config_dir, host + ".caf"),
             "--lume.mesh.port=%d" % self.mesh_ports[host],
             "--lume.mesh.address=127.0.0.1",
             "--lume.mesh.peers=[%s]" % peers,
             "--lume.inspect-port=%d" % self.inspect_ports[host],
             "--lume.inspect.token-file=" + self.token_file,
             "--lume.clock.link=false"] + tls_args(self.certs, host) + self.extra_args,
            stdout=log, stderr=log)

    def start_all(self, timeout=20):
        """Starts every host and waits until each sees every node up."""
        for host in HOSTS:
            self.start(host)
        for host in HOSTS:
            wait_for(lambda: set(self.states(host).values()) == {"up"}, timeout,
                     host + " to see every node up")

    def signal(self, host, sig):
        self.procs[host].send_signal(sig)

    def kill9(self, host):
        self.procs[host].kill()
        self.procs[host].wait()

    def repl(self, host, command):
        out = subprocess.run(
            [os.path.join(self.build, "lume-repl"), "127.0.0.1:%d" % self.inspect_ports[host],
             "--token-file", self.token_file, "-c", command, "--json"],
            capture_output=True, text=True, timeout=10)
        if out.returncode != 0:
            raise RuntimeError("%s: %s: %s" % (host, command, out.stderr.strip()))
        return json.loads(out.stdout)

    def session(self, host):
        """A connection to HOST's inspection port (one command line, one answer line)."""
        return InspectSession(self.inspect_ports[host], TOKEN)

    def states(self, host):
        return {row["name"]: row["state"] for row in self.repl(host, "nodes")}

    def stop_all(self):
        codes = {}
        for host, proc in self.procs.items():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for host, proc in self.procs.items():
            try:
                codes[host] = proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                codes[host] = "hung"
        return codes


class InspectSession:
    """Commands without a lume-repl process each: fast enough to stream messages."""

    def __init__(self, port, token=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        self.file = self.sock.makefile("r")
        if token:
            self.ask("auth " + token)

    def ask(self, line):
        self.sock.sendall((line + "\n").encode())
        answer = json.loads(self.file.readline())
        if not answer["ok"]:
            raise RuntimeError("%s: %s" % (line, answer["error"]))
        return answer["data"]

    def close(self):
        self.file.close()
        self.sock.close()


def make_mesh_certs(source, folder, hosts):
    """A mesh CA in FOLDER and a certificate for each host (tools/lume ca / cert)."""
    lume = os.path.join(source, "tools", "lume")
    subprocess.run([lume, "ca", folder], check=True, stdout=subprocess.DEVNULL)
    for h in hosts:
        subprocess.run([lume, "cert", folder, h, "127.0.0.1"], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def tls_args(certs, host):
    """Overrides of a reference config's lume.mesh.tls files (TLS stays on)."""
    return ["--lume.mesh.tls.ca=" + os.path.join(certs, "ca.crt"),
            "--lume.mesh.tls.certificate=" + os.path.join(certs, host + ".crt"),
            "--lume.mesh.tls.key=" + os.path.join(certs, host + ".key")]


def wait_for(predicate, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except (RuntimeError, ValueError, KeyError):
            pass
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def senders(ticks):
    return {(node, epoch) for _, node, epoch, _ in ticks}
