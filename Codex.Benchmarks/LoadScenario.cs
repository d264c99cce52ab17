using System.Collections.Concurrent;
using System.Diagnostics;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.Benchmarks;

/// <summary>
/// Many conversations at once on one server: every conversation starts with <c>codex</c> and goes
/// on with <c>codex-reply</c>, all conversations in parallel. The scripted model answers each turn
/// with text naming the conversation and turn, so a crossed stream or answer shows up as a wrong
/// text; every event must also carry its own call's request id and thread.
/// </summary>
public static class LoadScenario
{
    /// <summary>Runs the scenario and returns its figures; problems are reported, not thrown.</summary>
    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Conversations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TurnsPerConversation, 1);

        var script = ModelScript.PerConversation(key =>
            Enumerable.Range(0, options.TurnsPerConversation).Select(turn => ScriptedReply.Text(Answer(key, turn), options.Deltas).WithUsage(10, 4)));
        await using var world = await BenchmarkWorld.CreateAsync(script, cancellationToken).ConfigureAwait(false);
        var all = new ConcurrentQueue<CodexEvent>();
        var client = await world.StartClientAsync(options.ServerPath, all.Enqueue, cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            var pid = client.Process!.Id;
            var latencies = new ConcurrentBag<TimeSpan>();
            var calls = new ConcurrentBag<CodexCallResult>();
            var problems = new ConcurrentQueue<string>();
            var ids = new ConcurrentBag<string>();
            var completed = 0;

            async Task RunConversationAsync(int index)
            {
                string? thread = null;
                for (var turn = 0; turn < options.TurnsPerConversation; turn++)
                {
                    var label = $"conversation {index} turn {turn}";
                    var started = Stopwatch.GetTimestamp();
                    CodexCallResult result;
                    try
                    {
                        result = thread is null
                            ? await client.CodexAsync(new CodexToolCallParam { Prompt = $"conversation {index}", Cwd = world.Workspace }, cancellationToken: cancellationToken).ConfigureAwait(false)
                            : await client.ReplyAsync(thread, $"conversation {index} turn {turn}", cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is Codex.Protocol.JsonRpc.JsonRpcException or IOException or TimeoutException)
                    {
                        problems.Enqueue($"{label}: {ex.GetType().Name}: {ex.Message}");
                        return;
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(started));
                    calls.Add(result);
                    var turnNow = turn;
                    var found = CallCheck.Problems(label, result, id => Answer(id, turnNow), thread);
                    foreach (var problem in found)
                    {
                        problems.Enqueue(problem);
                    }

                    if (found.Count > 0)
                    {
                        return;
                    }

                    thread ??= result.ConversationId!;
                    Interlocked.Increment(ref completed);
                }

                ids.Add(thread!);
            }

            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Conversations).Select(i => Task.Run(() => RunConversationAsync(i), cancellationToken))).ConfigureAwait(false);
            wall.Stop();
            var status = ProcessStatus.Read(pid);

            // Every event the server sent belongs to exactly one call, and each call got all of its own.
            var received = all.ToArray();
            var byRequest = received.GroupBy(e => e.Meta.RequestId).ToDictionary(g => g.Key, g => g.Count());
            foreach (var call in calls.Where(c => c.Events.Count > 0))
            {
                var requestId = call.Events[0].Meta.RequestId;
                if (byRequest.GetValueOrDefault(requestId) != call.Events.Count)
                {
                    problems.Enqueue($"request {requestId}: the server sent {byRequest.GetValueOrDefault(requestId)} events under its id, the call saw {call.Events.Count}");
                }
            }

            var routed = calls.Sum(c => c.Events.Count);
            if (received.Length != routed)
            {
                problems.Enqueue($"{received.Length} events arrived but only {routed} belonged to a call");
            }

            return new LoadReport
            {
                Options = options,
                TurnsCompleted = completed,
                TurnsExpected = options.Conversations * options.TurnsPerConversation,
                DistinctConversations = ids.Distinct().Count(),
                Events = received.Length,
                Wall = wall.Elapsed,
                Latency = LatencySummary.From(latencies),
                ServerAfter = status,
                Problems = [.. problems],
            };
        }
    }

    private static string Answer(string conversationId, int turn) => $"turn {turn} of {conversationId}";
}
