#!/usr/bin/env bash
# Times `make run` in a fresh clone of this repository until /auth/login answers (cold), then a
# second start in the same clone (warm), and samples the peak RSS of the app's processes while a
# browser signs in. Prints the figures. Needs port 3009 free.
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/allin"
cd "$work/allin"

start_and_measure() {
  local label=$1 start pid peak rss
  start=$(date +%s.%N)
  setsid make run > "$work/run-$label.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://localhost:3009/auth/login/; do
    kill -0 "$pid" 2>/dev/null || { echo "make run exited; see $work/run-$label.log"; exit 1; }
    sleep 0.5
  done
  printf '%s start until /auth/login answers: %.1f s\n' "$label" "$(echo "$(date +%s.%N) - $start" | bc)"
  "$repo/.venv/bin/python" "$repo/bench/sign_in_once.py" > /dev/null 2>&1 &
  peak=0
  for _ in $(seq 1 30); do
    rss=$(ps -o rss= --sid "$pid" | awk '{s+=$1} END {print s+0}')
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.5
  done
  echo "$label peak RSS of the app's processes: $((peak / 1024)) MiB"
  kill -- -"$pid"; sleep 3
}

start_and_measure cold
start_and_measure warm
