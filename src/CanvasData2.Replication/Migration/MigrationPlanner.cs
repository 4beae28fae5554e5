using CanvasData2.Replication.Schema;
using CanvasData2.Replication.Sql;
using Npgsql;

namespace CanvasData2.Replication.Migration;

/// <summary>Compares a live table with its target model and plans the DDL (or refuses, for changes that need a re-init).</summary>
internal static class MigrationPlanner
{
    public static async Task<MigrationPlan> PlanAsync(NpgsqlConnection connection, LiveTable live, TableModel target, TableModel? previous, CancellationToken cancellationToken)
    {
        var plan = new MigrationPlan();
        var probe = new TableProbe(connection, Identifiers.Qualified(live.Schema, live.Name));
        await PlanEnumsAsync(connection, target, plan, refuseRemovedLabels: true, cancellationToken).ConfigureAwait(false);
        var targetKey = target.PrimaryKey.Select(Identifiers.Fit).ToList();
        if (live.PrimaryKey.Count > 0 && !live.PrimaryKey.SequenceEqual(targetKey, StringComparer.Ordinal))
        {
            plan.Refuse($"The primary key of {target.Name} changes from ({string.Join(", ", live.PrimaryKey)}) to ({string.Join(", ", targetKey)}).");
        }

        foreach (var column in target.Columns)
        {
            var existing = live.FindColumn(Identifiers.Fit(column.Name));
            if (existing is null)
            {
                await PlanAddColumnAsync(plan, probe, target, column, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ColumnPlanner.PlanAsync(plan, probe, target, column, existing, cancellationToken).ConfigureAwait(false);
            }
        }

        var targetNames = target.Columns.Select(c => Identifiers.Fit(c.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in live.Columns.Where(c => !targetNames.Contains(c.Name)))
        {
            PlanExtraColumn(plan, live, previous, extra);
        }

        if (!string.Equals(live.Comment, target.Comment, StringComparison.Ordinal))
        {
            plan.Comments.Add(DdlSpelling.CommentOn($"TABLE {probe.Table}", target.Comment));
            plan.Changes.Add("table comment");
        }

        return plan;
    }

    /// <summary>Missing enum types are created, missing labels appended; a label the schema dropped refuses the plan.</summary>
    public static async Task PlanEnumsAsync(NpgsqlConnection connection, TableModel target, MigrationPlan plan, bool refuseRemovedLabels, CancellationToken cancellationToken)
    {
        foreach (var type in target.EnumTypes)
        {
            var labels = await LiveTable.ReadEnumLabelsAsync(connection, type.Schema, type.Name, cancellationToken).ConfigureAwait(false);
            var name = Identifiers.Qualified(type.Schema, type.Name);
            if (labels is null)
            {
                plan.EnumStatements.Add(DdlSpelling.CreateEnum(type));
                plan.Changes.Add($"enum type {type.Schema}.{type.Name} created");
                continue;
            }

            var removed = labels.Except(type.Labels, StringComparer.Ordinal).ToList();
            if (refuseRemovedLabels && removed.Count > 0)
            {
                plan.Refuse($"The enum type {type.Schema}.{type.Name} of {target.Name} no longer has the label(s) {string.Join(", ", removed.Select(l => $"'{l}'"))}; PostgreSQL cannot remove enum labels.");
            }

            foreach (var label in type.Labels.Except(labels, StringComparer.Ordinal))
            {
                plan.EnumStatements.Add($"ALTER TYPE {name} ADD VALUE IF NOT EXISTS {Identifiers.Literal(label)};");
                plan.Changes.Add($"enum {type.Schema}.{type.Name}: label '{label}' added");
            }
        }
    }

    private static async Task PlanAddColumnAsync(MigrationPlan plan, TableProbe probe, TableModel target, ColumnModel column, CancellationToken cancellationToken)
    {
        if (column.IsKey)
        {
            plan.Refuse($"The key column {column.Name} of {target.Name} is new; the primary key cannot change in place.");
            return;
        }

        // Existing rows have no value for a new column: NOT NULL only when there are none (DAP never backfills).
        var notNull = column.NotNull && await probe.IsEmptyAsync(cancellationToken).ConfigureAwait(false);
        plan.AddColumns.Add("ADD COLUMN " + DdlSpelling.ColumnDefinition(column, notNull));
        plan.Changes.Add($"column {column.Name} added ({column.SqlType})");
        if (column.Comment is not null)
        {
            plan.Comments.Add(DdlSpelling.CommentOn($"COLUMN {probe.Table}.{Identifiers.Quote(column.Name)}", column.Comment));
        }
    }

    private static void PlanExtraColumn(MigrationPlan plan, LiveTable live, TableModel? previous, LiveColumn extra)
    {
        var removedByDap = previous?.Columns.Any(c => string.Equals(Identifiers.Fit(c.Name), extra.Name, StringComparison.Ordinal)) == true;
        if (live.PrimaryKey.Contains(extra.Name, StringComparer.Ordinal))
        {
            plan.Refuse($"The key column {extra.Name} of {live.Schema}.{live.Name} is no longer in the schema.");
        }
        else if (removedByDap)
        {
            plan.DropColumns.Add($"DROP COLUMN {Identifiers.Quote(extra.Name)}");
            plan.Changes.Add($"column {extra.Name} dropped (removed from the schema)");
        }
        else if (extra.NotNull && extra.DefaultSql is null)
        {
            // A column the schema never had is kept (it may be a user's), but it must not stop rows from being written.
            plan.ColumnChanges.Add($"ALTER COLUMN {Identifiers.Quote(extra.Name)} DROP NOT NULL");
            plan.Changes.Add($"column {extra.Name} (not in the schema) made nullable");
        }
    }
}
