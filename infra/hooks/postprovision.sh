#!/usr/bin/env bash
# azd post-provision hook: gives the Function App's managed identity a PostgreSQL role.
# Connects as the deploying Entra admin (token from the Azure CLI), opens the server's firewall to this
# machine for the duration, creates the identity's role if missing, grants CREATE on the replica database
# and creates the instructure_dap schema. Safe to re-run.
set -euo pipefail

: "${AZURE_RESOURCE_GROUP:?run through azd (azd provision) so the deployment outputs are set}"
: "${POSTGRES_SERVER_NAME:?missing deployment output}"
: "${POSTGRES_HOST:?missing deployment output}"
: "${POSTGRES_DATABASE:?missing deployment output}"
: "${POSTGRES_IDENTITY_NAME:?missing deployment output}"
admin_user="${POSTGRES_ADMIN_USER:-${POSTGRES_ADMIN_NAME:-}}"
: "${admin_user:?set POSTGRES_ADMIN_USER to your Entra sign-in name (an Entra admin of the server)}"

command -v psql >/dev/null || { echo "psql is required (PostgreSQL client 14 or later)" >&2; exit 1; }
command -v az >/dev/null || { echo "the Azure CLI (az) is required" >&2; exit 1; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rule_name="azd-postprovision"

# This machine's public address: POSTGRES_CLIENT_IP, or asked from a public echo service.
client_ip="${POSTGRES_CLIENT_IP:-}"
if [[ -z "$client_ip" ]]; then
  client_ip="$(curl -fsS --max-time 10 https://api.ipify.org || true)"
fi
: "${client_ip:?could not detect this machine public IP; set POSTGRES_CLIENT_IP}"

remove_rule() {
  az postgres flexible-server firewall-rule delete --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$POSTGRES_SERVER_NAME" --rule-name "$rule_name" --yes --output none || true
}
trap remove_rule EXIT

echo "Allowing $client_ip on $POSTGRES_SERVER_NAME while the hook runs"
az postgres flexible-server firewall-rule create --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "$POSTGRES_SERVER_NAME" --rule-name "$rule_name" \
  --start-ip-address "$client_ip" --end-ip-address "$client_ip" --output none

# The token is the password; passed through the environment, never on a command line.
PGPASSWORD="$(az account get-access-token --resource-type oss-rdbms --query accessToken --output tsv)"
export PGPASSWORD
export PGSSLMODE=require PGHOST="$POSTGRES_HOST" PGPORT=5432 PGUSER="$admin_user" PGCONNECT_TIMEOUT=15

run_sql() { # database phase
  psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --dbname "$1" -v phase="$2" \
    -v identity="$POSTGRES_IDENTITY_NAME" -v db="$POSTGRES_DATABASE" -f "$script_dir/schema.sql"
}

# Firewall rules take a little while to apply.
for attempt in 1 2 3 4 5 6; do
  if psql --no-psqlrc --dbname postgres -c 'SELECT 1' >/dev/null 2>&1; then break; fi
  if [[ $attempt -eq 6 ]]; then
    echo "cannot connect to $POSTGRES_HOST as $admin_user" >&2
    psql --no-psqlrc --dbname postgres -c 'SELECT 1'
  fi
  sleep 10
done

run_sql postgres role
run_sql "$POSTGRES_DATABASE" schema
echo "PostgreSQL role $POSTGRES_IDENTITY_NAME ready in $POSTGRES_DATABASE"
