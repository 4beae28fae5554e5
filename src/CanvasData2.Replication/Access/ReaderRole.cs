namespace CanvasData2.Replication;

/// <summary>
/// A role that may read the replica (<see cref="ReplicaOptions.Readers"/>). On Azure an Entra principal
/// (<see cref="EntraObjectId"/> and <see cref="EntraType"/> set: <c>user</c>, <c>group</c> or <c>service</c>),
/// whose role the app makes itself; on one machine a plain PostgreSQL role that must exist.
/// </summary>
public sealed record ReaderRole(string Name, string? EntraObjectId = null, string? EntraType = null)
{
    public static readonly IReadOnlyList<string> EntraTypes = ["user", "group", "service"];

    public bool IsEntra => EntraObjectId is not null;

    /// <summary>Plain role names, comma-separated (<c>analysts,bi</c>), as <c>CD2_READER_ROLES</c> gives them.</summary>
    public static IReadOnlyList<ReaderRole> FromNames(string? names)
        => (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .Select(name => new ReaderRole(name))
            .ToList();

    public override string ToString() => IsEntra ? $"{Name} (Entra {EntraType} {EntraObjectId})" : Name;
}
