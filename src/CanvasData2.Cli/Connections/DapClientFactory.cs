using CanvasData2.Cli.Hosting;
using CanvasData2.Cli.Settings;
using CanvasData2.Dap;
using Microsoft.Extensions.Logging;

namespace CanvasData2.Cli.Connections;

/// <summary>
/// Creates the <see cref="DapClient"/> of one command run (the caller disposes it); an option the client refuses
/// (plain http to a remote host) is a usage error.
/// </summary>
internal sealed class DapClientFactory(ILoggerFactory loggerFactory)
{
    public DapClient Create(DapConnection settings)
    {
        var options = new DapClientOptions
        {
            BaseUrl = settings.BaseUrl,
            ClientId = settings.ClientId,
            ClientSecret = settings.ClientSecret,
            Pacing = settings.Pacing,
        };
        try
        {
            return DapClient.Create(options, loggerFactory);
        }
        catch (ArgumentException e)
        {
            // The client's validation messages name the setting and never echo the secret.
            throw new UsageException(e.Message, e);
        }
    }
}
