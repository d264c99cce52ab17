using System.Diagnostics;
using System.Runtime.Versioning;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;

namespace Codex.Engine.Tests.Sandbox;

/// <summary>
/// The launcher started by an unprivileged user: it cannot create a mount namespace itself and
/// must go through a user namespace (or fall back to Landlock-only exclusion) without ever
/// weakening the sandbox.
/// </summary>
public sealed class UnprivilegedLauncherTests
{
    private const string Setpriv = "/usr/bin/setpriv";

    [Test]
    [SupportedOSPlatform("linux")]
    public async Task Launcher_AsUnprivilegedUser_StillConfinesTheCommand()
    {
        SandboxAvailabilityResult availability = SandboxAvailability.Check();
        if (!availability.IsAvailable)
        {
            Assert.Ignore($"Linux sandbox unavailable: {availability.Reason}");
        }

        if (Environment.UserName != "root" || !File.Exists(Setpriv))
        {
            // Run as an ordinary user, every other sandbox test already takes this path.
            Assert.Ignore("dropping to an unprivileged user needs root and setpriv(1)");
        }

        using var workspace = new SandboxWorkspace();
        using var listener = new LoopbackListener();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        const UnixFileMode everyone = (UnixFileMode)0b111_111_111;
        File.SetUnixFileMode(workspace.Work, everyone);
        File.SetUnixFileMode(workspace.Outside, everyone);
        File.SetUnixFileMode(Path.Combine(workspace.Work, ".git"), everyone);
        File.SetUnixFileMode(Path.Combine(workspace.Work, ".git", "hooks"), everyone);
        File.SetUnixFileMode(workspace.GitConfig, everyone);

        string script = $"grep CapEff /proc/self/status; echo a > new.txt; echo b > .git/hooks/x; echo c >> .git/config; "
            + $"echo d > '{workspace.Outside}/x'; exec 3<>/dev/tcp/127.0.0.1/{listener.Port} && echo connected";
        var start = new ProcessStartInfo(Setpriv)
        {
            WorkingDirectory = workspace.Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--reuid", "65534", "--regid", "65534", "--clear-groups", TestLauncher.ExecutablePath,
            "--codex-run-as-sandbox", "--sandbox-policy-cwd", workspace.Work, "--sandbox-policy", SandboxPolicy.WorkspaceWrite().ToJson(),
            "--", "bash", "-c", script,
        ];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        string stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        TestContext.Out.WriteLine($"[unprivileged workspace-write] stdout: {await stdout} stderr: {stderr}");

        Assert.That(await stdout, Does.Contain("CapEff:\t0000000000000000"));
        Assert.That(await stdout, Does.Not.Contain("connected"));
        Assert.That(listener.HasConnection, Is.False);
        Assert.That(File.Exists(Path.Combine(workspace.Outside, "x")), Is.False);
        Assert.That(File.Exists(Path.Combine(workspace.Work, ".git", "hooks", "x")), Is.False);
        Assert.That(File.ReadAllText(workspace.GitConfig), Is.EqualTo(SandboxWorkspace.OriginalGitConfig));
        bool newFileCreated = File.Exists(Path.Combine(workspace.Work, "new.txt"));
        Assert.That(stderr, Does.Contain(newFileCreated ? "Read-only file system" : "Permission denied"));
    }
}
