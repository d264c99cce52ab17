using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Codex.Testing;

/// <summary>An SSE response that starts lazily, so a leading delay also delays the headers.</summary>
internal sealed class SseResponse
{
    /// <summary>Readable JSON: quotes and non-ASCII are not \u-escaped (still valid JSON).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpContext _context;
    private readonly ScriptedReply _reply;

    public SseResponse(HttpContext context, ScriptedReply reply)
    {
        _context = context;
        _reply = reply;
    }

    public bool Started { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Started)
        {
            return;
        }

        var response = _context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        foreach (var (name, value) in _reply.Headers)
        {
            response.Headers.Append(name, value);
        }

        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        Started = true;
    }

    public async Task WriteAsync(string? eventName, string data, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        if (eventName is not null)
        {
            text.Append("event: ").Append(eventName).Append('\n');
        }

        text.Append("data: ").Append(data).Append("\n\n");
        await _context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        await _context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteErrorAsync(ReplyStep.HttpError error, CancellationToken cancellationToken)
    {
        var response = _context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in _reply.Headers)
        {
            response.Headers.Append(name, value);
        }

        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(error.Body), cancellationToken).ConfigureAwait(false);
    }

    public void Abort() => _context.Abort();

    /// <summary>
    /// Runs a step that is about the transport rather than the wire format (delays, idling, HTTP
    /// errors, dropped or aborted connections), the same for both wires. Returns false when the
    /// reply ends with it.
    /// </summary>
    public async Task<bool> RunTransportStepAsync(ReplyStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case ReplyStep.Delay delay:
                await Task.Delay(delay.Duration, cancellationToken).ConfigureAwait(false);
                return true;
            case ReplyStep.Idle idle:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(idle.Duration, cancellationToken).ConfigureAwait(false);
                return true;
            case ReplyStep.HttpError error:
                await WriteErrorAsync(error, cancellationToken).ConfigureAwait(false);
                return false;
            case ReplyStep.DropStream:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                return false;
            case ReplyStep.AbortConnection:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                Abort();
                return false;
            default:
                throw new ArgumentException($"{step.GetType().Name} is not a transport step.", nameof(step));
        }
    }

    /// <summary>
    /// Spreads <paramref name="count"/> pieces evenly over <paramref name="spread"/>: after piece
    /// <paramref name="index"/>, waits until its share of the time has passed. Waits only when at
    /// least 10 ms ahead, so a fast stream goes out in small batches rather than one timer per piece.
    /// </summary>
    public static async Task PaceAsync(System.Diagnostics.Stopwatch clock, int index, int count, TimeSpan spread, CancellationToken cancellationToken)
    {
        if (spread <= TimeSpan.Zero || count <= 0)
        {
            return;
        }

        var due = spread * ((index + 1) / (double)count);
        var ahead = due - clock.Elapsed;
        if (ahead >= TimeSpan.FromMilliseconds(10))
        {
            await Task.Delay(ahead, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Splits text into at most <paramref name="pieces"/> chunks, never inside a surrogate pair.</summary>
    public static IEnumerable<string> Split(string text, int pieces)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)Math.Max(1, pieces)));
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }

            yield return text[start..end];
            start = end;
        }
    }
}
