using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>
/// Brings a replica table to a new schema version in place: the official client's additive and widening changes,
/// destructive ones only when the schema demands them, never a silent truncation, dependent views kept.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>
    /// Creates the target's missing enum types and appends missing labels (<c>ADD VALUE IF NOT EXISTS</c>). Commit
    /// this before loading data that uses the new labels: PostgreSQL refuses a label added in the same transaction.
    /// Does nothing when the table exists and its migration would need a re-init. Returns the changes made.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AddMissingEnumLabelsAsync(NpgsqlConnection connection, TableModel target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var live = await LiveTable.ReadAsync(connection, target.Name.Namespace, target.Name.Table, cancellationToken).ConfigureAwait(false);
        var plan = live is null ? new MigrationPlan() : await MigrationPlanner.PlanAsync(connection, live, target, previous: null, cancellationToken).ConfigureAwait(false);
        if (plan.ReinitNeededReason is not null)
        {
            return [];
        }

        if (live is null)
        {
            await MigrationPlanner.PlanEnumsAsync(connection, target, plan, refuseRemovedLabels: false, cancellationToken).ConfigureAwait(false);
        }

        if (plan.EnumStatements.Count > 0)
        {
            try
            {
                await DdlBuilder.ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {Identifiers.Quote(target.Name.Namespace)}", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another table of the same new namespace created it at the same moment (autocommit: nothing to roll back).
            }
        }

        foreach (var statement in plan.EnumStatements)
        {
            await DdlBuilder.ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
        }

        return plan.Changes.Where(c => c.StartsWith("enum ", StringComparison.Ordinal)).ToList();
    }

    /// <inheritdoc cref="MigrateAsync(NpgsqlConnection, TableModel, TableModel?, CancellationToken)"/>
    public static Task<MigrationResult> MigrateAsync(NpgsqlConnection connection, TableModel target, CancellationToken cancellationToken)
        => MigrateAsync(connection, target, previous: null, cancellationToken);

    /// <summary>
    /// Diffs the live table with <paramref name="target"/> and applies the difference in the caller's transaction.
    /// Columns the table has but the target lacks are dropped only when <paramref name="previous"/> (the schema the
    /// table was last synced with) had them, i.e. when DAP removed them; other extra columns are kept.
    /// When a change cannot be made in place, nothing is applied and the result says why.
    /// </summary>
    public static async Task<MigrationResult> MigrateAsync(NpgsqlConnection connection, TableModel target, TableModel? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var live = await LiveTable.ReadAsync(connection, target.Name.Namespace, target.Name.Table, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            return new MigrationResult([], $"The table {target.Name} does not exist.");
        }

        var plan = await MigrationPlanner.PlanAsync(connection, live, target, previous, cancellationToken).ConfigureAwait(false);
        if (plan.ReinitNeededReason is not null)
        {
            return new MigrationResult([], plan.ReinitNeededReason);
        }

        foreach (var statement in plan.EnumStatements)
        {
            await DdlBuilder.ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
        }

        var qualified = Identifiers.Qualified(target.Name.Namespace, target.Name.Table);
        var views = plan.TouchesViews
            ? await DependentViews.SaveAndDropAsync(connection, target.Name.Namespace, live.Name, cancellationToken).ConfigureAwait(false)
            : null;
        foreach (var clauses in new[] { plan.AddColumns, plan.TypeChanges.Concat(plan.ColumnChanges).ToList(), plan.DropColumns })
        {
            if (clauses.Count > 0)
            {
                await DdlBuilder.ExecuteAsync(connection, $"ALTER TABLE {qualified}\n{string.Join(",\n", clauses)};", cancellationToken).ConfigureAwait(false);
            }
        }

        if (views is not null)
        {
            await views.RestoreAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        foreach (var comment in plan.Comments)
        {
            await DdlBuilder.ExecuteAsync(connection, comment, cancellationToken).ConfigureAwait(false);
        }

        return new MigrationResult(plan.Changes, null);
    }
}
