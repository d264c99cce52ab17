using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Sandbox;

namespace Codex.Engine.Tests.Security;

/// <summary>
/// The adversarial suite: every known way out of the sandbox, tried directly, from a grandchild
/// and from a detached process, under each sandboxed mode, as the current user and (when that is
/// root) as an unprivileged one. Each test checks the effect: the file unchanged, the listener
/// got nothing, the canary absent, the victim alive. <see cref="EscapeControls"/> runs the same
/// attacks without a sandbox and shows that each one works there.
/// </summary>
[TestFixtureSource(nameof(Matrix))]
[SupportedOSPlatform("linux")]
public sealed class SandboxEscapeSuite
{
    private readonly string _mode;
    private readonly AttackUser _user;
    private readonly AttackVariant _variant;

    public SandboxEscapeSuite(string mode, AttackUser user, AttackVariant variant)
    {
        _mode = mode;
        _user = user;
        _variant = variant;
    }

    public static IEnumerable<TestFixtureData> Matrix() =>
        from mode in new[] { "read-only", "workspace-write", "workspace-write+network" }
        from user in new[] { AttackUser.Current, AttackUser.Unprivileged }
        from variant in new[] { AttackVariant.Direct, AttackVariant.Grandchild, AttackVariant.Detached }
        select new TestFixtureData(mode, user, variant);

    private bool Offline => _mode != "workspace-write+network";

    [SetUp]
    public void RequireSandbox()
    {
        SandboxAvailabilityResult availability = SandboxAvailability.Check();
        if (!availability.IsAvailable)
        {
            Assert.Ignore($"Linux sandbox unavailable: {availability.Reason}");
        }

        if (_user == AttackUser.Unprivileged && !AttackBench.CanDropPrivileges)
        {
            Assert.Ignore("attacking as an unprivileged user needs root and setpriv(1); the current user is already the attacker");
        }
    }

    [Test]
    public async Task ServerEnvironment_ReadThroughProc_CanaryAbsent()
    {
        string canary = Canary();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using Process victim = AttackBench.StartVictim(_user, canary);
        try
        {
            AttackResult result = await RunAsync(workspace, Attacks.ReadEnvironment(victim.Id));

            Assert.That(result.Output, Does.Not.Contain(canary));
            Assert.That(victim.HasExited, Is.False);
        }
        finally
        {
            victim.Kill();
        }
    }

