#!/usr/bin/env bash
# The whole test suite: unit and integration tests on SQLite, the same on PostgreSQL
# (Debian's, installed and started here), then end-to-end tests in Debian's Chromium
# against the optimised release build that scripts/run.sh serves.
source "$(dirname "$0")/lib.sh"

ensure_rust
ensure_cargo_leptos
ensure_npm
apt_install chromium postgresql
source "$ROOT/scripts/postgres.sh"

say "tests · SQLite"
cargo test --workspace

say "tests · PostgreSQL"
start_postgres
TEST_DATABASE_URL="$PG_TEST_URL" cargo test --workspace --no-default-features --features server/postgres

say "end-to-end · Chromium"
build_release
(cd end2end && npx playwright test)

say "tous les tests sont passés / all tests passed"
