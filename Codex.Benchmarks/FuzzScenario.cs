using System.Diagnostics;
using System.Text.Json;
using Codex.Protocol.Tests.Conformance;
using Codex.Testing;

namespace Codex.Benchmarks;

/// <summary>
/// Feeds a server a seeded stream of hostile and valid lines (<see cref="FuzzLineGenerator"/>),
/// cut into writes of random sizes, and checks what comes back: every request with a readable id
/// answered exactly once, one id-null error for each line that deserves one, nothing answered that
/// was not a request, events only for the valid turns, nothing but JSON-RPC on stdout (checked by
/// the conformance harness's <see cref="StdioServerProcess"/>), the server up to the end and then
/// exiting 0 on stdin EOF.
/// </summary>
public static class FuzzScenario
{
    /// <summary>Runs the scenario and returns its figures; problems are reported, not thrown.</summary>
    public static async Task<FuzzReport> RunAsync(FuzzOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Lines, 2);

        var script = ModelScript.ForEachRequest(_ => ScriptedReply.Text(FuzzLineGenerator.TurnAnswer, 2).WithUsage(5, 2));
        await using var world = await BenchmarkWorld.CreateAsync(script, cancellationToken).ConfigureAwait(false);

        var generator = new FuzzLineGenerator(options.Seed, world.Workspace);
        var lines = new List<FuzzLine>(options.Lines) { generator.Initialize() };
        while (lines.Count < options.Lines - 1)
        {
            lines.Add(generator.Next());
        }

        lines.Add(generator.Ping());

