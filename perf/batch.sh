#!/usr/bin/env bash
# Compare `dfi batch` (one run for many environments) with a loop of `dfi venv && dfi sync` and a loop
# of `python3 -m venv && pip install` over the same 50 environments, cold and warm (issue 4).
#
#   perf/batch.sh
#
# Environment:
#   DFI        dfi binary (default: the native build, published into OUT/dfi on first use, as bench.sh does)
#   PYTHON     interpreter for venvs, pip and the helpers (default python3)
#   RUNS       timed runs per dfi scenario (default 2); the median is reported
#   PIP_RUNS   timed runs per pip scenario (default 1: the pip loop takes minutes)
#   PIP_ENVS   how many of the environments the pip loop installs (default 10); its time is scaled up to
#              all of them by the number of distributions, and the table says so. ENVS for all of them.
#   ENVS       environments (default 50); each gets a seeded random 30–60 of the corpus's 120 pins
#   SEED       seed of those subsets (default 4)
#   SCENARIOS  subset to run (default: batch-cold batch-warm loop-cold loop-warm pip-warm cp-al; add pip-cold)
#   TIMER      "hyperfine" (default when installed) or "loop" (date +%s.%N, no dependency)
#   OUT        work folder (default perf/out); the large corpus is generated there once and reused
#
# Scenarios (the environments folder is set aside before every run, outside the timing: renamed into a trash
# folder that is deleted when the script ends, see perf/set-aside.sh; cold also sets the cache aside, warm
# keeps the one the cold runs filled):
#   batch-cold/-warm  dfi batch MANIFEST --index-url URL --cache-dir DIR  (creates the 50 venvs itself)
#   loop-cold/-warm   for each env: dfi venv ENV && dfi sync REQ --python ENV --index-url URL --cache-dir DIR
#   pip-cold/-warm    for each env: python3 -m venv --without-pip ENV && pip --python ENV/bin/python install
#                     --no-deps --no-compile -r REQ --index-url URL --trusted-host 127.0.0.1 [--cache-dir C]
#   cp-al             cp -al of the 50 environments a batch made (untimed): every folder made and every file
#                     hard-linked by one process, the kernel's work with no installer (cp also copies each
#                     folder's attributes, and uses one core, so dfi batch on two can beat it)
# After each scenario every environment must hold one *.dist-info per line of its requirements file, and
# pip check must find nothing but missing dependencies in the first one. The index is perf/serve.py on 127.0.0.1.
# Paths must not contain spaces (commands are passed to hyperfine as strings).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/perf/common.sh"
PYTHON=$(python_itself "${PYTHON:-python3}")
DFI=${DFI:-}
RUNS=${RUNS:-2}
PIP_RUNS=${PIP_RUNS:-1}
ENVS=${ENVS:-50}
PIP_ENVS=${PIP_ENVS:-10}
SEED=${SEED:-4}
SCENARIOS=${SCENARIOS:-batch-cold batch-warm loop-cold loop-warm pip-warm cp-al}
OUT=${OUT:-$root/perf/out}
if [ -z "${TIMER:-}" ]; then
  if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=loop; fi
fi
[ "$PIP_ENVS" -le "$ENVS" ] || PIP_ENVS=$ENVS

# Only the command line configures pip (see bench.sh).
for variable in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do
  case "$variable" in PIP_RUNS|PIP_ENVS) ;; *) unset "$variable" ;; esac
done
export PIP_CONFIG_FILE=/dev/null

corpus=$OUT/corpus-large
work=$OUT/work-batch
results=$work/results.tsv
mkdir -p "$OUT"
[ -n "$DFI" ] || DFI=$(native_dfi "$OUT")
if [ ! -f "$corpus/requirements.txt" ]; then
  "$PYTHON" "$root/fixtures/make_corpus.py" --out "$corpus" --set large >&2
fi
use_trash "$OUT"
$set_aside "$work"
mkdir -p "$work/reqs"
: > "$results"

# --- the environments: seeded subsets of the pins, one requirements file each, and the manifest ----
"$PYTHON" - "$corpus/requirements.txt" "$work" "$ENVS" "$SEED" <<'EOF'
import random, sys
from pathlib import Path

pins = [line.strip() for line in open(sys.argv[1]) if "==" in line]
work, count, seed = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
width = max(2, len(str(count - 1)))
with open(work / "batch.toml", "w") as manifest:
    for i in range(count):
        name = f"e{i:0{width}d}"
        chosen = sorted(rng.sample(pins, rng.randint(30, min(60, len(pins)))))
        (work / "reqs" / f"{name}.txt").write_text("".join(pin + "\n" for pin in chosen))
        manifest.write(f'[[environment]]\npath = "envs/{name}"\nrequirements = ["reqs/{name}.txt"]\n\n')
