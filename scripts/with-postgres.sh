#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on a Unix socket (no TCP port):
# initdb in a temporary folder, start, export VIGIL_TEST_POSTGRES, run, stop, remove.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/vigil-pg.XXXXXX)
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$work"
  run_as=(runuser -u postgres --)
fi
cleanup() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${run_as[@]}" "$bin/initdb" -D "$work/data" -U vigil --auth=trust >/dev/null
"${run_as[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-k $work -c listen_addresses='' -c fsync=off" start >/dev/null
export VIGIL_TEST_POSTGRES="postgresql+psycopg://vigil@/postgres?host=$work"
"$@"
