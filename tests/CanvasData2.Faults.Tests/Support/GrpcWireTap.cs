using Grpc.Net.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// Records everything the durable worker and client exchange with the in-memory backend's gRPC sidecar. The
/// in-process backend cannot return orchestration history, but every history event (orchestration and activity
/// inputs and outputs, failure details, custom status, timers, sub-orchestrations) crosses this channel.
/// Pass <see cref="Install"/> as LocalRefreshHost's configureServices (it runs after the backend's registrations).
/// </summary>
internal static class GrpcWireTap
{
    public static Action<IServiceCollection> Install(WireRecorder recorder) => services =>
    {
        var original = services.Last(d => d.ServiceType == typeof(GrpcChannel));
        services.Remove(original);
        services.AddSingleton(sp =>
        {
            // Let the backend build its channel, to learn the sidecar's address, then connect through the recorder instead.
            using var built = (GrpcChannel)original.ImplementationFactory!(sp);
            return GrpcChannel.ForAddress("http://" + built.Target, new GrpcChannelOptions { HttpHandler = new RecordingHandler(recorder) });
        });

        // The worker and client are configured with the sidecar's address (UseGrpc(address)) and would build their own
        // channels, never resolving the one above: a channel in their options supersedes the address.
        services.AddSingleton<IPostConfigureOptions<GrpcDurableTaskWorkerOptions>>(sp =>
            new PostConfigureOptions<GrpcDurableTaskWorkerOptions, GrpcChannel>(null, sp.GetRequiredService<GrpcChannel>(), (o, channel) => o.Channel = channel));
        services.AddSingleton<IPostConfigureOptions<GrpcDurableTaskClientOptions>>(sp =>
            new PostConfigureOptions<GrpcDurableTaskClientOptions, GrpcChannel>(null, sp.GetRequiredService<GrpcChannel>(), (o, channel) => o.Channel = channel));
    };
}