EOF
names=$(cd "$work/reqs" && ls | sed 's/\.txt$//')
pip_names=$(echo "$names" | head -n "$PIP_ENVS")
all_dists=$(cat "$work"/reqs/*.txt | wc -l)
pip_dists=$(for name in $pip_names; do cat "$work/reqs/$name.txt"; done | wc -l)

# --- the index server ----------------------------------------------------------------------------
start_index "$corpus" "$work"

# --- the timed commands, as scripts (a loop is easier to read there than in a hyperfine string) ----
envs=$work/envs
cache=$work/dfi-cache
pip_cache=$work/pip-cache
{
  echo "set -e"
  echo "$DFI batch $work/batch.toml --index-url $url --cache-dir $cache --quiet >/dev/null"
} > "$work/batch-run.sh"
{
  echo "set -e"
  echo "for name in $(echo $names); do"
  echo "  $DFI venv $envs/\$name --cache-dir $cache --quiet >/dev/null"
  echo "  $DFI sync $work/reqs/\$name.txt --python $envs/\$name --index-url $url --cache-dir $cache --quiet >/dev/null"
  echo "done"
} > "$work/loop-run.sh"
# pip 22.3+ installs into another interpreter's environment with --python; --trusted-host lets pip cache
# what it fetched over plain http (see serve.py).
pip_install="$PYTHON -m pip --python $envs/\$name/bin/python install --quiet --disable-pip-version-check --no-deps --no-compile --index-url $url --trusted-host 127.0.0.1"
for kind in cold warm; do
  if [ "$kind" = cold ]; then cache_option=--no-cache-dir; else cache_option="--cache-dir $pip_cache"; fi
  {
    echo "set -e"
    echo "for name in $(echo $pip_names); do"
    echo "  $PYTHON -m venv --without-pip $envs/\$name"
    echo "  $pip_install $cache_option -r $work/reqs/\$name.txt"
    echo "done"
  } > "$work/pip-$kind-run.sh"
done

# --- timing (as in bench.sh) ---------------------------------------------------------------------
# measure NAME RUNS PREPARE COMMAND: run PREPARE (untimed, then `sync`) before each run, time COMMAND
# RUNS times, append "NAME median min max" to the results.
measure() {
  echo "batch: [${SECONDS}s] $1" >&2
  measure_runs "$1" "$2" 0 "$3" "$4"
}

# check_envs LABEL NAMES: every environment the last run left has one distribution per requirement,
# and pip check finds nothing but missing dependencies in the first; a fast but wrong install must not make it into the table.
check_envs() {
  local label=$1 name expected installed first=
  shift
  for name in "$@"; do
    expected=$(grep -c '==' "$work/reqs/$name.txt")
    installed=$(find "$envs/$name"/lib/python*/site-packages -maxdepth 1 -name '*.dist-info' 2>/dev/null | wc -l)
    if [ "$installed" -ne "$expected" ]; then
      echo "batch: $label left $installed distributions in $name, expected $expected" >&2
      exit 1
    fi
    first=${first:-$name}
  done
  # The subsets are not closed under the corpus's Requires-Dist (installs use --no-deps), so "X requires
  # Y, which is not installed" is expected; anything else pip check says is a failure.
  if "$PYTHON" -m pip --python "$envs/$first/bin/python" check --disable-pip-version-check 2>&1 \
      | grep -v 'which is not installed\.$' | grep -q .; then
    echo "batch: pip check failed in $first after $label" >&2
    exit 1
  fi
  echo "batch: [${SECONDS}s] $label: $# environments verified" >&2
}

