using System.Text.Json;

namespace CanvasData2.Model;

/// <summary>A table's DAP JSON schema document (the <c>schema</c> member) and its <c>version</c>.</summary>
public sealed record TableSchema(JsonElement Schema, long Version);
