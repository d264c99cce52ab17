using System.Globalization;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>
/// The server is SIGKILLed at random points of a turn (while the model streams, while a shell
/// command runs, between appends); after a restart every completed turn is in the history
/// exactly once. Seeded: CODEX_DURABILITY_SEED picks the seed, CODEX_LONG_TESTS=1 runs many more
/// iterations than the default handful.
/// </summary>
public sealed class KillTests
{
    private const int DefaultSeed = 20251021;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    [Test]
    public async Task CodexReply_ServerKilledAtRandomPointsOfTurns_EveryCompletedTurnKeptOnce()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CODEX_DURABILITY_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var iterations = Environment.GetEnvironmentVariable("CODEX_LONG_TESTS") == "1" ? 40 : 4;
        var random = new Random(seed);
        TestContext.Out.WriteLine($"seed {seed}, {iterations} kills (CODEX_DURABILITY_SEED, CODEX_LONG_TESTS=1)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60 + (iterations * 15)));
        await using var server = await RunningServer.StartAsync(ModelScript.ForEachRequest(Respond), timeout.Token);

        var start = await server.CodexAsync("turn-0", timeout.Token, p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.DangerFullAccess });
        CallAssert.Succeeded(start, "answer to turn-0");
        var id = start.ConversationId!;
        var rollout = CallAssert.Of<SessionConfiguredEvent>(start.Events).Single().RolloutPath;
        var completed = new List<string> { "user: turn-0", "assistant: answer to turn-0" };
        var killed = new List<string>();

        for (var i = 1; i <= iterations; i++)
        {
            // A turn: a streamed message and a shell call (sleep), its output, a second streamed message.
            var prompt = $"killed-{i}";
            var turn = server.ReplyAsync(id, prompt, timeout.Token);
            var after = TimeSpan.FromMilliseconds(random.Next(0, 1500));
            if (await Task.WhenAny(turn, Task.Delay(after, timeout.Token)) == turn)
            {
                CallAssert.Succeeded(await turn, $"done with {prompt}");
                completed.AddRange([$"user: {prompt}", $"assistant: working on {prompt}", $"assistant: done with {prompt}"]);
                TestContext.Out.WriteLine($"#{i}: the turn completed before the kill at {after.TotalMilliseconds} ms");
            }
            else
            {
                var process = server.Client.Process!;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(timeout.Token);
                killed.Add(prompt);
                TestContext.Out.WriteLine($"#{i}: SIGKILL at {after.TotalMilliseconds} ms, {server.Model.Requests.Count} model requests so far");
                try
                {
                    await turn.WaitAsync(TimeSpan.FromSeconds(10), timeout.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !timeout.IsCancellationRequested)
                {
                    // The call dies with the server; what matters is what the rollout kept.
                }
            }

            await server.RestartAsync(timeout.Token);
            var next = await server.ReplyAsync(id, $"turn-{i}", timeout.Token);
            CallAssert.Succeeded(next, $"answer to turn-{i}");

            var expected = completed.Append($"user: turn-{i}").ToList();
            var dialogue = ModelRequestView.From(server.Model.Requests[^1]).Dialogue;
            Assert.That(dialogue, Is.Unique, $"#{i}: no record is duplicated");
            Assert.That(dialogue.Where(expected.Contains), Is.EqualTo(expected), $"#{i}: every completed turn, in order, once");
            foreach (var killedPrompt in killed)
            {
                // Records are appended in order, so what a killed turn kept is a prefix of it: a later record without an earlier one is a lost record.
                var whole = new[] { $"user: {killedPrompt}", $"assistant: working on {killedPrompt}", $"assistant: done with {killedPrompt}" };
                var kept = dialogue.Where(whole.Contains).ToList();
                Assert.That(kept, Is.EqualTo(whole.Take(kept.Count)), $"#{i}: {killedPrompt} kept a prefix of its records");
                if (killedPrompt == $"killed-{i}")
                {
                    TestContext.Out.WriteLine($"#{i}: the killed turn kept {kept.Count} of its 3 messages");
                }
            }

            Assert.That(dialogue.Where(d => !expected.Contains(d)), Has.All.Matches<string>(d => killed.Any(k => d!.EndsWith(k, StringComparison.Ordinal))), $"#{i}: anything else is part of a killed turn");
            completed.AddRange([$"user: turn-{i}", $"assistant: answer to turn-{i}"]);
            await RolloutLines.ReadWholeAsync(rollout, timeout.Token);
        }
    }

    [Test]
    public async Task CodexReply_KilledWhileACommandRuns_NextTurnClosesTheOpenCallAsAborted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var shell = new JsonObject { ["command"] = new JsonArray("sleep", "30") }.ToJsonString();
        await using var server = await RunningServer.StartAsync(
            ModelScript.ForEachRequest(request => RolloutLines.LastUserPrompt(request) == "run it" ? ScriptedReply.Call("shell", shell, "call-killed") : ScriptedReply.Text("fresh start")),
            timeout.Token);

        // The call is saved before the command starts; the process dies before its output exists.
        var turn = server.CodexAsync("run it", timeout.Token, p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.DangerFullAccess });
        await server.WaitForEventAsync(e => e.Msg is ExecCommandBeginEvent, timeout.Token);
        var process = server.Client.Process!;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(timeout.Token);
        try
        {
            await turn.WaitAsync(TimeSpan.FromSeconds(10), timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !timeout.IsCancellationRequested)
        {
            // The call dies with the server.
        }

        var id = server.AllEvents.Select(e => e.Msg).OfType<SessionConfiguredEvent>().Single().SessionId;
        await server.RestartAsync(timeout.Token);
        var next = await server.ReplyAsync(id, "go on", timeout.Token);

        CallAssert.Succeeded(next, "fresh start");
        var input = server.Model.Requests[^1].Json!.Value.GetProperty("input").EnumerateArray().ToList();
        var call = input.FindIndex(i => i.GetProperty("type").GetString() == "function_call" && i.GetProperty("call_id").GetString() == "call-killed");
        Assert.That(call, Is.GreaterThanOrEqualTo(0), "the saved call is in the resumed history");
        var output = input[call + 1];
        Assert.That(output.GetProperty("type").GetString(), Is.EqualTo("function_call_output"), "the call is answered right after it, as the model requires");
        Assert.That(output.GetProperty("call_id").GetString(), Is.EqualTo("call-killed"));
        Assert.That(output.GetProperty("output").GetString(), Is.EqualTo("aborted"));
        Assert.That(RolloutLines.LastUserPrompt(server.Model.Requests[^1]), Is.EqualTo("go on"));
    }

    /// <summary>The model: a completed turn "turn-N" is answered at once; a "killed-N" turn takes a while and runs a command.</summary>
    private static ScriptedReply Respond(RecordedRequest request)
    {
        var prompt = RolloutLines.LastUserPrompt(request);
        if (prompt.StartsWith("turn-", StringComparison.Ordinal))
        {
            return ScriptedReply.Text($"answer to {prompt}");
        }

        if (RolloutLines.EndsWithToolOutput(request))
        {
            return ScriptedReply.Empty.WithDelay(Pause).WithMessage($"done with {prompt}", 6).WithDelay(Pause);
        }

        var shell = new JsonObject { ["command"] = new JsonArray("sleep", "0.3") }.ToJsonString();
        return ScriptedReply.Empty.WithDelay(Pause).WithMessage($"working on {prompt}", 6).WithDelay(Pause)
            .WithFunctionCall("shell", shell, $"call-{prompt}").WithDelay(Pause);
    }
}
