#!/usr/bin/env bash
# Offload's benchmark: starts the broker and Liberty as the README's run command does
# (./mvnw -Prun), waits until Offload is ready, drives the load from a separate JVM (the benchmark
# command of src/tool/Load.java, with the JSON jars that build copies to target/tool), prints the
# table (also in target/benchmark/results.md) and stops both.
#
#   src/tool/benchmark.sh            full run: 15 s windows, medians of 3, a 100,000-task drain
#   src/tool/benchmark.sh --smoke    every phase for seconds (CI runs this to keep it working)
#   Other options go to the tool: --seconds N --runs N --drain N --drains N --idle N --warmup N
#   --sustained-rate N --sustained-seconds N (open loop with the workers running; 1,000/s for 60 s)
#   --accept-only (the first POST and acceptance, then stop) --drain-only (the drain alone)
#   --db postgres    on PostgreSQL instead of the embedded H2: a fresh database offload_benchmark on
#                    the server at $OFFLOAD_BENCHMARK_PG (default 127.0.0.1:5432, user postgres,
#                    trusted, max_prepared_transactions > 0), dropped and created for every run
set -euo pipefail
case " $* " in
  *" --help "* | *" -h "*)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0 ;;
esac
cd "$(dirname "$0")/../.."

# A server and a broker instance of its own, fresh every time: the run command's data is left
# alone, and every benchmark starts from an empty database and journal.
server=offload-benchmark
broker="$PWD/target/benchmark/artemis"
log=target/benchmark/server.log
rm -rf "$broker" "target/liberty/wlp/usr/servers/$server"
mkdir -p target/benchmark
# The drain preloads a backlog as large as the default backlog limit, with the consumer paused.
export OFFLOAD_SUBMISSION_MAX_QUEUE_DEPTH=10000000
# The drain's end is read from /api/stats once a second: exact counts, not the last 2 s's.
export OFFLOAD_STATS_MAX_AGE=PT0S
# An account of its own for this run (the server's only one), with a fresh random password.
benchmark_user="benchmark:$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export OFFLOAD_USERS="$benchmark_user:operator"
args=()
db=h2
while [ $# -gt 0 ]; do
  if [ "$1" = --db ]; then db="$2"; shift 2; else args+=("$1"); shift; fi
done
case "$db" in
  h2) ;;
  postgres)
    pg="${OFFLOAD_BENCHMARK_PG:-127.0.0.1:5432}"
    for sql in "DROP DATABASE IF EXISTS offload_benchmark WITH (FORCE)" "CREATE DATABASE offload_benchmark"; do
      psql -h "${pg%:*}" -p "${pg#*:}" -U postgres -qc "$sql"
    done
    export OFFLOAD_DB_URL="jdbc:postgresql://$pg/offload_benchmark"
    export OFFLOAD_DB_XA_CLASS=org.postgresql.xa.PGXADataSource OFFLOAD_DB_USER=postgres ;;
  *) echo "--db is h2 or postgres, not $db" >&2; exit 2 ;;
esac
echo "[benchmark] database: $db" >&2
# setsid: the whole process group (Maven, the broker, Liberty) can be stopped together.
setsid ./mvnw -B -ntp -Prun -Drun.server="$server" -Dartemis.run.instance="$broker" >"$log" 2>&1 &
runner=$!
stop() {
  target/liberty/wlp/bin/server stop "$server" >/dev/null 2>&1 || true
  "$broker/bin/artemis" stop >/dev/null 2>&1 || true
  kill -- -"$runner" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
}
trap stop EXIT

echo "[benchmark] starting broker and Liberty (log: $log)..." >&2
for _ in $(seq 1 300); do
  if curl -fs http://localhost:9080/health/ready >/dev/null 2>&1; then break; fi
  if ! kill -0 "$runner" 2>/dev/null; then echo "Offload did not start; see $log" >&2; exit 1; fi
  sleep 1
done
curl -fs http://localhost:9080/health/ready >/dev/null

# --url: the server started above, whatever OFFLOAD_URL says (the tool's default otherwise).
java -cp 'target/tool/*' src/tool/Load.java benchmark --url http://localhost:9080/ \
  --server "$server" --user "$benchmark_user" ${args[@]+"${args[@]}"}
