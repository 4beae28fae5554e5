using System.Net;

namespace CanvasData2.Faults.Tests.Support;

/// <summary>
/// Copies every request and response body byte into a <see cref="WireRecorder"/> while it flows: gRPC streams live
/// as long as the worker, so nothing is buffered. Content headers (content-type application/grpc) are kept; the
/// response object itself, with its trailing headers (grpc-status), is passed on unchanged but for its content.
/// </summary>
internal sealed class RecordingHandler(WireRecorder recorder) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } sent)
        {
            request.Content = new TeeContent(sent, recorder.NewBody());
        }

        var response = await base.SendAsync(request, cancellationToken);
        response.Content = new TeeContent(response.Content, recorder.NewBody());
        return response;
    }

    private sealed class TeeContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly MemoryStream _copy;

        public TeeContent(HttpContent inner, MemoryStream copy)
        {
            (_inner, _copy) = (inner, copy);
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        // Sending: the inner content writes (for a streaming call: for as long as the call lasts) through the tee.
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => _inner.CopyToAsync(new TeeStream(stream, _copy), context, cancellationToken);

        // Receiving: the caller reads the inner stream through the tee.
        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
            => new TeeStream(await _inner.ReadAsStreamAsync(cancellationToken), _copy);

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
