#!/usr/bin/env bash
# Compare `dfi sync` with `pip install` on a generated corpus, cold and warm, next to the disk's floors.
#
#   perf/bench.sh [small|large|real]
#
# real: the wheels of every distribution installed in PYTHON's own site-packages, rebuilt from their RECORDs by
# fixtures/parity/repack_installed.py (pip, setuptools and wheel left out): real, compiled distributions, no network.
#
# Environment:
#   DFI        dfi binary (default: the native build, published into OUT/dfi on first use)
#   PYTHON     interpreter for venvs, pip and the helpers (default python3)
#   RUNS       timed runs per scenario (default 5); the median is reported
#   SCENARIOS  subset to run (default: pip-cold pip-warm dfi-cold dfi-warm unzip cp-al)
#   TIMER      "hyperfine" (default when installed) or "loop" (date +%s.%N, no dependency)
#   OUT        work folder (default perf/out); the corpus is generated there once and reused
#
# Scenarios (each run starts from a fresh, empty venv made with `venv --without-pip`, outside the
# timing; the previous run's venv, cache or copy is set aside, not deleted, see perf/set-aside.sh):
#   pip-cold  pip install --no-deps --no-compile -r REQ --index-url URL, no cache
#   pip-warm  the same with a pip cache filled by an untimed warm-up run
#   dfi-cold  dfi sync REQ --python VENV --index-url URL --cache-dir DIR, empty cache
#   dfi-warm  the same with the cache filled by an untimed warm-up run
#   unzip     floor: unzip -q of the same wheels, two at a time (xargs -P2), from the local disk
#   cp-al     floor: cp -al of a finished site-packages (hard links only: what a warm install
#             from a shared cache cannot beat)
# The index is perf/serve.py on 127.0.0.1 (HTTP/1.1 keep-alive, PyPI's Cache-Control headers).
# Paths must not contain spaces (commands are passed to hyperfine as strings).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/perf/common.sh"
set_name=${1:-small}
case "$set_name" in small|large|real) ;; *) echo "usage: $0 [small|large|real]" >&2; exit 2 ;; esac
PYTHON=$(python_itself "${PYTHON:-python3}")
DFI=${DFI:-}
RUNS=${RUNS:-5}
SCENARIOS=${SCENARIOS:-pip-cold pip-warm dfi-cold dfi-warm dfi-noop unzip cp-al venv-python venv-dfi}
# Also available: pip-warm-pyc dfi-warm-pyc (bytecode: pip's default compiles, dfi with --compile-bytecode),
# rss (dfi's peak memory, cold and warm, from /usr/bin/time).
OUT=${OUT:-$root/perf/out}
if [ -z "${TIMER:-}" ]; then
  if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=loop; fi
fi

# Only the command line configures pip: no config files, no PIP_* variables (a PIP_FIND_LINKS on
# this machine would otherwise add a folder scan to every pip run).
for variable in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done
export PIP_CONFIG_FILE=/dev/null

corpus=$OUT/corpus-$set_name
work=$OUT/work-$set_name
results=$work/results.tsv
req=$corpus/requirements.txt
mkdir -p "$OUT"
[ -n "$DFI" ] || DFI=$(native_dfi "$OUT")

if [ ! -f "$req" ] && [ "$set_name" = real ]; then
  rm -rf "$corpus/files"
  "$PYTHON" "$root/fixtures/parity/repack_installed.py" "$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" "$corpus/files" >&2
  rm -f "$corpus"/files/pip-*.whl "$corpus"/files/setuptools-*.whl "$corpus"/files/wheel-*.whl
  "$PYTHON" "$root/fixtures/make_corpus.py" --out "$corpus" --set existing >&2
elif [ ! -f "$req" ]; then
  "$PYTHON" "$root/fixtures/make_corpus.py" --out "$corpus" --set "$set_name" >&2
fi
use_trash "$OUT"
$set_aside "$work"
mkdir -p "$work"
: > "$results"

# --- the index server ----------------------------------------------------------------------------
start_index "$corpus" "$work"

