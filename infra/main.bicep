// CanvasData2 on Azure: Durable Functions (Flex Consumption) replicating Canvas Data 2 into PostgreSQL.
// `azd up` deploys this at subscription scope; every resource lives in one resource group.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds the resource token and the azd-env-name tag.')
param environmentName string

// Regions offering both Flex Consumption and PostgreSQL Flexible Server (sources: infra/README.md, "Region").
// azd offers only these at its location prompt; ARM refuses any other before creating anything.
@minLength(1)
@description('Region for every resource; it must offer Flex Consumption and PostgreSQL Flexible Server.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user or service principal (azd: AZURE_PRINCIPAL_ID). Becomes a PostgreSQL Entra admin (after the database exists) and may rotate the DAP secrets. Empty skips both.')
param principalId string = ''

@description('Kind of the deploying principal.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('PostgreSQL Entra admin role name of the deploying principal; empty means its sign-in name (set it for a service principal).')
param principalName string = ''

@secure()
@description('DAP API client id (stored in Key Vault as dap-client-id).')
param dapClientId string

@secure()
@description('DAP API client secret (stored in Key Vault as dap-client-secret).')
param dapClientSecret string

@description('Integrate the Function App with a VNet and reach storage, Key Vault and PostgreSQL through private endpoints.')
param vnetEnabled bool = false

@description('Optional name overrides; empty means derived from the resource token.')
param resourceGroupName string = ''
param functionAppName string = ''

@description('PostgreSQL major version.')
@allowed(['16', '17'])
param postgresVersion string = '16'

@description('PostgreSQL compute SKU (name and tier must match, e.g. Standard_B1ms/Burstable, Standard_D2ds_v5/GeneralPurpose).')
param postgresSkuName string = 'Standard_B2s'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL storage size in GiB when the server is created; auto-grow enlarges it later.')
@minValue(32)
param postgresStorageSizeGB int = 32

// azd keeps every output in the environment: after the first provision POSTGRES_SERVER_EXISTS=true comes back
// here, and the size is no longer sent (a size below the auto-grown one fails: DowngradeDiskSize).
@description('True once this environment has created the server (azd: POSTGRES_SERVER_EXISTS, an output of this template).')
param postgresServerExists bool = false

@description('PostgreSQL backup retention in days.')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 7

@description('Name of the replica database.')
param postgresDatabaseName string = 'cd2'

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Maximum Flex Consumption instances; lowered further so that every instance\'s pool fits the server\'s connections.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Set by the postdown hook after `azd down` (CD2_KEY_VAULT_STAMP): a new stamp gives a new Key Vault name.')
param keyVaultStamp string = ''

@description('Memory per Flex Consumption instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Durable task hub name (CD2_TASK_HUB); the Durable Functions Monitor shows runs under it.')
param cd2TaskHub string = 'cd2hub'

@description('NCRONTAB schedule of the automatic refresh (CD2_SCHEDULE).')
param cd2Schedule string = '0 0 */3 * * *'

@description('Comma list of DAP namespaces to replicate (CD2_NAMESPACES).')
param cd2Namespaces string = 'canvas'

@description('Comma list of tables to replicate; empty means all (CD2_INCLUDE_TABLES).')
param cd2IncludeTables string = ''

@description('Comma list of tables to skip (CD2_SKIP_TABLES).')
param cd2SkipTables string = ''

@description('Tables synchronised at the same time (CD2_MAX_PARALLEL_TABLES).')
@minValue(1)
param cd2MaxParallelTables int = 8

@description('Days of run history kept in the task hub (CD2_HISTORY_RETENTION_DAYS).')
@minValue(1)
param cd2HistoryRetentionDays int = 30

@description('Days of canvas_logs history kept in the replica, beyond DAP\'s own 30 (CD2_LOG_RETENTION_DAYS); empty keeps everything.')
param cd2LogRetentionDays string = ''

@description('DAP API base address (DAP_API_URL).')
param dapApiUrl string = 'https://api-gateway.instructure.com'

@description('Display name of an Entra group whose members may read the replica (CD2_READER_GROUP_NAME); members then sign in with the group name as user. Empty: no group.')
param readerGroupName string = ''

@description('Object id of that group (CD2_READER_GROUP_ID).')
param readerGroupId string = ''

@description('Whether the deploying principal may read the replica too (CD2_READER_INCLUDES_DEPLOYER, default true).')
param readerIncludesDeployer bool = true

@description('E-mail address that receives failure alerts (failed tables, failed run, no success for 7 hours). Empty, with no webhook either, deploys no alerts.')
param alertEmail string = ''

@secure()
@description('Webhook URL (Teams, Slack, ...) that receives the same alerts in the common alert schema; empty for none.')
param alertWebhookUrl string = ''

var abbrs = loadJsonContent('abbreviations.json')
var adminName = !empty(principalName) ? principalName : deployer().userPrincipalName
// The readers the app grants at every run (CD2_READERS): the group, and the deployer unless turned off.
var readerGroup = empty(readerGroupId) ? [] : [{ name: readerGroupName, objectId: readerGroupId, type: 'group' }]
var readerDeployer = readerIncludesDeployer && !empty(principalId) && !empty(adminName)
  ? [{ name: adminName, objectId: principalId, type: principalType == 'User' ? 'user' : 'service' }]
  : []
