using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;

namespace Codex.Engine.Tests.Sandbox;

/// <summary>
/// Escape attempts against the real launcher: each must fail inside the sandbox and succeed under
/// danger-full-access, directly and from a grandchild process.
/// </summary>
public sealed class SandboxEscapeTests
{
    [SetUp]
    public void RequireSandbox()
    {
        SandboxAvailabilityResult availability = SandboxAvailability.Check();
        if (!availability.IsAvailable)
        {
            Assert.Ignore($"Linux sandbox unavailable: {availability.Reason}");
        }
    }

    [TestCase("workspace-write", false)]
    [TestCase("workspace-write", true)]
    [TestCase("read-only", false)]
    [TestCase("read-only", true)]
    public async Task WriteOutsideWorkspace_Sandboxed_IsDenied(string mode, bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string target = Path.Combine(workspace.Outside, "escaped.txt");

        ExecResult result = await workspace.RunAsync(SandboxWorkspace.Bash($"echo pwned > '{target}'", nested), mode, timeout.Token);

        Assert.That(File.Exists(target), Is.False);
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Stderr, Does.Contain(SandboxWorkspace.ReadOnlyError));
        Assert.That(SandboxDenial.IsLikelyDenied(result), Is.True);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task WriteOutsideWorkspace_DangerFullAccess_Succeeds(bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string target = Path.Combine(workspace.Outside, "escaped.txt");

        ExecResult result = await workspace.RunAsync(SandboxWorkspace.Bash($"echo pwned > '{target}'", nested), "danger-full-access", timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(target), Is.EqualTo("pwned\n"));
    }

    [TestCase("workspace-write", false)]
    [TestCase("workspace-write", true)]
    [TestCase("read-only", false)]
    [TestCase("read-only", true)]
    public async Task WriteIntoGitDirectory_Sandboxed_IsDenied(string mode, bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string script = "echo pwned > .git/hooks/pre-commit; a=$?; echo pwned >> .git/config; b=$?; mkdir .git/newdir; c=$?; "
            + "touch .git/hooks/new; d=$?; [ $a -ne 0 ] && [ $b -ne 0 ] && [ $c -ne 0 ] && [ $d -ne 0 ] && exit 1; exit 0";

        ExecResult result = await workspace.RunAsync(SandboxWorkspace.Bash(script, nested), mode, timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(1), "every write into .git must fail");
        Assert.That(result.Stderr, Does.Contain(SandboxWorkspace.ReadOnlyError));
        Assert.That(File.Exists(Path.Combine(workspace.Work, ".git", "hooks", "pre-commit")), Is.False);
        Assert.That(File.Exists(Path.Combine(workspace.Work, ".git", "hooks", "new")), Is.False);
        Assert.That(Directory.Exists(Path.Combine(workspace.Work, ".git", "newdir")), Is.False);
        Assert.That(File.ReadAllText(workspace.GitConfig), Is.EqualTo(SandboxWorkspace.OriginalGitConfig));
        Assert.That(SandboxDenial.IsLikelyDenied(result), Is.True);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task WriteIntoGitDirectory_DangerFullAccess_Succeeds(bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await workspace.RunAsync(
            SandboxWorkspace.Bash("echo pwned > .git/hooks/pre-commit && echo pwned >> .git/config && mkdir .git/newdir", nested),
            "danger-full-access",
            timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(workspace.Work, ".git", "hooks", "pre-commit")), Is.True);
        Assert.That(File.ReadAllText(workspace.GitConfig), Does.EndWith("pwned\n"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ReplaceOrRemoveGitDirectory_WorkspaceWrite_IsDenied(bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string script = "mv .git .git-moved; rm -rf .git; mkdir decoy && mv decoy .git; exit 0";

        ExecResult result = await workspace.RunAsync(SandboxWorkspace.Bash(script, nested), "workspace-write", timeout.Token);

        Assert.That(result.Stderr, Does.Contain("Device or resource busy").Or.Contain(SandboxWorkspace.ReadOnlyError));
        Assert.That(Directory.Exists(Path.Combine(workspace.Work, ".git-moved")), Is.False);
        Assert.That(File.ReadAllText(workspace.GitConfig), Is.EqualTo(SandboxWorkspace.OriginalGitConfig));
        Assert.That(Directory.Exists(Path.Combine(workspace.Work, ".git", "hooks")), Is.True);
    }

    [TestCase("workspace-write", false)]
    [TestCase("workspace-write", true)]
    [TestCase("read-only", false)]
    [TestCase("read-only", true)]
    public async Task TcpConnect_Sandboxed_IsDenied(string mode, bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using var listener = new LoopbackListener();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await workspace.RunAsync(
            SandboxWorkspace.Bash($"exec 3<>/dev/tcp/127.0.0.1/{listener.Port} && echo connected", nested), mode, timeout.Token);

        Assert.That(result.Stdout, Does.Not.Contain("connected"));
        Assert.That(result.Stderr, Does.Contain("Operation not permitted"));
        Assert.That(listener.HasConnection, Is.False);
        Assert.That(SandboxDenial.IsLikelyDenied(result), Is.True);
    }

    [TestCase("danger-full-access", false)]
    [TestCase("danger-full-access", true)]
    [TestCase("workspace-write+network", false)]
    [TestCase("workspace-write+network", true)]
    public async Task TcpConnect_NetworkAllowed_Succeeds(string mode, bool nested)
    {
        using var workspace = new SandboxWorkspace();
        using var listener = new LoopbackListener();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await workspace.RunAsync(
            SandboxWorkspace.Bash($"exec 3<>/dev/tcp/127.0.0.1/{listener.Port} && echo connected", nested), mode, timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Is.EqualTo("connected\n"));
        Assert.That(listener.HasConnection, Is.True);
    }

    [Test]
    public async Task UnixSocketPair_WithoutNetwork_IsStillAllowed()
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await workspace.RunAsync(
            ["/usr/bin/python3", "-c", "import socket; a, b = socket.socketpair(); print('pair ok'); socket.socket(socket.AF_INET)"],
            "workspace-write",
            timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("pair ok\n"));
        Assert.That(result.Stderr, Does.Contain("PermissionError").And.Contain("Operation not permitted"));
    }
}
