using System.Diagnostics;
using System.Text.Json;
using System.Runtime.Versioning;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;
using Codex.Testing;

namespace Codex.Engine.Tests.Sandbox;

/// <summary>
/// The launcher started by an unprivileged user: it cannot create a mount namespace itself and
/// must go through a user namespace without ever weakening the sandbox.
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

        // The unprivileged user must reach the launcher and the workspace, whatever the checkout's
        // permissions (a clone under a 0700 directory is common): both go to a shared place.
        using var shared = new ScratchDirectory(TestDirectories.OutsideTemporaryRoots("/var/tmp"));
        const UnixFileMode everyone = (UnixFileMode)0b111_111_111;
        File.SetUnixFileMode(shared.Path, everyone);
        string launcher = Security.AttackBench.CopyLauncher(shared.CreateDirectory("launcher"));
        using var workspace = new SandboxWorkspace(parent: shared.Path);
        using var listener = new LoopbackListener();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        File.SetUnixFileMode(Path.GetDirectoryName(workspace.Work)!, everyone);
        File.SetUnixFileMode(workspace.Work, everyone);
        File.SetUnixFileMode(workspace.Outside, everyone);
        File.SetUnixFileMode(Path.Combine(workspace.Work, ".git"), everyone);
        File.SetUnixFileMode(Path.Combine(workspace.Work, ".git", "hooks"), everyone);
        File.SetUnixFileMode(workspace.GitConfig, everyone);

        // A mount under a writable root (/tmp) that the unprivileged user cannot reach, as another
        // test's or user's private tmpfs would be: it stays read-only, and the command still runs.
        var unreachable = Directory.CreateTempSubdirectory("codex-unreachable-");
        File.SetUnixFileMode(unreachable.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string mountPoint = unreachable.CreateSubdirectory("mnt").FullName;
        await using var privateMount = await TmpfsMount.MountOrIgnoreAsync(mountPoint, "1m", Assert.Ignore, timeout.Token);

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
            "--reuid", "65534", "--regid", "65534", "--clear-groups", launcher,
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
        Assert.That(File.ReadAllText(Path.Combine(workspace.Work, "new.txt")), Is.EqualTo("a\n"));
        Assert.That(stderr, Does.Contain(SandboxWorkspace.ReadOnlyError));
        await privateMount.DisposeAsync();
        unreachable.Delete(recursive: true);
    }
}
