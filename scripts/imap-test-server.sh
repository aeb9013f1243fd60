#!/usr/bin/env bash
# Starts (or restarts) a throwaway dovecot IMAP server on loopback for the mail tests and prints the value for
# RAPPORT_TEST_IMAP ("host:port:user:password"). Needs the dovecot-imapd package (scripts/test.sh installs it).
# Usage: eval "$(scripts/imap-test-server.sh)"   → exports RAPPORT_TEST_IMAP
# A second instance beside the first: RAPPORT_TEST_IMAP_PORT=10144 RAPPORT_TEST_IMAP_DIR=/tmp/rapport-imap2
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${RAPPORT_TEST_IMAP_PORT:-10143}
RUN=${RAPPORT_TEST_IMAP_DIR:-/tmp/rapport-imap}
USER_NAME=rapport
PASSWORD=rapport-imap
command -v dovecot >/dev/null 2>&1 || { echo "dovecot is not installed (apt-get install dovecot-imapd)" >&2; exit 1; }

# Stop the one we started before, if any (by its own pid file, never by name).
if [ -f "$RUN/run/master.pid" ]; then kill "$(cat "$RUN/run/master.pid")" 2>/dev/null || true; fi
# Wait (up to 15 s) until the port is free: a stopping dovecot holds it for a moment.
for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break; sleep 0.1; done
rm -rf "$RUN"; mkdir -p "$RUN/run" "$RUN/state" "$RUN/mail" "$RUN/home"

if [ "$(id -u)" -eq 0 ]; then
  # As root: the packaged unprivileged users run the login and internal processes; mail belongs to "dovecot".
  LOGIN_USER=dovenull; INTERNAL_USER=dovecot
  MAIL_UID=$(id -u dovecot); MAIL_GID=$(id -g dovecot)
  chown -R dovecot:dovecot "$RUN/mail" "$RUN/home"
else
  LOGIN_USER=$(id -un); INTERNAL_USER=$(id -un); MAIL_UID=$(id -u); MAIL_GID=$(id -g)
fi
echo "$USER_NAME:{PLAIN}$PASSWORD" > "$RUN/users"
sed -e "s|\$RUN|$RUN|g" -e "s|\$PORT|$PORT|g" -e "s|\$LOGIN_USER|$LOGIN_USER|g" -e "s|\$INTERNAL_USER|$INTERNAL_USER|g" \
    -e "s|\$MAIL_UID|$MAIL_UID|g" -e "s|\$MAIL_GID|$MAIL_GID|g" scripts/dovecot-test.conf > "$RUN/dovecot.conf"
dovecot -c "$RUN/dovecot.conf" || { cat "$RUN/dovecot.log" >&2 2>/dev/null; exit 1; }
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
echo "export RAPPORT_TEST_IMAP=127.0.0.1:$PORT:$USER_NAME:$PASSWORD"
