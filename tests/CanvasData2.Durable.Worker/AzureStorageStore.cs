using DurableTask.AzureStorage;

namespace CanvasData2.Durable.Worker;

/// <summary>Durable Task's Azure Storage provider on a task hub, with the partition count of host.json.</summary>
public static class AzureStorageStore
{
    public const int PartitionCount = 4;

    public static async Task<AzureStorageOrchestrationService> OpenAsync(string connectionString, string taskHub)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            TaskHubName = taskHub,
            // A start refused by the dedupe states throws, so that the tests see the refusal (else it is a silent no-op).
            ThrowExceptionOnInvalidDedupeStatus = true,
            PartitionCount = PartitionCount,
            // A killed worker's partitions move to the next one soon (the default lease is 30 s).
            LeaseInterval = TimeSpan.FromSeconds(10),
            LeaseRenewInterval = TimeSpan.FromSeconds(3),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // A message a killed worker had dequeued comes back after this (host.json default: 5 minutes, so on Azure a
            // run a dead instance was working on resumes that much later).
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        });
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        return service;
    }
}
