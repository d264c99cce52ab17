using System.Text;
using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

/// <summary>
/// Writes an apply_patch Update that turns one text into another, the way a careful model would:
/// chunks from a line diff, each grown until its old lines can only match where they belong.
/// </summary>
internal static class PatchBuilder
{
    /// <summary>Returns the patch text, or null when the two texts have the same lines.</summary>
    /// <param name="path">The path written in the patch.</param>
    /// <param name="before">The file's current text.</param>
    /// <param name="after">The wanted text (the format always ends a non-empty file with a newline).</param>
    /// <param name="context">Context lines around each change.</param>
    /// <param name="markEndOfFile">Whether chunks reaching the end of the file say <c>*** End of File</c>.</param>
    public static string? FromTexts(string path, string before, string after, int context, bool markEndOfFile)
    {
        var oldLines = ChunkApplier.SplitFileLines(before);
        var newLines = ChunkApplier.SplitFileLines(after);
        var script = LineDiff.Compute(oldLines, newLines);
        var ranges = ChangeRanges(script, context);
        if (ranges.Count == 0)
        {
            return null;
        }

        ranges = MakeUnambiguous(ranges, script, oldLines);
        var patch = new StringBuilder("*** Begin Patch\n*** Update File: ").Append(path).Append('\n');
        foreach (var (start, end) in ranges)
        {
            patch.Append("@@\n");
            for (var i = start; i < end; i++)
            {
                var edit = script[i];
                var text = edit.Kind == '+' ? newLines[edit.NewIndex] : oldLines[edit.OldIndex];
                patch.Append(edit.Kind).Append(text).Append('\n');
            }

            if (markEndOfFile && OldEnd(script, end) == oldLines.Count && oldLines.Count > 0)
            {
                patch.Append("*** End of File\n");
            }
        }

        return patch.Append("*** End Patch\n").ToString();
    }

    /// <summary>Script ranges [start, end) holding each group of changes and its context.</summary>
    private static List<(int Start, int End)> ChangeRanges(List<LineDiff.Edit> script, int context)
    {
        var ranges = new List<(int Start, int End)>();
        for (var i = 0; i < script.Count; i++)
        {
            if (script[i].Kind == ' ')
            {
                continue;
            }

            var start = Math.Max(0, i - context);
            var end = Math.Min(script.Count, i + 1 + context);
            if (ranges.Count > 0 && start <= ranges[^1].End)
            {
                ranges[^1] = (ranges[^1].Start, Math.Max(end, ranges[^1].End));
            }
            else
            {
                ranges.Add((start, end));
            }
        }

        return ranges;
    }

    /// <summary>
    /// Grows each range backwards (merging with its predecessor when they touch) until its old lines
    /// hold at least one line and the first exact match at or after the previous chunk is its own place.
    /// </summary>
    private static List<(int Start, int End)> MakeUnambiguous(
        List<(int Start, int End)> ranges, List<LineDiff.Edit> script, List<string> oldLines)
    {
        var result = new List<(int Start, int End)>();
        foreach (var range in ranges)
        {
            var (start, end) = range;
            while (true)
            {
                var cursor = result.Count == 0 ? 0 : OldEnd(script, result[^1].End);
                var block = OldBlock(script, start, end, oldLines);
                var position = OldStart(script, start);
                var ok = oldLines.Count == 0
                    || (block.Count > 0 && LineSeeker.Seek(oldLines, block, cursor, endOfFile: false) == position);
                if (ok)
                {
                    break;
                }

                if (block.Count == 0 && end < script.Count)
                {
                    end++;
                }
                else if (start > 0 && (result.Count == 0 || start > result[^1].End))
                {
                    start--;
                }
                else if (result.Count > 0)
                {
                    start = result[^1].Start;
                    result.RemoveAt(result.Count - 1);
                }
                else
                {
                    end++;
                }
            }

            result.Add((start, end));
        }

        return result;
    }

    private static List<string> OldBlock(List<LineDiff.Edit> script, int start, int end, List<string> oldLines) =>
        [.. script.Skip(start).Take(end - start).Where(e => e.Kind != '+').Select(e => oldLines[e.OldIndex])];

    private static int OldStart(List<LineDiff.Edit> script, int start) =>
        start < script.Count ? script[start].OldIndex : script.Count == 0 ? 0 : OldEnd(script, script.Count);

    private static int OldEnd(List<LineDiff.Edit> script, int end) =>
        end == 0 ? 0 : script[end - 1].Kind == '+' ? script[end - 1].OldIndex : script[end - 1].OldIndex + 1;
}
