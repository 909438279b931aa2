#!/usr/bin/env bash
# The large-archive run of docs/PERFORMANCE.md ("Large archives: 1× to 16× ELTeC"): fresh
# builds of the ELTeC folder and of 4, 8 and 16 hard-linked copies of it, each with its
# peak anonymous memory (RssAnon, sampled every 20 ms), VmHWM, index size and time.
#
#   cargo build --release -p lupa-cli
#   bash benches/scale.sh /tmp/eltec [WORK]     # WORK defaults to /tmp/lupa-scale
#
# /tmp/eltec is made by ../shared/peers/eltec_prep.py, as docs/PERFORMANCE.md says. The
# copies are hard links (no extra disk); the indexes need about 1.8 GB in WORK.
set -euo pipefail
eltec=${1:?usage: bash benches/scale.sh ELTEC_DIR [WORK]}
work=${2:-/tmp/lupa-scale}
lupa=${LUPA_BIN:-$(dirname "$0")/../target/release/lupa}
[ -x "$lupa" ] || { echo "no $lupa: run cargo build --release -p lupa-cli first" >&2; exit 1; }
[ -d "$eltec" ] || { echo "no folder $eltec: see docs/PERFORMANCE.md for how to make it" >&2; exit 1; }
mkdir -p "$work"

# Runs "$@", prints "PEAK_RSSANON_KB PEAK_HWM_KB" on fd 3.
peak() {
  "$@" &
  local pid=$! anon=0 hwm=0 a h
  while kill -0 "$pid" 2>/dev/null; do
    a=$(awk '/^RssAnon/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    h=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
    sleep 0.02
  done
  wait "$pid"
  echo "$anon $hwm" >&3
}

printf '| size | files | text bytes | index bytes | peak RssAnon | VmHWM | time |\n|---|---|---|---|---|---|---|\n'
for n in 1 4 8 16; do
  dir=$eltec
  if [ "$n" -gt 1 ]; then
    dir=$work/eltec$n
    if [ ! -d "$dir" ]; then
      mkdir -p "$dir"
      for i in $(seq 0 $((n - 1))); do cp -al "$eltec" "$dir/c$i"; done
    fi
  fi
  index=$work/index-$n
  rm -rf "$index"
  files=$(find "$dir" -type f | wc -l)
  bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  start=$(date +%s.%N)
  read -r anon hwm < <(peak "$lupa" --index "$index" index "$dir" 3>&1 >"$work/index-$n.out" 2>&1)
  end=$(date +%s.%N)
  size=$(du -sb "$index" | cut -f1)
  printf '| %s× | %s | %s | %s | %s KB | %s KB | %.1f s |\n' "$n" "$files" "$bytes" "$size" "$anon" "$hwm" "$(echo "$end - $start" | bc)"
  tail -n 1 "$work/index-$n.out" >&2
done
