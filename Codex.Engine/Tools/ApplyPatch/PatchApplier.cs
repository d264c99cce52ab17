namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// Writes a verified patch, all or nothing: a patch that fails changes no file, and a failure
/// part-way through the writes is rolled back (stricter than the original's sequential writes, §8.3).
/// </summary>
public static class PatchApplier
{
    /// <summary>
    /// Applies <paramref name="patch"/>. The new contents are recomputed from the files as they are now,
    /// as the original does when its helper runs, so edits made while approval was pending are not lost.
    /// Call <see cref="TurnDiffTracker.OnBeforeApply"/> first when a turn diff is wanted.
    /// </summary>
    /// <returns>Success with the §8.4 summary (paths as written in the patch), or failure with the error text.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before any file was replaced; nothing changed.</exception>
    public static Task<PatchApplyResult> ApplyAsync(VerifiedPatch patch, CancellationToken cancellationToken) =>
        ApplyAsync(patch, beforeReplace: null, cancellationToken);

    /// <param name="patch">The verified patch.</param>
    /// <param name="beforeReplace">Test seam, see <see cref="FileTransaction.CommitAsync"/>.</param>
    /// <param name="cancellationToken">Cancels before the first file is replaced.</param>
    internal static async Task<PatchApplyResult> ApplyAsync(
        VerifiedPatch patch, Action<string>? beforeReplace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.IsEmpty)
        {
            return PatchApplyResult.Failed("No files were modified.");
        }

        try
        {
            var plan = PatchVerifier.Verify(patch.Patch, patch.Cwd).Plan;
            await FileTransaction.CommitAsync(plan.Writes, beforeReplace, cancellationToken).ConfigureAwait(false);
            return PatchApplyResult.Succeeded(plan.Summary);
        }
        catch (ApplyPatchException e)
        {
            return PatchApplyResult.Failed(e.Message);
        }
    }
}
