// Private endpoints (and their private DNS zones) for storage, Key Vault and PostgreSQL.
param location string
param tags object
param virtualNetworkId string
param subnetId string
param namePrefix string
param storageAccountId string
param keyVaultId string
param postgresServerId string

var endpoints = [
  { name: 'blob', targetId: storageAccountId, groupId: 'blob', zone: 'privatelink.blob.${environment().suffixes.storage}' }
  { name: 'queue', targetId: storageAccountId, groupId: 'queue', zone: 'privatelink.queue.${environment().suffixes.storage}' }
  { name: 'table', targetId: storageAccountId, groupId: 'table', zone: 'privatelink.table.${environment().suffixes.storage}' }
  { name: 'vault', targetId: keyVaultId, groupId: 'vault', zone: 'privatelink.vaultcore.azure.net' }
  { name: 'postgres', targetId: postgresServerId, groupId: 'postgresqlServer', zone: 'privatelink.postgres.database.azure.com' }
]

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for endpoint in endpoints: {
    name: endpoint.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (endpoint, i) in endpoints: {
    parent: zones[i]
    name: 'vnet'
    location: 'global'
    tags: tags
    properties: {
      virtualNetwork: { id: virtualNetworkId }
      registrationEnabled: false
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2025-05-01' = [
  for endpoint in endpoints: {
    name: '${namePrefix}-${endpoint.name}'
    location: location
    tags: tags
    properties: {
      subnet: { id: subnetId }
      privateLinkServiceConnections: [
        {
          name: endpoint.name
          properties: { privateLinkServiceId: endpoint.targetId, groupIds: [endpoint.groupId] }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-05-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        { name: endpoint.name, properties: { privateDnsZoneId: zones[i].id } }
      ]
    }
  }
]
