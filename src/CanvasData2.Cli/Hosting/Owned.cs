namespace CanvasData2.Cli.Hosting;

/// <summary>A service the caller owns for one command and disposes afterwards.</summary>
internal sealed class Owned<T>(T value, Func<ValueTask> dispose) : IAsyncDisposable
{
    public T Value { get; } = value;

    public ValueTask DisposeAsync() => dispose();

    public static Owned<T> Of(T value) => new(value, () => value switch
    {
        IAsyncDisposable asyncDisposable => asyncDisposable.DisposeAsync(),
        IDisposable disposable => Dispose(disposable),
        _ => ValueTask.CompletedTask,
    });

    private static ValueTask Dispose(IDisposable disposable)
    {
        disposable.Dispose();
        return ValueTask.CompletedTask;
    }
}
