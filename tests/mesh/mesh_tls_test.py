#!/usr/bin/env python3
"""Mesh membership over TLS, as real processes in a private network
namespace (loopback only). a and b hold certificates of one mesh CA; c holds
a certificate of another CA and d speaks plain BASP (no certificate).
Checked (ctest mesh.tls): a and b form the mesh and a named message from a
reaches b's mapper; neither c nor d is ever up for a, a's names stay unknown
to them (what they send never arrives), and a's log names each refused peer:
those a dials by name and address, those dialing a by address; the
refusals, repeated every reconnect interval, never take down the a-b link (CAF 0.17.6's OpenSSL module once closed every healthy
connection after the first failed one: system/mesh/openssl_error_queue.cpp);
a node whose certificate the configured CA did not sign does not start.
usage: mesh_tls_test.py BUILD_DIR SOURCE_DIR (exit 77: no namespace)"""

import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from free_port import free_port  # noqa: E402

NODES = ["a", "b", "c", "d"]
TRUSTED = {"a", "b"}
# Who dials whom: a lists every other node, as a config naming a machine that
# turned out to be someone else's (c) or not upgraded (d).
PEERS = {"a": ["b", "c", "d"], "b": ["a"], "c": ["a"], "d": ["a"]}
OVERRIDE = '{"type":"music_params","values":{"energy":0.5}}'


def in_private_namespace():
    """Re-runs this script in a network namespace of its own (exit 77 if
    this user cannot create one)."""
    if os.environ.get("LUME_TLS_TEST_NS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIP: cannot create a network namespace:", probe.stderr.strip())
        sys.exit(77)
    env = dict(os.environ, LUME_TLS_TEST_NS="1")
    sys.exit(subprocess.run(["unshare", "-n", sys.executable] + sys.argv, env=env).returncode)


def config(node, mesh_port, inspect_port, ports, certs):
    peers = ", ".join('"%s@127.0.0.1:%d"' % (p, ports[p]) for p in PEERS[node])
    tls = ""
    if node != "d":
        tls = ('tls = { enabled = true, ca = "%s/ca.crt", '
               'certificate = "%s/%s.crt", key = "%s/%s.key" }\n') % (
                   certs[node], certs[node], node, certs[node], node)
    return """[lume]
node = "{node}"
inspect-port = {inspect_port}
actors = [
  {{ name = "root", kind = "supervisor" }},
  {{ name = "mapper-{node}", kind = "mapper", supervisor = "root",
    options = {{ targets = ["127.0.0.1:9"], params = {{ energy = {{ feature = "motion.energy_j" }} }} }} }},
]

[lume.clock]
link = false

[lume.mesh]
port = {mesh_port}
address = "127.0.0.1"
peers = [{peers}]
{tls}""".format(node=node, inspect_port=inspect_port, mesh_port=mesh_port, peers=peers, tls=tls)


class Nodes:
    def __init__(self, build, work):
        self.build, self.work = build, work
        self.mesh_ports = {n: free_port() for n in NODES}
        self.inspect_ports = {n: free_port() for n in NODES}
        self.procs = {}

    def repl(self, node, command):
        out = subprocess.run(
            [os.path.join(self.build, "lume-repl"), "127.0.0.1:%d" % self.inspect_ports[node],
             "-c", command, "--json"], capture_output=True, text=True, timeout=10)
        if out.returncode != 0:
            raise RuntimeError("%s: %s: %s %s" % (node, command, out.stdout, out.stderr))
        return json.loads(out.stdout)

    def states(self, node):
        return {row["name"]: row["state"] for row in self.repl(node, "nodes")}

    def log(self, node):
        with open(os.path.join(self.work, node + ".log")) as f:
            return f.read()

    def overrides(self, node):
        """How many operator overrides NODE's mapper took."""
        state = self.repl(node, "inspect mapper-" + node)
        return state["overrides"] if "overrides" in state else state["state"]["overrides"]


