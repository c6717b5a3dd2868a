#!/usr/bin/env bash
# HTTP API throughput: filiera (`serve --demo`) on SQLite and PostgreSQL against a
# bare axum server returning JSON of the same size, all loaded by wrk at 64
# connections. Scenarios: an authenticated household read, an authenticated
# household list, an audited write (a distinct activity-register entry per
# request); after the writes, `filiera audit verify` and a count of the entries.
#
#   bench/api/run.sh                  # SQLite and PostgreSQL (database filiera_bench)
#   bench/api/run.sh --skip-postgres  # SQLite only
#
# Environment: BENCH_DURATION (seconds per load, default 10), BENCH_CONNECTIONS
# (default 64), FILIERA_BENCH_POSTGRES_URL (server URL without database, default
# postgres://postgres@127.0.0.1; the database filiera_bench is dropped and created),
# BENCH_FILIERA (a filiera binary to measure instead of this tree's, e.g. an older
# build), BENCH_SKIP_BUILD=1 (use the binaries already built).
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-64}
pg_server=${FILIERA_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1}
backends=(sqlite postgres)
for arg in "$@"; do
    case $arg in
        --skip-postgres) backends=(sqlite) ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

install_missing() {
    local missing=()
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    [[ ${#missing[@]} -eq 0 ]] && return
    echo "installing ${missing[*]} (apt)" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get install -y "${missing[@]}" >/dev/null
}
install_missing wrk curl jq

if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
    cargo build --release -p filiera -p filiera-web --bin filiera --bin bare_axum
fi
target=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
filiera=${BENCH_FILIERA:-$target/release/filiera}
bare=$target/release/bare_axum

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# start LOG COMMAND...: runs a server in the background (its pid in $server).
start() {
    local log=$1
    shift
    "$@" >"$log.out" 2>"$log.err" &
    server=$!
    pids+=("$server")
}

# address_of LOG: waits for the server's "... serving on http://ADDR" line; echoes ADDR.
address_of() {
    local log=$1
    for _ in $(seq 1 600); do
        if grep -q "serving on http://" "$log.out" 2>/dev/null; then
            sed -n 's|.*serving on http://\([^ ]*\).*|\1|p' "$log.out" | head -1
            return
        fi
        sleep 0.1
    done
    echo "server did not start; see $log.err:" >&2
    tail -20 "$log.err" >&2
    exit 1
}

# warm_up URL [TOKEN] [BODY_PREFIX]: 2 s of the same load, not measured.
warm_up() {
    local url=$1 token=${2:-} body=${3:-}
    BENCH_TOKEN=$token BENCH_BODY_PREFIX=${body:+$body-warmup} \
        wrk -t2 -c"$connections" -d2s --timeout 5s -s bench/api/wrk.lua "$url" >/dev/null
}

# load NAME URL [TOKEN] [BODY_PREFIX]: the measured run.
# Appends "name req/s p50_ms p99_ms non2xx errors requests" to $work/results.
load() {
    local name=$1 url=$2 token=${3:-} body=${4:-}
    local result
    result=$(BENCH_TOKEN=$token BENCH_BODY_PREFIX=$body \
        wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s bench/api/wrk.lua "$url" | grep '^RESULT')
    read -r _ requests micros p50 p99 non2xx errors <<<"$result"
    awk -v n="$name" -v r="$requests" -v d="$micros" -v a="$p50" -v b="$p99" -v s="$non2xx" -v e="$errors" \
        'BEGIN { printf "%s %.0f %.2f %.2f %d %d %d\n", n, r / (d / 1e6), a / 1000, b / 1000, s, e, r }' \
        >>"$work/results"
    echo "  $name: $(tail -1 "$work/results" | awk '{ printf "%s req/s, p50 %s ms, p99 %s ms, non-2xx %s", $2, $3, $4, $5 }')" >&2
}

echo "== bare axum" >&2
start "$work/bare" "$bare" 127.0.0.1:0
bare_addr=$(address_of "$work/bare")
warm_up "http://$bare_addr/households/1"
load "bare-axum/-" "http://$bare_addr/households/1"

run_id=$(date +%s)
for backend in "${backends[@]}"; do
    echo "== filiera on $backend" >&2
    case $backend in
        sqlite) url="sqlite://$work/filiera.db" ;;
        postgres)
            psql -q "$pg_server/postgres" -c "DROP DATABASE IF EXISTS filiera_bench WITH (FORCE)" -c "CREATE DATABASE filiera_bench"
            url="$pg_server/filiera_bench"
            ;;
    esac
    FILIERA_DATABASE_URL=$url start "$work/$backend" "$filiera" serve --demo --addr 127.0.0.1:0
    addr=$(address_of "$work/$backend")
    base="http://$addr/api/v1"
    token=$(curl -sf "$base/auth/login" -H 'Content-Type: application/json' \
        -d '{"email":"social.worker@demo.filiera.eu","password":"filiera-demo","token_name":"bench"}' | jq -r .token)
    auth=(-H "Authorization: Bearer $token")
    # The household read is the first one with a project, so it has some content and
    # its project takes the activity entries.
    household=""
    project=""
    for id in $(curl -sf "${auth[@]}" "$base/households?per_page=50" | jq -r '.items[].id'); do
        project=$(curl -sf "${auth[@]}" "$base/households/$id" | jq -r '.projects[0].id // empty')
        if [[ -n $project ]]; then household=$id; break; fi
    done
    [[ -n $household ]] || { echo "no demo household with a project" >&2; exit 1; }
    bytes=$(curl -sf "${auth[@]}" "$base/households/$household" | wc -c)
    echo "  household $household ($bytes bytes of JSON), project $project" >&2

    warm_up "$base/households/$household" "$token"
    load "household-read/$backend" "$base/households/$household" "$token"
    warm_up "$base/households" "$token"
    load "household-list/$backend" "$base/households" "$token"
    warm_up "$base/projects/$project/activities" "$token" "bench-$run_id-$backend"
    sleep 1
    before=$(curl -sf "${auth[@]}" "$base/projects/$project/activities?per_page=1" | jq .total)
    load "audited-write/$backend" "$base/projects/$project/activities" "$token" "bench-$run_id-$backend"
    # Let requests still in flight when wrk stopped finish before counting.
    sleep 1
    after=$(curl -sf "${auth[@]}" "$base/projects/$project/activities?per_page=1" | jq .total)
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true

    accepted=$(tail -1 "$work/results" | awk '{ print $7 - $5 }')
    written=$((after - before))
    echo "  writes: $accepted answered 201 by wrk's count, $written entries added to the register" >&2
    if ((written < accepted)); then
        echo "  LOST WRITES: $accepted accepted, only $written stored" >&2
        echo "lost $backend" >>"$work/failures"
    fi
    if verify=$(FILIERA_DATABASE_URL=$url "$filiera" audit verify 2>&1); then
        echo "  audit verify ($backend): $verify" >&2
    else
        echo "  audit verify ($backend) FAILED: $verify" >&2
        echo "audit $backend" >>"$work/failures"
    fi
    echo "$backend $accepted $written ${verify//$'\n'/ }" >>"$work/writes"
done

echo
awk 'NR == 1 { bare = $2 }
     { split($1, p, "/");
       if (NR == 1) printf "%-16s %-9s %10s %9s %9s %8s %9s\n", "scenario", "backend", "req/s", "p50 ms", "p99 ms", "non-2xx", "% of bare";
       printf "%-16s %-9s %10d %9.2f %9.2f %8d %8.1f%%\n", p[1], p[2], $2, $3, $4, $5 + $6, 100 * $2 / bare }' "$work/results"
echo
while read -r backend accepted written verify; do
    echo "audited writes on $backend: $accepted accepted, $written stored; $verify"
done <"$work/writes"
if [[ -e $work/failures ]]; then
    echo "FAILED: $(tr '\n' ' ' <"$work/failures")"
    exit 1
fi
