using System.Globalization;
using System.IO.Compression;
using CanvasData2.Cli.Output;
using CanvasData2.Dap;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Commands.Downloads;

/// <summary>
/// Runs one DAP query job for a table and writes its objects to
/// <c>&lt;output&gt;/&lt;table&gt;/job_&lt;id&gt;/part-NNNNN.&lt;format&gt;[.gz]</c>, gzip-compressed for text formats as the
/// official CLI writes them.
/// </summary>
internal sealed partial class JobDownloader(ILogger<JobDownloader> logger)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(5);

    public async Task<DownloadResult> DownloadAsync(
        IDapClient client, string ns, string table, QueryRequest request, DirectoryInfo output, IProgressLine progress, CancellationToken cancellationToken)
    {
        var job = await WaitAsync(client, await client.StartQueryAsync(ns, table, request, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        if (job.Status == JobStatus.Failed)
        {
            throw new DapException(DapErrorKind.JobFailed, $"The query job for {ns}.{table} failed: {job.Error?.Message}", error: job.Error);
        }

        var objects = job.ObjectIds ?? [];
        LogJobComplete(ns, table, job.Id, objects.Count);
        progress.SetTotal(objects.Count);
        var directory = Directory.CreateDirectory(Path.Combine(output.FullName, FileNames.Safe(table), $"job_{FileNames.Safe(job.Id)}"));
        var files = new List<string>();
        long bytes = 0;
        for (var i = 0; i < objects.Count; i++)
        {
            var path = Path.Combine(directory.FullName, string.Create(CultureInfo.InvariantCulture, $"part-{i:00000}.{Extension(request.Format)}"));
            bytes += await WriteObjectAsync(client, objects[i], path, request.Format, read => progress.Detail(Sizes.Bytes(bytes + read)), cancellationToken)
                .ConfigureAwait(false);
            files.Add(path);
            progress.Advance(1);
        }

        return new DownloadResult(ns, table, job.Id, job.SchemaVersion, job.At, job.Since, job.Until, files, bytes);
    }

    private static async Task<DapJob> WaitAsync(IDapClient client, DapJob job, CancellationToken cancellationToken)
    {
        var delay = FirstPoll;
        while (!job.IsTerminal)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
            job = await client.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
        }

        return job;
    }

    private static async Task<long> WriteObjectAsync(
        IDapClient client, string objectId, string path, DataFormat format, Action<long> onRead, CancellationToken cancellationToken)
    {
        // Only a complete object gets its final name: a cancelled or failed read leaves a .partial file at most.
        var partial = path + ".partial";
        long total;
        var source = await client.OpenObjectAsync(objectId, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var file = File.Create(partial);
            await using (file.ConfigureAwait(false))
            {
                Stream target = format == DataFormat.Parquet ? file : new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                await using (target.ConfigureAwait(false))
                {
                    total = await CopyAsync(source, target, onRead, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        File.Move(partial, path, overwrite: true);
        return total;
    }

    private static async Task<long> CopyAsync(Stream source, Stream target, Action<long> onRead, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            total += read;
            onRead(total);
        }

        return total;
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Query job {JobId} for {Namespace}.{Table} complete with {ObjectCount} object(s)")]
    private partial void LogJobComplete(string @namespace, string table, string jobId, int objectCount);

    private static string Extension(DataFormat format) => format switch
    {
        DataFormat.Tsv => "tsv.gz",
        DataFormat.Csv => "csv.gz",
        DataFormat.Jsonl => "json.gz",
        _ => "parquet",
    };
}