# --- timing --------------------------------------------------------------------------------------
# measure NAME PREPARE COMMAND WARMUP: run PREPARE (untimed) before each run, time COMMAND RUNS
# times (after WARMUP untimed runs), append "NAME median min max" to the results.
measure() {
  echo "bench: $1" >&2
  measure_runs "$1" "$RUNS" "$4" "$2" "$3"
}

venv=$work/venv
new_venv="$set_aside $venv && $PYTHON -m venv --without-pip $venv"
# pip 22.3+ installs into another interpreter's environment with --python. pip caches nothing it
# fetched over plain http unless the host is trusted, so --trusted-host makes "warm" warm.
pip_install="$PYTHON -m pip --python $venv/bin/python install --quiet --disable-pip-version-check --no-deps --no-compile -r $req --index-url $url --trusted-host 127.0.0.1"
dfi_sync="$DFI sync $req --python $venv --index-url $url --cache-dir $work/dfi-cache"

# check_env LABEL: the venv left by the last run has one distribution per requirement and pip
# finds nothing broken; a fast but wrong install must not make it into the table.
check_env() {
  local expected installed
  expected=$(grep -c '==' "$req")
  installed=$(find "$venv"/lib/python*/site-packages -maxdepth 1 -name '*.dist-info' | wc -l)
  if [ "$installed" -ne "$expected" ]; then
    echo "bench: $1 left $installed distributions, expected $expected" >&2
    exit 1
  fi
  "$PYTHON" -m pip --python "$venv/bin/python" check --disable-pip-version-check >/dev/null \
    || { echo "bench: pip check failed after $1" >&2; exit 1; }
}

