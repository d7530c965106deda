#!/usr/bin/python3
# Renders an osinfo-db install script with the real libosinfo (the library virt-install uses), for comparison.
# usage: libosinfo_render.py SHORT-ID PROFILE INJECTION-METHOD INSTALLATION-SOURCE SCRIPT-ID KEY=VALUE...
# prints the script, a line "----CMDLINE----", then the command line.
import sys
import gi
gi.require_version("Libosinfo", "1.0")
from gi.repository import Libosinfo

short_id, profile, method, source, script_id = sys.argv[1:6]
loader = Libosinfo.Loader()
loader.process_default_path()
db = loader.get_db()
os_ = [o for o in db.get_os_list().get_elements() if o.get_short_id() == short_id][0]
script = [s for s in os_.get_install_script_list().get_elements() if s.get_profile() == profile and s.get_id() == script_id][0]
script.set_preferred_injection_method(getattr(Libosinfo.InstallScriptInjectionMethod, method.upper()))
script.set_installation_source(getattr(Libosinfo.InstallScriptInstallationSource, source.upper()))
config = Libosinfo.InstallConfig()
for pair in sys.argv[6:]:
    key, value = pair.split("=", 1)
    config.set_param(key, value)
sys.stdout.write(script.generate(os_, config))
sys.stdout.write("----CMDLINE----\n")
sys.stdout.write(script.generate_command_line(os_, config) or "")
