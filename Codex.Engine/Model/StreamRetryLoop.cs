using System.Runtime.CompilerServices;

namespace Codex.Engine.Model;

/// <summary>
/// Stream-level retries (spec §9.3): re-sends the whole request when an attempt fails with a retryable
/// <see cref="ModelException"/> (broken or idle stream, exhausted HTTP retries, connection failure), up to the
/// provider's <c>stream_max_retries</c>. Fatal errors (4xx, context window, usage limits) are not retried;
/// this deliberately differs from the original, which also re-sends after a 4xx.
/// <para>
/// Events are passed through as they arrive, nothing is buffered. Before a retry the loop calls
/// <c>onRetry</c> (the engine emits <c>stream_error "Re-connecting... n/max"</c>), then yields
/// <see cref="ModelEvent.StreamRestarted"/>: the consumer must discard what it collected from the failed
/// attempt. When retries run out, the last error is thrown; a stream error's message then reads
/// <c>stream disconnected before completion: &lt;error&gt;</c>.
/// </para>
/// </summary>
public static class StreamRetryLoop
{
    /// <summary>Prefix of the final error after a stream error used up the retries.</summary>
    public const string DisconnectedPrefix = "stream disconnected before completion: ";

    /// <summary>Runs <paramref name="request"/> on <paramref name="client"/> with up to <paramref name="maxRetries"/> retries.</summary>
    public static async IAsyncEnumerable<ModelEvent> RunAsync(
        IModelClient client,
        ModelRequest request,
        int maxRetries,
        Func<RetryNotice, CancellationToken, ValueTask>? onRetry,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);

        for (var attempt = 0; ; attempt++)
        {
            ModelException? failure = null;
            var events = client.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    ModelEvent current;
                    try
                    {
                        if (!await events.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        current = events.Current;
                    }
                    catch (ModelException ex) when (ex.IsRetryable)
                    {
                        failure = ex;
                        break;
                    }

                    yield return current;
                }
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is null)
            {
                yield break;
            }

            if (attempt >= maxRetries)
            {
                var message = failure.Kind == ModelErrorKind.Stream ? DisconnectedPrefix + failure.Message : failure.Message;
                throw new ModelException(failure.Kind, message, failure.StatusCode, failure.RetryDelay, failure);
            }

            var retry = attempt + 1;
            var delay = failure.RetryDelay ?? RetryBackoff.Compute(retry);
            if (onRetry is not null)
            {
                await onRetry(new RetryNotice(retry, maxRetries, failure.Message, delay), cancellationToken).ConfigureAwait(false);
            }

            yield return new ModelEvent.StreamRestarted(retry, maxRetries, failure.Message);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }
}