have() { case " $SCENARIOS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if have pip-cold; then
  measure pip-cold "$new_venv" "$pip_install --no-cache-dir" 0
  check_env pip-cold
fi
if have pip-warm; then
  measure pip-warm "$new_venv" "$pip_install --cache-dir $work/pip-cache" 1
  check_env pip-warm
fi
if have pip-warm-pyc; then
  # pip's default: it compiles what it installed.
  measure pip-warm-pyc "$new_venv" "${pip_install/ --no-compile/} --cache-dir $work/pip-cache" 1
  check_env pip-warm-pyc
fi
if [ -x "$DFI" ]; then
  if have dfi-cold; then
    measure dfi-cold "$new_venv && $set_aside $work/dfi-cache" "$dfi_sync" 0
    check_env dfi-cold
  fi
  if have dfi-warm; then
    measure dfi-warm "$new_venv" "$dfi_sync" 1
    check_env dfi-warm
  fi
  if have dfi-noop; then
    # The prepare brings the venv in sync (making it when the warm scenario did not run), so this is the second, identical sync.
    measure dfi-noop "{ test -x $venv/bin/python || $new_venv; } && $dfi_sync >/dev/null" "$dfi_sync" 1
    check_env dfi-noop
  fi
  if have dfi-warm-pyc; then
    measure dfi-warm-pyc "$new_venv" "$dfi_sync --compile-bytecode" 1
    check_env dfi-warm-pyc
  fi
  if have rss; then
    # Peak resident memory of one cold and one warm sync, in MiB (GNU time's %M is in KiB).
    bash -c "$new_venv && $set_aside $work/dfi-cache"
    /usr/bin/time -f %M -o "$work/rss-cold" $dfi_sync >/dev/null
    bash -c "$new_venv"
    /usr/bin/time -f %M -o "$work/rss-warm" $dfi_sync >/dev/null
    printf 'rss-cold\t%s\t0\t0\nrss-warm\t%s\t0\t0\n' "$(awk '{ print $1 / 1024 }' "$work/rss-cold")" "$(awk '{ print $1 / 1024 }' "$work/rss-warm")" >> "$results"
  fi
  if have venv-dfi; then
    measure venv-dfi "$set_aside $work/venv-made" "$DFI venv $work/venv-made --cache-dir $work/dfi-cache" 1
  fi
elif have dfi-cold || have dfi-warm; then
  echo "bench: $DFI not found, skipping the dfi rows" >&2
fi
if have unzip; then
  measure unzip "$set_aside $work/unzipped" \
    "mkdir -p $work/unzipped && ls $corpus/files/*.whl | xargs -P2 -n1 unzip -q -o -d $work/unzipped" 0
fi
if have venv-python; then
  measure venv-python "$set_aside $work/venv-made" "$PYTHON -m venv --without-pip $work/venv-made" 1
fi
if have cp-al; then
  # The reference site-packages comes from a real pip install, made once, untimed.
  bash -c "$new_venv && $pip_install --no-cache-dir"
  reference=$(echo "$venv"/lib/python*/site-packages)
  mv "$reference" "$work/site-packages-reference"
  measure cp-al "$set_aside $work/linked" "cp -al $work/site-packages-reference $work/linked" 0
fi

# --- report --------------------------------------------------------------------------------------
wheels=$(ls "$corpus"/files/*.whl | wc -l)
wheel_mib=$(du -sb "$corpus/files" | awk '{ printf "%.1f", $1 / 1048576 }')
{
  echo "### $set_name corpus: $wheels wheels, $wheel_mib MiB; median of $RUNS runs ($TIMER), $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  "$PYTHON" - "$results" <<'EOF'
import sys

labels = {
    "pip-cold": "pip install, cold", "pip-warm": "pip install, warm cache",
    "dfi-cold": "dfi sync, cold", "dfi-warm": "dfi sync, warm cache",
    "dfi-noop": "dfi sync, environment already in sync (no-op)",
    "unzip": "floor: unzip -q, 2 at a time", "cp-al": "floor: cp -al of site-packages",
    "venv-python": "python3 -m venv --without-pip", "venv-dfi": "dfi venv",
    "pip-warm-pyc": "pip install, warm cache, compiling (pip's default)", "dfi-warm-pyc": "dfi sync --compile-bytecode, warm cache",
}
rows = {}
for line in open(sys.argv[1]):
    name, median, low, high = line.split("\t")
    rows[name] = (float(median), float(low), float(high))
rss = {name: rows.pop(name)[0] for name in ("rss-cold", "rss-warm") if name in rows}

def ratio(name: str, base: str) -> str:
    if name not in rows or base not in rows:
        return "–"
    return f"{rows[name][0] / rows[base][0]:.2f}×"

def times(name: str, base: str) -> str:
    if name not in rows or base not in rows:
        return "–"
    return f"{rows[base][0] / rows[name][0]:.1f}×"

print("| scenario | median (s) | min (s) | max (s) | ÷ pip cold | ÷ pip warm |")
print("|---|--:|--:|--:|--:|--:|")
for name, label in labels.items():
    if name in rows:
        median, low, high = rows[name]
        print(f"| {label} | {median:.3f} | {low:.3f} | {high:.3f} | {ratio(name, 'pip-cold')} | {ratio(name, 'pip-warm')} |")
    else:
        print(f"| {label} | n/a | | | | |")

print()
print("| target (issue 2) | measured |")
print("|---|--:|")
print(f"| cold: pip cold ÷ dfi cold (want ≥ 2×) | {times('dfi-cold', 'pip-cold')} |")
print(f"| cold: dfi cold ÷ unzip floor (want ≤ 1.5×) | {ratio('dfi-cold', 'unzip').replace('×', '')}× |")
print(f"| warm: pip warm ÷ dfi warm (want ≥ 10×, small set ≥ 20×) | {times('dfi-warm', 'pip-warm')} |")
print(f"| warm: dfi warm ÷ cp -al floor (want ≤ 2×) | {ratio('dfi-warm', 'cp-al').replace('×', '')}× |")
if "dfi-noop" in rows:
    print(f"| no-op sync (want < 0.100 s) | {rows['dfi-noop'][0]:.3f} s |")
print(f"| venv: python3 -m venv ÷ dfi venv | {times('venv-dfi', 'venv-python')} |")
if "dfi-warm-pyc" in rows:
    print(f"| bytecode: pip warm (compiling) ÷ dfi warm --compile-bytecode (want ≥ 3×) | {times('dfi-warm-pyc', 'pip-warm-pyc')} |")
for name, mib in rss.items():
    print(f"| peak RSS, dfi {name[4:]} (want < 150 MiB) | {mib:.0f} MiB |")
EOF
} | tee "$OUT/bench-$set_name.md"
