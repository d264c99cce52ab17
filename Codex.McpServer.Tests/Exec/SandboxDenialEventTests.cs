using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Exec;

/// <summary>The events around a command the sandbox stopped (spec §5.2 step 5), end to end.</summary>
public sealed class SandboxDenialEventTests
{
    [Test]
    public async Task Exec_SandboxDenialUnderNever_EndEventHasMinusOneAndTheDenialText()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = OutsideDirectory.Create();
        var target = Path.Combine(outside.Path, "x.txt");
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(["/bin/sh", "-c", $"printf x > {target}"]), ScriptedReply.Text("done")),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("write", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.Exists(target), Is.False);
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("failed in sandbox: Read-only file system"));
        var messages = result.Events.Select(e => e.Msg).ToList();
        Assert.That(messages.OfType<ExecCommandBeginEvent>().Count(), Is.EqualTo(1));
        var end = messages.OfType<ExecCommandEndEvent>().Single();
        Assert.That((end.ExitCode, end.Stdout, end.Stderr, end.AggregatedOutput), Is.EqualTo((-1, string.Empty, "failed in sandbox: Read-only file system", "failed in sandbox: Read-only file system")));
        Assert.That(recorder.Requests, Is.Empty);
    }

    [Test]
    public async Task Exec_SandboxDenialUnderOnFailure_FailedAttemptEndsThenAskThenUnsandboxedRerun()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = OutsideDirectory.Create();
        var target = Path.Combine(outside.Path, "x.txt");
        string[] command = ["/bin/sh", "-c", $"printf x > {target} && echo wrote"];
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(command), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("write", p => p with { ApprovalPolicy = AskForApproval.OnFailure, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.ReadAllText(target), Is.EqualTo("x"));
        var exec = result.Events.Select(e => e.Msg)
            .Where(m => m is ExecCommandBeginEvent or ExecCommandEndEvent or ExecApprovalRequestEvent)
            .ToList();
        Assert.That(exec.Select(m => m.GetType()), Is.EqualTo(new[]
        {
            typeof(ExecCommandBeginEvent), typeof(ExecCommandEndEvent), typeof(ExecApprovalRequestEvent), typeof(ExecCommandBeginEvent), typeof(ExecCommandEndEvent),
        }));
        var failed = (ExecCommandEndEvent)exec[1];
        Assert.That(failed.ExitCode, Is.Not.EqualTo(0));
        Assert.That(failed.Stderr, Does.Contain("Read-only file system"));
        var ask = (ExecApprovalRequestEvent)exec[2];
        Assert.That(ask.Reason, Is.EqualTo("command failed; retry without sandbox?"));
        Assert.That(ask.Command, Is.EqualTo(command));
        Assert.That(((ExecCommandEndEvent)exec[4]).ExitCode, Is.EqualTo(0));
        Assert.That(recorder.Requests.Single().Exec!.CodexReason, Is.EqualTo("command failed; retry without sandbox?"));
        Assert.That(ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1")), Is.EqualTo(("wrote\n", 0)));
    }
}
