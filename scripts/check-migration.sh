#!/usr/bin/env bash
# SQLite → PostgreSQL with the demo data, through the real binaries (README, « Passer à
# PostgreSQL »): the SQLite release server loads the demo data and its open-data exports
# and pages are saved; `migrate-to` (PostgreSQL build) copies the file into a fresh
# database; the PostgreSQL server started on it must serve the same exports, byte for byte,
# and the same pages. Needs the release build (scripts/test.sh builds it before) and
# PostgreSQL (scripts/postgres.sh).
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/postgres.sh"
start_postgres >/dev/null

WORK="$ROOT/target/check-migration"
rm -rf "$WORK" && mkdir -p "$WORK"
DB_NAME="coin_test_migration_$$"
TARGET_URL="${PG_TEST_URL%/*}/$DB_NAME"
SQLITE_BIN="$ROOT/target/release/coin-du-partage"
[ -x "$SQLITE_BIN" ] || die "build optimisé absent : lancez scripts/run.sh ou scripts/test.sh / release build missing"
say "binaire PostgreSQL (debug) / PostgreSQL build"
# The PostgreSQL test run's own command, which builds the binaries too: right after that
# phase (scripts/test.sh), nothing to rebuild.
cargo test --quiet --no-run --workspace --no-default-features --features server/postgres 2>/dev/null ||
  die "build PostgreSQL (debug)"
PG_BIN="$ROOT/target/debug/coin-du-partage"

PORT=3998
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
cleanup() {
  stop_server
  PGPASSWORD=coin_test psql -q -h 127.0.0.1 -U coin_test -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# start BINARY DATABASE_URL LOG: serves on $PORT once the map index is ready.
start() {
  DATABASE_URL="$2" COIN_DEMO_DATA=true LEPTOS_SITE_ADDR="127.0.0.1:$PORT" COIN_PUBLIC_URL="http://127.0.0.1:$PORT" \
    LEPTOS_SITE_ROOT="$ROOT/target/site" COIN_MAP_INDEX_FILE=off RUST_LOG=info COIN_LOG_FORMAT=text "$1" >"$3" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q "carte prête" "$3" && curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$3"; die "le serveur s’est arrêté / server stopped"; }
    sleep 0.2
  done
  die "le serveur ne répond pas / server not answering"
}

# snapshot DIR: the open-data exports (compared byte for byte) and the public pages'
# headings and counts (the pages themselves carry per-run tokens).
PAGES=(/ /partage /annuaire /carte /ressources /benevolat /structures/centre-social-lo-solan)
snapshot() {
  mkdir -p "$1"
  for f in posts.csv structures.csv resources.csv posts.geojson structures.geojson resources.geojson; do
    curl -fsS "http://127.0.0.1:$PORT/api/v1/$f" -o "$1/$f" || die "/api/v1/$f"
  done
  curl -fsS "http://127.0.0.1:$PORT/api/v1/map?bbox=-5.5,41,10,51.5&zoom=5" -o "$1/map.json" || die "/api/v1/map"
  for p in "${PAGES[@]}"; do
    curl -fsS "http://127.0.0.1:$PORT$p" | grep -oE '<h1[^>]*>[^<]*|[0-9][0-9  ]* (annonces?|structures?|ressources?|missions?)' >>"$1/pages.txt" ||
      die "page $p"
  done
}

say "SQLite : données de démonstration / SQLite with the demo data"
SQLITE_FILE="$WORK/instance.db"
start "$SQLITE_BIN" "sqlite://$SQLITE_FILE" "$WORK/sqlite.log"
snapshot "$WORK/sqlite"
stop_server

say "migrate-to → $DB_NAME"
PGPASSWORD=coin_test psql -q -h 127.0.0.1 -U coin_test -d postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
"$PG_BIN" migrate-to "$TARGET_URL" "$SQLITE_FILE" | tee "$WORK/migrate-to.txt"
grep -q "^posts  *[1-9]" "$WORK/migrate-to.txt" || die "migrate-to n’a pas copié les annonces / no posts copied"
# A second copy into the same database is refused.
if "$PG_BIN" migrate-to "$TARGET_URL" "$SQLITE_FILE" >/dev/null 2>"$WORK/second.txt"; then die "seconde copie acceptée / second copy accepted"; fi
grep -q "n’est pas vide" "$WORK/second.txt" || { cat "$WORK/second.txt"; die "refus attendu / refusal expected"; }

say "PostgreSQL : mêmes exports et mêmes pages / same exports and pages"
start "$PG_BIN" "$TARGET_URL" "$WORK/postgres.log"
grep -q "demo data not loaded" "$WORK/postgres.log" || die "la base copiée a été prise pour une base vide / copied database seen as empty"
snapshot "$WORK/postgres"
stop_server
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
def features(side):
    m = json.load(open(f"{work}/{side}/map.json"))
    return sorted(json.dumps(f, sort_keys=True) for f in m.get("features", m.get("items", [])))
assert features("sqlite") == features("postgres"), "la carte diffère / the map differs"
PY
for f in posts.csv structures.csv resources.csv posts.geojson structures.geojson resources.geojson pages.txt; do
  cmp -s "$WORK/sqlite/$f" "$WORK/postgres/$f" || { diff <(head -c 3000 "$WORK/sqlite/$f") <(head -c 3000 "$WORK/postgres/$f") | head -20; die "$f diffère / differs"; }
done
say "migration vérifiée : $(($(wc -l <"$WORK/sqlite/posts.csv") - 1)) annonces, $(($(wc -l <"$WORK/sqlite/structures.csv") - 1)) structures, mêmes exports et pages"
