using System.Text;
using Microsoft.AspNetCore.Http;

namespace CanvasData2.Dap.Tests.Support;

public static class HttpContextExtensions
{
    public static Task Json(this HttpContext context, int status, string json) => context.Text(status, json, "application/json");

    public static async Task Text(this HttpContext context, int status, string body, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    public static async Task Bytes(this HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(body);
    }
}
