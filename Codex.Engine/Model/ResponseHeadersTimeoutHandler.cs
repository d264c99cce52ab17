namespace Codex.Engine.Model;

/// <summary>
/// Bounds the wait for the response headers of each HTTP try by the provider's
/// <c>response_headers_timeout_ms</c>. The SDK pipeline cannot do it: its network timeout covers the headers
/// and every body read alike, and the SSE body must be allowed to be quiet for much longer (the stream idle
/// timeout). The timeout reaches this shared handler through <see cref="CurrentTimeout"/>, which
/// <see cref="ModelPipeline.SendAsync"/> sets for the duration of one model request.
/// </summary>
internal sealed class ResponseHeadersTimeoutHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly AsyncLocal<TimeSpan?> Timeout = new();

    /// <summary>The header timeout of the requests sent from the current asynchronous flow; null for none.</summary>
    public static TimeSpan? CurrentTimeout
    {
        get => Timeout.Value;
        set => Timeout.Value = value;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (CurrentTimeout is not { } timeout)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // With ResponseHeadersRead the token stops mattering once the headers are in; the body streams
            // under the reader's own idle timeout. Disposing the source afterwards never cancels it.
            return await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ResponseHeadersTimeoutException(timeout, ex);
        }
    }
}
