using System.Globalization;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>
/// Several calls in one response: read-only ones run at the same time, others one after another,
/// and the outputs go back in the model's order.
/// </summary>
public sealed class ParallelToolCallTests
{
    // Each command prints when it started and ended (seconds since the epoch), around a sleep.
    // The parallel test sleeps 3 s so the two still overlap when one sandboxed bash starts up to 3 s after the other.
    private static string[] Timed(string name, int seconds = 1) => ["bash", "-c", $"s=$(date +%s.%N); sleep {seconds}; echo {name} $s $(date +%s.%N)"];

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_TwoReadOnlyCommandsInOneResponse_RunTogetherAndOutputsKeepTheModelsOrder(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var both = ScriptedReply.Empty
            .WithFunctionCall("shell", ModelToolCalls.Shell(Timed("first", 3)), "call_a")
            .WithFunctionCall("shell", ModelToolCalls.Shell(Timed("second", 3)), "call_b");
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(both, ScriptedReply.Text("both done")), wire, cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("two reads", p => p with { Model = "gpt-5.1", ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.ReadOnly }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("both done"), result.Text);
        var (firstStart, firstEnd) = Times(session, "call_a", "first");
        var (secondStart, secondEnd) = Times(session, "call_b", "second");
        Assert.That(secondStart, Is.LessThan(firstEnd), "the second command started before the first one ended");
        Assert.That(firstStart, Is.LessThan(secondEnd), "and the first started before the second ended: the two overlapped");

        // A figure for the reader, not a check: on a quiet machine about 3 s, where one after the other takes 6 s.
        TestContext.Out.WriteLine(FormattableString.Invariant($"two 3 s commands took {Math.Max(firstEnd, secondEnd) - Math.Min(firstStart, secondStart):0.00} s from the first start to the last end"));
        Assert.That(OutputCallIds(session.Model.Requests[1]), Is.EqualTo(new[] { "call_a", "call_b" }), "outputs in the order of the calls");
        if (wire == "responses")
        {
            Assert.That(session.Model.Requests[0].Json!.Value.GetProperty("parallel_tool_calls").GetBoolean(), Is.True, "gpt-5.1 takes parallel calls");
        }
    }

    [Test]
    public async Task Codex_TwoCommandsThatMayWrite_RunOneAfterTheOther()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var both = ScriptedReply.Empty
            .WithFunctionCall("shell", ModelToolCalls.Shell(Timed("first")), "call_a")
            .WithFunctionCall("shell", ModelToolCalls.Shell(Timed("second")), "call_b");
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(both, ScriptedReply.Text("both done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("two writes", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("both done"), result.Text);
        var (_, firstEnd) = Times(session, "call_a", "first");
        var (secondStart, _) = Times(session, "call_b", "second");
        Assert.That(secondStart, Is.GreaterThanOrEqualTo(firstEnd), "a command that may write waits for the one before it");
        Assert.That(session.Model.Requests[0].Json!.Value.GetProperty("parallel_tool_calls").GetBoolean(), Is.False, "an unknown model family gets no parallel calls");
    }

    private static (double Start, double End) Times(E2eSession session, string callId, string name)
    {
        var (output, exitCode) = ModelToolCalls.ParseExecOutput(ToolOutputs.For(session.Model, callId));
        Assert.That(exitCode, Is.EqualTo(0), output);
        var parts = output.Trim().Split(' ');
        Assert.That(parts, Has.Length.EqualTo(3).And.Property("Length").EqualTo(3));
        Assert.That(parts[0], Is.EqualTo(name));
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static List<string> OutputCallIds(RecordedRequest request)
    {
        var body = request.Json!.Value;
        var items = body.TryGetProperty("input", out var input) ? input : body.GetProperty("messages");
        return [.. items.EnumerateArray()
            .Where(i => (i.TryGetProperty("type", out var t) && t.GetString() == "function_call_output") || (i.TryGetProperty("role", out var r) && r.GetString() == "tool"))
            .Select(i => i.TryGetProperty("call_id", out var id) ? id.GetString()! : i.GetProperty("tool_call_id").GetString()!)];
    }
}