        var owed = new Dictionary<string, FuzzLine>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var line in lines.Where(l => l.AnsweredId is not null))
        {
            if (!owed.TryAdd(line.AnsweredId!, line))
            {
                problems.Add($"generator reused id {line.AnsweredId}");
            }
        }

        var never = lines.SelectMany(l => l.UnansweredIds).ToHashSet(StringComparer.Ordinal);
        var turnIds = lines.Where(l => l.StartsTurn).Select(l => l.AnsweredId!).ToHashSet(StringComparer.Ordinal);
        var expectedNullErrors = lines.Count(l => l.NullIdError);
        var stream = new MemoryStream();
        foreach (var line in lines)
        {
            stream.Write(line.Bytes);
            stream.WriteByte((byte)'\n');
        }

        var tally = new Tally();
        await using var server = StdioServerProcess.Start(options.ServerPath, environment: world.ServerEnvironment);
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(() => ReadAllAsync(server, tally, stopReading.Token), CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var writes = new Random(options.Seed ^ 0x5eed);
        var bytes = stream.GetBuffer().AsMemory(0, (int)stream.Length);
        try
        {
            for (var offset = 0; offset < bytes.Length;)
            {
                // Writes of 1 byte to 16 KiB: lines arrive split and merged in every way.
                var size = Math.Min(bytes.Length - offset, writes.Next(4) == 0 ? writes.Next(1, 64) : writes.Next(64, 16 * 1024));
                await server.SendBytesAsync(bytes.Slice(offset, size).ToArray(), cancellationToken).ConfigureAwait(false);
                offset += size;
            }
        }
        catch (IOException ex)
        {
            problems.Add($"writing to the server failed (it exited?): {ex.Message}");
        }

        // Wait until every owed answer has come, or the time is up.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < options.AnswerTimeout && !server.Process.HasExited)
        {
            lock (tally)
            {
                if (owed.Keys.All(tally.Answers.ContainsKey) && tally.NullIdErrors >= expectedNullErrors)
                {
                    break;
                }
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        var elapsed = clock.Elapsed;

        // A little longer, so a duplicate answer that trails the first one is caught too.
        await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        var alive = !server.Process.HasExited;
        ProcessStatus? status = alive ? ProcessStatus.Read(server.Process.Id) : null;
        if (!alive)
        {
            problems.Add($"the server exited during the run with code {server.Process.ExitCode}");
        }

        server.CloseStdin();
        int? exitCode = null;
        try
        {
            exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            problems.Add("the server did not exit within 15 s of stdin EOF");
        }

        await stopReading.CancelAsync().ConfigureAwait(false);
        await reader.ConfigureAwait(false);

        lock (tally)
        {
            var answeredOnce = 0;
            foreach (var (id, line) in owed)
            {
                var count = tally.Answers.GetValueOrDefault(id);
                if (count == 1)
                {
                    answeredOnce++;
                }
                else
                {
                    problems.Add($"{line.Kind} request {Short(id)} answered {count} times: {Short(System.Text.Encoding.UTF8.GetString(line.Bytes))}");
                }
            }

            foreach (var (id, count) in tally.Answers.Where(a => !owed.ContainsKey(a.Key)))
            {
                problems.Add(never.Contains(id)
                    ? $"id {Short(id)} was inside a line that is not a request, yet answered {count} time(s)"
                    : $"answer to id {Short(id)}, which was never sent");
            }

            if (tally.NullIdErrors != expectedNullErrors)
            {
                problems.Add($"{tally.NullIdErrors} errors with id null, expected {expectedNullErrors}");
            }

            var completedTurns = 0;
            foreach (var id in turnIds)
            {
                if (tally.TurnTexts.GetValueOrDefault(id) == FuzzLineGenerator.TurnAnswer)
                {
                    completedTurns++;
                }
                else
                {
                    problems.Add($"turn {Short(id)} answered '{tally.TurnTexts.GetValueOrDefault(id)}', expected '{FuzzLineGenerator.TurnAnswer}'");
                }
            }

            foreach (var (id, count) in tally.EventsByRequest.Where(e => !turnIds.Contains(e.Key)))
            {
                problems.Add($"{count} codex/event notification(s) for request {Short(id)}, which is not a valid turn");
            }

            problems.AddRange(tally.Other);
            problems.AddRange(server.ProtocolViolations.Select(v => "stdout: " + v));
            if (problems.Count > 0)
            {
                var stderr = server.StandardErrorText.Split('\n').Where(l => l.Length > 0).TakeLast(10);
                problems.AddRange(stderr.Select(l => "stderr: " + l));
            }

            return new FuzzReport
            {
                Options = options,
                Bytes = stream.Length,
                LinesByKind = lines.GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Count()),
                RequestsWithId = owed.Count,
                AnsweredOnce = answeredOnce,
                NullIdErrors = (expectedNullErrors, tally.NullIdErrors),
                Turns = (turnIds.Count, completedTurns),
                Events = tally.EventsByRequest.Values.Sum(),
                Elapsed = elapsed,
                ServerAfter = status,
                ExitCode = exitCode,
                Problems = problems,
            };
        }
    }

    private static async Task ReadAllAsync(StdioServerProcess server, Tally tally, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            JsonElement? next;
            try
            {
                next = await server.TryReadMessageAsync(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (next is not { } message)
            {
                if (server.Process.HasExited)
                {
                    // Stdout is closed; the pump has queued everything there was.
                    await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                }

                continue;
            }

            lock (tally)
            {
                tally.Record(message);
            }
        }
    }

    private static string Short(string? text) => text is null ? "null" : text.Length > 120 ? text[..120] + "…" : text;

    /// <summary>What came back, counted by the reader; guarded by locking the instance.</summary>
    private sealed class Tally
    {
        public Dictionary<string, int> Answers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string?> TurnTexts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> EventsByRequest { get; } = new(StringComparer.Ordinal);

        public List<string> Other { get; } = [];

        public int NullIdErrors { get; private set; }

        public void Record(JsonElement message)
        {
            if (message.TryGetProperty("method", out var method))
            {
                if (method.GetString() == "codex/event")
                {
                    var requestId = message.GetProperty("params").GetProperty("_meta").GetProperty("requestId");
                    var key = FuzzLineGenerator.KeyOf(requestId) ?? "null";
                    EventsByRequest[key] = EventsByRequest.GetValueOrDefault(key) + 1;
                }
                else if (message.TryGetProperty("id", out _))
                {
                    Other.Add($"unexpected server request: {message.GetRawText()}");
                }

                return;
            }

            var id = FuzzLineGenerator.KeyOf(message.GetProperty("id"));
            if (id is null)
            {
                NullIdErrors++;
                return;
            }

            Answers[id] = Answers.GetValueOrDefault(id) + 1;
            if (message.TryGetProperty("result", out var result)
                && result.ValueKind == JsonValueKind.Object
                && result.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.Array
                && content.GetArrayLength() > 0
                && content[0].TryGetProperty("text", out var text))
            {
                TurnTexts[id] = text.GetString();
            }
        }
    }
}
