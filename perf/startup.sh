#!/usr/bin/env bash
# Start-up and no-op times of the native dfi next to pip's, with the page faults behind them (issue 7:
# `dfi --version` under 20 ms, a no-op sync of an up-to-date 126-package environment under 30 ms).
#
#   perf/startup.sh
#
# Environment: DFI (default: the native build in OUT/dfi), PYTHON (python3), RUNS (default 30), OUT (perf/out).
# Scenarios, each timed by hyperfine (or the loop timer) and counted by /usr/bin/time for minor page faults:
#   dfi-version    dfi --version
#   pip-version    python -m pip --version (the peer's start-up)
#   python-pass    python -c pass (the interpreter alone, under any Python tool)
#   dfi-noop-N     dfi sync of an environment already in sync, for the small (15) and large (126) sets
#   pip-noop-N     pip install --no-deps -r of the same, everything already satisfied (pip's nearest no-op)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/perf/common.sh"
PYTHON=$(python_itself "${PYTHON:-python3}")
DFI=${DFI:-}
RUNS=${RUNS:-30}
OUT=${OUT:-$root/perf/out}
if [ -z "${TIMER:-}" ]; then
  if command -v hyperfine >/dev/null; then TIMER=hyperfine; else TIMER=loop; fi
fi
for variable in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done
export PIP_CONFIG_FILE=/dev/null

work=$OUT/work-startup
results=$work/results.tsv
rm -rf "$work"
mkdir -p "$work"
: > "$results"
[ -n "$DFI" ] || DFI=$(native_dfi "$OUT")

# faults NAME COMMAND: the median of 5 runs' minor page faults, appended to $work/faults.tsv.
faults() {
  local i
  for ((i = 0; i < 5; i++)); do
    # shellcheck disable=SC2086 # the command is split into words on purpose: no shell in between to count
    /usr/bin/time -f "%R" -o "$work/faults.one" $2 >/dev/null 2>&1 || true
    tail -n 1 "$work/faults.one"
  done | sort -n | sed -n 3p | awk -v name="$1" '{ printf "%s\t%s\n", name, $1 }' >> "$work/faults.tsv"
}

bench() {
  echo "startup: $1" >&2
  measure_runs "$1" "$RUNS" 3 true "$2"
  faults "$1" "$2"
}

bench dfi-version "$DFI --version"
bench pip-version "$PYTHON -m pip --version"
bench python-pass "$PYTHON -c pass"

for set_name in small large; do
  corpus=$OUT/corpus-$set_name
  req=$corpus/requirements.txt
  if [ ! -f "$req" ]; then
    "$PYTHON" "$root/fixtures/make_corpus.py" --out "$corpus" --set "$set_name" >&2
  fi
  start_index "$corpus" "$work"
  venv=$work/venv-$set_name
  "$PYTHON" -m venv --without-pip "$venv"
  "$DFI" sync "$req" --python "$venv" --index-url "$url" --cache-dir "$work/dfi-cache" -q
  count=$(wc -l < "$req")
  bench "dfi-noop-$count" "$DFI sync $req --python $venv --index-url $url --cache-dir $work/dfi-cache -q"
  bench "pip-noop-$count" "$PYTHON -m pip --python $venv/bin/python install --quiet --disable-pip-version-check --no-deps --no-compile -r $req --index-url $url --trusted-host 127.0.0.1"
  stop_index
  rm -f "$work/port"
done

echo
echo "| scenario | median (ms) | min (ms) | max (ms) | minor page faults |"
echo "|---|--:|--:|--:|--:|"
while IFS=$'\t' read -r name median min max; do
  pf=$(awk -v name="$name" '$1 == name { print $2 }' "$work/faults.tsv")
  awk -v n="$name" -v a="$median" -v b="$min" -v c="$max" -v f="$pf" 'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %s |\n", n, a * 1000, b * 1000, c * 1000, f }'
done < "$results"
