#!/usr/bin/env bash
# Brings PublicAPI.Unshipped.txt in line with the public API the code declares, for the given src/ project
# directories (default: every project under src/). The IDE's code fix does the same; this is for the command line.
#   - a public symbol the files lack (RS0016) is added to PublicAPI.Unshipped.txt;
#   - a declared symbol the code no longer has (RS0017) is removed from Unshipped, or, if it had shipped,
#     recorded as "*REMOVED*<symbol>" in Unshipped (a breaking change: see docs/RELEASING.md).
# Review the diff before committing: every line is a public API change you are signing off.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ $# -eq 0 ]; then set -- $(dirname src/*/*.csproj); fi
for dir in "$@"; do
  dir=${dir%/}
  project=$(ls "$dir"/*.csproj 2>/dev/null | head -n 1) || true
  [ -n "$project" ] || { echo "update-public-api: no .csproj in $dir" >&2; exit 1; }
  for file in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$file" ] || printf '#nullable enable\n' >"$dir/$file"
  done

  log=$(mktemp)
  # Analyzer warnings only show when the compiler runs: force it, and keep RS00xx as warnings for this build.
  dotnet build "$project" -c Release --no-incremental -p:TreatWarningsAsErrors=false -nologo >"$log" 2>&1 || true
  python3 - "$dir" "$log" <<'PY'
import re, sys
from pathlib import Path
folder, log = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8", errors="replace")
added = set(re.findall(r"warning RS0016: Symbol '(.+?)' is not part of the declared public API", log))
gone = set(re.findall(r"warning RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", log))
errors = [l for l in log.splitlines() if re.search(r"(: |^)error [A-Z]+[0-9]+", l)]
if errors:
    print("\n".join(sorted(set(errors))), file=sys.stderr)
    sys.exit(f"update-public-api: {folder} does not compile; fix the errors above first")
shipped_path, unshipped_path = folder / "PublicAPI.Shipped.txt", folder / "PublicAPI.Unshipped.txt"
shipped = {l for l in shipped_path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")}
lines = [l for l in unshipped_path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
lines = [l for l in lines if l not in gone] + sorted(added)
lines += ["*REMOVED*" + s for s in sorted(gone) if s in shipped and "*REMOVED*" + s not in lines]
body = sorted(set(lines), key=lambda l: l.removeprefix("*REMOVED*"))
unshipped_path.write_text("#nullable enable\n" + "".join(l + "\n" for l in body), encoding="utf-8")
print(f"update-public-api: {folder}: +{len(added)} -{len(gone)}, {len(body)} unshipped lines")
PY
  rm -f "$log"
done
echo "update-public-api: now build with warnings as errors to confirm: dotnet build QwenApi.Connectors.sln -c Release -warnaserror"
