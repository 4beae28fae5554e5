// The replica's health at a glance: an Azure Monitor workbook over the events the app writes (one per table and
// one per run), attached to Application Insights. Its queries are checked against the app's own log templates.
param location string
param tags object
param applicationInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'cd2-replica-health')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Canvas Data 2 replica health'
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('workbook.json')
    version: 'Notebook/1.0'
  }
}

output id string = workbook.id
