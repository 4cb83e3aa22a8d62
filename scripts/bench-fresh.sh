#!/usr/bin/env bash
# A new user's first start, timed (issue « Léger »): a fresh clone of this repository's
# HEAD, an empty cargo home (registry and tools downloaded and compiled again), an empty
# npm cache, no target/, and a PATH with only rustup's proxies (rustup's toolchains and
# their wasm32 target, if already installed, are kept: rustup is the README's
# prerequisite). Runs ./scripts/run.sh and polls / every 2 s; prints the seconds to the
# first page, then stops the server and removes everything it made.
#   ./scripts/bench-fresh.sh            (≈ 12 min on 2 cores; nothing else should run)
source "$(dirname "$0")/lib.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/coin-fresh.XXXXXX")"
port="${FRESH_PORT:-3900}"
cleanup() {
  [ -n "${run_pid:-}" ] && kill -- "-$run_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rustup_bin="$(command -v rustup)" || die "rustup introuvable"
mkdir -p "$work/bin"
for tool in cargo rustc rustdoc rustup; do ln -s "$rustup_bin" "$work/bin/$tool"; done
git clone -q "$ROOT" "$work/repo"
say "machine neuve simulée dans $work (commit $(git -C "$work/repo" rev-parse --short HEAD))"

start=$(date +%s)
# Its own process group, so that the cleanup stops cargo and the server with it.
set -m
env -i HOME="$HOME" TERM=dumb PATH="$work/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  CARGO_HOME="$work/cargo" npm_config_cache="$work/npm" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  "$work/repo/scripts/run.sh" > "$work/run.log" 2>&1 &
run_pid=$!
set +m
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
  sleep 2
  kill -0 "$run_pid" 2>/dev/null || { tail -n 30 "$work/run.log"; die "run.sh s’est arrêté"; }
done
elapsed=$(( $(date +%s) - start ))
grep -E "Finished|==>" "$work/run.log" | sed 's/\x1b\[[0-9;]*m//g'
say "première page après / first page after: $((elapsed / 60)) min $((elapsed % 60)) s"
