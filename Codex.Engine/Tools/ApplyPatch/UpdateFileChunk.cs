namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>One <c>@@</c> chunk of an Update File operation (spec §8.2).</summary>
/// <param name="ChangeContext">The text after <c>@@ </c>, a single line located before the old lines; null for a bare <c>@@</c>.</param>
/// <param name="OldLines">Context and <c>-</c> lines, in order: the block to find.</param>
/// <param name="NewLines">Context and <c>+</c> lines, in order: its replacement.</param>
/// <param name="IsEndOfFile">True when <c>*** End of File</c> anchors the old lines at the end of the file.</param>
public sealed record UpdateFileChunk(
    string? ChangeContext,
    IReadOnlyList<string> OldLines,
    IReadOnlyList<string> NewLines,
    bool IsEndOfFile);
