using System.Diagnostics;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;

namespace Codex.Engine.Tests.Sandbox;

/// <summary>What the sandbox must still allow, and the launcher's own failure modes.</summary>
public sealed class SandboxWriteAccessTests
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

    [Test]
    public async Task WorkspaceWrite_CwdSubdirectoriesAndTmp_AreWritable()
    {
        using var workspace = new SandboxWorkspace(withGit: false);
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string tmpFile = Path.Combine("/tmp", $"codex-sandbox-test-{Guid.NewGuid():N}");
        try
        {
            ExecResult result = await workspace.RunAsync(
                ["bash", "-c", $"set -e; echo a > new.txt; echo b > sub/file.txt; mkdir -p newdir/deep && echo c > newdir/deep/f; "
                    + $"echo d >> existing.txt; mv new.txt renamed.txt; rm sub/file.txt; echo e > '{tmpFile}'; cat /etc/hostname > /dev/null; echo done"],
                "workspace-write",
                timeout.Token);

            Assert.That(result.Stdout, Is.EqualTo("done\n"), result.Stderr);
            Assert.That(File.ReadAllText(Path.Combine(workspace.Work, "renamed.txt")), Is.EqualTo("a\n"));
            Assert.That(File.ReadAllText(Path.Combine(workspace.Work, "newdir", "deep", "f")), Is.EqualTo("c\n"));
            Assert.That(File.ReadAllText(Path.Combine(workspace.Work, "existing.txt")), Is.EqualTo("original\nd\n"));
            Assert.That(File.ReadAllText(tmpFile), Is.EqualTo("e\n"));
        }
        finally
        {
            File.Delete(tmpFile);
        }
    }

    [Test]
    public async Task ReadOnly_Cwd_IsNotWritableButReadable()
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await workspace.RunAsync(
            ["bash", "-c", "cat existing.txt; echo x > /dev/null; echo a > new.txt"], "read-only", timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("original\n"));
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Stderr, Does.Contain(SandboxWorkspace.ReadOnlyError));
        Assert.That(File.Exists(Path.Combine(workspace.Work, "new.txt")), Is.False);
    }

    [Test]
    public async Task Sandboxed_Process_HasNoNewPrivsAndSeccompWithOrWithoutNetwork()
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string[] argv = ["bash", "-c", "grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status | tr -d ' \\t'"];

        ExecResult offline = await workspace.RunAsync(argv, "workspace-write", timeout.Token);
        ExecResult online = await workspace.RunAsync(argv, "workspace-write+network", timeout.Token);

        Assert.That(offline.Stdout, Is.EqualTo("NoNewPrivs:1\nSeccomp:2\n"));
        Assert.That(online.Stdout, Is.EqualTo("NoNewPrivs:1\nSeccomp:2\n"));
    }

    [Test]
    public async Task SandboxedBash_WithoutNetwork_DoesNotSourceBashrc()
    {
        // bash sources ~/.bashrc when getpeername(stdin) fails with an unexpected errno, taking
        // stdin for a network connection; the filter must answer ENOTSOCK, not EPERM.
        using var workspace = new SandboxWorkspace(withGit: false);
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string home = Path.Combine(workspace.Work, "home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, ".bashrc"), "echo BASHRC-SOURCED\n");
        Dictionary<string, string> environment = TestLauncher.BasicEnvironment();
        environment["HOME"] = home;

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            new ExecRequest { Argv = ["bash", "-c", "echo hi"], Cwd = workspace.Work, Environment = environment, SandboxPolicy = SandboxPolicy.ReadOnly },
            null,
            timeout.Token);

        Assert.That(result.AggregatedOutput, Is.EqualTo("hi\n"));
    }

    [Test]
    public async Task WorktreeGitFile_WorkspaceWrite_StaysReadOnly()
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string worktree = Path.Combine(workspace.Work, "sub");
        string gitFile = Path.Combine(worktree, ".git");
        File.WriteAllText(gitFile, "gitdir: ../.git/worktrees/sub\n");
        var runner = TestLauncher.CreateRunner();

        ExecResult result = await runner.RunAsync(
            TestLauncher.Request(["bash", "-c", "echo gitdir: /elsewhere > .git; rm -f .git; echo ok > other.txt"], worktree, SandboxPolicy.WorkspaceWrite()),
            null,
            timeout.Token);

        Assert.That(File.ReadAllText(gitFile), Is.EqualTo("gitdir: ../.git/worktrees/sub\n"));
        Assert.That(File.ReadAllText(Path.Combine(worktree, "other.txt")), Is.EqualTo("ok\n"));
        Assert.That(result.Stderr, Does.Contain(SandboxWorkspace.ReadOnlyError));
    }

    [Test]
    public async Task WorkspaceWrite_NewEntriesNextToGit_AreAllowed()
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await workspace.RunAsync(
            ["bash", "-c", "echo a > new.txt && mkdir newdir && rm existing.txt && echo created"], "workspace-write", timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("created\n"), result.Stderr);
        Assert.That(File.Exists(Path.Combine(workspace.Work, "new.txt")), Is.True);
        Assert.That(File.Exists(Path.Combine(workspace.Work, "existing.txt")), Is.False);
        Assert.That(File.ReadAllText(workspace.GitConfig), Is.EqualTo(SandboxWorkspace.OriginalGitConfig));
    }

    [Test]
    public async Task Launcher_InvalidArguments_Exits125WithoutRunningAnything()
    {
        using var workspace = new SandboxWorkspace();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string marker = Path.Combine(workspace.Work, "ran.txt");
        var start = new ProcessStartInfo(TestLauncher.ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--codex-run-as-sandbox", "--sandbox-policy-cwd", workspace.Work, "--sandbox-policy", "{\"mode\":\"bogus\"}", "--", "touch", marker })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.EqualTo(LinuxSandboxLauncher.SetupFailedExitCode));
        Assert.That(stderr, Does.Contain("codex-linux-sandbox: unknown sandbox mode \"bogus\""));
        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public void Availability_OnLinuxWithLandlock_ReportsTheAbi()
    {
        SandboxAvailabilityResult availability = SandboxAvailability.Check();

        Assert.That(availability.LandlockAbi, Is.EqualTo(LandlockRuleset.QueryAbiVersion()));
        Assert.That(availability.Reason, Does.Contain($"Landlock ABI {availability.LandlockAbi}"));
    }
}
