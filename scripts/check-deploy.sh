#!/usr/bin/env bash
# Checks the files of deploy/ with the programs that will read them on a server:
# `systemd-analyze verify` (the units), `nginx -t` (the site), `caddy validate` (the
# Caddyfile), and runs the backup command of the backup unit on a copy of a database.
# nginx and caddy are Debian's packages, unpacked under target/deploy-tools
# (`apt-get download` + `dpkg -x`: nothing is installed, no service is started).
# Needs the release binary (scripts/test.sh runs this after the optimised build).
source "$(dirname "$0")/lib.sh"

tools="$TARGET_DIR/deploy-tools"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() { unpack_debian_tool "$@"; }

binary="$TARGET_DIR/release/coin-du-partage"
[ -x "$binary" ] || die "$binary manque : lancez d’abord le build optimisé / build the release binary first"

say "systemd-analyze verify (deploy/*.service, *.timer)"
# The units name /opt/coin-du-partage/coin-du-partage: here, the binary just built.
for unit in deploy/*.service deploy/*.timer; do
  sed "s#/opt/coin-du-partage/coin-du-partage#$binary#" "$unit" >"$work/$(basename "$unit")"
done
out="$(cd "$work" && systemd-analyze verify ./*.service ./*.timer 2>&1 || true)"
# Only lines about our units count (the host's own units may warn too).
ours="$(grep -E 'coin-du-partage' <<<"$out" || true)"
[ -z "$ours" ] || { echo "$ours"; die "systemd-analyze verify"; }

say "nginx -t (deploy/nginx.conf)"
unpack nginx usr/sbin/nginx
unpack nginx-common etc/nginx/mime.types
command -v openssl >/dev/null || apt_install openssl
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=partage.example.org \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
sed "s#/etc/letsencrypt/live/partage.example.org#$work#" deploy/nginx.conf >"$work/site.conf"
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    include $tools/etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    include $work/site.conf;
}
CONF
"$tools/usr/sbin/nginx" -t -q -p "$work/nginx" -e "$work/error.log" -c "$work/nginx.conf" || { cat "$work/error.log"; die "nginx -t"; }

say "caddy validate (deploy/Caddyfile)"
unpack caddy usr/bin/caddy
HOME="$work" XDG_DATA_HOME="$work" XDG_CONFIG_HOME="$work" \
  "$tools/usr/bin/caddy" validate --config deploy/Caddyfile --adapter caddyfile >"$work/caddy.log" 2>&1 \
  || { cat "$work/caddy.log"; die "caddy validate"; }

say "sauvegarde SQLite (les commandes de coin-du-partage-sauvegarde.service)"
command -v sqlite3 >/dev/null || apt_install sqlite3
db="$work/coin-du-partage.db"
sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (42);" >/dev/null
mkdir -p "$work/sauvegardes"
# The unit's commands in their order, systemd's escapes undone, its paths made local.
grep -E '^ExecStart(Post)?=' deploy/coin-du-partage-sauvegarde.service | while IFS= read -r line; do
  cmd="${line#*=}"
  cmd="${cmd//\$\$/\$}"; cmd="${cmd//%%/%}"
  cmd="${cmd//\/opt\/coin-du-partage\/coin-du-partage/$binary}"
  cmd="${cmd//\/var\/lib\/coin-du-partage-sauvegardes/$work\/sauvegardes}"
  DATABASE_URL="sqlite://$db" eval "$cmd" >/dev/null || die "sauvegarde : $cmd"
done
copy="$(ls "$work"/sauvegardes/coin-du-partage-*.db.gz)"
gunzip -c "$copy" >"$work/restored.db"
[ "$(sqlite3 "$work/restored.db" 'SELECT x FROM t')" = 42 ] || die "la sauvegarde ne se relit pas"
say "configurations de déploiement vérifiées / deployment files checked"
