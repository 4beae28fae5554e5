using System.Text;
using Azure.Core.Serialization;
using CanvasData2.Functions.Configuration;
using CanvasData2.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CanvasData2.Functions.Tests.Support;

/// <summary>
/// NSubstitute stand-ins for what the Functions host hands an endpoint (it cannot run here): a context whose
/// services hold the app's settings and the worker's serializer, requests with a body, a durable client.
/// </summary>
internal sealed class FunctionDoubles
{
    public FunctionDoubles(params (string Key, string Value)[] settings)
    {
        Settings = FunctionSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());
        var services = new ServiceCollection()
            .AddSingleton(Settings)
            .AddSingleton(Options.Create(new WorkerOptions { Serializer = new JsonObjectSerializer() }))
            .BuildServiceProvider();
        Context = Substitute.For<FunctionContext>();
        Context.InstanceServices.Returns(services);
        Context.CancellationToken.Returns(CanvasData2.Testing.TestTimeout.Seconds(30));
    }

    public FunctionSettings Settings { get; }

    public FunctionContext Context { get; }

    public FakeTaskHub Hub { get; } = new();

    public DurableTaskClient Client => Hub.Client;

    public TimeProvider Clock { get; } = new FixedClock(FakeTaskHub.Now);

    /// <summary>The requests the client was asked to start.</summary>
    public List<RefreshRequest> Started() => Hub.Scheduled.Select(s => s.Request).ToList();

    public HttpRequestData Request(string body)
    {
        var request = Substitute.For<HttpRequestData>(Context);
        request.Body.Returns(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        request.Url.Returns(new Uri("https://cd2.example.test/api/refresh"));
        request.Headers.Returns(new HttpHeadersCollection());
        request.CreateResponse().Returns(_ =>
        {
            var response = Substitute.For<HttpResponseData>(Context);
            response.Headers.Returns(new HttpHeadersCollection());
            response.Body.Returns(new MemoryStream());
            return response;
        });
        return request;
    }

    public HttpRequestData Get() => Request(string.Empty);

    public static string BodyText(HttpResponseData response)
    {
        response.Body.Position = 0;
        return new StreamReader(response.Body).ReadToEnd();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
