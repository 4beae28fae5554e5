// Failures reach a person: an action group (e-mail and/or a webhook for a chat tool) and three log alert rules
// on Application Insights. Every rule reads the one structured event a refresh run logs when it ends
// ("Refresh run summary {RunId}: {Outcome}, ..."; customDimensions RunId, Outcome, Failed, FailedTables, RunError).
// main.bicep deploys this module only when an e-mail address or a webhook URL is given.
param namePrefix string
param location string
param tags object
param applicationInsightsName string

@description('E-mail address that receives the alerts; empty for none.')
param alertEmail string

@secure()
@description('Webhook URL (Teams, Slack, ...) that receives the alerts in the common alert schema; empty for none.')
param alertWebhookUrl string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The summary event, with its fields as columns. The message starts the same whether the exporter sends the
// rendered line or the template.
var summaries = 'traces | where message startswith "Refresh run summary" | extend RunId = tostring(customDimensions.RunId), Outcome = tostring(customDimensions.Outcome), FailedTables = tostring(customDimensions.FailedTables), RunError = tostring(customDimensions.RunError)'

// A refresh orchestration that failed as a whole, as the Durable Functions extension tracks it
// (in case the orchestrator broke before it could log its summary).
var failedOrchestrations = 'traces | where tostring(customDimensions.Category) == "Host.Triggers.DurableTask" and tostring(customDimensions.prop__functionName) == "RefreshOrchestrator" and tostring(customDimensions.prop__state) == "Failed" | extend RunId = tostring(customDimensions.prop__instanceId), Outcome = "run_failed", FailedTables = "", RunError = "orchestration failed"'

var rules = [
  {
    name: 'tables-failed'
    displayName: 'CanvasData2: a refresh run ended with failed tables'
    description: 'A refresh run finished, but some tables failed (FailedTables names them with their error kinds). Their replicas are as they were.'
    severity: 2
    query: '${summaries} | where Outcome == "tables_failed" | project timestamp, RunId, FailedTables'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT15M'
    window: 'PT15M'
    dimensions: [{ name: 'RunId', operator: 'Include', values: ['*'] }]
  }
  {
    name: 'run-failed'
    displayName: 'CanvasData2: a refresh run failed as a whole'
    description: 'A refresh run could not finish (bookkeeping failed, or the orchestration failed): no table was refreshed by it.'
    severity: 1
    query: 'union (${summaries} | where Outcome == "run_failed"), (${failedOrchestrations}) | project timestamp, RunId, RunError'
    operator: 'GreaterThan'
    threshold: 0
    frequency: 'PT15M'
    window: 'PT15M'
    dimensions: [{ name: 'RunId', operator: 'Include', values: ['*'] }]
  }
  {
    name: 'no-success'
    displayName: 'CanvasData2: no refresh run has succeeded for 7 hours'
    description: 'Two scheduled runs (every 3 hours) have not succeeded: runs fail, hang or do not start.'
    severity: 1
    query: '${summaries} | where Outcome == "succeeded" | project timestamp, RunId'
    operator: 'LessThan'
    threshold: 1
    frequency: 'PT1H'
    window: 'PT7H'
    dimensions: []
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-cd2-alerts'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'cd2alerts'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      { name: 'email', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
    webhookReceivers: empty(alertWebhookUrl) ? [] : [
      { name: 'webhook', serviceUri: alertWebhookUrl, useCommonAlertSchema: true }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for rule in rules: {
  name: '${namePrefix}-cd2-${rule.name}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: rule.displayName
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [applicationInsights.id]
    evaluationFrequency: rule.frequency
    windowSize: rule.window
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: rule.operator
          threshold: rule.threshold
          dimensions: rule.dimensions
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    // Each run is its own alert; nothing resolves on its own, a person looks at it.
    autoMitigate: false
    actions: { actionGroups: [actionGroup.id] }
  }
}]

output actionGroupId string = actionGroup.id
output ruleNames array = [for (rule, i) in rules: alertRules[i].name]
