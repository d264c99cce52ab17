using System.Text;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// Parses apply_patch text in the original's lenient mode (spec §8.1–§8.2): the text is trimmed,
/// a heredoc wrapper (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;'EOF'</c>, <c>&lt;&lt;"EOF"</c>) is tolerated, file headers
/// are trimmed, and the first chunk of an Update may omit its <c>@@</c>.
/// </summary>
public static class ApplyPatchParser
{
    private const string BeginPatchMarker = "*** Begin Patch";
    private const string EndPatchMarker = "*** End Patch";
    private const string AddFileMarker = "*** Add File: ";
    private const string DeleteFileMarker = "*** Delete File: ";
    private const string UpdateFileMarker = "*** Update File: ";
    private const string MoveToMarker = "*** Move to: ";
    private const string EndOfFileMarker = "*** End of File";
    private const string ChangeContextMarker = "@@ ";
    private const string EmptyChangeContextMarker = "@@";
    private const string EmptyChunkMessage = "Update hunk does not contain any lines";

    /// <summary>Parses <paramref name="patchText"/>.</summary>
    /// <exception cref="ApplyPatchParseException">The text is not a valid patch; the message is the original's exact text.</exception>
    public static ParsedPatch Parse(string patchText)
    {
        ArgumentNullException.ThrowIfNull(patchText);
        var lines = SplitLines(patchText.Trim());
        var (first, last) = FindBoundaries(lines);

        var hunks = new List<PatchHunk>();
        var index = first + 1;
        var lineNumber = 2;
        while (index < last)
        {
            var consumed = ParseOneHunk(lines, index, last, lineNumber, hunks);
            index += consumed;
            lineNumber += consumed;
        }

        var text = string.Join('\n', lines, first, last - first + 1);
        return new ParsedPatch(text, hunks);
    }

