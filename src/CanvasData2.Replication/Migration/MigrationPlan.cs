namespace CanvasData2.Replication.Migration;

/// <summary>The DDL that brings a live table to its target, grouped in the order it must run, and a description per change.</summary>
internal sealed class MigrationPlan
{
    public List<string> Changes { get; } = [];

    /// <summary>CREATE TYPE / ALTER TYPE ... ADD VALUE: committed before data that uses the new labels.</summary>
    public List<string> EnumStatements { get; } = [];

    public List<string> AddColumns { get; } = [];

    /// <summary>SET DATA TYPE clauses: these rewrite the table and need dependent views out of the way.</summary>
    public List<string> TypeChanges { get; } = [];

    public List<string> ColumnChanges { get; } = [];

    public List<string> DropColumns { get; } = [];

    public List<string> Comments { get; } = [];

    public string? ReinitNeededReason { get; private set; }

    public bool TouchesViews => TypeChanges.Count > 0 || DropColumns.Count > 0;

    /// <summary>Records why the change cannot be made in place (the first reason wins); nothing of the plan is then applied.</summary>
    public void Refuse(string reason) => ReinitNeededReason ??= reason;
}
