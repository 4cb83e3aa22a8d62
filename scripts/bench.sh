#!/usr/bin/env bash
# List and search benchmarks at 100,000 posts on SQLite and on PostgreSQL (Debian's,
# started here as for the tests): builds the release server for each backend (in
# target/bench, so the builds of run.sh and test.sh are left alone), generates the posts
# into a fresh database, runs `coin-du-partage bench` and writes Markdown reports to
# target/bench-results/. Numbers are recorded in docs/benchmarks.md.
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

bench_sqlite() {
  say "build · release · SQLite"
  cargo build --release --locked -p server --bin coin-du-partage
  local dir
  dir="$(mktemp -d)"
  say "bench · SQLite · $POSTS annonces"
  DATABASE_URL="sqlite://$dir/bench.db" "$CARGO_TARGET_DIR/release/coin-du-partage" bench --posts "$POSTS" --runs "$RUNS" | tee "$OUT/sqlite.md"
  rm -rf "$dir"
}

bench_postgres() {
  apt_install postgresql
  source "$ROOT/scripts/postgres.sh"
  start_postgres
  say "build · release · PostgreSQL"
  cargo build --release --locked -p server --bin coin-du-partage --no-default-features --features postgres
  local admin="postgres://coin_test:coin_test@127.0.0.1:5432/postgres"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench WITH (FORCE)" -c "CREATE DATABASE coin_bench"
  say "bench · PostgreSQL · $POSTS annonces"
  DATABASE_URL="postgres://coin_test:coin_test@127.0.0.1:5432/coin_bench" \
    "$CARGO_TARGET_DIR/release/coin-du-partage" bench --posts "$POSTS" --runs "$RUNS" | tee "$OUT/postgres.md"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench WITH (FORCE)"
}

case "$ONLY" in
  sqlite) bench_sqlite ;;
  postgres) bench_postgres ;;
  "") bench_sqlite; bench_postgres ;;
  *) die "usage: scripts/bench.sh [sqlite|postgres]" ;;
esac
say "rapports / reports: $OUT/"
