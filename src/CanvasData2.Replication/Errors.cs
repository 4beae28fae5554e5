using CanvasData2.Model;

namespace CanvasData2.Replication;

/// <summary>
/// Input the replica cannot take (unknown schema type, record not matching the schema, unsafe name, value
/// out of range). Names the table and, where known, the column and key; nothing of it was committed.
/// </summary>
public sealed class ReplicationException : Exception
{
    public ReplicationException(string message, TableName? table = null, string? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Table = table;
        Column = column;
    }

    public TableName? Table { get; }

    public string? Column { get; }

    /// <summary>True when retrying later may succeed (connection lost, serialization failure, deadlock).</summary>
    public bool IsTransient { get; init; }
}
