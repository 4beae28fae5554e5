// PostgreSQL Flexible Server: Entra-only authentication, TLS required, one replica database.
// The deploying principal is the Entra admin; the post-provision hook creates the app identity's role.
param name string
param location string
param tags object
param version string
param skuName string
param skuTier string
param storageSizeGB int
param backupRetentionDays int
param databaseName string
@description('Adds the 0.0.0.0 rule that admits Azure services (the Function App without VNet).')
param allowAzureServices bool
param adminPrincipalId string
param adminPrincipalName string
param adminPrincipalType string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: skuName, tier: skuTier }
  properties: {
    version: version
    storage: { storageSizeGB: storageSizeGB, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: backupRetentionDays, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
  }

  // The server accepts one change at a time: the children below are chained with dependsOn.
  resource requireTls 'configurations' = {
    name: 'require_secure_transport'
    properties: { value: 'ON', source: 'user-defined' }
  }

  resource database 'databases' = {
    name: databaseName
    properties: { charset: 'UTF8', collation: 'en_US.utf8' }
    dependsOn: [requireTls]
  }

  resource allowAzure 'firewallRules' = if (allowAzureServices) {
    name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
    properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
    dependsOn: [database]
  }
}

// A service principal deployer has no sign-in name: then set principalName (its display name) explicitly.
resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2025-08-01' = if (!empty(adminPrincipalId) && !empty(adminPrincipalName)) {
  parent: server
  name: adminPrincipalId
  properties: {
    principalName: adminPrincipalName
    principalType: adminPrincipalType
    tenantId: tenant().tenantId
  }
  dependsOn: [server::allowAzure, server::database]
}

output id string = server.id
output name string = server.name
output host string = server.properties.fullyQualifiedDomainName
