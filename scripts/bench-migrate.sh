#!/usr/bin/env bash
# `migrate-to` at scale (issue 20 « Grandir », docs/benchmarks.md §11): a SQLite instance
# with BENCH_POSTS generated posts (default 1,000,000; `coin-du-partage-dev generate`) is
# copied into a fresh PostgreSQL database by the PostgreSQL release build, under
# /usr/bin/time (wall time, peak memory). Beside it, in the same run, the floor: the posts
# table alone exported by sqlite3 as CSV and loaded by psql's \copy, with no checks.
# Results: target/bench-results/migrate/.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/postgres.sh"

POSTS="${BENCH_POSTS:-1000000}"
OUT="$ROOT/target/bench-results/migrate"
mkdir -p "$OUT"
ensure_rust
apt_install postgresql sqlite3 time
start_postgres
export CARGO_TARGET_DIR="$ROOT/target/bench"
say "build · release · SQLite (generator) and PostgreSQL (migrate-to), target/bench"
cargo build --release --locked -p server --features dev-tools --bin coin-du-partage-dev
cp "$CARGO_TARGET_DIR/release/coin-du-partage-dev" "$CARGO_TARGET_DIR/release/coin-du-partage-dev-sqlite"
cargo build --release --locked -p server --bin coin-du-partage --no-default-features --features postgres
BIN="$CARGO_TARGET_DIR/release/coin-du-partage"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
say "SQLite : $POSTS annonces générées / generated posts"
DATABASE_URL="sqlite://$dir/source.db" RUST_LOG=warn "$CARGO_TARGET_DIR/release/coin-du-partage-dev-sqlite" generate --posts "$POSTS" >"$OUT/generate.txt"
ls -l "$dir/source.db" | awk '{printf "fichier SQLite : %.0f Mo\n", $5/1e6}' | tee "$OUT/source.txt"

URL="$(fresh_bench_database coin_bench_migrate)"
say "migrate-to (PostgreSQL release)"
/usr/bin/time -v "$BIN" migrate-to "$URL" "$dir/source.db" >"$OUT/migrate-to.txt" 2>"$OUT/migrate-to.err" || { tail -20 "$OUT/migrate-to.err"; die "migrate-to"; }
wall="$(grep 'Elapsed (wall clock)' "$OUT/migrate-to.err" | awk '{print $NF}')"
rss="$(grep 'Maximum resident set size' "$OUT/migrate-to.err" | awk '{printf "%.0f", $NF/1024}')"

say "référence naïve : posts seuls, sqlite3 -csv | psql \\copy dans une copie de la table (index compris), sans conversion ni vérification"
FLOOR_URL="$(fresh_bench_database coin_bench_floor)"
cols="$(sqlite3 "$dir/source.db" "SELECT group_concat(name, ',') FROM pragma_table_info('posts')")"
pg_dump --schema-only --table=posts --no-owner "$URL" | grep -v "^SET\|^SELECT pg_catalog" >"$dir/floor.sql"
psql -q "$FLOOR_URL" -f "$dir/floor.sql" >/dev/null 2>"$OUT/floor-schema.err"
start=$(date +%s.%N)
sqlite3 -csv "$dir/source.db" "SELECT $cols FROM posts" \
  | psql -q "$FLOOR_URL" -c "\\copy posts ($cols) FROM STDIN WITH (FORMAT csv)" 2>"$OUT/floor.err" && floor_ok=1 || floor_ok=0
floor="$(echo "$(date +%s.%N) - $start" | bc)"
posts_line="$(grep '^posts ' "$OUT/migrate-to.txt")"
{
  echo "# $(date -u +%FT%TZ) · $(git -C "$ROOT" rev-parse --short HEAD) · $POSTS annonces"
  echo "migrate-to: total ${wall} (m:ss), pic mémoire ${rss} Mo; $posts_line"
  if [ "$floor_ok" = 1 ]; then printf 'référence naïve (posts seuls, \\copy dans la table indexée, sans vérification) : %.1f s\n' "$floor"; else echo "référence naïve : échec ($(head -c 300 "$OUT/floor.err"))"; fi
  grep "Copie terminée" "$OUT/migrate-to.txt"
} | tee "$OUT/summary.txt"
psql -q "postgres://coin_test:coin_test@127.0.0.1:5432/postgres" -c "DROP DATABASE IF EXISTS coin_bench_floor WITH (FORCE)" -c "DROP DATABASE IF EXISTS coin_bench_migrate WITH (FORCE)" >/dev/null
