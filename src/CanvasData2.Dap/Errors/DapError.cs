namespace CanvasData2.Dap;

/// <summary>The <c>error</c> object of a DAP response: keep <see cref="Uuid"/>, Instructure support asks for it.</summary>
public sealed record DapError(string? Type, string? Uuid, string Message);
