namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>A syntactically valid patch.</summary>
/// <param name="Text">The patch from its Begin line to its End line, without any heredoc wrapper, joined with <c>\n</c>.</param>
/// <param name="Hunks">The file operations in patch order (possibly none: an empty patch).</param>
public sealed record ParsedPatch(string Text, IReadOnlyList<PatchHunk> Hunks);
