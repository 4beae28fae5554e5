// PostgreSQL Flexible Server: Entra-only authentication, TLS required, one replica database.
// Ownership by construction (infra/README.md, "Database ownership"): the app's managed identity is the only
// Entra admin when the database is created, so Azure makes it the database owner; the deploying user
// becomes an admin only afterwards. A database created while no Entra admin exists is owned by `azuresu`
// and nobody can grant on it.
param name string
param location string
param tags object
param version string
param skuName string
param skuTier string
@description('Size at creation; 0 sends none, leaving an existing (possibly auto-grown) disk as it is.')
param storageSizeGB int
param backupRetentionDays int
param databaseName string
@description('Public mode: public endpoint on with the 0.0.0.0 rule that admits Azure services. Otherwise (private mode) the public endpoint is off and only the private endpoint reaches the server.')
param allowAzureServices bool
param appIdentityPrincipalId string
param appIdentityName string
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
    // Without storageSizeGB a later provision leaves the grown disk alone (a smaller size fails: DowngradeDiskSize).
    storage: storageSizeGB > 0 ? { storageSizeGB: storageSizeGB, autoGrow: 'Enabled' } : { autoGrow: 'Enabled' }
    backup: { backupRetentionDays: backupRetentionDays, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: allowAzureServices ? 'Enabled' : 'Disabled' }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
  }

  // The server accepts one change at a time: the children below form one dependsOn chain.
  resource requireTls 'configurations' = {
    name: 'require_secure_transport'
    properties: { value: 'ON', source: 'user-defined' }
  }

  // The app's identity: an Entra admin, so it can create its own schemas (and owns the database below).
  resource appAdmin 'administrators' = {
    name: appIdentityPrincipalId
    properties: {
      principalName: appIdentityName
      principalType: 'ServicePrincipal'
      tenantId: tenant().tenantId
    }
    dependsOn: [requireTls]
  }

  resource database 'databases' = {
    name: databaseName
    properties: { charset: 'UTF8', collation: 'en_US.utf8' }
    dependsOn: [appAdmin]
  }

  // The deployer, for looking at the server; added after the database so it cannot become its owner.
  // A service principal deployer has no sign-in name: then set principalName (its display name) explicitly.
  resource deployerAdmin 'administrators' = if (!empty(adminPrincipalId) && !empty(adminPrincipalName)) {
    name: adminPrincipalId
    properties: {
      principalName: adminPrincipalName
      principalType: adminPrincipalType
      tenantId: tenant().tenantId
    }
    dependsOn: [database]
  }

  // ARM drops a dependency on a resource that is not deployed: without a deployer admin, only the database
  // keeps this change out of the others' way.
  resource allowAzure 'firewallRules' = if (allowAzureServices) {
    name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
    properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
    dependsOn: [deployerAdmin, database]
  }
}

output id string = server.id
output name string = server.name
output host string = server.properties.fullyQualifiedDomainName
