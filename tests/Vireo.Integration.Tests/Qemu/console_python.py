# python-libvirt reads the guest's serial console through vireod: dom.openConsole + stream.recv.
# usage: console_python.py URI DOMAIN  — prints the lines it saw; exits 0 once a VIREO-COUNTER line arrived.
import sys, time, libvirt

uri, name = sys.argv[1:3]
conn = libvirt.open(uri)
dom = conn.lookupByName(name)
st = conn.newStream(0)
dom.openConsole(None, st, 0)
seen = b""
until = time.monotonic() + 90  # poll deadline (TCG boot)
while b"VIREO-COUNTER" not in seen:
    if time.monotonic() > until:
        print(seen.decode(errors="replace"))
        sys.exit("no VIREO-COUNTER line within 90 s")
    data = st.recv(4096)
    if not data:
        sys.exit("console ended early: " + seen.decode(errors="replace"))
    seen += data
st.finish()
print(seen.decode(errors="replace"))
conn.close()
