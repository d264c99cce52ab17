using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>
/// HTTP-level retries inside the SDK pipeline (spec §9.3, request level): up to the provider's
/// <c>request_max_retries</c> on 429, 5xx and transport errors. 401 is never retried (we do not refresh
/// ChatGPT tokens), nor are 429s whose body says <c>usage_limit_reached</c>/<c>usage_not_included</c>.
/// The delay is <c>retry-after-ms</c> or <c>Retry-After</c> when present, else <see cref="RetryBackoff"/>.
/// Each retry is reported to the request's <see cref="ModelRequest.OnRequestRetry"/> callback.
/// </summary>
public sealed class CodexRetryPolicy : ClientRetryPolicy
{
    private readonly int _maxRetries;

    /// <summary>Creates the policy with the provider's retry budget.</summary>
    public CodexRetryPolicy(int maxRetries)
        : base(maxRetries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        _maxRetries = maxRetries;
    }

    /// <summary>Attaches the per-request retry callback to a message (done by a per-call policy).</summary>
    internal static void SetCallback(PipelineMessage message, Action<RetryNotice>? callback)
    {
        if (callback is not null)
        {
            message.SetProperty(typeof(CallbackKey), callback);
        }
    }

    /// <inheritdoc/>
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
    {
        if (!CanRetry(message, exception, out var needsBody))
        {
            return false;
        }

        if (needsBody)
        {
            message.Response!.BufferContent(message.CancellationToken);
            return !IsUsageLimit(message.Response);
        }

        return true;
    }

    /// <inheritdoc/>
    protected override async ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception)
    {
        if (!CanRetry(message, exception, out var needsBody))
        {
            return false;
        }

        if (needsBody)
        {
            await message.Response!.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
            return !IsUsageLimit(message.Response);
        }

        return true;
    }

    /// <inheritdoc/>
    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        // The SDK keeps its retry counter internal, so the policy counts retries on the message itself.
        var counter = RetryCounter(message);
        counter.Value++;
        var attempt = counter.Value;
        var delay = (message.Response is { } response ? ServerDelay(response) : null) ?? RetryBackoff.Compute(attempt);
        if (message.TryGetProperty(typeof(CallbackKey), out var value) && value is Action<RetryNotice> callback)
        {
            var reason = message.Response is { } failed
                ? HttpStatusText.StatusLine(failed.Status, failed.ReasonPhrase)
                : "connection failed";
            callback(new RetryNotice(attempt, _maxRetries, reason, delay));
        }

        return delay;
    }

    /// <summary>True for exceptions that mean "the request did not get through" rather than a bug or a cancellation.</summary>
    internal static bool IsTransportFailure(Exception exception) => exception switch
    {
        ClientResultException => true,
        HttpRequestException => true,
        IOException => true,
        TimeoutException => true,
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransportFailure),
        _ => false,
    };

    /// <summary>Statuses worth retrying: 429 and 5xx.</summary>
    internal static bool IsRetryableStatus(int status) => status == 429 || status >= 500;

    private bool CanRetry(PipelineMessage message, Exception? exception, out bool needsBody)
    {
        needsBody = false;
        if (RetriesSoFar(message) >= _maxRetries || message.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (exception is not null)
        {
            return IsTransportFailure(exception);
        }

        var status = message.Response?.Status ?? 0;
        needsBody = status == 429;
        return IsRetryableStatus(status);
    }

    private static bool IsUsageLimit(PipelineResponse response)
    {
        var type = ErrorBody.Parse(response.Content.ToString()).Type;
        return type is "usage_limit_reached" or "usage_not_included";
    }

    /// <summary>The delay the server asked for (<c>retry-after-ms</c>, then <c>Retry-After</c> seconds or date).</summary>
    internal static TimeSpan? ServerDelay(PipelineResponse response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (response.Headers.TryGetValue("retry-after", out var retryAfter) && !string.IsNullOrWhiteSpace(retryAfter))
        {
            if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static int RetriesSoFar(PipelineMessage message) =>
        message.TryGetProperty(typeof(Counter), out var value) && value is Counter counter ? counter.Value : 0;

    private static Counter RetryCounter(PipelineMessage message)
    {
        if (message.TryGetProperty(typeof(Counter), out var value) && value is Counter counter)
        {
            return counter;
        }

        counter = new Counter();
        message.SetProperty(typeof(Counter), counter);
        return counter;
    }

    private sealed class CallbackKey
    {
    }

    private sealed class Counter
    {
        public int Value { get; set; }
    }
}
