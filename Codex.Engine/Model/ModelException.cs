namespace Codex.Engine.Model;

/// <summary>A failed model request. Messages are user-facing and never contain the API key.</summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates an error.</summary>
    public ModelException(ModelErrorKind kind, string message, int? statusCode = null, TimeSpan? retryDelay = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryDelay = retryDelay;
    }

    /// <summary>The error class.</summary>
    public ModelErrorKind Kind { get; }

    /// <summary>The HTTP status, when the error came from a response.</summary>
    public int? StatusCode { get; }

    /// <summary>A server-suggested delay before retrying, if any.</summary>
    public TimeSpan? RetryDelay { get; }

    /// <summary>Whether <see cref="StreamRetryLoop"/> re-sends the request after this error.</summary>
    public bool IsRetryable => Kind is ModelErrorKind.Stream or ModelErrorKind.RetryLimit or ModelErrorKind.Connection;
}
