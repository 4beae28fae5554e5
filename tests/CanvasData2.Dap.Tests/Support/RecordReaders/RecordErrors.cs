using System.Text;

namespace CanvasData2.Dap.Tests.Support.RecordReaders;

internal static class RecordErrors
{
    public static DapException Invalid(string format, long line, string? column, string detail) =>
        new(DapErrorKind.Protocol, column is null ? $"{format} line {line}: {detail}." : $"{format} line {line}, column '{column}': {detail}.");

    /// <summary>UTF-8 that throws on invalid bytes: a damaged file must not turn into replacement characters in the replica.</summary>
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DapException InvalidEncoding(string format, long line, DecoderFallbackException ex) =>
        new(DapErrorKind.Protocol, $"{format} near line {line}: the file is not valid UTF-8.", innerException: ex);
}
