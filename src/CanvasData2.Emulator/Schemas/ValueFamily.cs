namespace CanvasData2.Emulator.Schemas;

/// <summary>The value families the generator knows, one per JSON-schema shape that occurs in CD2.</summary>
internal enum ValueFamily
{
    Int16,
    Int32,
    Int64,
    Integer,
    IntegerEnum,
    Float32,
    Float64,
    Decimal,
    Boolean,
    Text,
    TruncatableText,
    Enum,
    Const,
    DateTime,
    Date,
    Time,
    Uuid,
    Ipv4,
    Ipv6,
    IpAny,
    Object,
    Array,
}
