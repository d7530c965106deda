#!/usr/bin/env python3
"""The bare-QMP floor of bench/migration/run.sh: one live migration done by hand, the same steps vireod takes.

  bare.py SRC_QMP SRC_PID URI DST_QMP -- DST_COMMAND...
  bare.py cont QMP

The source QEMU (same command line as vireod's, guest running; booted, or arrived by an earlier run) is already up. Timed from before the
destination QEMU is started (DST_COMMAND: vireod's own command line for the domain with -incoming defer,
-daemonize returns once QEMU is ready) to the end:
  events on + migrate-incoming on the destination, events on + max-bandwidth + migrate on the source, wait for
  the source's MIGRATION completed event, wait for the destination's, cont there ("running"), quit the source and
  wait for its process to exit ("total").
QMP events are read as they come (no polling). Prints one line:
  STATUS TOTAL_S RUNNING_S QEMU_TRANSFER_S QEMU_DOWNTIME_MS GUEST_DOWNTIME_MS BYTES
GUEST_DOWNTIME is the source's STOP event to the destination's RESUME event (QEMU's timestamps, one clock here):
what libvirt reports as "Total downtime".
"""
import json
import os
import socket
import subprocess
import sys
import time

BANDWIDTH = int(os.environ.get("BW", "1024")) * 1024 * 1024


class Qmp:
    def __init__(self, path):
        for _ in range(2000):
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                time.sleep(0.005)  # poll: QEMU creates the socket before -daemonize returns; retry is a fallback
        self.f = self.s.makefile("rw")
        self.events = []
        json.loads(self.f.readline())
        self.cmd("qmp_capabilities")

    def _read(self):
        m = json.loads(self.f.readline())
        if "event" in m:
            self.events.append(m)
        return m

    def cmd(self, name, **args):
        self.f.write(json.dumps({"execute": name, "arguments": args}) + "\n")
        self.f.flush()
        while True:
            m = self._read()
            if "return" in m or "error" in m:
                return m

    def wait_event(self, pred):
        for e in self.events:
            if pred(e):
                return e
        while True:
            m = self._read()
            if "event" in m and pred(m):
                return m

    def event_time(self, name):
        ts = [e["timestamp"] for e in self.events if e["event"] == name]
        return ts[-1]["seconds"] + ts[-1]["microseconds"] / 1e6 if ts else None


def migration_done(e):
    return e["event"] == "MIGRATION" and e["data"]["status"] in ("completed", "failed", "cancelled")


def main():
    if sys.argv[1] == "cont":  # bare.py cont QMP: start the vCPUs of a QEMU started with -S (as vireod starts it)
        Qmp(sys.argv[2]).cmd("cont")
        return
    src_qmp, src_pid, uri, dst_qmp = sys.argv[1:5]
    dst_cmd = sys.argv[6:]
    a = Qmp(src_qmp)
    pid = int(open(src_pid).read())
    port = uri.rsplit(":", 1)[1]
    t0 = time.monotonic()
    subprocess.run(dst_cmd, check=True)
    b = Qmp(dst_qmp)
    b.cmd("migrate-set-capabilities", capabilities=[{"capability": "events", "state": True}])
    b.cmd("migrate-incoming", uri=f"tcp:0.0.0.0:{port}")
    a.cmd("migrate-set-capabilities", capabilities=[{"capability": "events", "state": True}])
    a.cmd("migrate-set-parameters", **{"max-bandwidth": BANDWIDTH})
    a.cmd("migrate", uri=uri)
    status = a.wait_event(migration_done)["data"]["status"]
    b.wait_event(migration_done)
    b.cmd("cont")
    t_run = time.monotonic()
    r = a.cmd("query-migrate")["return"]
    stopped = a.event_time("STOP")
    a.cmd("quit")
    while True:
        try:
            if open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        except OSError:
            break
        time.sleep(0.005)  # poll: no exit notification for a process that is not our child
    t_end = time.monotonic()
    resumed = b.event_time("RESUME")
    guest_down = (resumed - stopped) * 1000 if stopped and resumed else float("nan")
    print(status, f"{t_end - t0:.3f}", f"{t_run - t0:.3f}", r.get("total-time", 0) / 1000, r.get("downtime", 0),
          f"{guest_down:.0f}", r.get("ram", {}).get("transferred", 0))
    # the destination runs on: it is the next run's source


main()
