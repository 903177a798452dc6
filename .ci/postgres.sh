#!/usr/bin/env bash
# A PostgreSQL server for the test pass on PostgreSQL (issue 9).
#
#   .ci/postgres.sh start   prints the server URL for NASTAVNIK_TEST_PG on stdout (messages go
#                           to stderr); exits 1 when no server can be had
#   .ci/postgres.sh stop    stops the server that «start» made (if it made one)
#
# «start» uses a server that already answers on localhost:5432 as nastavnik/nastavnik (a
# developer's, or the one of this machine). Otherwise, as root, it installs Debian's postgresql
# when its programs are missing and runs a throw-away cluster in a temporary folder as user
# postgres, without fsync (the test data is worth nothing after the run, and a test pass on a
# slow disk would spend most of its time flushing), with role and database «nastavnik».
set -uo pipefail
cd "$(dirname "$0")/.."

ROLE=nastavnik
PASSWORD=nastavnik
STATE="${TMPDIR:-/tmp}/nastavnik-ci-postgres"  # where «start» notes the cluster for «stop»
PYTHON=.venv/bin/python
[ -x "$PYTHON" ] || PYTHON=python3

say() { echo "$*" >&2; }

# Does a server answer at this URL? (pg8000 is a dependency of the program, in .venv.)
answers() {
  "$PYTHON" - "$1" >/dev/null 2>&1 <<'EOF'
import sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1], connect_args={"timeout": 5})
with engine.connect() as conn:
    conn.execute(text("SELECT 1"))
EOF
}

pg_bin() {
  # The newest installed major version's programs (Debian keeps them off PATH).
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
  return 1
}

free_port() {
  local port
  for port in 5432 5433 5434 54329; do
    if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

as_postgres() {
  if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
}

start() {
  local url="postgresql+pg8000://$ROLE:$PASSWORD@localhost:5432/postgres"
  # NASTAVNIK_CI_OWN_PG=1: always a throw-away cluster (to try this script where a server runs).
  if [ "${NASTAVNIK_CI_OWN_PG:-0}" != 1 ] && answers "$url"; then
    say "PostgreSQL: использую сервер на localhost:5432 / using the server on localhost:5432"
    echo "$url"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    say "PostgreSQL не найден, а ставить его можно только от root / no server and not root"
    return 1
  fi
  local bin
  if ! bin=$(pg_bin); then
    if ! command -v apt-get >/dev/null 2>&1; then
      say "PostgreSQL не установлен и нет apt-get / PostgreSQL missing and no apt-get"
      return 1
    fi
    say "Устанавливаю PostgreSQL … / installing PostgreSQL …"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends postgresql >/dev/null 2>&1) || {
      say "Не удалось установить PostgreSQL / apt-get install postgresql failed"
      return 1
    }
    bin=$(pg_bin) || { say "После установки нет initdb / no initdb after install"; return 1; }
  fi
  id postgres >/dev/null 2>&1 || {
    say "Нет пользователя postgres / no user postgres"
    return 1
  }
  local port data
  port=$(free_port) || { say "Нет свободного порта / no free port"; return 1; }
  data=$(mktemp -d /tmp/nastavnik-pg.XXXXXX)
  chown postgres: "$data"
  printf "%s\n" "$PASSWORD" >"$data/pw"
  chown postgres: "$data/pw"
  if ! as_postgres "$bin/initdb" -D "$data/db" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 --pwfile="$data/pw" >"$data/init.log" 2>&1; then
    # Older systems lack the C.UTF-8 locale.
    as_postgres "$bin/initdb" -D "$data/db" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C \
      --pwfile="$data/pw" >"$data/init.log" 2>&1 || {
      say "initdb не удался / initdb failed: $(tail -n 3 "$data/init.log")"
      return 1
    }
  fi
  echo "$data" >"$STATE"
  if ! as_postgres "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 2>&1; then
    say "PostgreSQL не запустился / the server did not start: $(tail -n 3 "$data/server.log" 2>/dev/null)"
    return 1
  fi
  as_postgres "$bin/psql" -h "$data" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $ROLE LOGIN SUPERUSER PASSWORD '$PASSWORD'" \
    -c "CREATE DATABASE $ROLE OWNER $ROLE" >/dev/null 2>&1 || {
    say "Не удалось создать роль / could not create the role"
    return 1
  }
  url="postgresql+pg8000://$ROLE:$PASSWORD@localhost:$port/$ROLE"
  answers "$url" || { say "Сервер не отвечает / the server does not answer"; return 1; }
  say "PostgreSQL запущен на localhost:$port / started on localhost:$port ($data)"
  echo "$url"
}

stop() {
  [ -f "$STATE" ] || return 0
  local data bin
  data=$(cat "$STATE")
  bin=$(pg_bin) || return 0
  as_postgres "$bin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1
  rm -rf "$data" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) say "usage: $0 start|stop"; exit 2 ;;
esac
