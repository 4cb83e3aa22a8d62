#!/usr/bin/env bash
# List and search benchmarks at 100,000 posts on SQLite and on PostgreSQL (Debian's,
# started here as for the tests): builds the developer tools' binary for each backend (in
# target/bench, so the builds of run.sh and test.sh are left alone; the shipped server
# does not contain them), generates the posts into a fresh database, runs
# `coin-du-partage-dev bench` and writes Markdown reports to target/bench-results/.
# Numbers are recorded in docs/benchmarks.md.
#   BENCH_POSTS=100000 BENCH_RUNS=300 ./scripts/bench.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"

POSTS="${BENCH_POSTS:-100000}"
RUNS="${BENCH_RUNS:-300}"
ONLY="${1:-}"
OUT="$ROOT/target/bench-results"
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$ROOT/target/bench"
# Only what the report needs: warnings (e.g. sqlx's slow-statement notes on the naive
# baselines) would drown it.
export RUST_LOG="${RUST_LOG:-error}" COIN_DEMO_DATA=false

ensure_rust

# Measured right after generating the data, ~10 % of requests waited ~10 ms, whatever the
# code (docs/benchmarks.md §1): the kernel was still writing the fresh files to disk. Flush
# them first.
settle() {
  sync
  sleep 5
}

bench_sqlite() {
  say "build · release · SQLite"
  cargo build --release --locked -p server --features dev-tools --bin coin-du-partage-dev
  local dir
  dir="$(mktemp -d)"
  say "données · SQLite · $POSTS annonces"
  DATABASE_URL="sqlite://$dir/bench.db" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" generate --posts "$POSTS"
  settle
  say "bench · SQLite · $POSTS annonces"
  DATABASE_URL="sqlite://$dir/bench.db" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench --posts "$POSTS" --runs "$RUNS" | tee "$OUT/sqlite.md"
  rm -rf "$dir"
}

bench_postgres() {
  apt_install postgresql
  source "$ROOT/scripts/postgres.sh"
  start_postgres
  say "build · release · PostgreSQL"
  cargo build --release --locked -p server --bin coin-du-partage-dev --no-default-features --features postgres,dev-tools
  local admin="postgres://coin_test:coin_test@127.0.0.1:5432/postgres"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench WITH (FORCE)" -c "CREATE DATABASE coin_bench"
  local url="postgres://coin_test:coin_test@127.0.0.1:5432/coin_bench"
  say "données · PostgreSQL · $POSTS annonces"
  DATABASE_URL="$url" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" generate --posts "$POSTS"
  settle
  say "bench · PostgreSQL · $POSTS annonces"
  DATABASE_URL="$url" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench --posts "$POSTS" --runs "$RUNS" | tee "$OUT/postgres.md"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench WITH (FORCE)"
}

case "$ONLY" in
  sqlite) bench_sqlite ;;
  postgres) bench_postgres ;;
  "") bench_sqlite; bench_postgres ;;
  *) die "usage: scripts/bench.sh [sqlite|postgres]" ;;
esac
say "rapports / reports: $OUT/"
