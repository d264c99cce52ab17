using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Codex.Engine.Commands;
using Codex.Engine.Tests.Exec;
using Codex.Testing;

namespace Codex.Engine.Tests.Security;

/// <summary>
/// What every escape test shares, built once: a directory every user can reach (under /var/tmp,
/// outside the sandbox's writable roots) holding a copy of the test launcher and the compiled
/// escape probe, so that attacks run both as the current user and, when that is root, as an
/// unprivileged one (uid 65534) through setpriv(1).
/// </summary>
[SetUpFixture]
[SupportedOSPlatform("linux")]
public sealed class AttackBench
{
    public const int UnprivilegedUid = 65534;
    private const string Setpriv = "/usr/bin/setpriv";
    private const UnixFileMode Everyone = (UnixFileMode)0b111_111_111;
    private const UnixFileMode EveryoneReadExecute = (UnixFileMode)0b111_101_101;

    private static ScratchDirectory? s_shared;

    /// <summary>The launcher copy every user can execute.</summary>
    public static string Launcher { get; private set; } = string.Empty;

    /// <summary>The escape probe (escape-probe.c), or null when no C compiler is installed.</summary>
    public static string? Probe { get; private set; }

    /// <summary>Why the probe is missing, when it is.</summary>
    public static string ProbeFailure { get; private set; } = string.Empty;

    /// <summary>The shared directory.</summary>
    public static string SharedPath => s_shared?.Path ?? throw new InvalidOperationException("the attack bench is not set up");

    /// <summary>True when the tests can also attack as an unprivileged user.</summary>
    public static bool CanDropPrivileges => Environment.UserName == "root" && File.Exists(Setpriv);

    [OneTimeSetUp]
    public void SetUp()
    {
        s_shared = new ScratchDirectory(TestDirectories.OutsideTemporaryRoots("/var/tmp"));
        File.SetUnixFileMode(s_shared.Path, EveryoneReadExecute);
        Launcher = CopyLauncher(s_shared.CreateDirectory("launcher"));
        (Probe, ProbeFailure) = CompileProbe(s_shared.Path);
    }

    [OneTimeTearDown]
    public void TearDown() => s_shared?.Dispose();

    /// <summary>Ignores the calling test when the escape probe could not be compiled, saying why.</summary>
    public static void RequireProbe()
    {
        if (Probe is null)
        {
            Assert.Ignore(ProbeFailure);
        }
    }

    /// <summary>A new workspace for one attack, owned by the attacking user.</summary>
    public static AttackWorkspace CreateWorkspace(AttackUser user) => new(new ScratchDirectory(SharedPath), user);

    /// <summary>
    /// Runs <paramref name="script"/> through the launcher under <paramref name="policyJson"/>,
    /// as <paramref name="user"/>, in the shape <paramref name="variant"/> asks for. Before the
    /// launcher starts, fd 3 is opened read-only on <paramref name="inheritedFile"/> when given,
    /// so the command inherits it.
    /// </summary>
    public static async Task<AttackResult> RunAsync(
        AttackWorkspace workspace,
        string script,
        string policyJson,
        AttackVariant variant,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? hiddenFiles = null,
        string? inheritedFile = null)
    {
        string command = variant switch
        {
            AttackVariant.Direct => script,
            AttackVariant.Grandchild => $"bash -c {ShellQuoting.Quote($"bash -c {ShellQuoting.Quote(script)}; exit $?")}; exit $?",
            // The detached process is in a session of its own; the pipe keeps its output, and cat waits for it.
            AttackVariant.Detached => $"setsid -f bash -c {ShellQuoting.Quote(script)} 2>&1 </dev/null | cat",
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        var launcherArgs = new List<string>
        {
            Launcher, "--codex-run-as-sandbox", "--sandbox-policy-cwd", workspace.Work, "--sandbox-policy", policyJson,
        };
        foreach (string hidden in hiddenFiles ?? [])
        {
            launcherArgs.AddRange(["--hide", hidden]);
        }

        launcherArgs.AddRange(["--", "bash", "-c", command]);
        string launch = string.Join(' ', launcherArgs.Select(ShellQuoting.Quote));
        string outer = inheritedFile is null ? $"exec {launch}" : $"exec 3<{ShellQuoting.Quote(inheritedFile)}; exec {launch}";

        var start = new ProcessStartInfo(workspace.User == AttackUser.Unprivileged ? Setpriv : "/bin/bash")
        {
            WorkingDirectory = workspace.Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        IEnumerable<string> args = workspace.User == AttackUser.Unprivileged
            ? ["--reuid", $"{UnprivilegedUid}", "--regid", $"{UnprivilegedUid}", "--clear-groups", "/bin/bash", "-c", outer]
            : ["-c", outer];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = workspace.Work;
        start.Environment["TMPDIR"] = workspace.TmpDir;
        start.Environment["LANG"] = "C.UTF-8";

        // The test launcher is a .NET program: without this its runtime leaves a diagnostics socket
        // and debugger pipes in TMPDIR, which the tests' file scans would trip over.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var result = new AttackResult(process.ExitCode, await stdout, await stderr);
        TestContext.Out.WriteLine($"[{workspace.User}, {variant}, {policyJson}] exit {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}");
        return result;
    }

    /// <summary>Starts a process as <paramref name="user"/> that holds <paramref name="canary"/> in its environment.</summary>
    public static Process StartVictim(AttackUser user, string canary)
    {
        var start = new ProcessStartInfo(user == AttackUser.Unprivileged ? Setpriv : "/bin/sleep")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        IEnumerable<string> args = user == AttackUser.Unprivileged
            ? ["--reuid", $"{UnprivilegedUid}", "--regid", $"{UnprivilegedUid}", "--clear-groups", "/bin/sleep", "300"]
            : ["300"];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CODEX_VICTIM_CANARY"] = canary;
        return Process.Start(start)!;
    }

    /// <summary>Creates a file the attacking user owns, as it would own its own files.</summary>
    public static void GiveTo(AttackUser user, string path)
    {
        if (user == AttackUser.Unprivileged)
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead);
            Chown(path, UnprivilegedUid);
        }
    }

