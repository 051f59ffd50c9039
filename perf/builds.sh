#!/usr/bin/env bash
# Issue 3's benchmark: 80 wheels and 20 sdists (10 in-tree backend, 10 setuptools), built in isolation by both.
#
#   perf/builds.sh
#
# Environment: DFI, PYTHON, RUNS (default 3), TIMER, OUT as in bench.sh.
# Scenarios (each run into a fresh venv made outside the timing):
#   pip-cold     pip install --no-deps -r REQ --index-url URL --no-cache-dir (pip builds each sdist in isolation)
#   pip-warm     the same with pip's cache filled (pip caches the wheels it built)
#   dfi-cold     dfi sync, empty cache: download, build and unzip overlapped in one pipeline
#   dfi-wheels   dfi sync of the 80 wheels alone, empty cache   } the two phases of dfi-cold on their own:
#   dfi-sdists   dfi sync of the 20 sdists alone, empty cache    } overlap shows as dfi-cold < their sum
#   dfi-warm     dfi sync with the cache filled: no build, no download (checked: the built wheels keep their mtime)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/perf/common.sh"
PYTHON=$(python_itself "${PYTHON:-python3}")
DFI=${DFI:-}
RUNS=${RUNS:-3}
OUT=${OUT:-$root/perf/out}
if [ -z "${TIMER:-}" ]; then
  if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=loop; fi
fi
for variable in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done
export PIP_CONFIG_FILE=/dev/null

corpus=$OUT/corpus-builds
work=$OUT/work-builds
results=$work/results.tsv
req=$corpus/requirements.txt
mkdir -p "$OUT"
[ -n "$DFI" ] || DFI=$(native_dfi "$OUT")
[ -f "$req" ] || "$PYTHON" "$root/fixtures/make_build_corpus.py" --out "$corpus" >&2
rm -rf "$work"
mkdir -p "$work"
: > "$results"
start_index "$corpus" "$work"

measure() {
  echo "builds: $1" >&2
  measure_runs "$1" "$RUNS" "$4" "$2" "$3"
}

venv=$work/venv
new_venv="rm -rf $venv && $PYTHON -m venv --without-pip $venv"
pip_install="$PYTHON -m pip --python $venv/bin/python install --quiet --disable-pip-version-check --no-deps --no-compile -r $req --index-url $url --trusted-host 127.0.0.1"
dfi_sync() { echo "$DFI sync $1 --python $venv --index-url $url --cache-dir $work/dfi-cache -q"; }

check_env() {
  local expected installed
  expected=$(grep -c '==' "$req")
  installed=$(find "$venv"/lib/python*/site-packages -maxdepth 1 -name '*.dist-info' | wc -l)
  [ "$installed" -eq "$expected" ] || { echo "builds: $1 left $installed distributions, expected $expected" >&2; exit 1; }
  "$PYTHON" -m pip --python "$venv/bin/python" check --disable-pip-version-check >/dev/null || { echo "builds: pip check failed after $1" >&2; exit 1; }
}

measure pip-cold "$new_venv" "$pip_install --no-cache-dir" 0
check_env pip-cold
measure pip-warm "$new_venv" "$pip_install --cache-dir $work/pip-cache" 1
check_env pip-warm
measure dfi-wheels "$new_venv && rm -rf $work/dfi-cache" "$(dfi_sync "$corpus/requirements-wheels.txt")" 0
measure dfi-sdists "$new_venv && rm -rf $work/dfi-cache" "$(dfi_sync "$corpus/requirements-sdists.txt")" 0
measure dfi-cold "$new_venv && rm -rf $work/dfi-cache" "$(dfi_sync "$req")" 0
check_env dfi-cold
stamp() { find "$work/dfi-cache/built-wheels-v1" -name '*.whl' -printf '%p %T@\n' | sort; }
stamp > "$work/built-before"
measure dfi-warm "$new_venv" "$(dfi_sync "$req")" 0
check_env dfi-warm
stamp > "$work/built-after"
if cmp -s "$work/built-before" "$work/built-after"; then rebuilt="none (all $(wc -l < "$work/built-after") built wheels unchanged)"; else rebuilt="SOME: the warm runs built again"; fi

{
  echo "### builds corpus: 80 wheels + 20 sdists; median of $RUNS runs ($TIMER), $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  "$PYTHON" - "$results" "$rebuilt" <<'PY'
import sys
labels = {
    "pip-cold": "pip install --no-deps, cold (builds 20 sdists)", "pip-warm": "pip install --no-deps, warm cache",
    "dfi-wheels": "dfi sync, cold: the 80 wheels alone", "dfi-sdists": "dfi sync, cold: the 20 sdists alone",
    "dfi-cold": "dfi sync, cold: all 100", "dfi-warm": "dfi sync, warm cache",
}
rows = {}
for line in open(sys.argv[1]):
    name, median, low, high = line.split("\t")
    rows[name] = (float(median), float(low), float(high))
print("| scenario | median (s) | min (s) | max (s) |")
print("|---|--:|--:|--:|")
for name, label in labels.items():
    if name in rows:
        print(f"| {label} | {rows[name][0]:.3f} | {rows[name][1]:.3f} | {rows[name][2]:.3f} |")
print()
phases = rows["dfi-wheels"][0] + rows["dfi-sdists"][0]
print("| target (issue 3) | measured |")
print("|---|--:|")
print(f"| overlap: dfi cold ÷ (wheels alone + sdists alone) (want clearly < 1) | {rows['dfi-cold'][0] / phases:.2f} |")
print(f"| cold with builds: pip cold ÷ dfi cold (want ≥ 3×) | {rows['pip-cold'][0] / rows['dfi-cold'][0]:.1f}× |")
print(f"| warm: pip warm ÷ dfi warm | {rows['pip-warm'][0] / rows['dfi-warm'][0]:.1f}× |")
print(f"| builds repeated by warm dfi runs | {sys.argv[2]} |")
PY
} | tee "$OUT/builds.md"
