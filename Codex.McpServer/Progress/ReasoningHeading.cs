namespace Codex.McpServer.Progress;

/// <summary>
/// The heading of a reasoning summary section: the first <c>**bold**</c> text, as Codex's own
/// terminal client shows it while the model thinks. Until the closing <c>**</c> has streamed in
/// there is none yet, so a half-streamed heading is never shown.
/// </summary>
internal static class ReasoningHeading
{
    public static string? Extract(ReadOnlySpan<char> text)
    {
        var open = text.IndexOf("**", StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        var rest = text[(open + 2)..];
        var close = rest.IndexOf("**", StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        var inner = rest[..close].Trim();
        return inner.IsEmpty ? null : inner.ToString();
    }
}