    /// <summary>Changes the owner of <paramref name="path"/> (the tests run as root when they do this).</summary>
    public static void Chown(string path, int uid)
    {
        using Process chown = Process.Start(new ProcessStartInfo("chown", [$"{uid}:{uid}", path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        Assert.That(chown.ExitCode, Is.Zero, $"chown {uid} {path}");
    }

    /// <summary>Copies the test launcher and what its deps.json names, readable and executable by everyone.</summary>
    public static string CopyLauncher(string directory)
    {
        string source = Path.GetDirectoryName(TestLauncher.ExecutablePath)!;
        string name = Path.GetFileName(TestLauncher.ExecutablePath);
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(source, name + ".deps.json")));
        var files = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value.EnumerateObject()
            .SelectMany(library => library.Value.TryGetProperty("runtime", out var runtime) ? runtime.EnumerateObject().Select(f => Path.GetFileName(f.Name)) : [])
            .Concat([name, name + ".deps.json", name + ".runtimeconfig.json"])
            .Distinct(StringComparer.Ordinal)
            .Where(file => File.Exists(Path.Combine(source, file)));
        foreach (string file in files)
        {
            string target = Path.Combine(directory, file);
            File.Copy(Path.Combine(source, file), target);
            File.SetUnixFileMode(target, EveryoneReadExecute);
        }

        File.SetUnixFileMode(directory, EveryoneReadExecute);
        return Path.Combine(directory, name);
    }

    private static (string? Probe, string Failure) CompileProbe(string directory)
    {
        string source = Path.Combine(TestContext.CurrentContext.TestDirectory, "Security", "escape-probe.c");
        string output = Path.Combine(directory, "escape-probe");
        string? compiler = new[] { "/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang" }.FirstOrDefault(File.Exists);
        if (compiler is null)
        {
            return (null, "no C compiler (cc, gcc or clang) is installed");
        }

        using Process cc = Process.Start(new ProcessStartInfo(compiler, ["-O1", "-o", output, source]) { UseShellExecute = false, RedirectStandardError = true })!;
        string errors = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        if (cc.ExitCode != 0)
        {
            return (null, $"compiling escape-probe.c failed: {errors}");
        }

        File.SetUnixFileMode(output, EveryoneReadExecute);
        return (output, string.Empty);
    }
}

/// <summary>Who attacks.</summary>
public enum AttackUser
{
    /// <summary>The user the tests run as (root in CI).</summary>
    Current,

    /// <summary>uid 65534, through setpriv(1).</summary>
    Unprivileged,
}

/// <summary>Where in the command's process tree the attack runs.</summary>
public enum AttackVariant
{
    /// <summary>The command itself.</summary>
    Direct,

    /// <summary>A grandchild of the command.</summary>
    Grandchild,

    /// <summary>A process detached into a session of its own.</summary>
    Detached,
}

/// <summary>What an attack printed.</summary>
public sealed record AttackResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams.</summary>
    public string Output => Stdout + Stderr;
}

/// <summary>
/// One attack's files: <c>work/</c> (the cwd, a repository), <c>tmp/</c> (its TMPDIR) and
/// <c>outside/</c> (no sandbox mode may change it), all owned by the attacking user.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AttackWorkspace : IDisposable
{
    private readonly ScratchDirectory _scratch;

    internal AttackWorkspace(ScratchDirectory scratch, AttackUser user)
    {
        _scratch = scratch;
        User = user;
        Work = scratch.CreateDirectory("work");
        TmpDir = scratch.CreateDirectory("tmp");
        Outside = scratch.CreateDirectory("outside");
        scratch.CreateDirectory("work", ".git");
        foreach (string directory in new[] { scratch.Path, Work, TmpDir, Outside, Path.Combine(Work, ".git") })
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
            AttackBench.GiveTo(user, directory);
        }
    }

    public AttackUser User { get; }

    public string Work { get; }

    public string TmpDir { get; }

    public string Outside { get; }

    /// <summary>Creates a file under <c>outside/</c> owned by the attacking user.</summary>
    public string CreateOutsideFile(string name, string content)
    {
        string path = Path.Combine(Outside, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        AttackBench.GiveTo(User, path);
        return path;
    }

    public void Dispose() => _scratch.Dispose();
}
