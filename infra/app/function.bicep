// The Function App on Flex Consumption (Linux, .NET 10 isolated) running as the user-assigned identity.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param applicationInsightsName string
param maximumInstanceCount int
@description('Npgsql pool size of one instance (CD2_DB_POOL_SIZE); main.bicep sizes the instance count to it.')
param connectionsPerInstance int
param instanceMemoryMB int
@description('Subnet delegated to Microsoft.App/environments; empty means no VNet integration.')
param subnetId string
@description('Versionless Key Vault secret URIs of the DAP credentials (resolved by the platform as Key Vault references).')
param dapClientIdSecretUri string
param dapClientSecretSecretUri string
param postgresHost string
param postgresDatabase string
@description('PostgreSQL role of the identity: its name, as the Entra admin entry of the server spells it.')
param postgresUser string
param taskHub string
param schedule string
param namespaces string
param includeTables string
param skipTables string
param maxParallelTables int
param historyRetentionDays int
param logRetentionDays string
param dapApiUrl string
@description('Entra principals that may read the replica, as JSON (CD2_READERS).')
param readers string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'func' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    // Key Vault references resolve as the user-assigned identity (the app has no system identity).
    keyVaultReferenceIdentity: identityId
    siteConfig: { minTlsVersion: '1.2' }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: instanceMemoryMB }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }

  // The settings contract of the Functions code (local.settings.sample.json). Flex Consumption derives
  // FUNCTIONS_WORKER_RUNTIME from functionAppConfig.runtime and rejects it as a setting. No secrets here:
  // the DAP credentials are Key Vault references the platform resolves before the app starts, and
  // PostgreSQL and Application Insights take Entra tokens.
  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AZURE_CLIENT_ID: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      DAP_CLIENT_ID: '@Microsoft.KeyVault(SecretUri=${dapClientIdSecretUri})'
      DAP_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${dapClientSecretSecretUri})'
      POSTGRES_HOST: postgresHost
      POSTGRES_DATABASE: postgresDatabase
      POSTGRES_USER: postgresUser
      CD2_TASK_HUB: taskHub
      CD2_SCHEDULE: schedule
      CD2_NAMESPACES: namespaces
      CD2_INCLUDE_TABLES: includeTables
      CD2_SKIP_TABLES: skipTables
      CD2_MAX_PARALLEL_TABLES: string(maxParallelTables)
      CD2_HISTORY_RETENTION_DAYS: string(historyRetentionDays)
      CD2_LOG_RETENTION_DAYS: logRetentionDays
      CD2_DB_POOL_SIZE: string(connectionsPerInstance)
      CD2_READERS: readers
      DAP_API_URL: dapApiUrl
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
