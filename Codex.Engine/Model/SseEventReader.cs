using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Codex.Engine.Model;

/// <summary>
/// Reads SSE events with <see cref="SseParser"/>, giving each wait for the next event the provider's idle
/// timeout. A timeout becomes <c>idle timeout waiting for SSE</c>, a broken body a stream error; both are retryable.
/// </summary>
internal static class SseEventReader
{
    public const string IdleTimeoutMessage = "idle timeout waiting for SSE";

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(Stream body, TimeSpan idleTimeout, Func<string, string> redact, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = SseParser.Create(body).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
        try
        {
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException ex)
                {
                    throw new ModelException(ModelErrorKind.Stream, IdleTimeoutMessage, innerException: ex);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or System.ClientModel.ClientResultException)
                {
                    throw new ModelException(ModelErrorKind.Stream, "error reading the response stream: " + redact(ex.Message), innerException: ex);
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }
}