    [Test]
    public async Task ServerProcess_SignalledOrTraced_StaysUntouched()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using Process victim = AttackBench.StartVictim(_user, Canary());
        try
        {
            AttackResult result = await RunAsync(workspace, Attacks.SignalAndTrace(victim.Id));

            Assert.That(result.Stdout, Does.Not.Contain("SIGNALLED"));
            Assert.That(result.Stdout, Does.Not.Contain("ESCAPED"));
            Assert.That(victim.HasExited, Is.False, "the victim was killed from inside the sandbox");
        }
        finally
        {
            victim.Kill();
        }
    }

    [Test]
    public async Task TcpConnect_ThroughIoUringOrPlainSocket_ListenerGetsNothing()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using var listener = new LoopbackListener();

        AttackResult result = await RunAsync(workspace, Attacks.IoUringTcp(listener.Port) + (Offline ? "; " + Attacks.PlainTcp(listener.Port) : string.Empty));

        Assert.That(result.Stdout, Does.Not.Contain("ESCAPED"));
        Assert.That(listener.HasConnection, Is.False);
    }

    [Test]
    public async Task AbstractUnixSocket_ThroughIoUringOrPlainSocket_ListenerGetsNothing()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);
        using var listener = UnixListener.Abstract();
        bool plainBlocked = Offline || SandboxAvailability.Check().LandlockScoping;

        AttackResult result = await RunAsync(workspace, Attacks.IoUringAbstract(listener.Name) + (plainBlocked ? "; " + Attacks.PlainAbstract(listener.Name) : string.Empty));

        Assert.That(result.Stdout, Does.Not.Contain("ESCAPED"));
        Assert.That(listener.HasConnection, Is.False);
    }

    [Test]
    public async Task UnixSocketByPath_InTmpdirAndTmp_ListenerGetsNothing()
    {
        AttackBench.RequireProbe();
        if (!Offline)
        {
            Assert.Ignore("with network access, connecting to a unix socket is network access the user granted");
        }

        using var workspace = AttackBench.CreateWorkspace(_user);
        using var inTmpdir = UnixListener.AtPath(Path.Combine(workspace.TmpDir, "dotnet-diagnostic-1-1-socket"));
        using var inTmp = UnixListener.AtPath($"/tmp/codex-probe-{Guid.NewGuid():N}.sock");

        AttackResult result = await RunAsync(workspace, $"{Attacks.UnixPath(inTmpdir.Name)}; {Attacks.UnixPath(inTmp.Name)}");

        Assert.That(result.Stdout, Does.Not.Contain("ESCAPED"));
        Assert.That(inTmpdir.HasConnection, Is.False);
        Assert.That(inTmp.HasConnection, Is.False);
    }

    [Test]
    public async Task Metadata_OutsideWritableRoots_Unchanged()
    {
        using var workspace = AttackBench.CreateWorkspace(_user);
        string target = workspace.CreateOutsideFile("target.txt", "original\n");
        UnixFileMode mode = File.GetUnixFileMode(target);
        DateTime mtime = File.GetLastWriteTimeUtc(target);

        await RunAsync(workspace, Attacks.ChangeMetadata(target));

        Assert.That(File.GetUnixFileMode(target), Is.EqualTo(mode));
        Assert.That(File.GetLastWriteTimeUtc(target), Is.EqualTo(mtime));
        Assert.That(File.ReadAllText(target), Is.EqualTo("original\n"));
        Assert.That(Directory.GetFileSystemEntries(workspace.Outside), Is.EqualTo(new[] { target }));
    }

    [Test]
    public async Task Capabilities_EverySetEmpty_RootCannotOverrideFilePermissions()
    {
        string canary = Canary();
        using var workspace = AttackBench.CreateWorkspace(_user);
        string locked = workspace.CreateOutsideFile("locked.txt", canary);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        AttackBench.Chown(locked, 12345);

        AttackResult result = await RunAsync(workspace, Attacks.UseCapabilities(locked));

        foreach (string set in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
        {
            Assert.That(result.Stdout, Does.Contain($"{set}:\t0000000000000000"));
        }

        Assert.That(result.Output, Does.Not.Contain(canary));
        Assert.That(File.GetUnixFileMode(locked), Is.EqualTo(UnixFileMode.None));
    }

    [Test]
    public async Task CredentialFile_ReadCopiedOrLinked_CanaryAbsent()
    {
        string canary = Canary();
        using var workspace = AttackBench.CreateWorkspace(_user);
        string authJson = workspace.CreateOutsideFile("auth.json", $"{{\"OPENAI_API_KEY\":\"{canary}\"}}");
        File.SetUnixFileMode(authJson, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AttackResult result = await RunAsync(workspace, Attacks.StealFile(authJson, workspace.TmpDir), hiddenFiles: [authJson]);

        Assert.That(result.Output, Does.Not.Contain(canary));
        Assert.That(FilesContaining(workspace, canary), Is.Empty);
        Assert.That(File.ReadAllText(authJson), Does.Contain(canary), "the server's own copy is untouched");
    }

    [Test]
    public async Task KernelInterfaces_PerfBpfUserfaultfdKeyringNamespacesRawSockets_Denied()
    {
        AttackBench.RequireProbe();
        using var workspace = AttackBench.CreateWorkspace(_user);

        AttackResult result = await RunAsync(workspace, Attacks.KernelInterfaces(includeNetlink: Offline));

        Assert.That(result.Stdout, Does.Not.Contain("ESCAPED"));
        Assert.That(result.Stdout.Split('\n').Count(l => l.StartsWith("blocked:", StringComparison.Ordinal)), Is.EqualTo(Offline ? 7 : 6));
    }

    [Test]
    public async Task SetuidRootBinary_RunByUnprivilegedUser_GivesNoPrivilege()
    {
        AttackBench.RequireProbe();
        if (_user != AttackUser.Unprivileged)
        {
            Assert.Ignore("a setuid-root binary only elevates a user who is not root");
        }

        using var workspace = AttackBench.CreateWorkspace(_user);
        string setuid = SetuidProbe(workspace);

        AttackResult result = await RunAsync(workspace, $"{setuid} euid");

        Assert.That(result.Stdout, Does.Contain($"euid={AttackBench.UnprivilegedUid}"));
        Assert.That(result.Stdout, Does.Not.Contain("euid=0"));
    }

    [Test]
    public async Task InheritedDescriptor_WrittenThroughProcSelfFd_FileUnchanged()
    {
        using var workspace = AttackBench.CreateWorkspace(_user);
        string target = workspace.CreateOutsideFile("inherited.txt", "original\n");

        AttackResult result = await RunAsync(workspace, Attacks.WriteThroughInheritedFd(), inheritedFile: target);

        Assert.That(result.Stdout, Does.Contain("original"), "the descriptor was inherited and readable");
        Assert.That(File.ReadAllText(target), Is.EqualTo("original\n"));
    }

    [Test]
    public async Task KernelKnobs_ProcSysAndKcore_Unchanged()
    {
        string corePattern = File.ReadAllText("/proc/sys/kernel/core_pattern");
        using var workspace = AttackBench.CreateWorkspace(_user);

        AttackResult result = await RunAsync(workspace, Attacks.KernelKnobs());

        Assert.That(File.ReadAllText("/proc/sys/kernel/core_pattern"), Is.EqualTo(corePattern));
        Assert.That(result.Stdout, Does.Not.Contain("KCORE-READ"));
    }

    internal static string SetuidProbe(AttackWorkspace workspace)
    {
        string setuid = Path.Combine(workspace.Outside, "setuid-probe");
        File.Copy(AttackBench.Probe!, setuid);
        AttackBench.Chown(setuid, 0);
        File.SetUnixFileMode(setuid, UnixFileMode.SetUser | (UnixFileMode)0b111_101_101);
        return setuid;
    }

    internal static string Canary() => $"sk-canary-{Guid.NewGuid():N}";

    internal static string[] FilesContaining(AttackWorkspace workspace, string text) =>
        new[] { workspace.Work, workspace.TmpDir, workspace.Outside }
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith("auth.json", StringComparison.Ordinal) && File.ReadAllText(f).Contains(text, StringComparison.Ordinal))
            .ToArray();

    private async Task<AttackResult> RunAsync(AttackWorkspace workspace, string script, IReadOnlyList<string>? hiddenFiles = null, string? inheritedFile = null)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
        return await AttackBench.RunAsync(workspace, script, Policy(_mode), _variant, timeout.Token, hiddenFiles, inheritedFile);
    }

    internal static string Policy(string mode) => mode switch
    {
        "read-only" => SandboxPolicy.ReadOnly.ToJson(),
        "workspace-write" => SandboxPolicy.WorkspaceWrite().ToJson(),
        "workspace-write+network" => SandboxPolicy.WorkspaceWrite(networkAccess: true).ToJson(),
        "danger-full-access" => SandboxPolicy.DangerFullAccess.ToJson(),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };
}

