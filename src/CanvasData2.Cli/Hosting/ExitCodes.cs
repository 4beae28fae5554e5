namespace CanvasData2.Cli.Hosting;

/// <summary>The process exit codes of <c>cd2</c>; scripts branch on them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>Some table (or the work itself) failed; the others are done. Retrying later is reasonable.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or configuration: unknown flag, bad value, missing setting, rejected credentials, unknown table.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled by Ctrl+C or SIGTERM (the shell convention 128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
