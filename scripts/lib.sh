# Shared set-up steps for scripts/run.sh and scripts/test.sh. Each step is idempotent:
# it checks what is installed and only installs what is missing or at the wrong version.
# Nothing here downloads from outside the package registries (crates.io, npm, Debian).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# Components are erased in every build (decision 42). .cargo/config.toml says so for
# native builds, but a RUSTFLAGS of one's own replaces its flags: keep the erasure in it,
# or the server would write island HTML that the WASM (always erased) cannot hydrate.
if [ -n "${RUSTFLAGS:-}" ]; then export RUSTFLAGS="$RUSTFLAGS --cfg erase_components"; fi


say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mErreur / error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "root or sudo needed for: $*"; fi
}

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || die "rustup/cargo introuvable : installez Rust avec rustup (https://rustup.rs)"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  # gcc and pkg-config for crates that build C (SQLite is compiled in).
  command -v cc >/dev/null || apt_install build-essential
}

# wasm-bindgen's CLI at the exact version of the crate in Cargo.lock (it refuses any
# other); from crates.io, without --locked (see docs/build.md).
ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[" ]/,""); sub("version=",""); print; exit}' Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "cargo install wasm-bindgen-cli $want (≈ 2 min, once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# The splitter that cuts the lazy islands out of the main WASM (decision 37), pinned:
# its output must match leptos' wasm_split_helpers in Cargo.lock.
WASM_SPLIT_VERSION=0.2.4
ensure_wasm_split() {
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (≈ 1 min, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
  fi
}

ensure_npm() {
  command -v npm >/dev/null || apt_install nodejs npm
  # Playwright 1.64 needs Node.js 20 or newer (Debian 12's own nodejs is 18).
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$node_major" -ge 20 ] || die "Node.js 20 ou plus est requis (trouvé : $(node --version 2>/dev/null || echo aucun)). / Node.js >= 20 required."
  # wasm-opt (binaryen 132, not Debian's 108 whose output crashes at hydration) and the
  # Playwright runner; versions pinned by package-lock.json.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/leaflet ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  vendor_assets
}

# Front-end libraries from npm, copied into public/ (served from our own origin, never
# from a CDN; cargo-leptos copies public/ into the site). Leaflet is loaded only by pages
# that show a map (app/src/components/map.js).
vendor_assets() {
  local dest=public/vendor/leaflet
  if [ ! -f "$dest/leaflet.js" ] || [ node_modules/leaflet/dist/leaflet.js -nt "$dest/leaflet.js" ]; then
    mkdir -p "$dest"
    cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images "$dest/"
    cp node_modules/leaflet/LICENSE "$dest/LICENSE"
  fi
}

# Runs a named phase and prints how long it took (the CI log shows where time goes).
phase() {
  local name="$1" t0=$SECONDS; shift
  say "$name"
  "$@"
  local t=$((SECONDS - t0))
  PHASES+=("$(printf '%-44s %3d min %02d s' "$name" $((t / 60)) $((t % 60)))")
}
PHASES=()
print_phases() {
  say "durées / timings"
  printf '    %s\n' "${PHASES[@]}"
  printf '    %-44s %3d min %02d s\n' "total" $((SECONDS / 60)) $((SECONDS % 60))
}

# The optimised build: the server binary and the browser bundle, compiled at the same
# time (two target directories, so neither cargo waits for the other's lock and the second
# core works through each one's single-threaded phases: front-end, LTO, link; the WASM
# tools are installed on that second line, ahead of the WASM build). Then the browser
# side is assembled by build_site. Extra arguments go to the server's cargo build
# (`--no-default-features --features postgres`).
build_release() {
  ensure_npm
  say "cargo build --release (serveur) ∥ cargo build --profile wasm-release (navigateur)"
  (ensure_wasm_bindgen && ensure_wasm_split && build_wasm wasm-release) &
  local wasm_build=$!
  cargo build --locked --release -p server --bin coin-du-partage "$@" \
    || { kill "$wasm_build" 2>/dev/null; wait "$wasm_build" || true; die "cargo build (serveur)"; }
  wait "$wasm_build" || die "cargo build (WASM)"
  build_site wasm-release
}

# The browser bundle alone, with the given cargo profile, in its own target directory.
# The linker keeps its relocations (`--emit-relocs`): the splitter needs them. The cdylib
# is asked for here only (app/Cargo.toml says why). Components are erased as in the
# server's build (.cargo/config.toml): an island hydrates the HTML the server wrote only
# if both sides render it the same way.
build_wasm() {
  RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components -Clink-args=--emit-relocs" \
    cargo rustc --locked -p app --lib --crate-type cdylib --target wasm32-unknown-unknown \
    --profile "$1" --no-default-features --features hydrate --target-dir "$TARGET_DIR/front"
}

# From the compiled WASM to target/site: wasm-split cuts each lazy island into its own
# file (with a loader, __wasm_split.js), wasm-bindgen writes the JS glue, wasm-opt
# shrinks every .wasm (after the split: it drops the relocations the splitter reads),
# and scripts/site.mjs puts them, minified and precompressed, under target/site/pkg/<hash>/.
build_site() {
  local raw="$TARGET_DIR/front/wasm32-unknown-unknown/$1/app.wasm"
  local split="$TARGET_DIR/front/split" bindgen="$TARGET_DIR/front/bindgen"
  # Nothing to do when the site is newer than everything it is made of.
  if [ -f target/site/pkg/current ] && \
    [ -z "$(find "$raw" style public scripts/site.mjs scripts/lib.sh -newer target/site/pkg/current -print -quit)" ]; then
    return 0
  fi
  rm -rf "$split" "$bindgen"
  wasm-split-cli "$raw" "$split" --target web --out-name coin-du-partage
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-name coin-du-partage --out-dir "$bindgen" "$split/coin-du-partage.wasm"
  cp "$split"/__wasm_split.js "$bindgen/"
  find "$split" -maxdepth 1 -name '*.wasm' ! -name coin-du-partage.wasm -exec cp {} "$bindgen/" \;
  # Two at a time (binaryen from npm is slow to start). The split files carry a name
  # subsection binaryen does not know: harmless, not shown.
  find "$bindgen" -maxdepth 1 -name '*.wasm' -print0 \
    | xargs -0 -P 2 -I{} wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int {} -o {} \
    2> >(grep -v 'unknown name subsection' >&2)
  node scripts/site.mjs "$bindgen" target/site >/dev/null
}

# The developer tools' binary (benches) for a backend, `sqlite` or `postgres`, built in
# target/bench so that the builds of run.sh and test.sh are left alone.
build_bench_binary() {
  export CARGO_TARGET_DIR="$ROOT/target/bench"
  if [ "$1" = postgres ]; then
    cargo build --release --locked -p server --bin coin-du-partage-dev --no-default-features --features postgres,dev-tools
  else
    cargo build --release --locked -p server --features dev-tools --bin coin-du-partage-dev
  fi
}

# A fresh, empty PostgreSQL database for a bench (Debian's server, started as for the
# tests); prints its URL.
fresh_bench_database() {
  local admin="postgres://coin_test:coin_test@127.0.0.1:5432/postgres"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >&2
  echo "postgres://coin_test:coin_test@127.0.0.1:5432/$1"
}

# A Debian package's program without installing it (`apt-get download` + `dpkg -x` under
# target/deploy-tools): nginx and caddy for the deployment checks and the load run.
# Arguments: package, file it provides.
unpack_debian_tool() {
  local tools="$TARGET_DIR/deploy-tools"
  [ -x "$tools/$2" ] && return 0
  mkdir -p "$tools/debs"
  (cd "$tools/debs" && { apt-get download "$1" >/dev/null 2>&1 || { as_root apt-get update -qq && apt-get download "$1" >/dev/null; }; })
  dpkg -x "$(ls "$tools"/debs/"$1"_*.deb | head -1)" "$tools"
}
