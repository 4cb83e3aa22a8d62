#!/usr/bin/env bash
# First-visit weight and timings of the goal pages on an emulated weak link (issue
# « Léger »): builds the release site as run.sh does, serves it on a fresh SQLite database
# with the demo data, and runs end2end/bench/weight.mjs in Debian's Chromium. Writes
# target/bench-results/weight.md; numbers are recorded in docs/benchmarks.md.
#   WEIGHT_RUNS=3 ./scripts/bench-weight.sh
source "$(dirname "$0")/lib.sh"

ensure_rust
[ -x /usr/bin/chromium ] || apt_install chromium
build_release

PORT="${WEIGHT_PORT:-3458}"
DB="$(mktemp -d)/weight.db"
OUT="$ROOT/target/bench-results"
mkdir -p "$OUT"
DATABASE_URL="sqlite://$DB" COIN_DEMO_DATA=true COIN_DEV_MODE=true LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$TARGET_DIR/release/coin-du-partage" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$(dirname "$DB")"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done
say "poids des pages · http://127.0.0.1:$PORT"
node end2end/bench/weight.mjs "http://127.0.0.1:$PORT" | tee "$OUT/weight.md"
