#!/usr/bin/env bash
# The whole test suite: unit and integration tests on SQLite, the same on PostgreSQL
# (Debian's, installed and started here), then end-to-end tests in Debian's Chromium
# against the optimised release build that scripts/run.sh serves.
source "$(dirname "$0")/lib.sh"

phase "installation (Rust, npm, Chromium, PostgreSQL)" eval 'ensure_rust; ensure_npm; ensure_wasm_bindgen; apt_install chromium postgresql'
source "$ROOT/scripts/postgres.sh"

# The optimised build runs beside the test phases, which leave a core idle part of the
# time (single-threaded compile steps, tests waiting on the database): debug and release
# builds lock different directories. Its output goes to a log, shown if it fails.
RELEASE_LOG="$TARGET_DIR/build-release.log"
mkdir -p "$TARGET_DIR"
# In its own process group (job control on), so that a failed test phase stops all of it.
set -m
build_release >"$RELEASE_LOG" 2>&1 &
release_build=$!
set +m
trap 'kill -- "-$release_build" 2>/dev/null || true' EXIT

phase "tests · SQLite (∥ build optimisé)" cargo test --workspace

start_postgres
phase "tests · PostgreSQL (∥ build optimisé)" env TEST_DATABASE_URL="$PG_TEST_URL" cargo test --workspace --no-default-features --features server/postgres

wait_release() { wait "$release_build" || { tail -40 "$RELEASE_LOG"; die "build optimisé (journal : $RELEASE_LOG)"; }; }
phase "build optimisé : fin (serveur + WASM)" wait_release
trap - EXIT
phase "bout-en-bout · Chromium" eval '(cd end2end && npx playwright test)'

print_phases
say "tous les tests sont passés / all tests passed"
