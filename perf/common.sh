# Sourced by every perf script: the native dfi they time, the interpreter behind PYTHON, and one way to time a command.
#
# measure_runs NAME RUNS WARMUP PREPARE COMMAND: run PREPARE (untimed, followed by `sync` so one run's
# writeback does not land in the next one's time) before each run, time COMMAND RUNS times after WARMUP
# untimed runs, and append "NAME median min max" to $results. Uses $TIMER (hyperfine|loop), $PYTHON, $work.
measure_runs() {
  local name=$1 runs=$2 warmup=$3 prepare=$4 command=$5
  prepare="$prepare && sync"
  if [ "$TIMER" = hyperfine ]; then
    hyperfine --style basic --runs "$runs" --warmup "$warmup" --prepare "$prepare" \
      --export-json "$work/$name.json" "$command" >&2
    "$PYTHON" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(sys.argv[2], r["median"], r["min"], r["max"], sep="\t")' \
      "$work/$name.json" "$name" >> "$results"
  else
    local i start end
    for ((i = 0; i < warmup; i++)); do bash -c "$prepare"; bash -c "$command"; done
    : > "$work/$name.times"
    for ((i = 0; i < runs; i++)); do
      bash -c "$prepare"
      start=$(date +%s.%N)
      bash -c "$command"
      end=$(date +%s.%N)
      awk -v start="$start" -v end="$end" 'BEGIN { printf "%.6f\n", end - start }' >> "$work/$name.times"
    done
    sort -g "$work/$name.times" | awk -v name="$name" '
      { t[NR] = $1 }
      END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
            printf "%s\t%s\t%s\t%s\n", name, m, t[1], t[NR] }' >> "$results"
  fi
}

# native_dfi OUT: prints the path of the native (NativeAOT) dfi in OUT/dfi, publishing it first when it is
# missing or older than any source or project file.
native_dfi() {
  local out=$1 dfi=$1/dfi/dfi
  if [ ! -x "$dfi" ] || [ -n "$(find "$root/Dataflow.Installer" \( -name '*.cs' -o -name '*.csproj' \) -newer "$dfi" | head -n 1)" ]; then
    echo "perf: publishing the native dfi into $out/dfi" >&2
    dotnet publish "$root/Dataflow.Installer" -c Release -r linux-x64 -o "$out/dfi" -nologo -v quiet >&2
  fi
  echo "$dfi"
}

# start_index CORPUS WORK: serves CORPUS on 127.0.0.1 (stopped when the script exits) and sets $url to its
# simple index.
server_pid=
stop_index() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
on_exit() {
  stop_index
  empty_trash
}
start_index() {
  local corpus=$1 work=$2
  trap on_exit EXIT
  "$PYTHON" "$root/perf/serve.py" --directory "$corpus" --port-file "$work/port" >/dev/null &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  [ -s "$work/port" ] || { echo "perf: index server did not start" >&2; exit 1; }
  url="http://127.0.0.1:$(cat "$work/port")/simple/"
}

# python_itself PYTHON: prints the interpreter PYTHON runs (sys.executable), so that timings do not include a
# launcher: a pyenv shim is a bash script that adds ~0.35 s to every Python start on this machine.
python_itself() {
  "$1" -c 'import sys; print(sys.executable)'
}

# use_trash OUT: prepare steps clear with "$set_aside PATH..." (a rename into OUT/trash-$$, see perf/set-aside.sh
# for why nothing is deleted while a script times), and the trash is deleted when the script exits.
trash=
use_trash() {
  trash=$1/trash-$$
  set_aside="bash $root/perf/set-aside.sh $trash"
  trap on_exit EXIT
}
empty_trash() {
  if [ -n "$trash" ] && [ -d "$trash" ]; then rm -rf "$trash"; fi
}