var readers = concat(readerGroup, readerDeployer)
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
// A vault deleted without purge keeps its name for 90 days: after `azd down` the postdown hook sets a new stamp,
// so the next `azd up` creates a vault under a new name instead of failing with VaultAlreadyExists.
var keyVaultName = empty(keyVaultStamp)
  ? '${abbrs.keyVaultVaults}${resourceToken}'
  : '${abbrs.keyVaultVaults}${take(toLower(uniqueString(resourceToken, keyVaultStamp)), 13)}'

// Connection budget (infra/README.md, "Connections"): each instance opens at most CD2_DB_POOL_SIZE connections
// (host.json runs 8 activities at once, one connection each, + 2 for the HTTP endpoints and timers), and all
// instances together stay under the server's user connections (max_connections less the 15 Azure keeps),
// with 5 left for people and tools. An unlisted size counts as the smallest.
var connectionsPerInstance = 10
var connectionsForPeople = 5
var postgresUserConnections = {
  Standard_B1ms: 35
  Standard_B2s: 414
  Standard_B2ms: 844
  Standard_B4ms: 1703
  Standard_D2s_v3: 844
  Standard_D2ds_v4: 844
  Standard_D2ds_v5: 844
  Standard_D2ads_v5: 844
  Standard_D4s_v3: 1703
  Standard_D4ds_v4: 1703
  Standard_D4ds_v5: 1703
  Standard_D4ads_v5: 1703
}
var userConnections = postgresUserConnections[?postgresSkuName] ?? 35
var functionInstanceLimit = max(1, min(maximumInstanceCount, (userConnections - connectionsForPeople) / connectionsPerInstance))
var tags = { 'azd-env-name': environmentName }
var appName = !empty(functionAppName) ? functionAppName : '${abbrs.webSitesFunctions}cd2-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}cd2-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    identityPrincipalId: identity.outputs.principalId
  }
}

module network 'core/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
    publicNetworkAccess: vnetEnabled ? 'Disabled' : 'Enabled'
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    publicNetworkAccess: vnetEnabled ? 'Disabled' : 'Enabled'
    dapClientId: dapClientId
    dapClientSecret: dapClientSecret
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
  }
}

module postgres 'core/postgres.bicep' = {
  name: 'postgres'
  scope: rg
  params: {
    name: '${abbrs.dBforPostgreSQLServers}${resourceToken}'
    location: location
    tags: tags
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresServerExists ? 0 : postgresStorageSizeGB
    backupRetentionDays: postgresBackupRetentionDays
    databaseName: postgresDatabaseName
    allowAzureServices: !vnetEnabled
    appIdentityPrincipalId: identity.outputs.principalId
    appIdentityName: identity.outputs.name
    adminPrincipalId: principalId
    adminPrincipalName: adminName
    adminPrincipalType: principalType
  }
}

module privateEndpoints 'core/private-endpoints.bicep' = if (vnetEnabled) {
  name: 'private-endpoints'
  scope: rg
  params: {
    location: location
    tags: tags
    virtualNetworkId: network!.outputs.id
    subnetId: network!.outputs.privateEndpointSubnetId
    namePrefix: '${abbrs.networkPrivateEndpoints}${resourceToken}'
    storageAccountId: storage.outputs.id
    keyVaultId: keyVault.outputs.id
    postgresServerId: postgres.outputs.id
  }
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    name: appName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: functionInstanceLimit
    connectionsPerInstance: connectionsPerInstance
    instanceMemoryMB: instanceMemoryMB
    subnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    dapClientIdSecretUri: keyVault.outputs.clientIdSecretUri
    dapClientSecretSecretUri: keyVault.outputs.clientSecretSecretUri
    postgresHost: postgres.outputs.host
    postgresDatabase: postgresDatabaseName
    postgresUser: identity.outputs.name
    taskHub: cd2TaskHub
    schedule: cd2Schedule
    namespaces: cd2Namespaces
    includeTables: cd2IncludeTables
    skipTables: cd2SkipTables
    maxParallelTables: cd2MaxParallelTables
    historyRetentionDays: cd2HistoryRetentionDays
    logRetentionDays: cd2LogRetentionDays
    readers: string(readers)
    dapApiUrl: dapApiUrl
  }
  // In private mode the host's first start must already resolve storage and Key Vault privately.
  dependsOn: [privateEndpoints]
}

module workbook 'core/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

module alerts 'core/alerts.bicep' = if (!empty(alertEmail) || !empty(alertWebhookUrl)) {
  name: 'alerts'
  scope: rg
  params: {
    namePrefix: resourceToken
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    alertEmail: alertEmail
    alertWebhookUrl: alertWebhookUrl
  }
}

// Stored by azd in the environment (azd env get-values). Nothing secret: no keys, passwords or connection strings.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output AZURE_FUNCTION_APP_URL string = function.outputs.url
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output POSTGRES_SERVER_NAME string = postgres.outputs.name
output POSTGRES_HOST string = postgres.outputs.host
output POSTGRES_SERVER_EXISTS bool = true
output POSTGRES_ADMIN_NAME string = adminName
output POSTGRES_DATABASE string = postgresDatabaseName
output POSTGRES_IDENTITY_NAME string = identity.outputs.name
output POSTGRES_IDENTITY_OBJECT_ID string = identity.outputs.principalId
output CD2_TASK_HUB string = cd2TaskHub
