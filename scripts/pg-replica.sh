#!/usr/bin/env bash
# A local streaming read replica of the PostgreSQL cluster on 127.0.0.1:5432, for tests, CI and trying
# DATABASE_REPLICA_URL (issue 15): a second cluster `<version>/replica` on 127.0.0.1:${TANTAM_REPLICA_PORT:-5433},
# made with pg_createcluster and filled with `pg_basebackup -R` (a hot standby streaming from the primary).
#
# What it changes on the primary, only when missing and without restarting it: one pg_hba.conf line
# `host replication all 127.0.0.1/32 trust`, then a reload. wal_level=replica and max_wal_senders are
# checked; if they were not enough it stops and says so (changing them needs a restart, left to you).
# No replication slot: a forgotten replica must never make the primary keep WAL forever; a replica that
# fell too far behind is rebuilt by running this script again.
#
# Idempotent: a replica that is running and streaming is left alone; one that is stopped is started;
# one that is not streaming (or not a standby) is rebuilt. Needs root (pg_createcluster, the postgres user).
#   scripts/pg-replica.sh          make / start / check
#   scripts/pg-replica.sh stop     stop the replica
#   scripts/pg-replica.sh drop     stop and delete it
set -euo pipefail

PRIMARY_PORT="${TANTAM_PG_PORT:-5432}"
PORT="${TANTAM_REPLICA_PORT:-5433}"
NAME="${TANTAM_REPLICA_CLUSTER:-replica}"
VERSION="${TANTAM_PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}"
DATA="/var/lib/postgresql/$VERSION/$NAME"
psqlp() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -XAtq "$@"; }
psqlr() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -XAtq "$@"; }
exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n { found = 1 } END { exit !found }'; }
running() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n && $4 ~ /^online/ { found = 1 } END { exit !found }'; }

case "${1:-}" in
  stop)
    if exists && running; then pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" stop; fi
    echo "replica $VERSION/$NAME stopped"
    exit 0 ;;
  drop)
    if exists; then pg_dropcluster --stop "$VERSION" "$NAME"; fi
    echo "replica $VERSION/$NAME dropped"
    exit 0 ;;
esac

if [ "$(id -u)" != 0 ]; then
  echo "pg-replica.sh needs root (pg_createcluster, files owned by postgres)" >&2
  exit 1
fi

# --- the primary: settings (read only) and a replication entry in pg_hba.conf (reload, no restart)
if ! psqlp -c 'SELECT 1' >/dev/null; then
  echo "the primary does not answer on 127.0.0.1:$PRIMARY_PORT" >&2
  exit 1
fi
WAL_LEVEL=$(psqlp -c "SHOW wal_level")
SENDERS=$(psqlp -c "SHOW max_wal_senders")
if [ "$WAL_LEVEL" = minimal ] || [ "$SENDERS" -lt 2 ]; then
  echo "the primary has wal_level=$WAL_LEVEL, max_wal_senders=$SENDERS: a replica needs wal_level=replica and max_wal_senders ≥ 2." >&2
  echo "Set them in postgresql.conf and restart the primary (not done here: it would cut every connection)." >&2
  exit 1
fi
HBA=$(psqlp -c "SHOW hba_file")
if ! psqlp -c "SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND type = 'host' AND address = '127.0.0.1' AND auth_method = 'trust'" | grep -q 1; then
  echo "== primary: allowing replication connections from 127.0.0.1 ($HBA), reload"
  printf '\n# Added by tantam scripts/pg-replica.sh: the local read replica streams from here.\nhost replication all 127.0.0.1/32 trust\n' >>"$HBA"
  psqlp -c "SELECT pg_reload_conf()" >/dev/null
fi

streaming() { [ "$(psqlr -c "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = streaming ]; }

build() {
  if exists; then pg_dropcluster --stop "$VERSION" "$NAME"; fi
  echo "== creating cluster $VERSION/$NAME on port $PORT"
  pg_createcluster "$VERSION" "$NAME" -p "$PORT" -- --auth=trust >/dev/null
  CONF_DIR="/etc/postgresql/$VERSION/$NAME"
  # A reporting replica: loopback only, and long report queries may delay replay rather than be
  # cancelled by it (up to 5 minutes), which is what a reports page wants.
  cat >>"$CONF_DIR/postgresql.conf" <<CONF

# tantam scripts/pg-replica.sh
listen_addresses = '127.0.0.1'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 300s
max_connections = $(psqlp -c "SHOW max_connections")
CONF
  echo "host all all 127.0.0.1/32 trust" >>"$CONF_DIR/pg_hba.conf"
  echo "== copying the primary (pg_basebackup -R)"
  # Emptied, not removed: the folder above it belongs to root.
  find "$DATA" -mindepth 1 -delete
  su postgres -c "pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D '$DATA' -R -X stream -c fast"
  chmod 700 "$DATA"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
}

if ! exists; then
  build
elif ! running; then
  echo "== starting replica $VERSION/$NAME"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start || build
fi

# Streaming within ~10 s, else rebuild once (a standby that lost the WAL it needed never catches up).
ok=false
for _ in $(seq 1 100); do
  if streaming; then ok=true; break; fi
  sleep 0.1
done
if ! $ok; then
  if [ "$(psqlr -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" != t ] || ! streaming; then
    echo "== replica $VERSION/$NAME is not streaming: rebuilding it"
    build
    for _ in $(seq 1 100); do
      if streaming; then ok=true; break; fi
      sleep 0.1
    done
  fi
fi
if ! $ok; then
  echo "replica $VERSION/$NAME does not stream; see /var/log/postgresql/postgresql-$VERSION-$NAME.log" >&2
  exit 1
fi
LAG=$(psqlr -c "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::int END")
echo "replica $VERSION/$NAME streaming: DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PORT/<database> (lag ${LAG}s)"
