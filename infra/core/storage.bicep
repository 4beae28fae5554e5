// Storage for the Functions host, the durable task hub and the Flex deployment package.
// Shared keys are off: everything authenticates with Entra ID.
param name string
param location string
param tags object
param deploymentContainerName string
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string
param identityPrincipalId string
@description('Deploying principal; gets the same data roles for local debugging against this account. Empty skips.')
param principalId string
param principalType string

var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
var grantees = concat(
  [{ id: identityPrincipalId, type: 'ServicePrincipal' }],
  empty(principalId) ? [] : [{ id: principalId, type: principalType }]
)

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
    }
  }

  resource blobs 'blobServices' = {
    name: 'default'

    resource deployment 'containers' = {
      name: deploymentContainerName
    }
  }
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in flatten(map(grantees, g => map(items(roles), r => { principal: g, roleId: r.value }))): {
    name: guid(storage.id, assignment.principal.id, assignment.roleId)
    scope: storage
    properties: {
      principalId: assignment.principal.id
      principalType: assignment.principal.type
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
    }
  }
]

output id string = storage.id
output name string = storage.name
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
