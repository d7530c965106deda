#!/usr/bin/env bash
# vireo-web's main window with 500 guests against the same page with 50 (issue 9's benchmark): time to first render,
# event to pixel (a guest paused/resumed through Vireo.Client until its row shows it in headless Chromium) and the
# memory (VmRSS) of the vireo-web process; prints the figures and the 500/50 ratio. Test driver only (in process,
# private root), so nothing on the host changes. Usage: bench/web/run.sh [N...]   (default: 50 500)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release -v q --nologo "$ROOT/src/Vireo.Web/Vireo.Web.csproj"
dotnet build -c Release -v q --nologo "$ROOT/bench/web/WebBench/WebBench.csproj"
exec dotnet "$ROOT/bench/web/WebBench/bin/Release/net10.0/WebBench.dll" "$ROOT/src/Vireo.Web/bin/Release/net10.0/vireo-web.dll" ${@:-50 500}
