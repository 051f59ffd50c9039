#!/usr/bin/env bash
# set-aside.sh TRASH PATH...: renames each existing PATH into a fresh folder under TRASH (same filesystem).
#
# The perf scripts clear a run's environments and caches with this instead of `rm -rf`. On this machine's ext4
# (no journal), the inode allocator skips every inode freed in the last minute or so, one by one, so after
# a large deletion each mkdir and creat scans past them: measured with 50,000 mkdirs, 1.0–1.8 s on a quiet
# filesystem, 3.6–8.3 s right after deleting 150,000 folders, 1.07 s again 130 s after. Deleting between
# runs would charge that scan to the next timed run, and far more to a fast installer than to a slow one (the
# window is over before a slow one gets far). A rename frees nothing; the scripts empty TRASH when they end.
set -euo pipefail
trash=$1
shift
mkdir -p "$trash"
for path in "$@"; do
  if [ -e "$path" ] || [ -L "$path" ]; then
    mv "$path" "$(mktemp -d "$trash/XXXXXXXX")/"
  fi
done
