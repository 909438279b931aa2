#!/usr/bin/env bash
# The speed targets of docs/PERFORMANCE.md against tantivy's Python bindings with a Snowball
# chain (../shared/peers/tantivy_py_peer.py), in interleaved rounds on the same folder and
# questions: a full index, an unchanged re-index, and the 1,000 questions on one thread and on
# every core. Prints each round and the medians, with Lupa's time over the peer's.
#
#   cargo build --release -p lupa-cli
#   python3 -m pip install 'tantivy==0.27.0'            # the peer (../shared/peers/install.sh)
#   bash benches/versus-tantivy.sh /tmp/eltec /tmp/questions.tsv [ROUNDS] [WORK]
#
# Both folders are made as docs/PERFORMANCE.md says ("Machine and data"). Lupa's figures are
# its whole process (start-up, index opening, output); the peer's are its own in-process
# timings (`index_s`: adding and committing; `query_total_s`: its query loop, the top 10
# names of each question fetched), so start-up counts against Lupa only.
set -euo pipefail
eltec=${1:?usage: bash benches/versus-tantivy.sh ELTEC_DIR QUESTIONS [ROUNDS] [WORK]}
questions=${2:?usage: bash benches/versus-tantivy.sh ELTEC_DIR QUESTIONS [ROUNDS] [WORK]}
rounds=${3:-5}
work=${4:-/tmp/lupa-versus}
here=$(cd "$(dirname "$0")/.." && pwd)
lupa=${LUPA_BIN:-$here/target/release/lupa}
peer=${PEER:-$here/../shared/peers/tantivy_py_peer.py}
[ -x "$lupa" ] || { echo "no $lupa: run cargo build --release -p lupa-cli first" >&2; exit 1; }
[ -f "$peer" ] || { echo "no $peer: set PEER to tantivy_py_peer.py of the peers' folder" >&2; exit 1; }
python3 -c 'import tantivy' 2>/dev/null ||
  { echo "the peer needs tantivy's Python bindings: python3 -m pip install 'tantivy==0.27.0'" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; Debian: apt-get install time)" >&2; exit 1; }
[ -d "$eltec" ] || { echo "no folder $eltec: see docs/PERFORMANCE.md" >&2; exit 1; }
[ -f "$questions" ] || { echo "no $questions: see docs/PERFORMANCE.md" >&2; exit 1; }
mkdir -p "$work"
idx=$work/lupa tidx=$work/tpy out=$work/out

# "WALL_S MAX_RSS_KB" of a command, its output thrown away.
timed() { /usr/bin/time -f "%e %M" -o "$out.time" "$@" >/dev/null 2>"$out.err" || {
  cat "$out.err" >&2; exit 1; }; cat "$out.time"; }
# A field of the peer's SUMMARY line.
summary() { grep '^SUMMARY' "$out.log" | tr '\t' '\n' | sed -n "s/^$1=//p"; }

printf 'round\tlupa_index_s\tlupa_index_rss_kb\tresync_s\tpeer_index_s\tpeer_index_rss_kb\tlupa_batch_2_s\tlupa_batch_1_s\tpeer_loop_s\tpeer_p50_ms\n' > "$work/rounds.tsv"
for round in $(seq 1 "$rounds"); do
  rm -rf "$idx"
  read -r index_s index_kb < <(timed "$lupa" index "$eltec" --index "$idx")
  read -r resync_s _ < <(timed "$lupa" index "$eltec" --index "$idx")
  read -r peer_kb < <(/usr/bin/time -f "%M" -o "$out.time" python3 "$peer" "$eltec" "$tidx" /dev/null \
    "$out.tsv" --mode index --quiet >"$out.log" 2>&1 && cat "$out.time")
  peer_index_s=$(summary index_s)
  [ -n "$peer_index_s" ] || { cat "$out.log" >&2; echo "the peer's index failed" >&2; exit 1; }
  read -r batch2_s _ < <(timed "$lupa" search --index "$idx" --queries "$questions" --format trec)
  read -r batch1_s _ < <(timed "$lupa" search --index "$idx" --queries "$questions" --format trec --threads 1)
  python3 "$peer" "$eltec" "$tidx" "$questions" "$out.tsv" --op OR --mode search --quiet >"$out.log" 2>&1
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$index_s" "$index_kb" "$resync_s" \
    "$peer_index_s" "$peer_kb" "$batch2_s" "$batch1_s" "$(summary query_total_s)" \
    "$(summary query_p50_ms)" | tee -a "$work/rounds.tsv"
done

python3 - "$work/rounds.tsv" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
m = {k: statistics.median(float(r[k]) for r in rows) for k in rows[0] if k != 'round'}
print(f"\nmedians of {len(rows)} rounds")
print("| measure | Lupa | tantivy-py | Lupa / tantivy-py |\n|---|---|---|---|")
print(f"| full index | {m['lupa_index_s']:.2f} s | {m['peer_index_s']:.2f} s | {m['lupa_index_s']/m['peer_index_s']:.2f}× |")
print(f"| unchanged re-index | {m['resync_s']:.2f} s ({m['resync_s']/m['lupa_index_s']:.3f}× a full build) | | |")
print(f"| peak RSS while indexing | {m['lupa_index_rss_kb']/1e3:.0f} MB | {m['peer_index_rss_kb']/1e3:.0f} MB | {m['lupa_index_rss_kb']/m['peer_index_rss_kb']:.2f}× |")
print(f"| 1,000 questions, one thread | {m['lupa_batch_1_s']:.3f} s | {m['peer_loop_s']:.3f} s | {m['lupa_batch_1_s']/m['peer_loop_s']:.2f}× |")
print(f"| 1,000 questions, both cores | {m['lupa_batch_2_s']:.3f} s | {m['peer_loop_s']:.3f} s (one thread) | {m['lupa_batch_2_s']/m['peer_loop_s']:.2f}× |")
EOF
