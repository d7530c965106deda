#!/usr/bin/python3
"""RPC benchmark: the same python-libvirt client against vireod and against the real libvirtd, both on the
test driver, side by side with the ratio (libvirtd time / vireod time: > 1 means vireod is faster).

Usage: bench.py NAME=URI[,PID] NAME=URI[,PID]   (the first is the reference)
Rows: lookupByName+info, listAllDomains with 1/100/1000 domains, define+undefine; then each daemon's
resident memory with 1000 domains defined. One connection per daemon for the whole run, because libvirtd's
test:///default resets when its last connection closes.
"""
import statistics
import sys
import time

import libvirt

DOMAIN_XML = """<domain type='test'>
  <name>{name}</name>
  <memory unit='KiB'>65536</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>"""

PREFIX = "bench-"


def timed(fn, seconds=1.5, min_ops=30):
    """Runs fn repeatedly for about `seconds`; returns per-call latencies in seconds."""
    lat = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(lat) < min_ops:
        t0 = time.perf_counter()
        fn()
        lat.append(time.perf_counter() - t0)
    return lat


def ensure_domains(conn, total):
    """Defines bench domains until the connection sees `total` domains in all."""
    have = len(conn.listAllDomains(0))
    existing = sum(1 for d in conn.listAllDomains(0) if d.name().startswith(PREFIX))
    i = existing
    while have < total:
        conn.defineXML(DOMAIN_XML.format(name=f"{PREFIX}{i:05d}"))
        i += 1
        have += 1


def cleanup(conn):
    for d in conn.listAllDomains(0):
        if d.name().startswith(PREFIX):
            d.undefine()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def run(uri):
    conn = libvirt.open(uri)
    cleanup(conn)
    rows = {}
    rows["lookupByName+info"] = timed(lambda: conn.lookupByName("test").info())
    for n in (1, 100, 1000):
        ensure_domains(conn, n)
        rows[f"listAllDomains ({n} domains)"] = timed(lambda: conn.listAllDomains(0))
    counter = iter(range(10**9))

    def define_undefine():
        conn.defineXML(DOMAIN_XML.format(name=f"{PREFIX}du-{next(counter)}")).undefine()
    rows["define+undefine"] = timed(define_undefine)
    return conn, rows


def main(argv):
    targets = []
    for arg in argv[1:]:
        name, rest = arg.split("=", 1)
        uri, _, pid = rest.partition(",")
        targets.append((name, uri, int(pid) if pid else None))
    results, memory, conns = {}, {}, []
    for name, uri, pid in targets:
        conn, rows = run(uri)
        conns.append(conn)
        results[name] = rows
        memory[name] = rss_kib(pid) if pid else None
    ref, ours = targets[0][0], targets[1][0]
    print(f"{'row':32} {'daemon':9} {'ops/s':>9} {'p50 ms':>8} {'p99 ms':>8}   ratio ({ref} p50 / {ours} p50)")
    for row in results[ref]:
        p50s = {}
        for name, _, _ in targets:
            lat = sorted(results[name][row])
            p50 = statistics.median(lat)
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            p50s[name] = p50
            print(f"{row:32} {name:9} {len(lat) / sum(lat):9.0f} {p50 * 1000:8.3f} {p99 * 1000:8.3f}")
        print(f"{'':32} {'ratio':9} {p50s[ref] / p50s[ours]:9.2f}x  ({'vireod ahead' if p50s[ref] > p50s[ours] else 'vireod behind'})")
    print()
    for name, _, _ in targets:
        m = memory[name]
        print(f"resident memory with 1000 domains: {name:9} {m / 1024:8.1f} MiB" if m else f"resident memory: {name}: unknown pid")
    if memory[ref] and memory[ours]:
        print(f"memory ratio ({ref} / {ours}): {memory[ref] / memory[ours]:.2f}x")
    for conn in conns:
        cleanup(conn)
        conn.close()


if __name__ == "__main__":
    main(sys.argv)
