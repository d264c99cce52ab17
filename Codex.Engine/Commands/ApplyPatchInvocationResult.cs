namespace Codex.Engine.Commands;

/// <summary>
/// What a shell argv means for apply_patch (spec §8.6): an ordinary command, an apply_patch
/// invocation, or a bare patch that must be refused.
/// </summary>
public abstract record ApplyPatchInvocationResult;

/// <summary>The argv is an ordinary command.</summary>
public sealed record NotApplyPatch : ApplyPatchInvocationResult
{
    /// <summary>The single instance.</summary>
    public static NotApplyPatch Instance { get; } = new();

    private NotApplyPatch()
    {
    }
}

/// <summary>The argv invokes apply_patch.</summary>
/// <param name="Patch">The patch text, not yet parsed or verified.</param>
/// <param name="EffectiveCwd">
/// The directory relative patch paths resolve against: the call's cwd, or the target of a
/// leading <c>cd … &amp;&amp;</c> (used for verification and for writing; the baseline wrote in the
/// call's cwd, which spec §8.6 calls a bug).
/// </param>
public sealed record ApplyPatchInvocation(string Patch, string EffectiveCwd) : ApplyPatchInvocationResult
{
    /// <summary>Classifies a shell argv; see <see cref="ApplyPatchInvocationParser"/>.</summary>
    public static ApplyPatchInvocationResult Parse(IReadOnlyList<string> argv, string cwd) =>
        ApplyPatchInvocationParser.Parse(argv, cwd);
}

/// <summary>The argv is a patch without an explicit apply_patch call.</summary>
/// <param name="Message">
/// The verification error; the model sees it prefixed with <c>apply_patch verification failed: </c>.
/// </param>
public sealed record ApplyPatchInvocationError(string Message) : ApplyPatchInvocationResult;
