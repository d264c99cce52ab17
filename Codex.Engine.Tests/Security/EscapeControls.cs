using System.Diagnostics;
using System.Runtime.Versioning;
using Codex.Engine.Tests.Sandbox;

namespace Codex.Engine.Tests.Security;

/// <summary>
/// The attacks of <see cref="SandboxEscapeSuite"/> without a sandbox (danger-full-access): each
/// one succeeds here, which shows that the suite's probes really reach what they aim at, so a
/// "blocked" there means the sandbox stopped them.
/// </summary>
[TestFixture(AttackUser.Current)]
[TestFixture(AttackUser.Unprivileged)]
[SupportedOSPlatform("linux")]
public sealed class EscapeControls
{
    private readonly AttackUser _user;

    public EscapeControls(AttackUser user) => _user = user;

    [SetUp]
    public void RequirePrivilegesToDrop()
    {
        if (_user == AttackUser.Unprivileged && !AttackBench.CanDropPrivileges)
        {
            Assert.Ignore("attacking as an unprivileged user needs root and setpriv(1)");
        }
    }

    [Test]
    public async Task ServerEnvironment_Unsandboxed_CanaryRead()
    {
        string canary = SandboxEscapeSuite.Canary();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using Process victim = AttackBench.StartVictim(_user, canary);
        try
        {
            AttackResult result = await RunAsync(workspace, Attacks.ReadEnvironment(victim.Id));

            Assert.That(result.Output, Does.Contain(canary));
        }
        finally
        {
            victim.Kill();
        }
    }

    [Test]
    public async Task ServerProcess_Unsandboxed_TracedAndKilled()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using Process victim = AttackBench.StartVictim(_user, SandboxEscapeSuite.Canary());

        AttackResult result = await RunAsync(workspace, Attacks.SignalAndTrace(victim.Id));

        Assert.That(result.Stdout, Does.Contain("SIGNALLED"));
        Assert.That(victim.WaitForExit(10_000), Is.True, "the victim survived kill -9");
    }

    [Test]
    public async Task Sockets_Unsandboxed_ListenersReached()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using var tcp = new LoopbackListener();
        using var abstractSocket = UnixListener.Abstract();
        using var pathSocket = UnixListener.AtPath(Path.Combine(workspace.TmpDir, "diag.sock"));

        AttackResult result = await RunAsync(workspace, $"{Attacks.IoUringTcp(tcp.Port)}; {Attacks.IoUringAbstract(abstractSocket.Name)}; {Attacks.UnixPath(pathSocket.Name)}");

        Assert.That(result.Stdout.Split('\n').Count(l => l.StartsWith("ESCAPED", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(tcp.HasConnection, Is.True);
        Assert.That(abstractSocket.HasConnection, Is.True);
        Assert.That(pathSocket.HasConnection, Is.True);
    }

    [Test]
    public async Task Metadata_Unsandboxed_Changed()
    {
        using var workspace = AttackBench.CreateWorkspace(_user);
        string target = workspace.CreateOutsideFile("target.txt", "original\n");

        await RunAsync(workspace, Attacks.ChangeMetadata(target));

        Assert.That(File.Exists(target + ".moved"), Is.True);
        Assert.That(File.GetUnixFileMode(target + ".moved"), Is.EqualTo((UnixFileMode)0b111_111_111));
    }

    [Test]
    public async Task Capabilities_UnsandboxedRoot_OverridesFilePermissions()
    {
        if (_user != AttackUser.Current || Environment.UserName != "root")
        {
            Assert.Ignore("only root has capabilities to lose");
        }

        string canary = SandboxEscapeSuite.Canary();
        using var workspace = AttackBench.CreateWorkspace(_user);
        string locked = workspace.CreateOutsideFile("locked.txt", canary);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        AttackBench.Chown(locked, 12345);

        AttackResult result = await RunAsync(workspace, Attacks.UseCapabilities(locked));

        Assert.That(result.Stdout, Does.Contain(canary));
        Assert.That(result.Stdout, Does.Not.Contain("CapEff:\t0000000000000000"));
    }

    [Test]
    public async Task CredentialFile_Unsandboxed_Read()
    {
        string canary = SandboxEscapeSuite.Canary();
        using var workspace = AttackBench.CreateWorkspace(_user);
        string authJson = workspace.CreateOutsideFile("auth.json", $"{{\"OPENAI_API_KEY\":\"{canary}\"}}");
        File.SetUnixFileMode(authJson, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AttackResult result = await RunAsync(workspace, Attacks.StealFile(authJson, workspace.TmpDir));

        Assert.That(result.Stdout, Does.Contain(canary));
        Assert.That(SandboxEscapeSuite.FilesContaining(workspace, canary), Is.Not.Empty);
    }

    [Test]
    public async Task KernelInterfaces_Unsandboxed_Reached()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);

        // What an ordinary process may use depends on the user and on sysctls; keyrings and user
        // namespaces are open to everyone here, and root reaches them all.
        AttackResult result = await RunAsync(workspace, Attacks.KernelInterfaces(includeNetlink: true));

        Assert.That(result.Stdout, Does.Contain("ESCAPED: add_key"));
        Assert.That(result.Stdout, Does.Contain("ESCAPED: netlink socket"));
        if (_user == AttackUser.Current && Environment.UserName == "root")
        {
            Assert.That(result.Stdout, Does.Not.Contain("blocked"));
        }
    }

    [Test]
    public async Task SetuidRootBinary_Unsandboxed_Elevates()
    {
        AttackBench.RequireProbe();
        if (_user != AttackUser.Unprivileged)
        {
            Assert.Ignore("a setuid-root binary only elevates a user who is not root");
        }

        using var workspace = AttackBench.CreateWorkspace(_user);
        string setuid = SandboxEscapeSuite.SetuidProbe(workspace);

        AttackResult result = await RunAsync(workspace, $"{setuid} euid");

        Assert.That(result.Stdout, Does.Contain("euid=0"));
    }

    [Test]
    public async Task InheritedDescriptor_Unsandboxed_Written()
    {
        using var workspace = AttackBench.CreateWorkspace(_user);
        string target = workspace.CreateOutsideFile("inherited.txt", "original\n");

        await RunAsync(workspace, Attacks.WriteThroughInheritedFd(), inheritedFile: target);

        Assert.That(File.ReadAllText(target), Does.Contain("pwned"));
    }

    private static async Task<AttackResult> RunAsync(AttackWorkspace workspace, string script, string? inheritedFile = null)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
        return await AttackBench.RunAsync(workspace, script, SandboxEscapeSuite.Policy("danger-full-access"), AttackVariant.Direct, timeout.Token, inheritedFile: inheritedFile);
    }
}
