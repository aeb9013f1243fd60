#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine it installs and starts what the tests need (PostgreSQL),
# then prints one summary line: "tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql postgresql-contrib)
# pg_dump / pg_restore for backups (rapport backup, backup verify, restore)
command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)
# Browser tests drive Debian's Chromium (never a downloaded one); Chinese text needs a CJK font to render.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need_apt+=(fonts-noto-cjk)
# Quote PDFs are checked with pdftotext (the Chinese customer name must come out as text); they are drawn with
# WenQuanYi Zen Hei, whose glyphs map back to the right characters.
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -d /usr/share/fonts/truetype/wqy ] || need_apt+=(fonts-wqy-zenhei)
# The mail tests poll a real IMAP server: a throwaway dovecot on loopback (scripts/imap-test-server.sh).
command -v dovecot >/dev/null 2>&1 || need_apt+=(dovecot-imapd)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/tmp/rapport-apt.log 2>&1 \
    || { cat /tmp/rapport-apt.log; echo "tests: 0 passed, 1 failed"; exit 1; }
fi

# PostgreSQL: start the packaged cluster (no systemd here) and make a test role that may create databases.
if [ -z "${RAPPORT_TEST_PG:-}" ]; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main >/dev/null
  pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online || pg_ctlcluster "$ver" main start
  for _ in $(seq 1 30); do su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
  su postgres -c "psql -qAtc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='rapport') THEN CREATE ROLE rapport LOGIN SUPERUSER PASSWORD 'rapport'; END IF; END\\\$\\\$;\"" >/dev/null
  export RAPPORT_TEST_PG="Host=127.0.0.1;Port=5432;Username=rapport;Password=rapport;Database=postgres"
fi

# IMAP: a throwaway dovecot with one test user and maildirs under /tmp (RAPPORT_TEST_IMAP=host:port:user:password).
if [ -z "${RAPPORT_TEST_IMAP:-}" ]; then
  imap=$(bash scripts/imap-test-server.sh) || { echo "could not start the test IMAP server"; echo "tests: 0 passed, 1 failed"; exit 1; }
  eval "$imap"
fi

dotnet tool restore >/dev/null
# Formatting (.editorconfig: whitespace, import order, style) is checked like a test; `dotnet format Rapport.slnx` fixes it.
formatted=0
if ! dotnet format Rapport.slnx --verify-no-changes >/tmp/rapport-format.log 2>&1; then
  cat /tmp/rapport-format.log; formatted=1
fi
dotnet build Rapport.slnx -c Release -warnaserror 2>&1 | grep -E "error|Warn|Elapsed" ; build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then echo "tests: 0 passed, 1 failed"; exit 1; fi

# The model and both migration assemblies must agree.
pending=0
for p in Sqlite Postgres; do
  if ! dotnet ef migrations has-pending-model-changes --no-build --configuration Release \
      --project "src/Rapport.Data.$p" --startup-project "src/Rapport.Data.$p" >/tmp/rapport-ef-$p.log 2>&1; then
    cat /tmp/rapport-ef-$p.log; pending=1
  fi
done

# Two lanes, one per core: the server tests (the longest project, some 220 apps on two databases) in one, the browser,
# core, component and bench tests one after another in the other. `dotnet test --solution` ran the projects in name
# order, two at a time, so the server tests started last, after the browser tests, and the run took their sum.
logs=$(mktemp -d)
lane() {
  local p
  for p in "$@"; do dotnet test --project "tests/$p" -c Release --no-build >"$logs/$p.log" 2>&1; echo $? >"$logs/$p.rc"; done
}
lane Rapport.Server.Tests &
server=$!
lane Rapport.E2E.Tests Rapport.Core.Tests Rapport.Components.Tests Rapport.Bench.Tests
wait "$server"
log="$logs/all.log"
passed=0; failed=0; status=0
for f in "$logs"/*.Tests.log; do
  cat "$f"; cat "$f" >>"$log"
  # Each project ends with Microsoft.Testing.Platform's summary block: "  failed: N" / "  succeeded: N".
  p=$(grep -E '^\s+succeeded: [0-9]+' "$f" | tail -1 | grep -oE '[0-9]+' || true)
  q=$(grep -E '^\s+failed: [0-9]+' "$f" | tail -1 | grep -oE '[0-9]+' || true)
  passed=$((passed + ${p:-0})); failed=$((failed + ${q:-0}))
  # A project that ran no test (it did not start, or crashed) counts as a failure even without a failed test.
  if [ "$(cat "${f%.log}.rc")" -ne 0 ] && [ "${q:-0}" -eq 0 ]; then status=1; echo "$(basename "${f%.log}") exited with $(cat "${f%.log}.rc")"; fi
done
if [ "$pending" -ne 0 ]; then failed=$((failed + 1)); echo "model has changes without a migration (see above)"; fi
if [ "$formatted" -ne 0 ]; then failed=$((failed + 1)); echo "code is not formatted (see above; run: dotnet format Rapport.slnx)"; fi
if [ "$status" -ne 0 ]; then failed=$((failed + 1)); fi
if [ "$failed" -ne 0 ]; then
  # Repeat each failure (name, message, first stack lines) after the noise, so the end of the log says what broke.
  echo "---- failures ----"
  grep -E -A 12 '^\s*failed [A-Za-z_]' "$log" | grep -v -E '^\s+at (System|Microsoft|Xunit)\.' | head -200
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
