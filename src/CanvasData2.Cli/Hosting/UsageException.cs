namespace CanvasData2.Cli.Hosting;

/// <summary>The command line or the configuration is wrong; the message says which flag or variable to fix. Exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}
