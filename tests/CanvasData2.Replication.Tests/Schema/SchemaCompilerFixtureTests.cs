using CanvasData2.Model;
using CanvasData2.Replication.Schema;

namespace CanvasData2.Replication.Tests.Schema;

/// <summary>The compiled models against what the official client built from the same schema documents.</summary>
public sealed class SchemaCompilerFixtureTests
{
    public static TheoryData<string, string> FixtureTables()
    {
        var data = new TheoryData<string, string>();
        foreach (var table in OfficialFixtures.Tables)
        {
            data.Add(table.Namespace, table.Table);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void Compile_fixture_schema_spells_the_official_create_statements_byte_for_byte(string ns, string name)
    {
        var table = new TableName(ns, name);
        var model = OfficialFixtures.Model(table);

        var ours = string.Concat(model.EnumTypes.Select(t => DdlSpelling.CreateEnum(t) + "\n")) + DdlBuilder.CreateTableSql(model, ns, name, withNotNull: true, withPrimaryKey: true);

        Assert.Equal(OfficialFixtures.OfficialCreateStatements(table), ours);
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void Compile_fixture_schema_describes_it_as_the_official_table_sync_row_does(string ns, string name)
    {
        var model = OfficialFixtures.Model(new TableName(ns, name));

        Assert.Equal(OfficialFixtures.TsvValue("table_sync-step0.tsv", "source_table", name, "schema_description"), model.SchemaDescription);
        Assert.Equal(1, model.SchemaVersion);
    }

    [Fact]
    public void Compile_users_v2_describes_it_as_the_official_table_sync_row_does()
    {
        var model = OfficialFixtures.Model(new TableName("canvas", "users"), version: 2);

        Assert.Equal(OfficialFixtures.TsvValue("table_sync-step3.tsv", "source_table", "users", "schema_description"), model.SchemaDescription);
        Assert.Equal(2, model.SchemaVersion);
    }

    [Fact]
    public void Compile_quizzes_maps_every_construct_with_kinds_and_sources()
    {
        var model = OfficialFixtures.Model(new TableName("canvas", "quizzes"));

        Assert.Equal(["id"], model.PrimaryKey);
        var id = model.Columns[0];
        Assert.Equal(("id", "key.id", ColumnKind.BigInt, true, true), (id.Name, id.SourceField, id.Kind, id.IsKey, id.NotNull));
        var questionTypes = model.FindColumn("question_types")!;
        Assert.Equal((ColumnKind.Array, ColumnKind.Enum, "value.question_types"), (questionTypes.Kind, questionTypes.ElementKind, questionTypes.SourceField));
        Assert.Equal("quizzes__question_types", questionTypes.EnumType!.Name);
        Assert.Equal(ColumnKind.Json, model.FindColumn("access_settings")!.Kind);
        Assert.Equal(ColumnKind.Real, model.FindColumn("points_possible")!.Kind);
        Assert.Equal("scoring_policy", model.FindColumn("scoring_policy")!.EnumType!.Name);
        Assert.Equal(("1", true), (model.Columns[^1].DefaultSql, model.Columns[^1].NotNull));
        Assert.Equal("allowed_attempts", model.Columns[^1].Name);
        Assert.Equal(
            ["quizzes__access_settings__hide_results", "quizzes__question_types", "quizzes__quiz_type", "scoring_policy"],
            model.EnumTypes.Select(t => t.Name));
        Assert.All(model.EnumTypes, t => Assert.Equal("canvas", t.Schema));
        Assert.Equal("Classic quizzes", model.Comment);
    }

    [Fact]
    public void Compile_products_sizes_numbers_and_text()
    {
        var model = OfficialFixtures.Model(new TableName("catalog", "products"));

        var price = model.FindColumn("price")!;
        Assert.Equal((ColumnKind.Decimal, 8, 2), (price.Kind, price.Precision, price.Scale));
        Assert.Equal(ColumnKind.SmallInt, model.FindColumn("credits")!.Kind);
        Assert.Equal(ColumnKind.Integer, model.FindColumn("max_seats")!.Kind);
        Assert.Equal(ColumnKind.SmallInt, model.FindColumn("difficulty")!.Kind);
        Assert.Equal((ColumnKind.Char, 3), (model.FindColumn("currency")!.Kind, model.FindColumn("currency")!.Length));
        Assert.Equal((ColumnKind.Text, 255), (model.FindColumn("title")!.Kind, model.FindColumn("title")!.Length));
        Assert.Equal(ColumnKind.Time, model.FindColumn("daily_start_time")!.Kind);
        Assert.Equal("'online'", model.Columns[^1].DefaultSql);
        Assert.Equal("Catalog products\n\nCourses and programs for sale.\n        Indented line with a tab and a backslash \\.", model.Comment);
    }

    [Fact]
    public void Compile_users_maps_addresses_and_collapses_comment_white_space()
    {
        var model = OfficialFixtures.Model(new TableName("canvas", "users"));

        Assert.All(new[] { "last_login_ip", "last_login_ipv6", "current_login_ip" }, c => Assert.Equal(ColumnKind.Inet, model.FindColumn(c)!.Kind));
        Assert.Equal("Name used for sorting: \"Last, First\".", model.FindColumn("sortable_name")!.Comment);
        Assert.Null(model.FindColumn("avatar_state")!.Comment);
    }

    [Fact]
    public void Compile_assignments_description_without_title_gives_no_table_comment()
    {
        var model = OfficialFixtures.Model(new TableName("canvas", "assignments"));

        Assert.Null(model.Comment);
        Assert.Equal(ColumnKind.Text, model.FindColumn("description")!.Kind);
        Assert.Equal((ColumnKind.Array, ColumnKind.Text), (model.FindColumn("submission_types")!.Kind, model.FindColumn("submission_types")!.ElementKind));
    }
}
