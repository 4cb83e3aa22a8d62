#!/usr/bin/env bash
# Load run (issue 20 « Grandir », docs/benchmarks.md §10): two instances of the PostgreSQL
# release build on one database with the demo data, behind nginx (Debian's, unpacked) which
# appends each simulated user's own address to X-Forwarded-For (COIN_TRUSTED_PROXIES set on
# the instances); Locust (PyPI, in target/load-tools) runs LOAD_USERS users (default 200),
# each a request every 1–3 s, for LOAD_SECONDS (default 60), then again with more users
# (LOAD_STEPS, default 400 to 1600) to find the highest rate that keeps p99 ≤ 100 ms.
# Results: target/bench-results/load/.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/postgres.sh"

USERS="${LOAD_USERS:-200}"
SECONDS_EACH="${LOAD_SECONDS:-60}"
STEPS="${LOAD_STEPS:-400 600 800 1000 1200 1400 1600}"
ACCOUNTS=200
OUT="$ROOT/target/bench-results/load"
PROXY_PORT=8088
mkdir -p "$OUT"

ensure_rust
apt_install postgresql python3-venv
start_postgres
unpack_debian_tool nginx usr/sbin/nginx
unpack_debian_tool nginx-common etc/nginx/mime.types
TOOLS="$TARGET_DIR/deploy-tools"
[ -x "$TARGET_DIR/load-tools/venv/bin/locust" ] || {
  say "pip install locust (target/load-tools)"
  python3 -m venv "$TARGET_DIR/load-tools/venv"
  "$TARGET_DIR/load-tools/venv/bin/pip" install -q 'locust==2.*'
}
[ -f "$ROOT/target/site/pkg/current" ] || build_release
say "build · release · PostgreSQL (target/bench)"
CARGO_TARGET_DIR="$ROOT/target/bench" cargo build --release --locked -p server --bin coin-du-partage --no-default-features --features postgres
BIN="$ROOT/target/bench/release/coin-du-partage"

work="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

URL="$(fresh_bench_database coin_bench_load)"
instance() { # port, demo data?
  DATABASE_URL="$URL" COIN_DEMO_DATA="$2" LEPTOS_SITE_ADDR="127.0.0.1:$1" LEPTOS_SITE_ROOT="$ROOT/target/site" \
    COIN_PUBLIC_URL="http://127.0.0.1:$PROXY_PORT" COIN_TRUSTED_PROXIES=127.0.0.1 COIN_MAP_INDEX_FILE=off \
    COIN_DB_MAX_CONNECTIONS=16 RUST_LOG=warn "$BIN" >"$OUT/instance-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  die "instance $1 ne répond pas / not answering"
}
say "deux instances (3101, 3102) sur une base PostgreSQL, données de démonstration"
instance 3101 true
instance 3102 false
# Accounts for the users who publish and reply (the demo accounts' password).
psql -q "$URL" -c "INSERT INTO users (email, display_name, password_hash, email_verified_at, status, created_at, updated_at)
  SELECT 'charge' || g || '@example.org', 'Bénévole ' || g, (SELECT password_hash FROM users WHERE email = 'camille@example.org'),
         now(), 'active', now(), now() FROM generate_series(0, $ACCOUNTS - 1) g"

cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log warn;
worker_processes 1;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    upstream coin {
        server 127.0.0.1:3101;
        server 127.0.0.1:3102;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        # Each simulated user's address, given by the load tool (the proxy's own client
        # address is 127.0.0.1 for all of them); appended to X-Forwarded-For below.
        set_real_ip_from 127.0.0.1;
        real_ip_header X-Client-Address;
        client_max_body_size 4m;
        location / {
            proxy_pass http://coin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
}
CONF
"$TOOLS/usr/sbin/nginx" -p "$work" -c "$work/nginx.conf" -e "$work/error.log"
sleep 0.5

run() { # users → prints "users rps requests failures 5xx p50 p95 p99 max"
  local u="$1" prefix="$OUT/u$1"
  LOAD_PUBLIC_URL="http://127.0.0.1:$PROXY_PORT" LOAD_ACCOUNTS="$ACCOUNTS" \
    "$TARGET_DIR/load-tools/venv/bin/locust" -f "$ROOT/scripts/load/locustfile.py" --headless \
    -u "$u" -r 50 -t "${SECONDS_EACH}s" --reset-stats --host "http://127.0.0.1:$PROXY_PORT" \
    --csv "$prefix" --only-summary --loglevel WARNING >"$prefix.txt" 2>&1 || true
  python3 - "$prefix" "$u" <<'PY'
import csv, re, sys
prefix, users = sys.argv[1], sys.argv[2]
# A server error: "503: …" (our server-function calls) or Locust's "HTTPError('503 Server Error…".
server_error = re.compile(r"(^|\(')5\d\d[: ]")
rows = list(csv.DictReader(open(prefix + "_stats.csv")))
agg = next(r for r in rows if r["Name"] == "Aggregated")
fivexx = 0
for f in csv.DictReader(open(prefix + "_failures.csv")):
    if server_error.search(f["Error"]):
        fivexx += int(f["Occurrences"])
print(users, agg["Requests/s"][:6], agg["Request Count"], agg["Failure Count"], fivexx,
      agg["50%"], agg["95%"], agg["99%"], agg["Max Response Time"])
PY
}

{
  echo "# $(date -u +%FT%TZ) · $(git -C "$ROOT" rev-parse --short HEAD) · ${SECONDS_EACH} s par palier / per step"
  echo "users rps requests failures 5xx p50_ms p95_ms p99_ms max_ms"
  for u in "$USERS" $STEPS; do
    line="$(run "$u")"
    echo "$line"
    p99="$(awk '{print $8}' <<<"$line")"
    [ "${p99:-999999}" -le 100 ] || break
  done
} | tee "$OUT/summary.txt"
say "résultats / results: $OUT (summary.txt, u*_stats.csv, u*_failures.csv)"
