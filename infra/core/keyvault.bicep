// Key Vault (RBAC) holding the DAP API credentials; the Function App reads them through Key Vault references.
// No purge protection: `azd down --purge` then frees the (deterministic) vault name at once, so the same
// environment can be re-created (infra/README.md, "Tear down"). Soft delete stays on (Azure's default, 90 days).
param name string
param location string
param tags object
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string
@secure()
param dapClientId string
@secure()
param dapClientSecret string
param identityPrincipalId string
@description('Deploying principal; may rotate the secrets (Key Vault Secrets Officer). Empty skips.')
param principalId string
param principalType string

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
    }
  }

  resource clientIdSecret 'secrets' = {
    name: 'dap-client-id'
    properties: { value: dapClientId, contentType: 'text/plain' }
  }

  resource clientSecretSecret 'secrets' = {
    name: 'dap-client-secret'
    properties: { value: dapClientSecret, contentType: 'text/plain' }
  }
}

resource identitySecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
// Versionless: the app always resolves the latest version (a new one after `azd provision` with a new value).
output clientIdSecretUri string = vault::clientIdSecret.properties.secretUri
output clientSecretSecretUri string = vault::clientSecretSecret.properties.secretUri
