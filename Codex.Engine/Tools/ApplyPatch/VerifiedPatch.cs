using Codex.Protocol;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// A patch checked against the file system (spec §8.5): every path resolved, every file to update
/// or delete read, every new content computed. Produced by <see cref="PatchVerifier.Verify"/>;
/// nothing has been written.
/// </summary>
public sealed class VerifiedPatch
{
    internal VerifiedPatch(
        ParsedPatch patch,
        string cwd,
        IReadOnlyDictionary<string, FileChange> changes,
        IReadOnlyList<string> affectedPaths,
        PatchPlan plan)
    {
        Patch = patch;
        Cwd = cwd;
        Changes = changes;
        AffectedPaths = affectedPaths;
        Plan = plan;
    }

    /// <summary>The parsed patch.</summary>
    public ParsedPatch Patch { get; }

    /// <summary>The absolute directory that relative paths were resolved against.</summary>
    public string Cwd { get; }

    /// <summary>
    /// The <c>changes</c> map of approval and patch events (spec §3.2), keyed by absolute path in patch
    /// order: Add with the content, Delete with the old content, Update with a one-context-line diff
    /// and the absolute move destination. A path named twice keeps its last operation.
    /// </summary>
    public IReadOnlyDictionary<string, FileChange> Changes { get; }

    /// <summary>
    /// Every absolute path that applying creates, rewrites or removes, move destinations included,
    /// in patch order: what the patch safety check (spec §5.6) and <see cref="TurnDiffTracker"/> look at.
    /// </summary>
    public IReadOnlyList<string> AffectedPaths { get; }

    /// <summary>True for a patch without file operations (spec §5.6 rejects it).</summary>
    public bool IsEmpty => Patch.Hunks.Count == 0;

    internal PatchPlan Plan { get; }
}
