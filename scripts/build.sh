#!/usr/bin/env bash
# The optimised build alone (what scripts/run.sh serves): target/release/coin-du-partage
# and the browser's files under target/site. Arguments go to the server's cargo build:
#   ./scripts/build.sh --no-default-features --features postgres
source "$(dirname "$0")/lib.sh"

ensure_rust
phase "build optimisé (serveur + WASM)" build_release "$@"
print_phases
