namespace CanvasData2.Emulator.Api;

/// <summary>Applies injected faults before the endpoint runs; body faults are left to the endpoints via HttpContext.Items.</summary>
internal static class FaultMiddleware
{
    public const string ItemKey = "emulator.fault";

    public static async Task InvokeAsync(HttpContext context, FaultInjector faults, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/_emulator"))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var rule = faults.Next(context.Request.Method, context.Request.Path.Value ?? "/");
        var result = rule?.Kind switch
        {
            FaultKind.TooManyRequests => TooManyRequests(context, rule.RetryAfterSeconds),
            FaultKind.InternalError => ApiErrors.Error(StatusCodes.Status500InternalServerError, "InternalServerError", "Injected internal error."),
            FaultKind.GatewayTimeout => ApiErrors.GatewayTimeout(),
            FaultKind.ExpiredToken => ApiErrors.Unauthorized("The access token has expired."),
            FaultKind.ExpiredUrl => ApiErrors.Error(StatusCodes.Status403Forbidden, "AccessDenied", "Request has expired."),
            _ => null,
        };
        if (result is not null)
        {
            await result.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (rule?.Kind == FaultKind.SlowResponse)
        {
            await Task.Delay(rule.Delay, context.RequestAborted).ConfigureAwait(false);
        }
        else if (rule is not null)
        {
            context.Items[ItemKey] = rule.Kind;
        }

        await next().ConfigureAwait(false);
    }

    public static IResult TooManyRequests(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Rate limit exceeded; retry later.");
    }

    public static bool Has(HttpContext context, FaultKind kind) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is FaultKind k && k == kind;
}
