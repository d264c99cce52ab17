using System.Diagnostics;
using System.Globalization;
using System.Text;
using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Engine.Tools.Shell;
using Codex.Protocol;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>
/// What an <c>exec_command</c> / <c>write_stdin</c> call returns: the output the session printed
/// until the yield time passed or it exited (streamed meanwhile as deltas), in upstream's plain
/// text form (<c>Chunk ID</c>, <c>Wall time</c>, exit code or session id, <c>Original token count</c>,
/// <c>Output</c>), cut to the token budget.
/// </summary>
internal static class UnifiedExecOutput
{
    public const int MinYieldMs = 250;
    public const int MaxYieldMs = 30_000;
    public const int DefaultExecYieldMs = 10_000;
    public const int DefaultWriteYieldMs = 250;
    public const int DefaultMaxOutputTokens = 10_000;

    // Upstream's rough estimate, used for the budget and the reported count.
    private const int BytesPerToken = 4;

    /// <summary>The wait of <c>exec_command</c>: 250-30000 ms, 10000 by default.</summary>
    public static int ClampExecYield(int? requested) => Math.Clamp(requested ?? DefaultExecYieldMs, MinYieldMs, MaxYieldMs);

    /// <summary>
    /// The wait of <c>write_stdin</c>, as upstream: at least 250 ms (the default); a write waits at most 30000 ms,
    /// an empty poll between 5000 ms and <paramref name="maxEmptyPollMs"/> (<c>background_terminal_max_timeout</c>).
    /// </summary>
    public static long ClampWriteYield(int? requested, bool emptyPoll, long maxEmptyPollMs)
    {
        long wait = Math.Max(requested ?? DefaultWriteYieldMs, MinYieldMs);
        return emptyPoll
            ? Math.Clamp(wait, Config.CodexConfig.MinEmptyPollMs, Math.Clamp(maxEmptyPollMs, Config.CodexConfig.MinEmptyPollMs, int.MaxValue))
            : Math.Min(wait, MaxYieldMs);
    }

    /// <summary>The text for the model and, when the process ended within the yield, its exit code.</summary>
    public readonly record struct Collected(string Text, int? ExitCode);

    /// <summary>Collects and emits deltas; returns the text for the model.</summary>
    public static async Task<string> CollectAsync(ExecSession session, ExecSessionStore store, long yieldMs, int? maxOutputTokens, TurnContext context, CancellationToken cancellationToken) =>
        (await CollectAsync(session, store, yieldMs, maxOutputTokens, context, cancellationToken, emitEnd: true).ConfigureAwait(false)).Text;

    /// <summary>
    /// Collects and emits deltas, and when the process ended, its end event unless <paramref name="emitEnd"/> is
    /// false (the caller then sends it with <see cref="EmitEnd(TurnContext, ExecSession, ExecResult)"/>).
    /// </summary>
    public static async Task<Collected> CollectAsync(ExecSession session, ExecSessionStore store, long yieldMs, int? maxOutputTokens, TurnContext context, CancellationToken cancellationToken, bool emitEnd)
    {
        var wall = Stopwatch.StartNew();
        var collected = new MemoryStream();
        var sink = new ExecEventSink(context, session.CallId);
        var deadline = TimeSpan.FromMilliseconds(yieldMs);
        session.LastUsedTicks = Stopwatch.GetTimestamp();
        bool done;
        while (true)
        {
            // Read before taking the output: a process seen as over has nothing more to print.
            done = session.Process.Completion.IsCompleted;
            foreach (var chunk in session.Process.Output.TakePending())
            {
                collected.Write(chunk);
                if (session.TryCountDelta())
                {
                    await sink.OnOutputAsync(Exec.ExecOutputStream.Stdout, chunk, cancellationToken).ConfigureAwait(false);
                }
            }

            var remaining = deadline - wall.Elapsed;
            if (done || remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(session.Process.Output.NextChunk(), session.Process.Completion, Task.Delay(remaining, wake.Token)).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        // Only an end seen before the last output was taken: one after it may have printed more, which the next poll returns.
        int? exitCode = done ? await session.Process.Completion.ConfigureAwait(false) : null;
        if (exitCode is { } code)
        {
            if (emitEnd)
            {
                EmitEnd(context, session, code);
            }

            store.Remove(session.Id);
        }

        string text = Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
        return new Collected(Format(text, wall.Elapsed, exitCode, session.Id, maxOutputTokens ?? DefaultMaxOutputTokens), exitCode);
    }

    /// <summary>The session's whole output as a finished command's result.</summary>
    public static ExecResult Result(ExecSession session, int exitCode) => session.Process.Result(exitCode, session.Age.Elapsed);

    public static void EmitEnd(TurnContext context, ExecSession session, int exitCode) => EmitEnd(context, session, Result(session, exitCode));

    /// <summary>Sends the session's <c>exec_command_end</c> with <paramref name="result"/>, once.</summary>
    public static void EmitEnd(TurnContext context, ExecSession session, ExecResult result)
    {
        if (!session.TryMarkEnded())
        {
            return;
        }

        context.Emit(new ExecCommandEndEvent
        {
            CallId = session.CallId,
            Stdout = result.Stdout,
            Stderr = result.Stderr,
            AggregatedOutput = result.AggregatedOutput,
            ExitCode = result.ExitCode,
            Duration = result.Duration,
            FormattedOutput = ModelOutputFormatter.FormatOutput(result),
        });
    }

    public static string Format(string output, TimeSpan wallTime, int? exitCode, int sessionId, int maxOutputTokens)
    {
        int originalTokens = (Encoding.UTF8.GetByteCount(output) + BytesPerToken - 1) / BytesPerToken;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Chunk ID: {Random.Shared.Next(0x1000000):x6}\n");
        text.Append(CultureInfo.InvariantCulture, $"Wall time: {wallTime.TotalSeconds:F4} seconds\n");
        text.Append(exitCode is { } code
            ? string.Create(CultureInfo.InvariantCulture, $"Process exited with code {code}\n")
            : string.Create(CultureInfo.InvariantCulture, $"Process running with session ID {sessionId}\n"));
        text.Append(CultureInfo.InvariantCulture, $"Original token count: {originalTokens}\n");
        text.Append("Output:\n");
        text.Append(Truncate(output, originalTokens, maxOutputTokens));
        return text.ToString();
    }

    /// <summary>Keeps the head and the tail within the budget, with a marker saying how much was cut.</summary>
    private static string Truncate(string output, int tokens, int maxTokens)
    {
        int budget = Math.Max(maxTokens, 0) * BytesPerToken;
        if (tokens <= maxTokens || output.Length <= budget)
        {
            return output;
        }

        int half = budget / 2;
        string head = output[..half];
        string tail = output[^half..];
        int cut = tokens - maxTokens;
        return $"{head}…{cut} tokens truncated…{tail}";
    }
}