/// <summary>The attack scripts, shared by the suite and its controls.</summary>
[SupportedOSPlatform("linux")]
internal static class Attacks
{
    private static string Probe => AttackBench.Probe ?? "false";

    public static string ReadEnvironment(int pid) =>
        $"for f in /proc/{pid}/environ /proc/{pid}/cmdline /proc/$PPID/environ /proc/1/environ; do cat $f; echo; done; "
        + "grep -a -h -o 'CODEX_VICTIM_CANARY=[^[:cntrl:]]*' /proc/[0-9]*/environ; "
        + $"ls /proc/{pid}/cwd/ /proc/{pid}/root/ | head -3; "
        + $"dd if=/proc/{pid}/mem bs=16 count=1 2>&1 | head -c 64; true";

    public static string SignalAndTrace(int pid) =>
        $"kill -0 {pid} && echo SIGNALLED; kill -9 {pid}; {Probe} ptrace {pid}; {Probe} vmread {pid}; true";

    public static string IoUringTcp(int port) => $"{Probe} iouring-tcp {port}";

    public static string PlainTcp(int port) => $"{Probe} tcp {port}; (exec 3<>/dev/tcp/127.0.0.1/{port}) && echo ESCAPED: bash /dev/tcp";

    public static string IoUringAbstract(string name) => $"{Probe} iouring-abstract {name}";

