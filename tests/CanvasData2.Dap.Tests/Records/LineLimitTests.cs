using CanvasData2.Dap.Tests.Support.RecordReaders;
using CanvasData2.Testing;

namespace CanvasData2.Dap.Tests.Records;

public sealed class LineLimitTests
{
    [Fact]
    public async Task A_line_past_the_limit_is_a_protocol_error_naming_format_and_line()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        var text = "key.id\tvalue.a\n1\t" + new string('x', 300_000) + "\n";
        var lines = new LfLineReader(new StringReader(text), "TSV", maxLineChars: 200_000);

        Assert.Equal("key.id\tvalue.a", await lines.ReadLineAsync(cancellationToken));
        var error = await Assert.ThrowsAsync<DapException>(async () => await lines.ReadLineAsync(cancellationToken));

        Assert.Equal(DapErrorKind.Protocol, error.Kind);
        Assert.Equal("TSV line 2: the line is longer than 200000 characters.", error.Message);
    }

    [Fact]
    public async Task A_long_line_within_the_limit_is_read_whole()
    {
        var cancellationToken = TestTimeout.Seconds(30);
        var line = new string('y', 300_000);
        var lines = new LfLineReader(new StringReader(line + "\nnext"), "JSONL", maxLineChars: 300_000);

        Assert.Equal(line, await lines.ReadLineAsync(cancellationToken));
        Assert.Equal("next", await lines.ReadLineAsync(cancellationToken));
    }
}
