#!/usr/bin/env bash
# Crash consistency (issue 6): kill -9 a sync at N different moments; after each, `dfi repair` must leave the
# environment holding exactly the old set or the new one, and pip must agree. Writes perf/out/crash.md.
#
#   perf/crash.sh [KILLS]     (default 120)
#
# Set A is the first half of the small corpus's requirements, set B all of them. The cache is warmed first, so a
# sync of B is short and the kills, spread evenly over its measured duration, land in planning, unzips and installs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/perf/common.sh"
PYTHON=$(python_itself "${PYTHON:-python3}")
OUT=${OUT:-$root/perf/out}
KILLS=${1:-120}
DFI=${DFI:-$(native_dfi "$OUT")}
corpus=$OUT/corpus-small
work=$OUT/work-crash
[ -f "$corpus/requirements.txt" ] || "$PYTHON" "$root/fixtures/make_corpus.py" --out "$corpus" --set small >&2
rm -rf "$work" && mkdir -p "$work"
start_index "$corpus" "$work"

total=$(grep -c '==' "$corpus/requirements.txt")
head -n $((total / 2)) "$corpus/requirements.txt" > "$work/a.txt"
cp "$corpus/requirements.txt" "$work/b.txt"
venv=$work/venv
cache=$work/cache
sync() { "$DFI" sync "$1" --python "$venv" --index-url "$url" --cache-dir "$cache" -q "${@:2}"; }
state() { "$PYTHON" -m pip --python "$venv/bin/python" list --format=freeze --disable-pip-version-check 2>/dev/null | tr 'A-Z_.' 'a-z--' | sort; }
canon() { tr 'A-Z_.' 'a-z--' < "$1" | sort; }

"$DFI" venv "$venv" --cache-dir "$cache" >/dev/null
sync "$work/b.txt"                      # warms the cache
canon "$work/a.txt" > "$work/a.state"
canon "$work/b.txt" > "$work/b.state"
sync "$work/a.txt"
start=$(date +%s.%N); sync "$work/b.txt"; end=$(date +%s.%N)
duration=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')

old=0 new=0 bad=0 checks=0
for ((i = 0; i < KILLS; i++)); do
  sync "$work/a.txt"
  delay=$(awk -v d="$duration" -v i="$i" -v n="$KILLS" 'BEGIN { printf "%.4f", d * 1.2 * i / n }')
  # dfi itself in the background (not the shell function, whose subshell would take the kill instead).
  "$DFI" sync "$work/b.txt" --python "$venv" --index-url "$url" --cache-dir "$cache" -q >/dev/null & pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$DFI" repair --python "$venv" -q >/dev/null
  state > "$work/now.state"
  if cmp -s "$work/now.state" "$work/a.state"; then old=$((old + 1));
  elif cmp -s "$work/now.state" "$work/b.state"; then new=$((new + 1));
  else bad=$((bad + 1)); echo "crash: kill $i at ${delay}s left neither set" >&2; fi
  if ((i % 10 == 0)); then
    "$PYTHON" -m pip --python "$venv/bin/python" check --disable-pip-version-check >/dev/null || { echo "crash: pip check failed after kill $i" >&2; bad=$((bad + 1)); }
    checks=$((checks + 1))
  fi
done
incomplete=$(find "$cache/wheels-v1" -mindepth 1 -maxdepth 1 -type d ! -exec test -d '{}/tree' \; -print | wc -l)

{
  echo "### crash consistency: $KILLS kills of \`dfi sync\` (small corpus, warm cache; a sync of B takes ${duration}s), $(date -u +%Y-%m-%d)"
  echo
  echo "| kills | left the old set | left the new set | left anything else | pip check runs passed | incomplete cache entries |"
  echo "|--:|--:|--:|--:|--:|--:|"
  echo "| $KILLS | $old | $new | $bad | $checks | $incomplete |"
} | tee "$OUT/crash.md"
[ "$bad" -eq 0 ] && [ "$incomplete" -eq 0 ]
