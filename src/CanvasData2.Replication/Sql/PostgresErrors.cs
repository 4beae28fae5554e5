using System.Text.RegularExpressions;
using CanvasData2.Model;
using Npgsql;

namespace CanvasData2.Replication.Sql;

/// <summary>Turns database errors into <see cref="ReplicationException"/>s that name the table, column and line, by SQLSTATE.</summary>
internal static partial class PostgresErrors
{
    public static ReplicationException Map(NpgsqlException exception, TableName? table, string action)
    {
        var subject = table is null ? "" : $"Table {table}: ";
        if (exception is not PostgresException pg)
        {
            return new ReplicationException($"{subject}{action} failed: the database connection failed ({exception.Message}).", table, null, exception)
            {
                IsTransient = true,
            };
        }

        var column = pg.ColumnName;
        var line = (string?)null;
        if (pg.Where is { } where && CopyPosition().Match(where) is { Success: true } match)
        {
            line = match.Groups["line"].Value;
            column ??= match.Groups["column"].Success ? match.Groups["column"].Value : null;
        }

        var what = pg.SqlState switch
        {
            PostgresErrorCodes.NumericValueOutOfRange => "a value is out of range for its column",
            PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.InvalidDatetimeFormat
                or PostgresErrorCodes.DatetimeFieldOverflow or PostgresErrorCodes.InvalidParameterValue => "a value does not match its column type",
            PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter => "the data is not valid UTF-8",
            PostgresErrorCodes.StringDataRightTruncation => "a value is longer than its column allows",
            PostgresErrorCodes.NotNullViolation => "a required value is missing",
            PostgresErrorCodes.BadCopyFileFormat => "a row does not match the header",
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => "the transaction collided with another one",
            PostgresErrorCodes.LockNotAvailable => "a lock was not granted in time",
            PostgresErrorCodes.QueryCanceled => "a statement was cancelled (statement_timeout, or by an administrator)",
            PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory => "the database server ran out of space or memory",
            PostgresErrorCodes.DependentObjectsStillExist => "other database objects depend on the table",
            _ => "the database refused it",
        };
        var place = (column is null ? "" : $" column '{column}'") + (line is null ? "" : $" (data line {line})");
        var message = $"{subject}{action} failed:{place} {what} [{pg.SqlState}: {pg.MessageText}].";
        return new ReplicationException(message, table, column, exception) { IsTransient = pg.IsTransient };
    }

    [GeneratedRegex(@"COPY [^,]+, line (?<line>\d+)(, column (?<column>[^:]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex CopyPosition();
}
