namespace Codex.Engine.Model;

/// <summary>
/// Reported before each retry, both for HTTP-level retries inside the SDK pipeline and for whole-stream
/// retries of <see cref="StreamRetryLoop"/>; the engine turns it into <c>stream_error "Re-connecting... n/max"</c>.
/// </summary>
/// <param name="Attempt">1-based number of the retry about to happen.</param>
/// <param name="MaxRetries">The retry budget.</param>
/// <param name="Reason">Why the previous attempt failed (status line or error text; never contains the key).</param>
/// <param name="Delay">How long the client waits before retrying.</param>
public sealed record RetryNotice(int Attempt, int MaxRetries, string Reason, TimeSpan Delay);
