#!/usr/bin/env bash
# Issue 5's benchmark, on the builds corpus (80 wheels + 20 sdists):
#   warm-pip     pip wheel --no-deps -r REQ -w DIR (downloads the wheels, builds the sdists), no cache
#   warm-dfi     dfi warm REQ, empty cache (downloads, builds, unzips; installs nothing)
#   export-dfi / export-tar    dfi cache export of the warmed cache / tar --zstd -c of the same folder
#   import-dfi / import-tar    dfi cache import into an empty cache / tar --zstd -x
#   sync-pip     pip install --no-deps --no-index --find-links DIR (pip's offline install from its wheels)
#   sync-dfi     dfi sync --offline from the warmed cache
# Environment: DFI, PYTHON, RUNS (default 3; the cold warms run once each), TIMER, OUT as in bench.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/perf/common.sh"
PYTHON=$(python_itself "${PYTHON:-python3}")
RUNS=${RUNS:-3}
OUT=${OUT:-$root/perf/out}
if [ -z "${TIMER:-}" ]; then
  if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=loop; fi
fi
for variable in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done
export PIP_CONFIG_FILE=/dev/null
DFI=${DFI:-$(native_dfi "$OUT")}
corpus=$OUT/corpus-builds
work=$OUT/work-warm
results=$work/results.tsv
req=$corpus/requirements.txt
[ -f "$req" ] || "$PYTHON" "$root/fixtures/make_build_corpus.py" --out "$corpus" >&2
rm -rf "$work" && mkdir -p "$work" && : > "$results"
start_index "$corpus" "$work"
measure() { echo "warm: $1" >&2; measure_runs "$1" "$2" 0 "$3" "$4"; }

cache=$work/cache
measure warm-pip 1 "rm -rf $work/wheels" "$PYTHON -m pip wheel --quiet --disable-pip-version-check --no-deps --no-cache-dir -r $req --index-url $url --trusted-host 127.0.0.1 -w $work/wheels"
measure warm-dfi 1 "rm -rf $cache" "$DFI warm $req --index-url $url --cache-dir $cache -q"
measure export-dfi "$RUNS" "rm -f $work/cache.tar.zst" "$DFI cache export $work/cache.tar.zst --cache-dir $cache -q"
measure export-tar "$RUNS" "rm -f $work/tar.tar.zst" "tar --zstd -cf $work/tar.tar.zst -C $cache ."
measure import-dfi "$RUNS" "rm -rf $work/imported" "$DFI cache import $work/cache.tar.zst --cache-dir $work/imported -q"
measure import-tar "$RUNS" "rm -rf $work/untarred && mkdir -p $work/untarred" "tar --zstd -xf $work/tar.tar.zst -C $work/untarred"
venv=$work/venv
measure sync-pip "$RUNS" "rm -rf $venv && $PYTHON -m venv --without-pip $venv" "$PYTHON -m pip --python $venv/bin/python install --quiet --disable-pip-version-check --no-deps --no-compile --no-index --find-links $work/wheels -r $req"
measure sync-dfi "$RUNS" "rm -rf $venv && $PYTHON -m venv --without-pip $venv" "$DFI sync $req --python $venv --index-url $url --cache-dir $cache --offline -q"

bytes=$(du -sb "$cache" --exclude=.tmp --exclude=locks-v1 --exclude=interpreters-v2 | cut -f1)
{
  echo "### warm and travel: builds corpus (80 wheels + 20 sdists), $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  "$PYTHON" - "$results" "$bytes" "$(stat -c %s "$work/cache.tar.zst")" "$(stat -c %s "$work/tar.tar.zst")" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, median, low, high = line.split("\t")
    rows[name] = float(median)
cache, ours, tars = (int(value) for value in sys.argv[2:5])
mib = cache / 1048576
print("| scenario | median (s) |")
print("|---|--:|")
for name in rows:
    print(f"| {name} | {rows[name]:.3f} |")
print()
print("| target (issue 5) | measured |")
print("|---|--:|")
print(f"| cold warm: pip wheel ÷ dfi warm | {rows['warm-pip'] / rows['warm-dfi']:.1f}× |")
print(f"| export: dfi {mib / rows['export-dfi']:.0f} MiB/s ({ours / 1048576:.1f} MiB) vs tar --zstd {mib / rows['export-tar']:.0f} MiB/s ({tars / 1048576:.1f} MiB) | {rows['export-tar'] / rows['export-dfi']:.2f}× tar's speed |")
print(f"| import (verifying every entry): dfi {mib / rows['import-dfi']:.0f} MiB/s vs tar -x {mib / rows['import-tar']:.0f} MiB/s | {rows['import-tar'] / rows['import-dfi']:.2f}× tar's speed |")
print(f"| offline install from the warmed cache: pip (its wheels) ÷ dfi sync --offline | {rows['sync-pip'] / rows['sync-dfi']:.1f}× |")
PY
} | tee "$OUT/warm.md"
