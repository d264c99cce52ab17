using Codex.Engine.Sandbox;
using Codex.Protocol;

namespace Codex.Engine.Approvals;

/// <summary>
/// The approval rules of spec §5.2 and §5.6 as pure functions, so the approval matrix of §5.5
/// can be checked row by row without running anything.
/// </summary>
internal static class ApprovalPolicyEvaluator
{
    /// <summary>The reason given when a sandboxed command failed and may be re-run without it.</summary>
    public const string RetryWithoutSandboxReason = "command failed; retry without sandbox?";

    /// <summary>Decides whether a command is rejected, asked about, or run, and how.</summary>
    /// <param name="argv">The command.</param>
    /// <param name="policy">The approval policy.</param>
    /// <param name="sandbox">The sandbox policy.</param>
    /// <param name="escalated">The model asked to run without the sandbox.</param>
    /// <param name="approvedForSession">The same command was approved for the session before.</param>
    public static ExecPlan PlanExec(IReadOnlyList<string> argv, AskForApproval policy, SandboxPolicy sandbox, bool escalated, bool approvedForSession)
    {
        if (escalated && policy != AskForApproval.OnRequest)
        {
            var name = DebugName(policy);
            return new ExecPlan(ExecPlanKind.Reject, false,
                $"approval policy is {name}; reject command — you should not ask for escalated permissions if the approval policy is {name}");
        }

        var unsandboxed = sandbox.Mode == SandboxMode.DangerFullAccess || escalated;
        var needsApproval = !CommandSafety.IsKnownSafe(argv) && policy switch
        {
            AskForApproval.Never or AskForApproval.OnFailure => false,
            AskForApproval.OnRequest => sandbox.Mode == SandboxMode.DangerFullAccess
                ? CommandSafety.MightBeDangerous(argv)
                : escalated || CommandSafety.MightBeDangerous(argv),
            _ => true,
        };

        if (needsApproval && !approvedForSession)
        {
            return new ExecPlan(ExecPlanKind.Ask, !unsandboxed);
        }

        return new ExecPlan(ExecPlanKind.Run, !unsandboxed);
    }

    /// <summary>What to do when a sandboxed attempt looks like a sandbox denial.</summary>
    /// <param name="policy">The approval policy.</param>
    /// <param name="alreadyApproved">The user approved this command before it ran (or for the session).</param>
    public static SandboxDenialAction OnSandboxDenial(AskForApproval policy, bool alreadyApproved) =>
        policy == AskForApproval.Never ? SandboxDenialAction.Report
        : alreadyApproved ? SandboxDenialAction.RetryUnsandboxed
        : SandboxDenialAction.AskToRetryUnsandboxed;

    /// <summary>The patch-safety decision of spec §5.6.</summary>
    public static PatchPlan PlanPatch(IReadOnlyCollection<string> affectedPaths, bool isEmpty, AskForApproval policy, SandboxPolicy sandbox, string cwd, IReadOnlyCollection<string> approvedRoots)
    {
        if (isEmpty)
        {
            return new PatchPlan(PatchPlanKind.Reject, "patch rejected: empty patch");
        }

        if (policy == AskForApproval.Untrusted)
        {
            return IsUnderAny(affectedPaths, approvedRoots) ? new PatchPlan(PatchPlanKind.AutoApprove) : new PatchPlan(PatchPlanKind.Ask);
        }

        if (sandbox.Mode == SandboxMode.DangerFullAccess || AllWritable(affectedPaths, sandbox, cwd))
        {
            return new PatchPlan(PatchPlanKind.AutoApprove);
        }

        if (IsUnderAny(affectedPaths, approvedRoots))
        {
            return new PatchPlan(PatchPlanKind.AutoApprove);
        }

        return policy == AskForApproval.Never
            ? new PatchPlan(PatchPlanKind.Reject, "patch rejected: writing outside of the project; rejected by user approval settings")
            : new PatchPlan(PatchPlanKind.Ask, policy == AskForApproval.OnFailure ? RetryWithoutSandboxReason : null);
    }

    /// <summary>
    /// Whether every path lies in a writable root and outside its read-only parts (such as <c>.git</c>).
    /// Unlike the original's lexical check, symbolic links are followed: the original writes the
    /// patch inside the sandbox, where the kernel follows them, while this engine writes it
    /// directly, so a link from the workspace to elsewhere must not count as the workspace.
    /// </summary>
    public static bool AllWritable(IEnumerable<string> paths, SandboxPolicy sandbox, string cwd)
    {
        if (sandbox.Mode == SandboxMode.DangerFullAccess)
        {
            return true;
        }

        var roots = sandbox.GetWritableRoots(cwd)
            .Select(root => (Root: PhysicalPath.Resolve(root.Root), ReadOnly: root.ReadOnlySubpaths.Select(PhysicalPath.Resolve).ToList()))
            .ToList();
        return paths.All(path =>
        {
            var physical = PhysicalPath.Resolve(path);
            return roots.Any(root => IsUnder(physical, root.Root) && !root.ReadOnly.Any(readOnly => IsUnder(physical, readOnly)));
        });
    }

    /// <summary>The key under which <c>approved_for_session</c> remembers a command: argv, cwd and escalation.</summary>
    public static string CommandKey(IReadOnlyList<string> argv, string cwd, bool escalated) =>
        string.Join('\0', argv) + "\u0001" + cwd + "\u0001" + (escalated ? "1" : "0");

    private static bool IsUnderAny(IEnumerable<string> paths, IReadOnlyCollection<string> roots) =>
        roots.Count > 0 && paths.All(path => roots.Any(root => IsUnder(PhysicalPath.Resolve(path), PhysicalPath.Resolve(root))));

    private static bool IsUnder(string path, string root)
    {
        var normalizedRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return path.Equals(normalizedRoot, StringComparison.Ordinal)
            || path.StartsWith(normalizedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string DebugName(AskForApproval policy) => policy switch
    {
        AskForApproval.Untrusted => "UnlessTrusted",
        AskForApproval.OnFailure => "OnFailure",
        AskForApproval.OnRequest => "OnRequest",
        _ => "Never",
    };
}

/// <summary>Reject, ask or auto-approve a patch.</summary>
internal enum PatchPlanKind
{
    /// <summary>Do not write; tell the model <see cref="PatchPlan.Text"/>.</summary>
    Reject,

    /// <summary>Ask the user (with <see cref="PatchPlan.Text"/> as the reason, when set).</summary>
    Ask,

    /// <summary>Write without asking.</summary>
    AutoApprove,
}

/// <summary>The decision for one patch.</summary>
internal sealed record PatchPlan(PatchPlanKind Kind, string? Text = null);
