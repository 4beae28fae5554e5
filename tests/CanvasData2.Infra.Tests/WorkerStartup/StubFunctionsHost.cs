using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Infra.Tests.WorkerStartup;

/// <summary>What a worker told the stand-in host before the handshake ended.</summary>
internal sealed record WorkerHandshake(string WorkerId, WorkerInitResponse Init, FunctionMetadataResponse? Metadata);

/// <summary>
/// Stands in for the Functions host's gRPC server (h2c on loopback): answers the worker's StartStream with a
/// WorkerInitRequest and, if the worker initialised, asks for its function metadata, as the host does.
/// </summary>
internal sealed class StubFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubFunctionsHost(WebApplication app, HandshakeService service)
    {
        _app = app;
        Handshake = service.Completed.Task;
    }

    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>Completes when the worker has answered the metadata request, or has refused to initialise.</summary>
    public Task<WorkerHandshake> Handshake { get; }

    public static async Task<StubFunctionsHost> StartAsync(string functionAppDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var service = new HandshakeService(functionAppDirectory);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<HandshakeService>();
        await app.StartAsync();
        return new StubFunctionsHost(app, service);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class HandshakeService(string functionAppDirectory) : FunctionRpc.FunctionRpcBase
    {
        public TaskCompletionSource<WorkerHandshake> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
        {
            var workerId = "";
            WorkerInitResponse? init = null;
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                switch (message.ContentCase)
                {
                    case StreamingMessage.ContentOneofCase.StartStream:
                        workerId = message.StartStream.WorkerId;
                        await responseStream.WriteAsync(new StreamingMessage
                        {
                            RequestId = Guid.NewGuid().ToString(),
                            WorkerInitRequest = new WorkerInitRequest
                            {
                                HostVersion = "4.0.0",
                                FunctionAppDirectory = functionAppDirectory,
                                WorkerDirectory = functionAppDirectory,
                            },
                        });
                        break;
                    case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                        init = message.WorkerInitResponse;
                        if (init.Result?.Status != StatusResult.Types.Status.Success)
                        {
                            Completed.TrySetResult(new WorkerHandshake(workerId, init, null));
                            return;
                        }

                        await responseStream.WriteAsync(new StreamingMessage
                        {
                            RequestId = Guid.NewGuid().ToString(),
                            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = functionAppDirectory },
                        });
                        break;
                    case StreamingMessage.ContentOneofCase.FunctionMetadataResponse when init is not null:
                        Completed.TrySetResult(new WorkerHandshake(workerId, init, message.FunctionMetadataResponse));
                        return;
                }
            }
        }
    }
}
