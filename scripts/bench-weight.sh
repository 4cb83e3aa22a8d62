#!/usr/bin/env bash
# First-visit weight and timings of the goal pages on an emulated weak link (issue
# « Léger »): builds the release site as run.sh does, serves it on a fresh SQLite database
# with the demo data, builds and serves the naive baseline beside it (a minimal Leptos
# page, end2end/bench/baseline), and runs end2end/bench/weight.mjs in Debian's Chromium on
# both. Writes target/bench-results/weight.md; numbers are recorded in docs/benchmarks.md.
#   WEIGHT_RUNS=3 ./scripts/bench-weight.sh
source "$(dirname "$0")/lib.sh"

ensure_rust
[ -x /usr/bin/chromium ] || apt_install chromium
build_release

# The baseline, with the workspace's crate versions, built the same way (release server,
# wasm-release browser bundle, wasm-bindgen, wasm-opt -Oz, brotli).
baseline_build() {
  local dir=end2end/bench/baseline site="$TARGET_DIR/baseline/site"
  cp Cargo.lock "$dir/Cargo.lock"
  cargo build --release --manifest-path "$dir/Cargo.toml" --features ssr --target-dir "$TARGET_DIR/baseline"
  cargo build --manifest-path "$dir/Cargo.toml" --lib --target wasm32-unknown-unknown --profile wasm-release \
    --features hydrate --target-dir "$TARGET_DIR/baseline"
  rm -rf "$site" && mkdir -p "$site/pkg"
  wasm-bindgen --target web --no-typescript --out-name weight-baseline --out-dir "$site/pkg" \
    "$TARGET_DIR/baseline/wasm32-unknown-unknown/wasm-release/weight_baseline.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$site/pkg/weight-baseline_bg.wasm" -o "$site/pkg/weight-baseline_bg.wasm"
  node -e 'const fs=require("fs"),z=require("zlib"),d=process.argv[1];
    for (const f of fs.readdirSync(d)) fs.writeFileSync(`${d}/${f}.br`, z.brotliCompressSync(fs.readFileSync(`${d}/${f}`)));' "$site/pkg"
}
phase "référence naïve (page Leptos minimale)" baseline_build

PORT="${WEIGHT_PORT:-3458}"
DB="$(mktemp -d)/weight.db"
OUT="$ROOT/target/bench-results"
mkdir -p "$OUT"
DATABASE_URL="sqlite://$DB" COIN_DEMO_DATA=true COIN_DEV_MODE=true LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$TARGET_DIR/release/coin-du-partage" &
SERVER=$!
"$TARGET_DIR/baseline/release/weight-baseline" "127.0.0.1:$((PORT + 1))" "$TARGET_DIR/baseline/site" &
BASELINE=$!
trap 'kill $SERVER $BASELINE 2>/dev/null; rm -rf "$(dirname "$DB")"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done
say "poids des pages · http://127.0.0.1:$PORT"
node end2end/bench/weight.mjs "http://127.0.0.1:$PORT" "http://127.0.0.1:$((PORT + 1))" | tee "$OUT/weight.md"
