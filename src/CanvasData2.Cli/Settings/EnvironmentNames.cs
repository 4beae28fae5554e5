namespace CanvasData2.Cli.Settings;

/// <summary>Environment variables <c>cd2</c> reads, named as Instructure's <c>dap</c> CLI names them.</summary>
internal static class EnvironmentNames
{
    public const string BaseUrl = "DAP_API_URL";
    public const string ClientId = "DAP_CLIENT_ID";
    public const string ClientSecret = "DAP_CLIENT_SECRET";
    public const string ConnectionString = "DAP_CONNECTION_STRING";

    /// <summary>PostgreSQL roles given read access to the replica, comma-separated (our own setting, not the dap CLI's).</summary>
    public const string ReaderRoles = "CD2_READER_ROLES";

    /// <summary>Days of canvas_logs history the replica keeps (our own setting); unset keeps everything.</summary>
    public const string LogRetentionDays = "CD2_LOG_RETENTION_DAYS";
}