    public static string PlainAbstract(string name) => $"{Probe} abstract {name}";

    public static string UnixPath(string path) => $"{Probe} unix-path {path}";

    public static string ChangeMetadata(string target) =>
        $"chmod 777 '{target}'; touch -d '2001-02-03 04:05:06' '{target}'; chown 12345 '{target}'; "
        + $"ln -s /etc/passwd '{target}.link'; ln '{target}' '{target}.hard'; mv '{target}' '{target}.moved'; true";

    public static string UseCapabilities(string lockedFile) =>
        $"grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status; cat '{lockedFile}'; chmod 644 '{lockedFile}'; true";

    public static string StealFile(string file, string writableDir) =>
        $"cat '{file}'; cat /proc/self/root'{file}'; cat /proc/1/root'{file}'; cp '{file}' '{writableDir}/copy.json'; "
        + $"ln '{file}' '{writableDir}/hard.json'; tar -cf - '{file}' 2>/dev/null | tar -xOf - 2>/dev/null; true";

    public static string KernelInterfaces(bool includeNetlink) =>
        string.Join("; ", new[] { "perf", "bpf", "userfaultfd", "keyctl", "userns", "raw" }.Concat(includeNetlink ? ["netlink"] : []).Select(p => $"{Probe} {p}"));

    public static string WriteThroughInheritedFd() =>
        "cat /proc/self/fd/3; echo pwned > /proc/self/fd/3; echo pwned >> /proc/self/fd/3; true";

    public static string KernelKnobs() =>
        "echo '|/tmp/pwn' > /proc/sys/kernel/core_pattern; head -c 16 /proc/kcore >/dev/null && echo KCORE-READ; "
        + "echo c > /proc/sysrq-trigger 2>/dev/null; true";
}

/// <summary>A unix-socket listener (abstract, or at a path) that records whether anyone connected.</summary>
[SupportedOSPlatform("linux")]
internal sealed class UnixListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string? _path;

    private UnixListener(string name, string? path)
    {
        Name = name;
        _path = path;
    }

    /// <summary>The abstract name (without the leading NUL), or the path.</summary>
    public string Name { get; }

    public bool HasConnection => _socket.Poll(0, SelectMode.SelectRead);

    public static UnixListener Abstract()
    {
        string name = $"codex-probe-{Guid.NewGuid():N}";
        var listener = new UnixListener(name, null);
        listener.Listen(new UnixDomainSocketEndPoint("\0" + name));
        return listener;
    }

    public static UnixListener AtPath(string path)
    {
        var listener = new UnixListener(path, path);
        listener.Listen(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        return listener;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    private void Listen(UnixDomainSocketEndPoint endPoint)
    {
        _socket.Bind(endPoint);
        _socket.Listen(4);
    }
}
