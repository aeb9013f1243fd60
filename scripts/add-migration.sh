#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration assemblies.
# Usage: scripts/add-migration.sh NameOfMigration
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NAME}
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/Rapport.Data.$p" --startup-project "src/Rapport.Data.$p" --output-dir Migrations
done
