using Codex.Protocol;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>What the model asks for in one row of the approval matrix.</summary>
public enum MatrixAction
{
    /// <summary><c>/bin/sh -c "printf … &gt; &lt;workspace file&gt; &amp;&amp; cat …"</c>.</summary>
    WriteInWorkspace,

    /// <summary>The same write to a directory outside every writable root.</summary>
    WriteOutside,

    /// <summary><c>echo</c>, a known-safe command.</summary>
    Echo,

    /// <summary>A TCP connect from python to a listener the test opens on 127.0.0.1; prints OK or ERR: and exits 0.</summary>
    Network,

    /// <summary>The <c>apply_patch</c> function tool adding a file in the workspace.</summary>
    PatchToolInWorkspace,

    /// <summary>The <c>apply_patch</c> function tool adding a file outside the writable roots.</summary>
    PatchToolOutside,

    /// <summary><c>bash -lc "apply_patch &lt;&lt;'EOF' … EOF"</c> adding a file in the workspace.</summary>
    PatchHeredocInWorkspace,

    /// <summary>The heredoc form adding a file outside the writable roots.</summary>
    PatchHeredocOutside,
}

/// <summary>Which approval the client is asked for.</summary>
public enum MatrixPrompt
{
    /// <summary>No elicitation at all.</summary>
    None,

    /// <summary>One exec-approval elicitation.</summary>
    ExecApproval,

    /// <summary>One patch-approval elicitation.</summary>
    PatchApproval,
}

/// <summary>What must be observable after the turn.</summary>
public enum MatrixOutcome
{
    /// <summary>The target file exists with the expected content.</summary>
    Written,

    /// <summary>The target file does not exist.</summary>
    NotWritten,

    /// <summary>The listener was connected to and the command printed OK.</summary>
    NetworkSucceeded,

    /// <summary>Nothing connected and the command printed ERR:.</summary>
    NetworkFailed,

    /// <summary>The command ran (the model sees the echoed text).</summary>
    Ran,
}

/// <summary>One row of spec §5.5.</summary>
/// <param name="Number">The row's position in the spec's table (1-based).</param>
/// <param name="Policy">The approval policy.</param>
/// <param name="Sandbox">The sandbox mode.</param>
/// <param name="NetworkAccess">For workspace-write: <c>sandbox_workspace_write.network_access</c>.</param>
/// <param name="Action">What the model does.</param>
/// <param name="Escalated">The model's <c>with_escalated_permissions</c>.</param>
/// <param name="Prompt">The approval the client is asked for.</param>
/// <param name="PromptReason">The prompt's <c>codex_reason</c>, when the spec gives one.</param>
/// <param name="Answer">The client's answer to the prompt.</param>
/// <param name="Outcome">What must hold afterwards.</param>
/// <param name="ModelSees">Text the tool output sent to the model must contain.</param>
public sealed record ApprovalMatrixRow(
    int Number,
    AskForApproval Policy,
    SandboxMode Sandbox,
    bool NetworkAccess,
    MatrixAction Action,
    bool Escalated,
    MatrixPrompt Prompt,
    string? PromptReason,
    ReviewDecision Answer,
    MatrixOutcome Outcome,
    string? ModelSees)
{
    /// <summary>A short name for the test runner.</summary>
    public string DisplayName =>
        $"{Number:00} {Policy} {Sandbox}{(NetworkAccess ? "+net" : string.Empty)} {Action}{(Escalated ? " esc" : string.Empty)} -> {Prompt}{(Prompt == MatrixPrompt.None ? string.Empty : $" {Answer}")} {Outcome}";
}
