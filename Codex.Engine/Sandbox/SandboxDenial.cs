using Codex.Engine.Exec;

namespace Codex.Engine.Sandbox;

/// <summary>The heuristic that tells a sandbox denial from an ordinary failure (spec §5.4).</summary>
public static class SandboxDenial
{
    private static readonly string[] DenialPhrases =
    [
        "operation not permitted", "permission denied", "read-only file system", "seccomp", "sandbox", "landlock", "failed to write file",
    ];

    // 128 + SIGSYS: what a seccomp filter returning SECCOMP_RET_KILL produces.
    private const int KilledBySigsys = 159;

    /// <summary>
    /// True when <paramref name="result"/>, from a command that ran inside the sandbox, looks
    /// like the sandbox stopped it. Successes and timeouts never count.
    /// </summary>
    public static bool IsLikelyDenied(ExecResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ExitCode == 0 || result.TimedOut)
        {
            return false;
        }

        if (ContainsDenialPhrase(result.Stdout) || ContainsDenialPhrase(result.Stderr) || ContainsDenialPhrase(result.AggregatedOutput))
        {
            return true;
        }

        if (result.ExitCode is 2 or 126 or 127)
        {
            return false;
        }

        return result.ExitCode == KilledBySigsys;
    }

    /// <summary>The phrase to report in <c>failed in sandbox: …</c> (spec §5.2), or null for none.</summary>
    public static string? DenialReason(ExecResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] reasons = ["Permission denied", "Operation not permitted", "Read-only file system"];
        return reasons.FirstOrDefault(reason =>
            result.Stdout.Contains(reason, StringComparison.Ordinal)
            || result.Stderr.Contains(reason, StringComparison.Ordinal)
            || result.AggregatedOutput.Contains(reason, StringComparison.Ordinal));
    }

    private static bool ContainsDenialPhrase(string text) =>
        DenialPhrases.Any(phrase => text.Contains(phrase, StringComparison.OrdinalIgnoreCase));
}
