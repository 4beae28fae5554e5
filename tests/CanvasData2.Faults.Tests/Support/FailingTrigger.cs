using CanvasData2.Testing;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>Statement triggers on canvas.accounts that make the commit's writes fail the way a sick database would.</summary>
internal static class FailingTrigger
{
    /// <summary>
    /// Raises <paramref name="sqlState"/> (a PL/pgSQL condition name, e.g. <c>disk_full</c>) for the first
    /// <paramref name="failures"/> writes to canvas.accounts. public.{name}_writes counts the writes.
    /// </summary>
    public static Task RaiseAsync(string db, string name, string sqlState, string message, int failures, CancellationToken cancellationToken) => ReplicaDump.ExecuteAsync(
        db,
        $"""
        -- A sequence counts the writes: unlike a table it is not rolled back with the failed commit.
        CREATE SEQUENCE public.{name}_writes;
        CREATE FUNCTION public.{name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('public.{name}_writes') <= {failures} THEN
            RAISE EXCEPTION '{message}' USING ERRCODE = '{sqlState}';
          END IF;
          RETURN NULL;
        END $$;
        CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OR DELETE ON canvas.accounts FOR EACH STATEMENT EXECUTE FUNCTION public.{name}();
        """,
        cancellationToken);

    /// <summary>Makes every write to canvas.accounts take longer than any statement timeout shorter than a minute.</summary>
    public static Task StallAsync(string db, CancellationToken cancellationToken) => ReplicaDump.ExecuteAsync(
        db,
        """
        CREATE SEQUENCE public.stall_writes;
        CREATE FUNCTION public.stall() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM nextval('public.stall_writes');
          PERFORM pg_sleep(60);
          RETURN NULL;
        END $$;
        CREATE TRIGGER stall BEFORE INSERT OR UPDATE OR DELETE ON canvas.accounts FOR EACH STATEMENT EXECUTE FUNCTION public.stall();
        """,
        cancellationToken);

    public static Task DropAsync(string db, string name, CancellationToken cancellationToken)
        => ReplicaDump.ExecuteAsync(db, $"DROP TRIGGER {name} ON canvas.accounts; DROP FUNCTION public.{name}(); DROP SEQUENCE public.{name}_writes", cancellationToken);
}
