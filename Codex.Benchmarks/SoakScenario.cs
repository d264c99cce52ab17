using System.Diagnostics;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.Benchmarks;

/// <summary>
/// Many turns one after the other on one server, reading the server's memory (VmRSS), threads and
/// open files every few turns: a leak shows as a curve that keeps climbing once start-up and
/// warm-up are over. The model answers request n with <c>answer n</c>, so a turn that got another
/// turn's answer, or made more than one model request, is caught.
/// </summary>
public static class SoakScenario
{
    /// <summary>Runs the scenario and returns its figures; problems are reported, not thrown.</summary>
    public static async Task<SoakReport> RunAsync(SoakOptions options, TextWriter? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Turns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleEvery, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TurnsPerConversation);

        var script = ModelScript.ForEachRequest(request => ScriptedReply.Text(Answer(request.Index), 4).WithUsage(10, 4));
        await using var world = await BenchmarkWorld.CreateAsync(script, cancellationToken).ConfigureAwait(false);
        var client = await world.StartClientAsync(options.ServerPath, null, cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            var pid = client.Process!.Id;
            var samples = new List<SoakSample> { new(0, ProcessStatus.Read(pid), TimeSpan.Zero) };
            var latencies = new List<TimeSpan>(options.Turns);
            var problems = new List<string>();
            var conversations = 0;
            var completed = 0;
            string? thread = null;
            var turnInConversation = 0;
            var wall = Stopwatch.StartNew();
            for (var turn = 0; turn < options.Turns; turn++)
            {
                if (options.TurnsPerConversation > 0 && turnInConversation == options.TurnsPerConversation)
                {
                    thread = null;
                    turnInConversation = 0;
                }

                var label = $"turn {turn}";
                var started = Stopwatch.GetTimestamp();
                CodexCallResult result;
                try
                {
                    result = thread is null
                        ? await client.CodexAsync(new CodexToolCallParam { Prompt = label, Cwd = world.Workspace }, cancellationToken: cancellationToken).ConfigureAwait(false)
                        : await client.ReplyAsync(thread, label, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Codex.Protocol.JsonRpc.JsonRpcException or IOException or TimeoutException)
                {
                    problems.Add($"{label}: {ex.GetType().Name}: {ex.Message}");
                    break;
                }

                latencies.Add(Stopwatch.GetElapsedTime(started));
                var expected = Answer(turn);
                var found = CallCheck.Problems(label, result, _ => expected, thread);
                if (found.Count > 0)
                {
                    problems.AddRange(found);
                    break;
                }

                if (thread is null)
                {
                    thread = result.ConversationId!;
                    conversations++;
                }

                turnInConversation++;
                completed++;
                if ((turn + 1) % options.SampleEvery == 0)
                {
                    var sample = new SoakSample(turn + 1, ProcessStatus.Read(pid), wall.Elapsed);
                    samples.Add(sample);
                    progress?.WriteLine($"  turn {sample.Turn}: RSS {ProcessStatus.MiB(sample.Status.RssBytes)} MiB, {wall.Elapsed.TotalSeconds:0.0} s");
                }
            }

            wall.Stop();
            var sessions = Path.Combine(world.CodexHome, "sessions");
            var rolloutBytes = Directory.Exists(sessions)
                ? Directory.EnumerateFiles(sessions, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
                : 0;
            if (problems.Count > 0)
            {
                problems.AddRange(world.StderrTail.TakeLast(10).Select(line => "stderr: " + line));
            }

            return new SoakReport
            {
                Options = options,
                TurnsCompleted = completed,
                Conversations = conversations,
                Samples = samples,
                Latency = LatencySummary.From(latencies),
                Wall = wall.Elapsed,
                RolloutBytes = rolloutBytes,
                LastModelRequestBytes = world.Model.Requests is { Count: > 0 } requests ? System.Text.Encoding.UTF8.GetByteCount(requests[^1].Body) : 0,
                Problems = problems,
            };
        }
    }

    private static string Answer(int requestIndex) => $"answer {requestIndex}";
}
