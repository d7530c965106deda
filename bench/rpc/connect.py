#!/usr/bin/python3
"""Connection benchmark: python-libvirt's open + listAllDomains + close round trips per second over unix, TCP
and TLS, and calls per second on one open TLS connection, against two daemons side by side; the ratio is
ours / reference (> 1 means vireod is faster).

Usage: connect.py REFNAME OURNAME ROW=REF_URI,OUR_URI ...
"""
import sys
import time

import libvirt


def rate(fn, seconds=2.0, min_ops=20):
    """Operations per second of fn over about `seconds`, after a warm-up (vireod's first calls are JIT-compiled)."""
    for _ in range(5):
        fn()
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or n < min_ops:
        fn()
        n += 1
    return n / (time.perf_counter() - start)


def connect_list_close(uri):
    def run():
        c = libvirt.open(uri)
        c.listAllDomains(0)
        c.close()
    return run


def calls_on_open(uri):
    conn = libvirt.open(uri)
    return conn, (lambda: conn.listAllDomains(0))


def main():
    ref, ours = sys.argv[1], sys.argv[2]
    libvirt.registerErrorHandler(lambda *_: None, None)
    print(f"{'row':<36}{ref + ' ops/s':>18}{ours + ' ops/s':>18}{'ratio':>8}")
    for arg in sys.argv[3:]:
        row, uris = arg.split("=", 1)
        ref_uri, our_uri = uris.split(",", 1)
        if row.endswith("calls"):
            results = []
            for uri in (ref_uri, our_uri):
                conn, fn = calls_on_open(uri)
                results.append(rate(fn))
                conn.close()
        else:
            results = [rate(connect_list_close(u)) for u in (ref_uri, our_uri)]
        print(f"{row:<36}{results[0]:>18.1f}{results[1]:>18.1f}{results[1] / results[0]:>8.2f}")


if __name__ == "__main__":
    main()
