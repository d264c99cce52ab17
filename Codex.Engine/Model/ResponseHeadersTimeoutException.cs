namespace Codex.Engine.Model;

/// <summary>One request try got no response headers in time (<c>response_headers_timeout_ms</c>).</summary>
public sealed class ResponseHeadersTimeoutException : TimeoutException
{
    /// <summary>Creates the error for a try that waited <paramref name="timeout"/>.</summary>
    public ResponseHeadersTimeoutException(TimeSpan timeout, Exception? innerException = null)
        : base(Describe(timeout), innerException)
    {
        Timeout = timeout;
    }

    /// <summary>How long the try waited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The user-facing description of a wait of <paramref name="timeout"/>.</summary>
    public static string Describe(TimeSpan timeout) =>
        $"the model endpoint sent no response headers within {(long)timeout.TotalMilliseconds} ms";
}
