#!/usr/bin/python3
"""python-libvirt against a daemon: open, listAllDomains, lookupByName, info, createXML/destroy, and a
lifecycle event callback that must see STARTED then STOPPED for the created domain.

Usage: lifecycle_events.py URI DOMAIN_NAME
Prints one 'ok: ...' line per check and exits 0; on failure prints 'FAIL: ...' and exits 1.
"""
import sys
import threading
import time

import libvirt

uri, name = sys.argv[1], sys.argv[2]
XML = f"""<domain type='test'>
  <name>{name}</name>
  <memory unit='KiB'>131072</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>"""


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


libvirt.virEventRegisterDefaultImpl()
conn = libvirt.open(uri)
print("ok: open", conn.getType(), flush=True)

names = [d.name() for d in conn.listAllDomains(0)]
if "test" not in names:
    fail(f"listAllDomains lacks 'test': {names}")
print("ok: listAllDomains", sorted(names), flush=True)

dom = conn.lookupByName("test")
state, maxmem, mem, vcpus, _ = dom.info()
if state != libvirt.VIR_DOMAIN_RUNNING or vcpus < 1 or maxmem <= 0:
    fail(f"unexpected info for 'test': {dom.info()}")
print("ok: lookupByName+info", state, maxmem, mem, vcpus, flush=True)

events = []
seen = threading.Event()


def on_lifecycle(_conn, d, event, detail, _opaque):
    if d.name() == name:
        events.append((event, detail))
        if event == libvirt.VIR_DOMAIN_EVENT_STOPPED:
            seen.set()


cb = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
stop = False


def loop():
    while not stop:
        libvirt.virEventRunDefaultImpl()


t = threading.Thread(target=loop, daemon=True)
t.start()

created = conn.createXML(XML, 0)
if not created.isActive() or created.ID() < 1:
    fail(f"createXML: domain not running (id {created.ID()})")
print("ok: createXML id", created.ID(), flush=True)
created.destroy()
try:
    conn.lookupByName(name)
    fail("a destroyed transient domain is still defined")
except libvirt.libvirtError as e:
    if e.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
        fail(f"lookup after destroy: unexpected error {e.get_error_code()}: {e}")
print("ok: destroy", flush=True)

deadline = time.monotonic() + 30
while not seen.is_set() and time.monotonic() < deadline:
    seen.wait(0.2)
if (libvirt.VIR_DOMAIN_EVENT_STARTED, libvirt.VIR_DOMAIN_EVENT_STARTED_BOOTED) not in events:
    fail(f"no STARTED/BOOTED event, got {events}")
if (libvirt.VIR_DOMAIN_EVENT_STOPPED, libvirt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED) not in events:
    fail(f"no STOPPED/DESTROYED event, got {events}")
print("ok: events", events, flush=True)
conn.domainEventDeregisterAny(cb)
stop = True
conn.close()
print("ok: done", flush=True)
