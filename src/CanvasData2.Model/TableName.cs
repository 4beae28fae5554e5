namespace CanvasData2.Model;

/// <summary>A DAP table: its namespace (also the PostgreSQL schema) and name.</summary>
public sealed record TableName(string Namespace, string Table)
{
    public override string ToString() => $"{Namespace}.{Table}";
}
