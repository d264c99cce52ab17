using System.Globalization;
using System.Text;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// Renders the hunks of a unified diff between two texts, GNU diff / git style: <c>@@ -a,b +c,d @@</c>
/// headers (a count of 1 is omitted, an empty range starts at the line before it), changes merged
/// into one hunk when at most twice the context lies between them, and
/// <c>\ No newline at end of file</c> after a last line that has no newline.
/// </summary>
internal static class UnifiedDiffFormatter
{
    private const string NoNewlineMarker = "\\ No newline at end of file\n";

    /// <summary>
    /// Returns the hunks (no file headers) that turn <paramref name="oldText"/> into
    /// <paramref name="newText"/> with <paramref name="context"/> lines of context; empty when equal.
    /// </summary>
    public static string Format(string oldText, string newText, int context)
    {
        var oldLines = SplitKeepingNewlines(oldText);
        var newLines = SplitKeepingNewlines(newText);
        var script = LineDiff.Compute(oldLines, newLines);
        var output = new StringBuilder();

        var index = NextChange(script, 0);
        while (index < script.Count)
        {
            var first = Math.Max(0, index - context);
            var lastChange = index;
            var scan = NextChange(script, index + 1);
            while (scan < script.Count && scan - lastChange - 1 <= 2 * context)
            {
                lastChange = scan;
                scan = NextChange(script, scan + 1);
            }

            var end = Math.Min(script.Count, lastChange + context + 1);
            WriteHunk(output, script, first, end, oldLines, newLines);
            index = scan;
        }

        return output.ToString();
    }

    /// <summary>Splits a text into lines that keep their <c>\n</c>; a last line without one stays bare.</summary>
    internal static List<string> SplitKeepingNewlines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    private static int NextChange(List<LineDiff.Edit> script, int from)
    {
        var i = from;
        while (i < script.Count && script[i].Kind == ' ')
        {
            i++;
        }

        return i;
    }

    private static void WriteHunk(
        StringBuilder output, List<LineDiff.Edit> script, int first, int end, List<string> oldLines, List<string> newLines)
    {
        int oldCount = 0, newCount = 0;
        for (var i = first; i < end; i++)
        {
            if (script[i].Kind != '+')
            {
                oldCount++;
            }

            if (script[i].Kind != '-')
            {
                newCount++;
            }
        }

        output.Append("@@ -").Append(Range(script[first].OldIndex, oldCount))
            .Append(" +").Append(Range(script[first].NewIndex, newCount)).Append(" @@\n");
        for (var i = first; i < end; i++)
        {
            var edit = script[i];
            var line = edit.Kind == '+' ? newLines[edit.NewIndex] : oldLines[edit.OldIndex];
            output.Append(edit.Kind).Append(line);
            if (!line.EndsWith('\n'))
            {
                output.Append('\n').Append(NoNewlineMarker);
            }
        }
    }

    private static string Range(int start, int count) => count switch
    {
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        0 => string.Create(CultureInfo.InvariantCulture, $"{start},0"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start + 1},{count}"),
    };
}
