using CanvasData2.Replication.Bookkeeping;

namespace CanvasData2.Replication.Tests.Engine;

/// <summary>A server older than the one the suite runs on stops the run, naming both versions.</summary>
public sealed class ServerVersionTests
{
    [Fact]
    public void An_older_server_is_refused_naming_the_version_found_and_the_one_needed()
    {
        var error = Assert.Throws<ReplicationException>(() => ServerVersion.Check(140011, "14.11"));

        Assert.Contains("PostgreSQL 14.11", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs PostgreSQL 15 or later", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(150000, "15.0")]
    [InlineData(160004, "16.4")]
    [InlineData(170000, "17.0")]
    public void The_tested_version_and_newer_pass(int number, string version) => ServerVersion.Check(number, version);
}
