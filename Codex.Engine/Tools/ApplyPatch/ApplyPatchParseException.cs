namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// The patch text does not follow the apply_patch grammar (spec §8.2). The message is either
/// <c>invalid patch: &lt;detail&gt;</c> or <c>invalid hunk at line &lt;n&gt;, &lt;detail&gt;</c>.
/// </summary>
public sealed class ApplyPatchParseException : ApplyPatchException
{
    private ApplyPatchParseException(string message, string detail, int? lineNumber)
        : base(message)
    {
        Detail = detail;
        LineNumber = lineNumber;
    }

    /// <summary>The error without its <c>invalid patch:</c> / <c>invalid hunk at line n,</c> prefix.</summary>
    public string Detail { get; }

    /// <summary>The 1-based line (counting the Begin line) of a hunk error; null for a boundary error.</summary>
    public int? LineNumber { get; }

    internal static ApplyPatchParseException InvalidPatch(string detail) =>
        new($"invalid patch: {detail}", detail, null);

    internal static ApplyPatchParseException InvalidHunk(string detail, int lineNumber) =>
        new($"invalid hunk at line {lineNumber}, {detail}", detail, lineNumber);
}
