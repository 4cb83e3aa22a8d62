#!/usr/bin/env bash
# Alert benchmarks (docs/benchmarks.md §6) at 100,000 posts and 100,000 alerts, on SQLite
# and on PostgreSQL: builds the developer tools' binary (in target/bench, as bench.sh),
# generates posts and alerts into a fresh database, starts a local SMTP server that
# accepts and drops every mail (aiosmtpd, from PyPI, in a virtualenv under target/), and
# runs `coin-du-partage-dev bench-alerts`. Markdown reports in target/bench-results/.
#   BENCH_POSTS=100000 BENCH_ALERTS=100000 ./scripts/bench-alerts.sh [sqlite|postgres]
source "$(dirname "$0")/lib.sh"

POSTS="${BENCH_POSTS:-100000}"
ALERTS="${BENCH_ALERTS:-100000}"
SECONDS_SENDING="${BENCH_SMTP_SECONDS:-30}"
ONLY="${1:-}"
OUT="$ROOT/target/bench-results"
SMTP_PORT=2526
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$ROOT/target/bench"
export RUST_LOG="${RUST_LOG:-error}" COIN_DEMO_DATA=false

ensure_rust

smtp_sink() {
  command -v python3 >/dev/null || apt_install python3
  python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
  local venv="$ROOT/target/smtp-sink"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null || "$venv/bin/pip" install -q aiosmtpd
  "$venv/bin/python" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Sink &
  SMTP_PID=$!
  trap 'kill $SMTP_PID 2>/dev/null' EXIT
  sleep 2
}

bench() { # report
  "$CARGO_TARGET_DIR/release/coin-du-partage-dev" generate --posts "$POSTS" >/dev/null
  sync
  sleep 5
  "$CARGO_TARGET_DIR/release/coin-du-partage-dev" bench-alerts --posts "$POSTS" --alerts "$ALERTS" \
    --smtp "127.0.0.1:$SMTP_PORT" --seconds "$SECONDS_SENDING" | tee "$1"
}

bench_sqlite() {
  say "build · release · SQLite"
  cargo build --release --locked -p server --features dev-tools --bin coin-du-partage-dev
  local dir
  dir="$(mktemp -d)"
  say "bench-alerts · SQLite"
  DATABASE_URL="sqlite://$dir/bench.db" bench "$OUT/alerts-sqlite.md"
  rm -rf "$dir"
}

bench_postgres() {
  apt_install postgresql
  source "$ROOT/scripts/postgres.sh"
  start_postgres
  say "build · release · PostgreSQL"
  cargo build --release --locked -p server --bin coin-du-partage-dev --no-default-features --features postgres,dev-tools
  local admin="postgres://coin_test:coin_test@127.0.0.1:5432/postgres"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench_alerts WITH (FORCE)" -c "CREATE DATABASE coin_bench_alerts"
  say "bench-alerts · PostgreSQL"
  DATABASE_URL="postgres://coin_test:coin_test@127.0.0.1:5432/coin_bench_alerts" bench "$OUT/alerts-postgres.md"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS coin_bench_alerts WITH (FORCE)"
}

smtp_sink
case "$ONLY" in
  sqlite) bench_sqlite ;;
  postgres) bench_postgres ;;
  "") bench_sqlite; bench_postgres ;;
  *) die "usage: scripts/bench-alerts.sh [sqlite|postgres]" ;;
esac
say "rapports / reports: $OUT/"
