#!/usr/bin/env bash
# Booking benchmarks (docs/benchmarks.md §7) on SQLite and on PostgreSQL: builds the
# developer tools' binary, then runs `coin-du-partage-dev bench-bookings` on a fresh
# database (one resource with 10,000 bookings in its history; month view, creation, 50
# simultaneous requests for one slot). Markdown reports in target/bench-results/.
#   BENCH_HISTORY=10000 ./scripts/bench-bookings.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"

HISTORY="${BENCH_HISTORY:-10000}"
ONLY="${1:-}"
OUT="$ROOT/target/bench-results"
mkdir -p "$OUT"
export RUST_LOG="${RUST_LOG:-error}" COIN_DEMO_DATA=false

ensure_rust

bench_sqlite() {
  say "build · release · SQLite"
  build_bench_binary sqlite
  local dir
  dir="$(mktemp -d)"
  say "bench-bookings · SQLite"
  DATABASE_URL="sqlite://$dir/bench.db" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench-bookings --history "$HISTORY" | tee "$OUT/bookings-sqlite.md"
  rm -rf "$dir"
}

bench_postgres() {
  apt_install postgresql
  source "$ROOT/scripts/postgres.sh"
  start_postgres
  say "build · release · PostgreSQL"
  build_bench_binary postgres
  local url
  url="$(fresh_bench_database coin_bench_bookings)"
  say "bench-bookings · PostgreSQL"
  DATABASE_URL="$url" "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench-bookings --history "$HISTORY" | tee "$OUT/bookings-postgres.md"
  psql -q "postgres://coin_test:coin_test@127.0.0.1:5432/postgres" -c "DROP DATABASE IF EXISTS coin_bench_bookings WITH (FORCE)"
}

case "$ONLY" in
  sqlite) bench_sqlite ;;
  postgres) bench_postgres ;;
  "") bench_sqlite; bench_postgres ;;
  *) die "usage: scripts/bench-bookings.sh [sqlite|postgres]" ;;
esac
say "rapports / reports: $OUT/bookings-*.md"
