# azd post-provision hook (Windows): gives the Function App's managed identity a PostgreSQL role.
# Same steps as postprovision.sh: temporary firewall rule for this machine, Entra token as password,
# role via pgaadauth_create_principal if missing, CREATE on the database, instructure_dap schema. Safe to re-run.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Require([string]$name) {
    $value = [Environment]::GetEnvironmentVariable($name)
    if ([string]::IsNullOrEmpty($value)) { throw "$name is not set; run through azd (azd provision)." }
    return $value
}

$resourceGroup = Require 'AZURE_RESOURCE_GROUP'
$server = Require 'POSTGRES_SERVER_NAME'
$pgHost = Require 'POSTGRES_HOST'
$database = Require 'POSTGRES_DATABASE'
$identity = Require 'POSTGRES_IDENTITY_NAME'
$adminUser = if ($env:POSTGRES_ADMIN_USER) { $env:POSTGRES_ADMIN_USER } else { $env:POSTGRES_ADMIN_NAME }
if (-not $adminUser) { throw 'Set POSTGRES_ADMIN_USER to your Entra sign-in name (an Entra admin of the server).' }
if (-not (Get-Command psql -ErrorAction SilentlyContinue)) { throw 'psql is required (PostgreSQL client 14 or later).' }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'The Azure CLI (az) is required.' }

$clientIp = $env:POSTGRES_CLIENT_IP
if (-not $clientIp) {
    try { $clientIp = (Invoke-RestMethod -Uri 'https://api.ipify.org' -TimeoutSec 10).ToString().Trim() } catch { $clientIp = $null }
}
if (-not $clientIp) { throw 'Could not detect this machine public IP; set POSTGRES_CLIENT_IP.' }

$ruleName = 'azd-postprovision'
$schemaSql = Join-Path $PSScriptRoot 'schema.sql'

function Invoke-Checked([scriptblock]$command, [string]$what) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)." }
}

Write-Host "Allowing $clientIp on $server while the hook runs"
Invoke-Checked { az postgres flexible-server firewall-rule create --resource-group $resourceGroup --name $server `
        --rule-name $ruleName --start-ip-address $clientIp --end-ip-address $clientIp --output none } 'Creating the firewall rule'
try {
    # The token is the password; passed through the environment, never on a command line.
    $env:PGPASSWORD = az account get-access-token --resource-type oss-rdbms --query accessToken --output tsv
    if ($LASTEXITCODE -ne 0) { throw 'Getting an Entra token for PostgreSQL failed.' }
    $env:PGSSLMODE = 'require'; $env:PGHOST = $pgHost; $env:PGPORT = '5432'; $env:PGUSER = $adminUser; $env:PGCONNECT_TIMEOUT = '15'

    # Firewall rules take a little while to apply.
    for ($attempt = 1; $attempt -le 6; $attempt++) {
        psql --no-psqlrc --dbname postgres -c 'SELECT 1' *> $null
        if ($LASTEXITCODE -eq 0) { break }
        if ($attempt -eq 6) { throw "Cannot connect to $pgHost as $adminUser." }
        Start-Sleep -Seconds 10
    }

    foreach ($step in @(@{ Db = 'postgres'; Phase = 'role' }, @{ Db = $database; Phase = 'schema' })) {
        Invoke-Checked { psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --dbname $step.Db -v "phase=$($step.Phase)" `
                -v "identity=$identity" -v "db=$database" -f $schemaSql } "The $($step.Phase) step"
    }
    Write-Host "PostgreSQL role $identity ready in $database"
}
finally {
    Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue
    az postgres flexible-server firewall-rule delete --resource-group $resourceGroup --name $server `
        --rule-name $ruleName --yes --output none
}
