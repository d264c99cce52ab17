namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// The outcome of applying a patch, shaped like the original helper's output (spec §8.4): the
/// <c>patch_apply_end</c> event's fields, and what the model is told.
/// </summary>
/// <param name="Success">True when every file was written.</param>
/// <param name="Stdout"><c>Success. Updated the following files:\n</c> then <c>A</c>/<c>M</c>/<c>D</c> lines; empty on failure.</param>
/// <param name="Stderr">The error text and a newline on failure; empty on success.</param>
public sealed record PatchApplyResult(bool Success, string Stdout, string Stderr)
{
    /// <summary>The helper's exit code: 0 on success, 1 on failure.</summary>
    public int ExitCode => Success ? 0 : 1;

    internal static PatchApplyResult Succeeded(string stdout) => new(true, stdout, string.Empty);

    internal static PatchApplyResult Failed(string error) => new(false, string.Empty, error + "\n");
}
