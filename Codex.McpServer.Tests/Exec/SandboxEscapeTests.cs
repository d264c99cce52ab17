using System.Net;
using System.Net.Sockets;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Exec;

/// <summary>
/// Commands that try to get out of <c>workspace-write</c> (no network), run end to end under
/// <c>approval-policy = never</c> so nothing is asked and nothing is escalated. Each must fail
/// to touch anything outside the writable roots or to reach the network.
/// </summary>
// Every row has its own server, model, directories and ports, so rows may run side by side.
[Parallelizable(ParallelScope.Children)]
public sealed class SandboxEscapeTests
{
    private const string Original = "original";

    public static IEnumerable<TestCaseData> Attempts()
    {
        yield return Attempt(
            "write through a symlink that points outside",
            c => ["/bin/sh", "-c", $"ln -s {c.Outside} link && printf pwned > link/escaped.txt"],
            c => Assert.That(File.Exists(Path.Combine(c.Outside, "escaped.txt")), Is.False));
        yield return Attempt(
            "hard-link an outside file into the workspace and write it",
            c => ["/bin/sh", "-c", $"ln {c.Target} hard && printf pwned > hard"],
            c => Assert.That(File.ReadAllText(c.Target), Is.EqualTo(Original)));
        yield return Attempt(
            "move an outside file into the workspace",
            c => ["/bin/sh", "-c", $"mv {c.Target} moved; printf pwned > moved"],
            c => Assert.That(File.ReadAllText(c.Target), Is.EqualTo(Original)));
        yield return Attempt(
            "truncate an outside file",
            c => ["/bin/sh", "-c", $": > {c.Target}"],
            c => Assert.That(File.ReadAllText(c.Target), Is.EqualTo(Original)));
        yield return Attempt(
            "delete an outside file",
            c => ["rm", "-f", c.Target],
            c => Assert.That(File.Exists(c.Target), Is.True));
        yield return Attempt(
            "write to /dev/shm",
            c => ["/bin/sh", "-c", $"printf pwned > {c.DevShmFile}"],
            c => Assert.That(File.Exists(c.DevShmFile), Is.False));
        yield return Attempt(
            "detached child in a new session writes after the command ended",
            c => ["/bin/sh", "-c", $"setsid /bin/sh -c 'sleep 0.3; printf late > {c.Outside}/late.txt; echo tried > late.marker' > /dev/null 2>&1 &"],
            async (c, cancellationToken) =>
            {
                // The child would write the marker (inside the workspace) after trying the outside write, but
                // it dies with the command: the command is PID 1 of its own namespace. Give it time to try.
                await Task.Delay(1500, cancellationToken);
                Assert.That(File.Exists(Path.Combine(c.Outside, "late.txt")), Is.False);
                Assert.That(File.Exists(Path.Combine(c.Workspace, "late.marker")), Is.False, "the detached child outlived the command");
            });
        yield return Attempt(
            "UDP datagram to a local port",
            c => ["python3", "-c", $"import socket\ntry:\n    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', {c.UdpPort}))\n    print('SENT')\nexcept Exception as e:\n    print('ERR:', e)\n"],
            c => Assert.That(c.Udp.Available, Is.EqualTo(0), "no datagram arrived"));
        yield return Attempt(
            "TCP connection over IPv6 loopback",
            c => ["python3", "-c", $"import socket\ntry:\n    socket.create_connection(('::1', {c.Tcp6Port}), 2).close()\n    print('OK')\nexcept Exception as e:\n    print('ERR:', e)\n"],
            c => Assert.That(c.Tcp6?.Pending() ?? false, Is.False, "nothing connected"));
        yield return Attempt(
            "ask for escalation under never",
            c => ["/bin/sh", "-c", $"printf pwned > {c.Outside}/escalated.txt"],
            c => Assert.That(File.Exists(Path.Combine(c.Outside, "escalated.txt")), Is.False),
            escalated: true,
            modelSees: "approval policy is Never; reject command — you should not ask for escalated permissions if the approval policy is Never");
    }

    [TestCaseSource(nameof(Attempts))]
    public async Task Sandbox_EscapeAttempt_Fails(Func<EscapeContext, string[]> command, Func<EscapeContext, CancellationToken, Task> verify, bool escalated, string? modelSees)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = OutsideDirectory.Create();
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var tcp6 = Socket.OSSupportsIPv6 ? new TcpListener(IPAddress.IPv6Loopback, 0) : null;
        tcp6?.Start();
        var target = Path.Combine(outside.Path, "target.txt");
        File.WriteAllText(target, Original);
        var devShm = $"/dev/shm/codex-e2e-escape-{Guid.NewGuid():N}";
        var script = ModelScript.Sequence();
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await E2eSession.CreateAsync(script, cancellationToken: timeout.Token);
        var context = new EscapeContext(session.Workspace, outside.Path, target, devShm, udp, ((IPEndPoint)udp.Client.LocalEndPoint!).Port, tcp6, tcp6 is null ? 0 : ((IPEndPoint)tcp6.LocalEndpoint).Port);
        script.Enqueue(ModelToolCalls.ShellCall(command(context), escalated: escalated));
        script.Enqueue(ScriptedReply.Text("done"));
        try
        {
            await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

            var result = await session.CodexAsync("escape", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

            Assert.That(result.Text, Is.EqualTo("done"), result.Text);
            Assert.That(recorder.Requests, Is.Empty, "nothing is asked under never");
            var output = ModelToolCalls.OutputFor(session.Model, "call_1");
            await verify(context, timeout.Token);
            if (modelSees is not null)
            {
                Assert.That(output, Is.EqualTo(modelSees));
            }
        }
        finally
        {
            File.Delete(devShm);
        }
    }

    private static TestCaseData Attempt(string name, Func<EscapeContext, string[]> command, Action<EscapeContext> verify, bool escalated = false, string? modelSees = null) =>
        Attempt(name, command, (c, _) =>
        {
            verify(c);
            return Task.CompletedTask;
        }, escalated, modelSees);

    private static TestCaseData Attempt(string name, Func<EscapeContext, string[]> command, Func<EscapeContext, CancellationToken, Task> verify, bool escalated = false, string? modelSees = null) =>
        new TestCaseData(command, verify, escalated, modelSees).SetArgDisplayNames(name);
}
