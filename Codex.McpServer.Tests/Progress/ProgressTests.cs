using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Progress;

/// <summary>
/// <c>notifications/progress</c> for a <c>tools/call</c> with <c>_meta.progressToken</c>, through
/// the server binary: the steps of a long turn in order, heartbeats at the configured interval,
/// a throttle that turns a 20,000-delta stream into a handful of notifications, coalesced bursts,
/// nothing after the response, and <c>_meta.seq</c> on every <c>codex/event</c>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProgressTests
{
    private const string OneSecondHeartbeat = "[mcp_server]\nprogress_heartbeat_seconds = 1";
    private const string Command = "echo hi && sleep 2.5";

    [TestCase("7")]
    [TestCase("\"progress-token-1\"")]
    public async Task ToolsCall_LongTurnWithProgressToken_StepsInOrderHeartbeatsEverySecondAndNothingAfterTheResponse(string tokenJson)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(
            ScriptedReply.Empty.WithDelay(TimeSpan.FromSeconds(3.5)).WithFunctionCall("shell", ModelToolCalls.Shell(["bash", "-lc", Command]), "call_1"),
            ScriptedReply.Empty.WithReasoning(["**Checking the output**\n\nThe command printed hi."]).WithMessage("All done: the command printed hi.", deltas: 5));
        await using var session = await E2eSession.CreateAsync(script, extraConfig: OneSecondHeartbeat, cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token);
        var token = JsonNode.Parse(tokenJson)!;

        var response = await wire.CallAsync("call-1", token, "codex", Arguments(session, "run it"), timeout.Token);
        var later = await wire.LaterMessagesAsync(TimeSpan.FromSeconds(2.5));

        Assert.That(response.GetProperty("result").TryGetProperty("isError", out _), Is.False, response.GetRawText());
        var progress = ProgressWire.Progress(wire.Messages);
        await WriteTranscriptAsync(progress);
        var messages = progress.Select(p => p.Params.GetProperty("message").GetString()!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(progress.Select(p => p.Params.GetProperty("progressToken").GetRawText()).Distinct(), Is.EqualTo(new[] { tokenJson }), "the call's token, with its JSON type");
            Assert.That(IsStrictlyIncreasing(progress.Select(p => p.Params.GetProperty("progress").GetDouble())), Is.True, "progress rises with every notification");
            Assert.That(later.Where(m => ProgressWire.Method(m) == "notifications/progress"), Is.Empty, "no progress after the response");
            Assert.That(wire.Messages[^1].Message.GetRawText(), Is.EqualTo(response.GetRawText()), "the response is the call's last message");
            Assert.That(StepsInOrder(messages, "turn started", $"running `{Command}`", $"`{Command}` exited with 0 after", "thinking: Checking the output", "finished: All done: the command printed hi."), Is.True, string.Join("\n", messages));
        }

        // Heartbeats: while the model is silent for 3.5 s and while the command sleeps for 2.5 s,
        // one a second and no gap much longer than that.
        var heartbeats = progress.Where(p => p.Params.GetProperty("message").GetString()!.StartsWith("still working", StringComparison.Ordinal)).ToList();
        var gaps = progress.Zip(progress.Skip(1), (a, b) => b.At - a.At).ToList();
        var heartbeatGaps = progress.Zip(progress.Skip(1), (a, b) => (Gap: b.At - a.At, b.Params)).Where(p => p.Params.GetProperty("message").GetString()!.StartsWith("still working", StringComparison.Ordinal)).Select(p => p.Gap).ToList();
        await TestContext.Out.WriteLineAsync($"{progress.Count} progress notifications, {heartbeats.Count} heartbeats; gaps (s): {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heartbeats.Count(h => h.Params.GetProperty("message").GetString()!.Contains("waiting for the model", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), "heartbeats while the model is silent");
            Assert.That(heartbeats.Count(h => h.Params.GetProperty("message").GetString()!.Contains($"running `{Command}`", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1), "heartbeats while the command runs");
            // Arrival times jitter on a loaded machine (one stalled read shows as a long gap then a short one), so the
            // check is on the typical gap, the median, and on the counts above, not on any single gap.
            Assert.That(Median(heartbeatGaps), Is.InRange(TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.5)), "a heartbeat after each second of silence");
        }

        // Every codex/event carries _meta.seq: 0, 1, 2, … in wire order.
        var seqs = ProgressWire.Events(wire.Messages).Select(e => e.GetProperty("_meta").GetProperty("seq").GetInt64()).ToList();
        Assert.That(seqs, Is.EqualTo(Enumerable.Range(0, seqs.Count).Select(i => (long)i)));
    }

    [Test]
    public async Task ToolsCall_RetryPlanAndPatch_EachAStepInOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const string Plan = """{"plan":[{"step":"Write the file","status":"completed"},{"step":"Check it","status":"in_progress"},{"step":"Report","status":"pending"}]}""";
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Error(500),
                ScriptedReply.Call("update_plan", Plan, "call_plan"),
                ModelToolCalls.PatchCall("*** Begin Patch\n*** Add File: notes/hello.txt\n+hi\n*** End Patch", "call_patch"),
                ScriptedReply.Text("wrote hello.txt")),
            cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token);
        var arguments = Arguments(session, "plan, then write", sandbox: "workspace-write");
        arguments["config"] = new JsonObject { ["model_providers.mock.request_max_retries"] = 1, ["include_plan_tool"] = true };

        var response = await wire.CallAsync("steps", "steps-token", "codex", arguments, timeout.Token);

        var messages = ProgressWire.Progress(wire.Messages).Select(p => p.Params.GetProperty("message").GetString()!).ToList();
        await WriteTranscriptAsync(ProgressWire.Progress(wire.Messages));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("wrote hello.txt"));
            Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "notes", "hello.txt")), Is.EqualTo("hi\n"));
            Assert.That(
                StepsInOrder(messages, "starting", "turn started", "retrying the model (Re-connecting... 1/1)", "plan updated: 1 of 3 steps done; now: Check it", "patch applied: hello.txt", "finished: wrote hello.txt"),
                Is.True,
                string.Join("\n", messages));
        }
    }

    [Test]
    public async Task ToolsCall_WithoutProgressToken_NoProgressButSeqStillNumbersTheEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithDelay(TimeSpan.FromSeconds(2)).WithMessage("hello"), ScriptedReply.Text("again")),
            extraConfig: OneSecondHeartbeat,
            cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token);

        var first = await wire.CallAsync(1, token: null, "codex", Arguments(session, "hi"), timeout.Token);
        var firstEvents = ProgressWire.Events(wire.Messages);
        var threadId = first.GetProperty("result").GetProperty("structuredContent").GetProperty("threadId").GetString()!;
        var count = wire.Messages.Count;
        await wire.CallAsync(2, token: null, "codex-reply", new JsonObject { ["prompt"] = "again", ["threadId"] = threadId }, timeout.Token);
        var replyEvents = ProgressWire.Events(wire.Messages.Skip(count));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ProgressWire.Progress(wire.Messages), Is.Empty);
            Assert.That(firstEvents.Select(e => e.GetProperty("_meta").GetProperty("seq").GetInt64()), Is.EqualTo(Enumerable.Range(0, firstEvents.Count).Select(i => (long)i)));
            Assert.That(replyEvents.Select(e => e.GetProperty("_meta").GetProperty("seq").GetInt64()), Is.EqualTo(Enumerable.Range(0, replyEvents.Count).Select(i => (long)i)), "each call numbers its own events from 0");
        }
    }

    [Test]
    public async Task ToolsCall_TwentyThousandDeltaStream_AFewNotificationsAndEveryDeltaAsAnEvent()
    {
        const int Deltas = 20_000;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var text = string.Concat(Enumerable.Range(0, Deltas).Select(i => (char)('a' + (i % 26))));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithPacedMessage(text, Deltas, TimeSpan.FromSeconds(4))),
            extraConfig: OneSecondHeartbeat,
            cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token);

        var response = await wire.CallAsync("stream", "stream-token", "codex", Arguments(session, "write a lot"), timeout.Token);

        var progress = ProgressWire.Progress(wire.Messages);
        var events = ProgressWire.Events(wire.Messages);
        var deltas = events.Count(e => e.GetProperty("msg").GetProperty("type").GetString() == "agent_message_delta");
        var duration = wire.Messages[^1].At - wire.Messages[0].At;
        await TestContext.Out.WriteLineAsync($"{deltas} deltas as codex/event over {duration.TotalSeconds:0.0} s became {progress.Count} progress notifications:");
        await WriteTranscriptAsync(progress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo(text));
            Assert.That(deltas, Is.EqualTo(Deltas), "every delta still reaches the client as a codex/event");
            Assert.That(progress.Count, Is.LessThanOrEqualTo(2 + (int)Math.Ceiling(duration.TotalSeconds * 4)), "at most four a second");
            Assert.That(progress.Count, Is.LessThan(20), "a handful, not one per delta");
            Assert.That(progress.Any(p => p.Params.GetProperty("message").GetString()!.Contains("the model is writing", StringComparison.Ordinal)), Is.True, "a heartbeat says the model is writing");
            Assert.That(IsStrictlyIncreasing(progress.Select(p => p.Params.GetProperty("progress").GetDouble())), Is.True);
        }
    }

    [Test]
    public async Task ToolsCall_BurstOfCommands_EveryStepArrivesCoalescedIntoFewerNotifications()
    {
        const int Commands = 6;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var burst = ScriptedReply.Empty;
        for (var i = 1; i <= Commands; i++)
        {
            // Commands that write: read-only ones of one response would run together, out of order.
            burst = burst.WithFunctionCall("shell", ModelToolCalls.Shell(["touch", $"step{i}.txt"]), $"call_{i}");
        }

        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(burst, ScriptedReply.Text("ran them all")), extraConfig: OneSecondHeartbeat, cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token);

        await wire.CallAsync("burst", 99, "codex", Arguments(session, "run six", sandbox: "danger-full-access"), timeout.Token);

        var progress = ProgressWire.Progress(wire.Messages);
        await WriteTranscriptAsync(progress);
        var messages = progress.Select(p => p.Params.GetProperty("message").GetString()!).ToList();
        var expected = new List<string> { "turn started" };
        for (var i = 1; i <= Commands; i++)
        {
            expected.Add($"running `touch step{i}.txt`");
            expected.Add($"`touch step{i}.txt` exited with 0 after");
        }

        expected.Add("finished: ran them all");
        var steps = messages.Where(m => !m.StartsWith("still working", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StepsInOrder(messages, [.. expected]), Is.True, string.Join("\n", messages));
            Assert.That(steps.Count, Is.LessThan(expected.Count), "steps that come within the throttle go out together");
        }
    }

    [Test]
    public async Task ToolsCall_HeartbeatSetBelowOneSecond_ToolErrorNamesTheKeyAndNoTurnRuns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("never")), extraConfig: "[mcp_server]\nprogress_heartbeat_seconds = 0", cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token);

        var response = await wire.CallAsync(1, "t", "codex", Arguments(session, "hi"), timeout.Token);

        var result = response.GetProperty("result");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("mcp_server.progress_heartbeat_seconds").And.Contain("config.toml").And.Contain("from 1 to 86400"));
            Assert.That(session.Model.Requests, Is.Empty, "nothing ran");
        }
    }

    [Test]
    public async Task ServerOverride_HeartbeatSeconds_WinsOverConfigToml()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithDelay(TimeSpan.FromSeconds(3.5)).WithMessage("late")),
            extraConfig: "[mcp_server]\nprogress_heartbeat_seconds = 60",
            cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: false, timeout.Token, ["-c", "mcp_server.progress_heartbeat_seconds=1"]);

        await wire.CallAsync(1, "cli", "codex", Arguments(session, "wait"), timeout.Token);

        var progress = ProgressWire.Progress(wire.Messages).Select(p => p.Params.GetProperty("message").GetString()!).ToList();
        Assert.That(progress.Count(m => m.Contains("waiting for the model", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), string.Join("\n", progress));
    }

    internal static JsonObject Arguments(E2eSession session, string prompt, string sandbox = "read-only", string approvalPolicy = "never") => new()
    {
        ["prompt"] = prompt,
        ["cwd"] = session.Workspace,
        ["sandbox"] = sandbox,
        ["approval-policy"] = approvalPolicy,
    };

    /// <summary>Whether every step appears, in this order, in the messages (several may share one message).</summary>
    internal static bool StepsInOrder(IReadOnlyList<string> messages, params string[] steps)
    {
        var all = string.Join("\n", messages);
        var at = 0;
        foreach (var step in steps)
        {
            var found = all.IndexOf(step, at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + step.Length;
        }

        return true;
    }

    internal static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
    }

    internal static bool IsStrictlyIncreasing(IEnumerable<double> values)
    {
        double? previous = null;
        foreach (var value in values)
        {
            if (previous is { } p && value <= p)
            {
                return false;
            }

            previous = value;
        }

        return true;
    }

    internal static async Task WriteTranscriptAsync(IReadOnlyList<(TimeSpan At, JsonElement Params)> progress)
    {
        foreach (var (at, parameters) in progress)
        {
            await TestContext.Out.WriteLineAsync($"{at.TotalSeconds,6:0.00} s  {parameters.GetRawText()}");
        }
    }
}