def wait_for(predicate, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except (RuntimeError, ValueError, KeyError, subprocess.TimeoutExpired):
            pass
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def main():
    build, source = sys.argv[1], sys.argv[2]
    in_private_namespace()
    work = tempfile.mkdtemp(prefix="lume-tls-")
    certs_tool = os.path.join(source, "tools", "mesh_certs.sh")
    certs = {}
    for ca, members in (("mesh", ["a", "b"]), ("other", ["c"])):
        folder = os.path.join(work, ca)
        subprocess.run([certs_tool, "ca", folder], check=True, stdout=subprocess.DEVNULL)
        for n in members:
            subprocess.run([certs_tool, "cert", folder, n, "127.0.0.1"], check=True,
                           stdout=subprocess.DEVNULL)
            certs[n] = folder
    nodes = Nodes(build, work)
    # A certificate the mesh CA did not sign stops the node at start, naming the key.
    path = os.path.join(work, "e.caf")
    with open(path, "w") as f:
        f.write(config("c", free_port(), 0, nodes.mesh_ports, certs).replace(
            certs["c"] + "/ca.crt", certs["a"] + "/ca.crt"))
    out = subprocess.run([os.path.join(build, "lume-node"), "--config", path],
                         capture_output=True, text=True, timeout=10)
    assert out.returncode == 2 and "key 'lume.mesh.tls.certificate'" in out.stderr \
        and "does not verify against the mesh CA" in out.stderr, (out.returncode, out.stderr)
    try:
        for n in NODES:
            path = os.path.join(work, n + ".caf")
            with open(path, "w") as f:
                f.write(config(n, nodes.mesh_ports[n], nodes.inspect_ports[n],
                               nodes.mesh_ports, certs))
            log = open(os.path.join(work, n + ".log"), "w")
            nodes.procs[n] = subprocess.Popen([os.path.join(build, "lume-node"), "--config", path],
                                              stdout=log, stderr=log)
        # a dials c and d: its log names them ("mesh a refused peer c at ...",
        # or, when the first handshake step fails, "mesh refused TLS peer
        # 127.0.0.1:PORT (dialed; ...").
        for peer in ("c", "d"):
            where = "127.0.0.1:%d" % nodes.mesh_ports[peer]
            named = ("refused peer %s at %s" % (peer, where), "refused TLS peer %s (dialed" % where)
            wait_for(lambda: any(x in nodes.log("a") for x in named), 10,
                     "a's log to name refused peer %s at %s" % (peer, where))
        # c and d dial a too: a's acceptor refuses them and names their address
        # (on loopback the address does not tell c from d).
        wait_for(lambda: any("] mesh refused TLS peer 127.0.0.1:" in line and "(incoming; " in line
                             for line in nodes.log("a").splitlines()),
                 10, "a's log to name an incoming peer it refused")
        wait_for(lambda: nodes.states("a").get("b") == "up"
                 and nodes.states("b").get("a") == "up", 10,
                 "a and b (one mesh CA) to see each other up")
        # a, c and d keep dialing (every reconnect interval, 200 ms) and each
        # attempt fails its handshake: the a-b connection stays open through
        # them (a loaded box may still miss a heartbeat: not asserted here).
        seen = {n: len(nodes.log(n)) for n in ("a", "b")}
        time.sleep(1.5)
        for n, other in (("a", "b"), ("b", "a")):
            closed = [line for line in nodes.log(n)[seen[n]:].splitlines()
                      if "sees %s " % other in line and "connection closed" in line]
            assert not closed, (n, "lost", other, "while strangers were refused", closed)
        assert nodes.states("a").get("b") == "up" and nodes.states("b").get("a") == "up"
        # A named message crosses the authenticated mesh.
        nodes.repl("a", "send mapper-b " + OVERRIDE)
        wait_for(lambda: nodes.overrides("b") == 1, 5, "mapper-b to get a's override")
        # Strangers: never up, never learn a's names, cannot send to them.
        for n in ("c", "d"):
            assert nodes.states("a").get(n) != "up", ("a sees", n, nodes.states("a"))
            assert nodes.states(n).get("a") != "up", (n, "sees a", nodes.states(n))
            try:
                nodes.repl(n, "send mapper-a " + OVERRIDE)
                raise AssertionError(n + " could send to mapper-a")
            except RuntimeError:
                pass
        assert nodes.overrides("a") == 0, "a stranger's message reached mapper-a"
        names = {row["name"] for row in nodes.repl("a", "actors")}
        assert not names & {"mapper-c", "mapper-d"}, names
        for n in NODES:
            assert nodes.procs[n].poll() is None, n + " died"
        print("ok: a and b formed the mesh over TLS and stayed up through a's refusals; "
              "c (other CA) and d (no TLS) refused and named in a's log")
    except Exception:
        for n in NODES:
            print("---- %s.log" % n)
            print(nodes.log(n)[-3000:])
        raise
    finally:
        for proc in nodes.procs.values():
            proc.terminate()
        for proc in nodes.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
