using Codex.Engine.Sandbox;

namespace Codex.Engine.Exec;

/// <summary>A command to run.</summary>
public sealed record ExecRequest
{
    /// <summary>The default timeout (spec §7.7).</summary>
    public const int DefaultTimeoutMs = 10_000;

    /// <summary>The argv, run directly (no shell unless argv names one). Must not be empty.</summary>
    public required IReadOnlyList<string> Argv { get; init; }

    /// <summary>The absolute working directory; it must exist.</summary>
    public required string Cwd { get; init; }

    /// <summary>The complete environment of the command (see <see cref="ShellEnvironment.Build"/>).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The policy enforced for this run; danger-full-access runs it unsandboxed.</summary>
    public required SandboxPolicy SandboxPolicy { get; init; }

    /// <summary>The timeout in milliseconds; null means <see cref="DefaultTimeoutMs"/>.</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>Bytes kept per output buffer of the result; null means 64 MiB.</summary>
    public int? MaxRetainedBytes { get; init; }

    /// <summary>
    /// Whether what is left of the command's process group (background children) is killed once it exited and
    /// its output was drained, as upstream does when it lets go of an exited unified exec session.
    /// </summary>
    public bool KillGroupAfterExit { get; init; }

    /// <summary>Chunks per stream passed to the sink; null means <see cref="ProcessRunner.MaxDeltasPerStream"/>.</summary>
    public int? MaxDeltasPerStream { get; init; }
}
