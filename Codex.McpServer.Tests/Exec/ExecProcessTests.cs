using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Exec;

/// <summary>
/// The end of a running command, end to end: a timeout or a cancelled <c>tools/call</c> kills the
/// command's whole process group, grandchildren included.
/// </summary>
public sealed class ExecProcessTests
{
    // The shell leaves a background sleep (a grandchild of the launcher) and then waits; both
    // write their pids first so the test can look for them in /proc.
    private static readonly string[] SleepingGroup = ["bash", "-c", "sleep 60 & echo $! > grandchild.pid; echo $$ > shell.pid; echo started; wait"];

    [TestCase(SandboxMode.WorkspaceWrite)]
    [TestCase(SandboxMode.DangerFullAccess)]
    public async Task Exec_Timeout_KillsTheProcessGroupAndReports124(SandboxMode sandbox)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(SleepingGroup, timeoutMs: 1000), ScriptedReply.Text("done")),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(ApprovalRecorder.Always(ReviewDecision.Denied).Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("sleep", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = sandbox }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        var grandchild = await ProcessProbe.ReadPidAsync(Path.Combine(session.Workspace, "grandchild.pid"), timeout.Token);
        var shell = await ProcessProbe.ReadPidAsync(Path.Combine(session.Workspace, "shell.pid"), timeout.Token);
        try
        {
            using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Assert.That(await ProcessProbe.WaitUntilGoneAsync(grandchild, gone.Token), Is.True, $"the background sleep {grandchild} was killed with its group");
            Assert.That(await ProcessProbe.WaitUntilGoneAsync(shell, gone.Token), Is.True, $"the shell {shell} was killed");
        }
        finally
        {
            ProcessProbe.KillIfRunning(grandchild);
            ProcessProbe.KillIfRunning(shell);
        }

        var end = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().Single();
        Assert.That(end.ExitCode, Is.EqualTo(124));
        Assert.That(end.Stdout, Is.EqualTo("started\n"));
        var (output, exitCode) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1"));
        Assert.That(exitCode, Is.EqualTo(124));
        Assert.That(output, Does.Match("^command timed out after [0-9]+ milliseconds\nstarted\n$"));
    }

    [Test]
    public async Task Exec_ToolCallCancelledWhileCommandRuns_KillsTheProcessGroup()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(SleepingGroup, timeoutMs: 120_000), ScriptedReply.Text("after cancel")),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(ApprovalRecorder.Always(ReviewDecision.Denied).Options, cancellationToken: timeout.Token);
        using var cancelCall = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var call = session.CodexAsync("sleep", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: cancelCall.Token);
        var grandchild = await ProcessProbe.ReadPidAsync(Path.Combine(session.Workspace, "grandchild.pid"), timeout.Token);
        var shell = await ProcessProbe.ReadPidAsync(Path.Combine(session.Workspace, "shell.pid"), timeout.Token);
        try
        {
            Assert.That(ProcessProbe.IsRunning(grandchild) && ProcessProbe.IsRunning(shell), Is.True, "the command runs before the cancellation");
            await cancelCall.CancelAsync();

            Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
            using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Assert.That(await ProcessProbe.WaitUntilGoneAsync(grandchild, gone.Token), Is.True, $"the background sleep {grandchild} was killed with its group");
            Assert.That(await ProcessProbe.WaitUntilGoneAsync(shell, gone.Token), Is.True, $"the shell {shell} was killed");
        }
        finally
        {
            ProcessProbe.KillIfRunning(grandchild);
            ProcessProbe.KillIfRunning(shell);
        }

        // The server is still healthy: the cancelled turn made no further request, and a new call is answered.
        Assert.That(session.Model.Requests, Has.Count.EqualTo(1));
        var next = await session.CodexAsync("hello", cancellationToken: timeout.Token);
        Assert.That(next.Text, Is.EqualTo("after cancel"));
    }
}
