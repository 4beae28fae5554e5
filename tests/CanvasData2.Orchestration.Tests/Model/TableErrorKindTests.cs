using System.Text.Json;
using CanvasData2.Dap;

namespace CanvasData2.Orchestration.Tests.Model;

public sealed class TableErrorKindTests
{
    [Fact]
    public void Every_kind_has_its_own_wire_name_and_round_trips_through_json()
    {
        var kinds = Enum.GetValues<TableErrorKind>();
        Assert.Equal(kinds.Length, kinds.Select(k => k.Name()).Distinct(StringComparer.Ordinal).Count());
        foreach (var kind in kinds)
        {
            var json = JsonSerializer.Serialize(new TableError(kind, "m"));
            Assert.Contains($"\"Kind\":\"{kind.Name()}\"", json, StringComparison.Ordinal);
            Assert.Equal(kind, JsonSerializer.Deserialize<TableError>(json)!.Kind);
        }
    }

    [Fact]
    public void Every_dap_error_kind_maps_to_a_dap_table_error_kind()
    {
        foreach (var kind in Enum.GetValues<DapErrorKind>())
        {
            Assert.StartsWith("dap.", TableErrorKinds.Of(kind).Name(), StringComparison.Ordinal);
        }

        Assert.Equal("dap.notfound", TableErrorKinds.Of(DapErrorKind.NotFound).Name());
    }
}
