namespace Codex.Engine.Model;

/// <summary>What went wrong with a model request, which decides whether the whole stream is retried.</summary>
public enum ModelErrorKind
{
    /// <summary>The SSE stream broke: idle timeout, closed before completion, <c>response.failed</c>. Retryable.</summary>
    Stream,

    /// <summary>HTTP-level retries (429/5xx) ran out. Retryable at stream level.</summary>
    RetryLimit,

    /// <summary>Transport failure after the HTTP-level retries. Retryable at stream level.</summary>
    Connection,

    /// <summary>
    /// Every request try timed out waiting for the response headers (<c>response_headers_timeout_ms</c>). Not
    /// retried at stream level: the request-level retries already re-sent it, and a dead endpoint must end the
    /// turn in minutes, not hours.
    /// </summary>
    ResponseHeadersTimeout,

    /// <summary>A non-retryable HTTP status (401, 403, 404, other 4xx) or an unusable request. Not retried.</summary>
    Fatal,

    /// <summary>The input does not fit the model's context window. Not retried.</summary>
    ContextWindowExceeded,

    /// <summary>The account's usage limit is reached (429 <c>usage_limit_reached</c>). Not retried.</summary>
    UsageLimitReached,

    /// <summary>The plan does not include this usage (429 <c>usage_not_included</c>). Not retried.</summary>
    UsageNotIncluded,
}
