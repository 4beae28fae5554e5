namespace CanvasData2.Settings;

/// <summary>
/// Every setting either host reads, by its environment (or app setting) name: the DAP ones named as Instructure's
/// <c>dap</c> CLI names them, our own with <c>CD2_</c>.
/// </summary>
public static class SettingNames
{
    public const string BaseUrl = "DAP_API_URL";
    public const string ClientId = "DAP_CLIENT_ID";
    public const string ClientSecret = "DAP_CLIENT_SECRET";
    public const string ConnectionString = "DAP_CONNECTION_STRING";

    /// <summary>Days of canvas_logs history the replica keeps; unset keeps everything.</summary>
    public const string LogRetentionDays = "CD2_LOG_RETENTION_DAYS";

    /// <summary>cd2: PostgreSQL roles given read access, comma-separated.</summary>
    public const string ReaderRoles = "CD2_READER_ROLES";

    /// <summary>Functions: the Entra principals that may read the replica, as JSON (the template writes it).</summary>
    public const string Readers = "CD2_READERS";

    public const string Namespaces = "CD2_NAMESPACES";
    public const string IncludeTables = "CD2_INCLUDE_TABLES";
    public const string SkipTables = "CD2_SKIP_TABLES";
    public const string MaxParallelTables = "CD2_MAX_PARALLEL_TABLES";
    public const string HistoryRetentionDays = "CD2_HISTORY_RETENTION_DAYS";
    public const string DbPoolSize = "CD2_DB_POOL_SIZE";
    public const string PostgresHost = "POSTGRES_HOST";
    public const string PostgresDatabase = "POSTGRES_DATABASE";
    public const string PostgresUser = "POSTGRES_USER";
}
