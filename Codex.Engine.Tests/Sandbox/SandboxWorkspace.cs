using System.Net;
using System.Net.Sockets;
using Codex.Engine.Commands;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;

namespace Codex.Engine.Tests.Sandbox;

/// <summary>
/// A workspace for escape attempts: <c>work/</c> (the cwd, a repository with <c>.git/</c> and a
/// subdirectory) and <c>outside/</c> next to it, which no sandbox mode may write.
/// </summary>
internal sealed class SandboxWorkspace : IDisposable
{
    public const string OriginalGitConfig = "[core]\n\trepositoryformatversion = 0\n";

    private readonly ScratchDirectory _scratch;

    /// <param name="withGit">Whether <c>work/</c> is a repository.</param>
    /// <param name="parent">Where to create it instead of the default scratch location.</param>
    public SandboxWorkspace(bool withGit = true, string? parent = null)
    {
        _scratch = new ScratchDirectory(parent);
        Work = _scratch.CreateDirectory("work");
        Outside = _scratch.CreateDirectory("outside");
        _scratch.CreateDirectory("work", "sub");
        if (withGit)
        {
            _scratch.CreateDirectory("work", ".git", "hooks");
            File.WriteAllText(GitConfig, OriginalGitConfig);
        }

        File.WriteAllText(Path.Combine(Work, "existing.txt"), "original\n");
    }

    /// <summary>The error of a write to anything outside the writable roots, <c>.git</c> included.</summary>
    public const string ReadOnlyError = "Read-only file system";

    public string Work { get; }

    public string Outside { get; }

    public string GitConfig => Path.Combine(Work, ".git", "config");

    public static SandboxPolicy Policy(string mode) => mode switch
    {
        "read-only" => SandboxPolicy.ReadOnly,
        "workspace-write" => SandboxPolicy.WorkspaceWrite(),
        "workspace-write+network" => SandboxPolicy.WorkspaceWrite(networkAccess: true),
        "danger-full-access" => SandboxPolicy.DangerFullAccess,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown test mode"),
    };

    /// <summary>
    /// The bash argv for <paramref name="script"/>, or for a bash that starts a bash that runs it
    /// (a grandchild of the sandboxed process; <c>; exit $?</c> stops bash from exec-ing in place).
    /// </summary>
    public static string[] Bash(string script, bool nested)
    {
        if (!nested)
        {
            return ["bash", "-c", script];
        }

        string inner = $"bash -c {ShellQuoting.Quote(script)}; exit $?";
        return ["bash", "-c", $"bash -c {ShellQuoting.Quote(inner)}; exit $?"];
    }

    public async Task<ExecResult> RunAsync(string[] argv, string mode, CancellationToken cancellationToken, LinuxSandbox? sandbox = null)
    {
        ProcessRunner runner = sandbox is null ? TestLauncher.CreateRunner() : TestLauncher.CreateRunner(sandbox);
        ExecResult result = await runner.RunAsync(TestLauncher.Request(argv, Work, Policy(mode)), null, cancellationToken);
        string firstError = result.AggregatedOutput.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "<no output>";
        TestContext.Out.WriteLine($"[{mode}{(IsNested(argv) ? ", nested" : string.Empty)}] {string.Join(' ', argv.Skip(2))} -> exit {result.ExitCode}: {firstError}");
        return result;
    }

    public void Dispose() => _scratch.Dispose();

    private static bool IsNested(string[] argv) => argv.Length == 3 && argv[2].StartsWith("bash -c ", StringComparison.Ordinal);
}

/// <summary>A TCP listener on 127.0.0.1 with a kernel-chosen port.</summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public LoopbackListener()
    {
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>True when some client completed a connection (it waits in the backlog).</summary>
    public bool HasConnection => _listener.Pending();

    public void Dispose() => _listener.Dispose();
}