    // Mirrors Rust's str::lines(): split on \n, drop one trailing \r per line, no final empty line.
    private static string[] SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var parts = text.Split('\n');
        var count = parts[^1].Length == 0 ? parts.Length - 1 : parts.Length;
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            var part = parts[i];
            lines[i] = part.EndsWith('\r') ? part[..^1] : part;
        }

        return lines;
    }

    /// <returns>The indices of the Begin and End lines.</returns>
    private static (int First, int Last) FindBoundaries(string[] lines)
    {
        var strictError = CheckBoundaries(lines, 0, lines.Length - 1);
        if (strictError is null)
        {
            return (0, lines.Length - 1);
        }

        // Lenient mode: a model sometimes passes a heredoc literally, wrapper lines included.
        if (lines.Length >= 4
            && lines[0] is "<<EOF" or "<<'EOF'" or "<<\"EOF\""
            && lines[^1].EndsWith("EOF", StringComparison.Ordinal))
        {
            var innerError = CheckBoundaries(lines, 1, lines.Length - 2);
            if (innerError is not null)
            {
                throw innerError;
            }

            return (1, lines.Length - 2);
        }

        throw strictError;
    }

    private static ApplyPatchParseException? CheckBoundaries(string[] lines, int first, int last)
    {
        // Boundary lines are compared trimmed (as later releases do): harmless extra leniency.
        var firstLine = first <= last ? lines[first].Trim() : null;
        var lastLine = first <= last ? lines[last].Trim() : null;
        if (firstLine == BeginPatchMarker && lastLine == EndPatchMarker && first < last)
        {
            return null;
        }

        if (firstLine is not null && firstLine != BeginPatchMarker)
        {
            return ApplyPatchParseException.InvalidPatch("The first line of the patch must be '*** Begin Patch'");
        }

        return ApplyPatchParseException.InvalidPatch("The last line of the patch must be '*** End Patch'");
    }

    /// <returns>The number of lines consumed, starting at <paramref name="start"/>.</returns>
    private static int ParseOneHunk(string[] lines, int start, int end, int lineNumber, List<PatchHunk> hunks)
    {
        var header = lines[start].Trim();
        if (header.StartsWith(AddFileMarker, StringComparison.Ordinal))
        {
            var contents = new StringBuilder();
            var consumed = 1;
            for (var i = start + 1; i < end && lines[i].StartsWith('+'); i++)
            {
                contents.Append(lines[i], 1, lines[i].Length - 1).Append('\n');
                consumed++;
            }

            hunks.Add(new AddFileHunk(header[AddFileMarker.Length..], contents.ToString()));
            return consumed;
        }

        if (header.StartsWith(DeleteFileMarker, StringComparison.Ordinal))
        {
            hunks.Add(new DeleteFileHunk(header[DeleteFileMarker.Length..]));
            return 1;
        }

        if (header.StartsWith(UpdateFileMarker, StringComparison.Ordinal))
        {
            var path = header[UpdateFileMarker.Length..];
            var index = start + 1;
            string? movePath = null;
            if (index < end && lines[index].StartsWith(MoveToMarker, StringComparison.Ordinal))
            {
                movePath = lines[index][MoveToMarker.Length..];
                index++;
            }

            var chunks = new List<UpdateFileChunk>();
            while (index < end)
            {
                if (string.IsNullOrWhiteSpace(lines[index]))
                {
                    index++;
                    continue;
                }

                if (lines[index].StartsWith("***", StringComparison.Ordinal))
                {
                    break;
                }

                var chunkLineNumber = lineNumber + (index - start);
                var (chunk, consumed) = ParseChunk(lines, index, end, chunkLineNumber, allowMissingContext: chunks.Count == 0);
                chunks.Add(chunk);
                index += consumed;
            }

            if (chunks.Count == 0)
            {
                throw ApplyPatchParseException.InvalidHunk($"Update file hunk for path '{path}' is empty", lineNumber);
            }

            hunks.Add(new UpdateFileHunk(path, movePath, chunks));
            return index - start;
        }

        throw ApplyPatchParseException.InvalidHunk(
            $"'{header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {{path}}', '*** Delete File: {{path}}', '*** Update File: {{path}}'",
            lineNumber);
    }

    // Line numbers of errors are those the original reports, including its offsets.
    private static (UpdateFileChunk Chunk, int Consumed) ParseChunk(
        string[] lines, int start, int end, int lineNumber, bool allowMissingContext)
    {
        var first = lines[start];
        string? context;
        int bodyStart;
        if (first == EmptyChangeContextMarker)
        {
            context = null;
            bodyStart = 1;
        }
        else if (first.StartsWith(ChangeContextMarker, StringComparison.Ordinal))
        {
            context = first[ChangeContextMarker.Length..];
            bodyStart = 1;
        }
        else if (allowMissingContext)
        {
            context = null;
            bodyStart = 0;
        }
        else
        {
            throw ApplyPatchParseException.InvalidHunk(
                $"Expected update hunk to start with a @@ context marker, got: '{first}'", lineNumber);
        }

        if (start + bodyStart >= end)
        {
            throw ApplyPatchParseException.InvalidHunk(EmptyChunkMessage, lineNumber + 1);
        }

        var oldLines = new List<string>();
        var newLines = new List<string>();
        var isEndOfFile = false;
        var parsed = 0;
        for (var i = start + bodyStart; i < end; i++)
        {
            var line = lines[i];
            if (line == EndOfFileMarker)
            {
                if (parsed == 0)
                {
                    throw ApplyPatchParseException.InvalidHunk(EmptyChunkMessage, lineNumber + 1);
                }

                isEndOfFile = true;
                parsed++;
                break;
            }

            if (line.Length == 0)
            {
                // An empty line is an empty context line: editors and models strip the lone space.
                oldLines.Add(string.Empty);
                newLines.Add(string.Empty);
            }
            else if (line[0] == ' ')
            {
                oldLines.Add(line[1..]);
                newLines.Add(line[1..]);
            }
            else if (line[0] == '+')
            {
                newLines.Add(line[1..]);
            }
            else if (line[0] == '-')
            {
                oldLines.Add(line[1..]);
            }
            else if (parsed == 0)
            {
                throw ApplyPatchParseException.InvalidHunk(
                    $"Unexpected line found in update hunk: '{line}'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
                    lineNumber + 1);
            }
            else
            {
                // The next chunk's @@ or the next file operation.
                break;
            }

            parsed++;
        }

        return (new UpdateFileChunk(context, oldLines, newLines, isEndOfFile), parsed + bodyStart);
    }
}
