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

    public override string ToString() => IsEntra ? $"{Name} (Entra {EntraType} {EntraObjectId})" : Name;
}
