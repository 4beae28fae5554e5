namespace CanvasData2.Emulator.Data;

/// <summary>Hand-picked values that exercise escaping, unicode and the edges of each type.</summary>
internal static class SamplePools
{
    public static readonly string[] Texts =
    [
        "课程 · Ωμέγα · 🎓📚",
        "col1\tcol2\tcol3",
        "line one\nline two\r\nline three",
        "C:\\path\\to\\file",
        "\\N",
        "",
        "null",
        "Zoë Ångström “quoted”",
        "ends with a backslash \\",
        "bell\bform\ffeed\vtab",
        "{\"looks\": \"like json\"}",
        "'single' and \"double\" quotes, commas, semicolons;",
    ];

    public static readonly string[] Words =
    [
        "Algebra", "Biology", "Chemistry", "History", "Literature", "Physics", "Statistics", "Music", "Art", "Economics",
    ];

    public static readonly string[] Ipv4 = ["127.0.0.1", "10.0.0.1", "192.168.255.255", "172.16.4.20", "0.0.0.0", "255.255.255.255"];

    public static readonly string[] Ipv6 = ["::1", "2001:db8::8a2e:370:7334", "ff02::fb", "2001:db8::1:0:0:1", "fe80::1", "::"];

    public static readonly double[] Floats = [0.0, -0.0, 10.0, 1e-300, 1.7976931348623157e308, -2.5, 0.1, 1234.5678, 5e-324];

    public static readonly float[] Floats32 = [0f, -0f, 10f, 16777216f, 3.4028235e38f, 1.5f, -0.25f, 1e-30f];

    public static readonly long[] Int64Edges = [long.MaxValue, long.MinValue, 0, -1, 9007199254740993];

    public static readonly DateTime MinTime = new(1, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime MaxTime = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990);
}
