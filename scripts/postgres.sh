# Starts Debian's PostgreSQL cluster and creates the test role. Sourced by test.sh
# and bench scripts. The role may create databases: each test makes its own.
PG_TEST_URL="postgres://coin_test:coin_test@127.0.0.1:5432/postgres"

start_postgres() {
  local version
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  [ -n "$version" ] || die "PostgreSQL n’est pas installé / PostgreSQL is not installed"
  if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    say "pg_ctlcluster $version main start"
    pg_lsclusters -h | grep -q "^$version main" || as_root pg_createcluster "$version" main >/dev/null
    as_root pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
  pg_isready -q -h 127.0.0.1 || die "PostgreSQL ne répond pas sur 127.0.0.1:5432"
  as_root su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'coin_test'\"" | grep -q 1 ||
    as_root su postgres -c "psql -q -c \"CREATE ROLE coin_test LOGIN CREATEDB PASSWORD 'coin_test'\""
  # Clean up databases left by interrupted runs.
  for db in $(as_root su postgres -c "psql -tAc \"SELECT datname FROM pg_database WHERE datname LIKE 'coin_test_%'\""); do
    as_root su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $db WITH (FORCE)'" || true
  done
}
