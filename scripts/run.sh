#!/usr/bin/env bash
# Runs Coin du partage at http://127.0.0.1:3000 on an embedded SQLite database under
# ./data/, with the demo data loaded into an empty database. Installs what is missing.
# Any variable of .env.example can be set in the environment or in a .env file.
source "$(dirname "$0")/lib.sh"

ensure_rust
phase "build optimisé (serveur + WASM)" build_release

if [ -f .env ]; then set -a; source .env; set +a; fi
export DATABASE_URL="${DATABASE_URL:-sqlite://data/coin-du-partage.db}"
export COIN_DEMO_DATA="${COIN_DEMO_DATA:-true}"
# A demo instance without SMTP: e-mails are readable at /dev/courriels.
export COIN_DEV_MODE="${COIN_DEV_MODE:-true}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
say "http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (Ctrl-C pour arrêter)"
exec "$TARGET_DIR/release/coin-du-partage" "$@"
