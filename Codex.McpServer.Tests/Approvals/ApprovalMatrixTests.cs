using System.Net;
using System.Net.Sockets;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;
using static Codex.McpServer.Tests.Approvals.MatrixAction;
using static Codex.McpServer.Tests.Approvals.MatrixOutcome;
using static Codex.McpServer.Tests.Approvals.MatrixPrompt;
using static Codex.Protocol.AskForApproval;
using static Codex.Protocol.ReviewDecision;
using static Codex.Protocol.SandboxMode;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// The approval matrix of spec §5.5, every row end to end: the scripted model makes one tool
/// call, the real server decides (asking the client or not), the sandbox enforces, and the
/// file system, the test's TCP listener and the model's tool output show what happened.
/// </summary>
// Every row has its own server, model, directories and ports, so rows may run side by side.
[Parallelizable(ParallelScope.Children)]
public sealed class ApprovalMatrixTests
{
    private const string Content = "matrix-ok";
    private const string Retry = "command failed; retry without sandbox?";
    private const string ExecRejected = "exec command rejected by user";

    /// <summary>The rows, in the spec's order.</summary>
    public static IEnumerable<TestCaseData> Rows() =>
        new ApprovalMatrixRow[]
        {
            new(1, OnRequest, DangerFullAccess, false, WriteOutside, false, None, null, Approved, Written, Content),
            new(2, OnRequest, DangerFullAccess, false, Network, false, None, null, Approved, NetworkSucceeded, "OK"),
            new(3, Untrusted, DangerFullAccess, false, Echo, false, None, null, Approved, Ran, "trusted-echo"),
            new(4, OnFailure, DangerFullAccess, false, WriteOutside, false, None, null, Approved, Written, Content),
            new(5, Untrusted, DangerFullAccess, false, WriteOutside, false, ExecApproval, null, Approved, Written, Content),
            new(6, Never, DangerFullAccess, false, WriteOutside, false, None, null, Approved, Written, Content),
            new(7, OnRequest, ReadOnly, false, WriteInWorkspace, true, ExecApproval, null, Approved, Written, Content),
            new(8, OnRequest, ReadOnly, false, Echo, false, None, null, Approved, Ran, "trusted-echo"),
            new(9, OnRequest, ReadOnly, false, Network, false, None, null, Approved, NetworkFailed, "ERR:"),
            new(10, OnRequest, ReadOnly, false, WriteInWorkspace, true, ExecApproval, null, Denied, NotWritten, ExecRejected),
            new(11, OnFailure, ReadOnly, false, WriteInWorkspace, false, ExecApproval, Retry, Approved, Written, Content),
            new(12, OnRequest, ReadOnly, false, Network, true, ExecApproval, null, Approved, NetworkSucceeded, "OK"),
            new(13, Untrusted, WorkspaceWrite, false, PatchHeredocInWorkspace, false, PatchApproval, null, Approved, Written, "Success. Updated the following files:"),
            new(14, OnRequest, DangerFullAccess, false, PatchToolInWorkspace, false, None, null, Approved, Written, "Success. Updated the following files:"),
            new(15, OnRequest, DangerFullAccess, false, PatchToolOutside, false, None, null, Approved, Written, "Success. Updated the following files:"),
            new(16, OnRequest, WorkspaceWrite, false, PatchToolOutside, false, PatchApproval, null, Approved, Written, "Success. Updated the following files:"),
            new(17, OnRequest, WorkspaceWrite, false, PatchToolOutside, false, PatchApproval, null, Denied, NotWritten, "patch rejected by user"),
            new(18, OnRequest, WorkspaceWrite, false, PatchHeredocOutside, false, PatchApproval, null, Approved, Written, "Success. Updated the following files:"),
            new(19, Untrusted, WorkspaceWrite, false, PatchToolInWorkspace, false, PatchApproval, null, Approved, Written, "Success. Updated the following files:"),
            new(20, Never, WorkspaceWrite, false, PatchToolOutside, false, None, null, Approved, NotWritten, "patch rejected: writing outside of the project; rejected by user approval settings"),
            new(21, Untrusted, ReadOnly, false, WriteInWorkspace, false, ExecApproval, null, Approved, Written, Content),
            new(22, Never, ReadOnly, false, WriteInWorkspace, false, None, null, Approved, NotWritten, "Read-only file system"),
            new(23, Never, ReadOnly, false, Echo, false, None, null, Approved, Ran, "trusted-echo"),
            new(24, OnRequest, WorkspaceWrite, false, WriteInWorkspace, false, None, null, Approved, Written, Content),
            new(25, OnRequest, WorkspaceWrite, false, Network, false, None, null, Approved, NetworkFailed, "ERR:"),
            new(26, OnRequest, WorkspaceWrite, false, WriteOutside, true, ExecApproval, null, Approved, Written, Content),
            new(27, OnRequest, WorkspaceWrite, true, Network, false, None, null, Approved, NetworkSucceeded, "OK"),
            new(28, OnFailure, WorkspaceWrite, false, WriteOutside, false, ExecApproval, Retry, Approved, Written, Content),
            new(29, Untrusted, WorkspaceWrite, false, WriteOutside, false, ExecApproval, null, Approved, Written, Content),
            new(30, Never, WorkspaceWrite, false, WriteOutside, false, None, null, Approved, NotWritten, "Read-only file system"),
        }.Select(row => new TestCaseData(row).SetArgDisplayNames(row.DisplayName));

