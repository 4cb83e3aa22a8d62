#!/usr/bin/env bash
# The map benchmark (issue « Carte collaborative ») at 1,000,000 posts, on SQLite and on
# PostgreSQL: builds the release server and the developer tools' binary for each backend
# (in target/bench, beside the list benchmark's build), generates the posts into a fresh
# database, then runs `coin-du-partage-dev bench-map --http` (index build, in-process
# queries and bytes, naive baseline, start-up, memory, freshness, HTTP load at a fixed
# rate and at most: against `coin-du-partage`, started from the same directory), and the
# supercluster peer (../shared/bench/supercluster-peer.mjs) on the same
# points and viewports. Reports in target/bench-results/map-<backend>/; figures recorded
# in docs/benchmarks.md. Not run by CI.
#   BENCH_POSTS=1000000 ./scripts/bench-map.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"

POSTS="${BENCH_POSTS:-1000000}"
ONLY="${1:-}"
PEER="${PEER_DIR:-$ROOT/../shared/bench}"
export CARGO_TARGET_DIR="$ROOT/target/bench"
export RUST_LOG="${RUST_LOG:-error}" COIN_DEMO_DATA=false

ensure_rust

peer() {
  local out="$1"
  if [ -f "$PEER/supercluster-peer.mjs" ]; then
    ensure_npm
    [ -d "$PEER/node_modules/supercluster" ] || npm install --prefix "$PEER" --no-audit --no-fund --loglevel=error
    say "pair / peer: supercluster"
    node --max-old-space-size=4096 "$PEER/supercluster-peer.mjs" --points "$out/points.csv" --queries "$out/queries.csv" | tee "$out/peer.json"
  else
    say "pas de pair ($PEER/supercluster-peer.mjs absent) / peer script not found"
  fi
}

map_sqlite() {
  say "build · release · SQLite"
  cargo build --release --locked -p server --features dev-tools --bin coin-du-partage --bin coin-du-partage-dev
  local dir out="$ROOT/target/bench-results/map-sqlite"
  dir="$(mktemp -d)"
  mkdir -p "$out"
  say "bench-map · SQLite · $POSTS annonces"
  DATABASE_URL="sqlite://$dir/bench.db" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench-map --posts "$POSTS" --out "$out" --http
  rm -rf "$dir"
  peer "$out"
}

map_postgres() {
  apt_install postgresql
  source "$ROOT/scripts/postgres.sh"
  start_postgres
  say "build · release · PostgreSQL"
  cargo build --release --locked -p server --bin coin-du-partage --bin coin-du-partage-dev --no-default-features --features postgres,dev-tools
  local admin="postgres://coin_test:coin_test@127.0.0.1:5432/postgres" out="$ROOT/target/bench-results/map-postgres"
  mkdir -p "$out"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench_map WITH (FORCE)" -c "CREATE DATABASE coin_bench_map"
  # The bench flushes PostgreSQL's dirty pages (CHECKPOINT) before its HTTP measurements.
  as_root su postgres -c "psql -q -c 'GRANT pg_checkpoint TO coin_test'"
  say "bench-map · PostgreSQL · $POSTS annonces"
  DATABASE_URL="postgres://coin_test:coin_test@127.0.0.1:5432/coin_bench_map" \
    "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench-map --posts "$POSTS" --out "$out" --http
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench_map WITH (FORCE)"
  peer "$out"
}

case "$ONLY" in
  sqlite) map_sqlite ;;
  postgres) map_postgres ;;
  "") map_sqlite; map_postgres ;;
  *) die "usage: scripts/bench-map.sh [sqlite|postgres]" ;;
esac
say "rapports / reports: $ROOT/target/bench-results/map-*/"
