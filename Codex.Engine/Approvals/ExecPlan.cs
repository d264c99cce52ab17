namespace Codex.Engine.Approvals;

/// <summary>What to do with a shell command before it runs (spec §5.2 steps 0–4).</summary>
internal enum ExecPlanKind
{
    /// <summary>Do not run; tell the model <see cref="ExecPlan.RejectionText"/>.</summary>
    Reject,

    /// <summary>Ask the user first.</summary>
    Ask,

    /// <summary>Run without asking.</summary>
    Run,
}

/// <summary>The decision for one command.</summary>
/// <param name="Kind">Reject, ask or run.</param>
/// <param name="Sandboxed">Whether the first attempt runs inside the sandbox.</param>
/// <param name="RejectionText">With <see cref="ExecPlanKind.Reject"/>, what the model is told.</param>
internal sealed record ExecPlan(ExecPlanKind Kind, bool Sandboxed, string? RejectionText = null);

/// <summary>What to do after a sandboxed attempt looked like a sandbox denial (spec §5.2 step 5).</summary>
internal enum SandboxDenialAction
{
    /// <summary>Report the failure to the model (<c>never</c>).</summary>
    Report,

    /// <summary>Re-run without the sandbox at once (the user already approved).</summary>
    RetryUnsandboxed,

    /// <summary>Ask the user whether to re-run without the sandbox.</summary>
    AskToRetryUnsandboxed,
}