    [TestCaseSource(nameof(Rows))]
    public async Task ApprovalMatrix_Row_HoldsEndToEnd(ApprovalMatrixRow row)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = OutsideDirectory.Create();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var recorder = ApprovalRecorder.Always(row.Answer);
        var extraConfig = row.NetworkAccess ? "[sandbox_workspace_write]\nnetwork_access = true\n" : string.Empty;
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(Step(row, outside.Path, port), ScriptedReply.Text("done")), extraConfig: extraConfig, cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);
        var target = Target(row.Action, session.Workspace, outside.Path);

        var result = await session.CodexAsync("matrix row", p => p with { ApprovalPolicy = row.Policy, Sandbox = row.Sandbox }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("done"));
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        var prompts = recorder.Requests;
        Assert.That(prompts.Select(p => p.Kind), Is.EqualTo(row.Prompt switch
        {
            ExecApproval => new[] { CodexElicitationKinds.ExecApproval },
            PatchApproval => new[] { CodexElicitationKinds.PatchApproval },
            _ => Array.Empty<string>(),
        }), $"prompts; the model saw: {output}");
        if (row.Prompt != None)
        {
            // Where the spec gives no reason, an escalated request carries the model's justification.
            var reason = row.PromptReason ?? (row.Escalated ? ModelToolCalls.Justification : null);
            Assert.That(prompts[0].Exec?.CodexReason ?? prompts[0].Patch?.CodexReason, Is.EqualTo(reason));
        }

        switch (row.Outcome)
        {
            case Written:
                Assert.That(File.Exists(target), Is.True, $"{target} is written; the model saw: {output}");
                Assert.That(File.ReadAllText(target).TrimEnd('\n'), Is.EqualTo(Content));
                break;
            case NotWritten:
                Assert.That(File.Exists(target), Is.False, $"{target} is not written; the model saw: {output}");
                break;
            case NetworkSucceeded:
                Assert.That(listener.Pending(), Is.True, $"the listener was connected to; the model saw: {output}");
                break;
            case NetworkFailed:
                Assert.That(listener.Pending(), Is.False, $"nothing connected to the listener; the model saw: {output}");
                break;
        }

        if (row.ModelSees is { } text)
        {
            Assert.That(output, Does.Contain(text));
        }
    }

    private static ScriptedReply Step(ApprovalMatrixRow row, string outside, int port)
    {
        var patchTarget = row.Action is PatchToolOutside or PatchHeredocOutside ? Path.Combine(outside, "patched.txt") : "patched.txt";
        var patch = $"*** Begin Patch\n*** Add File: {patchTarget}\n+{Content}\n*** End Patch\n";
        return row.Action switch
        {
            WriteInWorkspace => ModelToolCalls.ShellCall(WriteCommand("written.txt"), escalated: row.Escalated),
            WriteOutside => ModelToolCalls.ShellCall(WriteCommand(Path.Combine(outside, "written.txt")), escalated: row.Escalated),
            Echo => ModelToolCalls.ShellCall(["echo", "trusted-echo"], escalated: row.Escalated),
            Network => ModelToolCalls.ShellCall(
                ["python3", "-c", $"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), 2).close()\n    print('OK')\nexcept Exception as e:\n    print('ERR:', e)\n"],
                escalated: row.Escalated),
            PatchToolInWorkspace or PatchToolOutside => ModelToolCalls.PatchCall(patch),
            _ => ModelToolCalls.HeredocPatchCall(patch),
        };
    }

    private static string[] WriteCommand(string path) => ["/bin/sh", "-c", $"printf {Content} > {path} && cat {path}"];

    private static string Target(MatrixAction action, string workspace, string outside) => action switch
    {
        WriteInWorkspace => Path.Combine(workspace, "written.txt"),
        WriteOutside => Path.Combine(outside, "written.txt"),
        PatchToolInWorkspace or PatchHeredocInWorkspace => Path.Combine(workspace, "patched.txt"),
        _ => Path.Combine(outside, "patched.txt"),
    };
}
