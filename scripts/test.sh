#!/usr/bin/env bash
# The whole test suite: unit and integration tests on SQLite, the same on PostgreSQL
# (Debian's, installed and started here), then end-to-end tests in Debian's Chromium
# against the optimised release build that scripts/run.sh serves; then the demo instance
# copied from SQLite to PostgreSQL and served again, and the deployment files checked.
source "$(dirname "$0")/lib.sh"

phase "installation (Rust, npm, Chromium, PostgreSQL)" eval 'ensure_rust; ensure_npm; ensure_wasm_bindgen; apt_install chromium postgresql'
source "$ROOT/scripts/postgres.sh"

# Sequential: running the optimised build beside the test phases was tried (2026-12-05,
# 23 min 27 s) and gains nothing on 2 cores — every phase is compile-bound (docs/benchmarks.md §5).
phase "tests · SQLite" cargo test --workspace

start_postgres
phase "tests · PostgreSQL" env TEST_DATABASE_URL="$PG_TEST_URL" cargo test --workspace --no-default-features --features server/postgres

phase "build optimisé (serveur + WASM)" build_release
phase "bout-en-bout · Chromium" eval '(cd end2end && npx playwright test)'
phase "migration SQLite → PostgreSQL (données de démo)" "$ROOT/scripts/check-migration.sh"
phase "configurations de déploiement" "$ROOT/scripts/check-deploy.sh"

print_phases
say "tous les tests sont passés / all tests passed"