have() { case " $SCENARIOS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

clear_envs="$set_aside $envs"
clear_all="$set_aside $envs $cache"
# A warm scenario needs a filled cache: the matching cold scenario leaves one; without it, one untimed run fills it.
fill_cache() { [ -d "$cache" ] || bash "$work/batch-run.sh"; }

if have batch-cold; then
  measure batch-cold "$RUNS" "$clear_all" "bash $work/batch-run.sh"
  check_envs batch-cold $names
fi
if have batch-warm; then
  fill_cache
  measure batch-warm "$RUNS" "$clear_envs" "bash $work/batch-run.sh"
  check_envs batch-warm $names
fi
if have loop-cold; then
  measure loop-cold "$RUNS" "$clear_all" "bash $work/loop-run.sh"
  check_envs loop-cold $names
fi
if have loop-warm; then
  fill_cache
  measure loop-warm "$RUNS" "$clear_envs" "bash $work/loop-run.sh"
  check_envs loop-warm $names
fi
if have pip-cold; then
  measure pip-cold "$PIP_RUNS" "$clear_envs" "bash $work/pip-cold-run.sh"
  check_envs pip-cold $pip_names
fi
if have pip-warm; then
  # Fill pip's cache with every wheel of the corpus once, untimed (cheaper than a warm-up of the loop).
  $set_aside "$work/pip-fill" && "$PYTHON" -m venv --without-pip "$work/pip-fill"
  "$PYTHON" -m pip --python "$work/pip-fill/bin/python" install --quiet --disable-pip-version-check --no-deps \
    --no-compile --index-url "$url" --trusted-host 127.0.0.1 --cache-dir "$pip_cache" -r "$corpus/requirements.txt"
  $set_aside "$work/pip-fill"
  measure pip-warm "$PIP_RUNS" "$clear_envs" "bash $work/pip-warm-run.sh"
  check_envs pip-warm $pip_names
fi
if have cp-al; then
  fill_cache
  bash -c "$clear_envs" && bash "$work/batch-run.sh"
  check_envs cp-al-reference $names
  mv "$envs" "$work/envs-reference"
  measure cp-al "$RUNS" "$set_aside $work/linked" "cp -al $work/envs-reference $work/linked"
fi
$set_aside "$envs"

# --- report --------------------------------------------------------------------------------------
{
  echo "### dfi batch: $ENVS environments of 30–60 of the large corpus's 120 wheels ($all_dists distributions in all); $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "dfi rows: median of $RUNS runs; pip rows: $PIP_RUNS run(s) over the first $PIP_ENVS environments ($pip_dists distributions), scaled to all $ENVS by distributions ($TIMER)."
  echo
  "$PYTHON" - "$results" "$ENVS" "$PIP_ENVS" "$all_dists" "$pip_dists" <<'EOF'
import sys

results, envs, pip_envs, all_dists, pip_dists = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
scale = all_dists / pip_dists
rows = {}
for line in open(results):
    name, median, low, high = line.split("\t")
    rows[name] = [float(median), float(low), float(high)]
measured = {name: row[0] for name, row in rows.items()}
pip_note = "" if pip_envs == envs else f" ({pip_envs} envs measured, ×{scale:.2f})"
for name in ("pip-cold", "pip-warm"):
    if name in rows and pip_envs != envs:
        rows[name] = [value * scale for value in rows[name]]

labels = {
    "batch-cold": "dfi batch, cold", "batch-warm": "dfi batch, warm cache",
    "loop-cold": "loop of dfi venv + dfi sync, cold", "loop-warm": "loop of dfi venv + dfi sync, warm cache",
    "pip-cold": "loop of python3 -m venv + pip install, cold" + pip_note,
    "pip-warm": "loop of python3 -m venv + pip install, warm cache" + pip_note,
    "cp-al": "cp -al of the finished environments (one process; not a floor for two cores)",
}

def times(name: str, base: str) -> str:
    if name not in rows or base not in rows:
        return "–"
    return f"{rows[base][0] / rows[name][0]:.1f}×"

print(f"| scenario ({envs} environments) | median (s) | min (s) | max (s) | per environment (s) | batch is … faster |")
print("|---|--:|--:|--:|--:|--:|")
for name, label in labels.items():
    if name not in rows:
        print(f"| {label} | n/a | | | | |")
        continue
    median, low, high = rows[name]
    kind = name.split("-")[1]
    versus = "" if name.startswith("batch") or name == "cp-al" else times(f"batch-{kind}", name)
    print(f"| {label} | {median:.3f} | {low:.3f} | {high:.3f} | {median / envs:.3f} | {versus} |")

print()
print("| target (issue 4) | measured |")
print("|---|--:|")
print(f"| warm: dfi sync loop ÷ dfi batch (want ≥ 2×) | {times('batch-warm', 'loop-warm')} |")
print(f"| warm: pip loop ÷ dfi batch (want ≥ 50×) | {times('batch-warm', 'pip-warm')} |")
print(f"| cold: dfi sync loop ÷ dfi batch | {times('batch-cold', 'loop-cold')} |")
if "cp-al" in rows and "batch-warm" in rows:
    print(f"| warm: dfi batch ÷ cp -al of the same environments | {rows['batch-warm'][0] / rows['cp-al'][0]:.2f}× |")
if "pip-cold" in rows:
    print(f"| cold: pip loop ÷ dfi batch | {times('batch-cold', 'pip-cold')} |")
EOF
} | tee "$OUT/batch.md"
