namespace Codex.Engine.Sandbox;

/// <summary>A directory a sandboxed command may write under, minus paths that stay read-only.</summary>
/// <param name="Root">Absolute path of the writable directory.</param>
/// <param name="ReadOnlySubpaths">
/// Absolute paths inside <paramref name="Root"/> that must stay read-only: its top-level
/// <c>.git</c> (a directory, or a file in a worktree) when one exists.
/// </param>
public sealed record WritableRoot(string Root, IReadOnlyList<string> ReadOnlySubpaths);
