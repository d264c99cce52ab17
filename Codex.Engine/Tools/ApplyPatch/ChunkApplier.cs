namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>Computes a file's new text from its current text and an Update's chunks (spec §8.3).</summary>
internal static class ChunkApplier
{
    /// <summary>
    /// Applies <paramref name="chunks"/> to <paramref name="original"/>. The result always ends with a
    /// newline unless it has no lines at all.
    /// </summary>
    /// <param name="original">The file's current text.</param>
    /// <param name="chunks">The chunks, in order.</param>
    /// <param name="displayPath">The path named in error messages.</param>
    /// <exception cref="ApplyPatchException">A context line or an old-line block is not found.</exception>
    public static string Apply(string original, IReadOnlyList<UpdateFileChunk> chunks, string displayPath)
    {
        var lines = SplitFileLines(original);
        var replacements = ComputeReplacements(lines, chunks, displayPath);

        // Later positions first, so that earlier indices stay valid.
        for (var r = replacements.Count - 1; r >= 0; r--)
        {
            var (start, oldCount, newLines) = replacements[r];
            lines.RemoveRange(start, Math.Min(oldCount, lines.Count - start));
            lines.InsertRange(start, newLines);
        }

        // Deliberately "join + final newline" for every non-empty result (spec §8.3); the original
        // skipped the newline when the last line was empty, dropping a trailing blank line.
        return lines.Count == 0 ? string.Empty : string.Join('\n', lines) + "\n";
    }

    /// <summary>Splits on <c>\n</c> and drops the empty element that follows a final newline.</summary>
    internal static List<string> SplitFileLines(string text)
    {
        var lines = new List<string>(text.Split('\n'));
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static List<(int Start, int OldCount, IReadOnlyList<string> NewLines)> ComputeReplacements(
        List<string> lines, IReadOnlyList<UpdateFileChunk> chunks, string displayPath)
    {
        var replacements = new List<(int Start, int OldCount, IReadOnlyList<string> NewLines)>();
        var cursor = 0;
        foreach (var chunk in chunks)
        {
            if (chunk.ChangeContext is { } context)
            {
                var found = LineSeeker.Seek(lines, [context], cursor, endOfFile: false);
                if (found < 0)
                {
                    throw new ApplyPatchException($"Failed to find context '{context}' in {displayPath}");
                }

                cursor = found + 1;
            }

            if (chunk.OldLines.Count == 0)
            {
                // A pure insertion goes to the end of the file (before a final blank line), whatever the cursor.
                var at = lines.Count > 0 && lines[^1].Length == 0 ? lines.Count - 1 : lines.Count;
                replacements.Add((at, 0, chunk.NewLines));
                continue;
            }

            var pattern = chunk.OldLines;
            var newLines = chunk.NewLines;
            var start = LineSeeker.Seek(lines, pattern, cursor, chunk.IsEndOfFile);
            if (start < 0 && pattern[^1].Length == 0)
            {
                // A trailing empty old line usually stands for the file's final newline, which is not a line here.
                pattern = Take(pattern, pattern.Count - 1);
                if (newLines.Count > 0 && newLines[^1].Length == 0)
                {
                    newLines = Take(newLines, newLines.Count - 1);
                }

                start = LineSeeker.Seek(lines, pattern, cursor, chunk.IsEndOfFile);
            }

            if (start < 0)
            {
                throw new ApplyPatchException(
                    $"Failed to find expected lines in {displayPath}:\n{string.Join('\n', chunk.OldLines)}");
            }

            replacements.Add((start, pattern.Count, newLines));
            cursor = start + pattern.Count;
        }

        // Stable, so insertions at the same position keep their patch order.
        return [.. replacements.OrderBy(r => r.Start)];
    }

    private static string[] Take(IReadOnlyList<string> lines, int count)
    {
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = lines[i];
        }

        return result;
    }
}
