#!/usr/bin/env bash
# Benchmark: bench/run.sh --scale 10k|100k|1m --db sqlite|postgres [--duration SECONDS] [--repeat N] [--only "TEXT|TEXT"] [--reuse [--analyze]]
#   [--keep]  PostgreSQL: keep the database as rapport_bench_SCALE_kept; [--reuse rapport_bench_SCALE_kept] runs on it again
#   [--classify]  also time the nightly classification (first and steady run) over generated orders
#   [--send [--pace N] [--connections N]]  instead: a campaign send to every customer through a loopback SMTP server
#   [--export [--format csv|xlsx]]  instead: the background export of every customer (rows/s, server memory)
#   [--soak [--users 200] [--minutes 10] [--think 5] [--warmup 30]]  instead: a mixed load of simulated users, minute by minute
#   [--circuits [N]]  instead: the server memory N open Blazor pages hold (Debian's chromium; dotnet-gcdump is installed)
# Generates the data, starts the real app on 127.0.0.1, drives the API and raw SQL, writes bench/results/*.md|json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" postgres "* ]] && [ -z "${RAPPORT_TEST_PG:-}" ]; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online || pg_ctlcluster "$ver" main start
  su postgres -c "psql -qAtc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='rapport') THEN CREATE ROLE rapport LOGIN SUPERUSER PASSWORD 'rapport'; END IF; END\\\$\\\$;\"" >/dev/null
fi
if [[ " $* " == *" --circuits "* ]] && [ -z "${RAPPORT_GCDUMP:-}" ]; then
  tools="${TMPDIR:-/tmp}/rapport-tools"
  [ -x "$tools/dotnet-gcdump" ] || dotnet tool install --tool-path "$tools" dotnet-gcdump --version 10.0.750501 >/dev/null
  export RAPPORT_GCDUMP="$tools/dotnet-gcdump"
fi
dotnet build src/Rapport.Server -c Release -v q -nologo >/dev/null
dotnet build bench/Rapport.Bench -c Release -v q -nologo >/dev/null
exec dotnet bench/Rapport.Bench/bin/Release/net10.0/Rapport.Bench.dll "$@"
