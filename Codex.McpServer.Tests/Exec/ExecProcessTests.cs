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
    // The shell leaves a background sleep (a grandchild of the launcher) and then waits. A token in
    // both command lines lets the test find them in /proc: inside the sandbox's PID namespace their
    // own pids differ from ours. The marker file says both have started.
    private static readonly string Token = $"60.{Random.Shared.Next(100_000, 999_999)}";
    private static readonly string[] SleepingGroup = ["bash", "-c", $"sleep {Token} & echo started > started.marker; echo started; wait"];

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
        Assert.That(File.Exists(Path.Combine(session.Workspace, "started.marker")), Is.True, "the command ran");
        await AssertAllGoneAsync();

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
        await ProcessProbe.WaitForFileAsync(Path.Combine(session.Workspace, "started.marker"), timeout.Token);
        Assert.That(ProcessProbe.FindByCommandLine($"sleep {Token}"), Is.Not.Empty, "the command runs before the cancellation");
        await cancelCall.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await AssertAllGoneAsync();

        // The server is still healthy: the cancelled turn made no further request, and a new call is answered.
        Assert.That(session.Model.Requests, Has.Count.EqualTo(1));
        var next = await session.CodexAsync("hello", cancellationToken: timeout.Token);
        Assert.That(next.Text, Is.EqualTo("after cancel"));
    }

    /// <summary>Every process of the command (the shell, its background sleep, the launcher) is gone within 5 s.</summary>
    private static async Task AssertAllGoneAsync()
    {
        var left = ProcessProbe.FindByCommandLine(Token);
        try
        {
            using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            foreach (var pid in left)
            {
                Assert.That(await ProcessProbe.WaitUntilGoneAsync(pid, gone.Token), Is.True, $"process {pid} of the command was killed with its group");
            }

            Assert.That(ProcessProbe.FindByCommandLine(Token), Is.Empty);
        }
        finally
        {
            foreach (var pid in left)
            {
                ProcessProbe.KillIfRunning(pid);
            }
        }
    }
}
