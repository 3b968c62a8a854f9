"""The dashboard end to end: a 3-node mesh (mac1, k11, mac5 on loopback,
tests/mesh/mesh_harness.py) with mac1's bus given a token, driven in
headless Chromium by dashboard_test.mjs. Runs in a network namespace of
its own (`unshare -n`), so the bus keeps its port 9404 and collides with
nothing; exits 77 (skip) where no namespace can be made.

usage: python3 dashboard_test.py BUILD_DIR SOURCE_DIR NODE"""

import os
import subprocess
import sys
import tempfile

TOKEN = "dashboard-test"


def in_own_namespace(argv):
    """Runs this script again inside `unshare -n` with loopback up."""
    if os.environ.get("LUME_DASHBOARD_NETNS") == "1":
        return None
    env = dict(os.environ, LUME_DASHBOARD_NETNS="1")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        print("SKIP: cannot make a network namespace (unshare -n): "
              + probe.stderr.decode().strip())
        return 77
    return subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
         sys.executable] + argv, env=env).returncode


def write_configs(source, folder):
    """config/{mac1,k11,mac5}.caf with absolute static folders, the
    director's OSC target on loopback (no name k11 here) and a bus token."""
    for host in ("mac1", "k11", "mac5"):
        with open(os.path.join(source, "config", host + ".caf")) as f:
            text = f.read()
        text = text.replace('"../tools/', '"%s/tools/' % source)
        text = text.replace('cwd = ".."', 'cwd = "%s"' % source)
        text = text.replace('file = "setlist/', 'file = "%s/config/setlist/' % source)
        text = text.replace('"k11:9800"', '"127.0.0.1:9800"')
        if host == "mac1":
            assert 'token = ""' in text, "mac1.caf: no empty bus token to replace"
            text = text.replace('token = ""', 'token = "%s"' % TOKEN)
        with open(os.path.join(folder, host + ".caf"), "w") as f:
            f.write(text)


def main():
    build, source, node = (os.path.abspath(x) for x in sys.argv[1:4])
    code = in_own_namespace(sys.argv)
    if code is not None:
        return code
    sys.path.insert(0, os.path.join(source, "tests", "mesh"))
    from mesh_harness import HOSTS, Mesh, wait_for

    with tempfile.TemporaryDirectory(prefix="lume-dashboard-") as folder:
        write_configs(source, folder)
        # Failure detection relaxed from 150/300 ms: on a loaded box the
        # nodes would flap (the test is about the page, not the detector);
        # a killed process is seen at once by its closed connections.
        mesh = Mesh(build, source, folder, config_dir=folder,
                    extra_args=["--lume.mesh.suspect-after=1s", "--lume.mesh.down-after=3s"])
        code = 1
        try:
            for host in HOSTS:
                mesh.start(host)
            wait_for(lambda: set(mesh.states("mac1").values()) == {"up"}
                     and len(mesh.states("mac1")) == 3, 20, "three nodes up")
            pids = {host: mesh.procs[host].pid for host in HOSTS}
            run = subprocess.run(
                [node, os.path.join(source, "tests", "browser", "dashboard_test.mjs"),
                 "http://127.0.0.1:9404", TOKEN, build, repr(pids).replace("'", '"')],
                cwd=os.path.join(source, "tests", "browser"), timeout=240)
            code = run.returncode
        finally:
            mesh.stop_all()
            if code != 0:
                for host in HOSTS:
                    with open(os.path.join(folder, host + ".log")) as f:
                        print("--- %s.log (end)\n%s" % (host, f.read()[-3000:]))
    return code


if __name__ == "__main__":
    sys.exit(main())
