using System.Globalization;
using System.Text;

namespace Codex.Engine.Exec;

/// <summary>
/// What the model sees of a command's output (spec §7.6): the timeout prefix, head+tail
/// truncation, and the JSON or plain-text wrapper.
/// </summary>
public static class ModelOutputFormatter
{
    /// <summary>The byte limit of the model copy.</summary>
    public const int MaxBytes = 10 * 1024;

    /// <summary>The line limit of the model copy.</summary>
    public const int MaxLines = 256;

    /// <summary>Lines kept from the start.</summary>
    public const int HeadLines = MaxLines / 2;

    /// <summary>Lines kept from the end.</summary>
    public const int TailLines = MaxLines - HeadLines;

    /// <summary>The byte cap of the head.</summary>
    public const int HeadBytes = MaxBytes / 2;

    /// <summary>
    /// The output text as the model sees it (and as <c>exec_command_end.formatted_output</c> carries
    /// it): the aggregated output, prefixed with <c>command timed out after &lt;ms&gt; milliseconds\n</c>
    /// on timeout, then truncated.
    /// </summary>
    public static string FormatOutput(ExecResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Truncate(WithTimeoutPrefix(result)).Text;
    }

    /// <summary>
    /// The JSON string returned to the model:
    /// <c>{"output":…,"metadata":{"exit_code":…,"duration_seconds":…}}</c>, duration rounded to 0.1 s.
    /// </summary>
    public static string FormatJson(ExecResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = new StringBuilder();
        json.Append("{\"output\":");
        AppendJsonString(json, FormatOutput(result));
        json.Append(",\"metadata\":{\"exit_code\":")
            .Append(result.ExitCode.ToString(CultureInfo.InvariantCulture))
            .Append(",\"duration_seconds\":")
            .Append(RoundedSeconds(result.Duration).ToString("0.0", CultureInfo.InvariantCulture))
            .Append("}}");
        return json.ToString();
    }

    /// <summary>
    /// The plain-text form used for models with the freeform apply_patch tool:
    /// <c>Exit code: c\nWall time: s seconds\n[Total output lines: n\n]Output:\n…</c>.
    /// </summary>
    public static string FormatPlainText(ExecResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        TruncatedOutput output = Truncate(WithTimeoutPrefix(result));
        var text = new StringBuilder();
        text.Append("Exit code: ").Append(result.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Wall time: ").Append(RoundedSeconds(result.Duration).ToString("0.#", CultureInfo.InvariantCulture)).Append(" seconds\n");
        if (output.WasTruncated)
        {
            text.Append("Total output lines: ").Append(output.TotalLines.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("Output:\n").Append(output.Text);
        return text.ToString();
    }

    /// <summary>A truncated text and what it was cut from.</summary>
    internal readonly record struct TruncatedOutput(string Text, bool WasTruncated, int TotalLines);

    /// <summary>
    /// Keeps at most <see cref="MaxBytes"/> bytes and <see cref="MaxLines"/> lines: the first
    /// <see cref="HeadLines"/> lines (at most <see cref="HeadBytes"/> bytes), an omission marker,
    /// then the end of the last <see cref="TailLines"/> lines within the remaining budget. Cuts fall
    /// on UTF-8 character boundaries.
    /// </summary>
    internal static TruncatedOutput Truncate(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        List<int> lineEnds = LineEnds(bytes);
        int totalLines = lineEnds.Count;
        if (bytes.Length <= MaxBytes && totalLines <= MaxLines)
        {
            return new TruncatedOutput(text, false, totalLines);
        }

        int headTake = Math.Min(HeadLines, totalLines);
        int tailTake = Math.Min(TailLines, totalLines - headTake);
        int omitted = totalLines - headTake - tailTake;
        int headEnd = headTake == 0 ? 0 : lineEnds[headTake - 1];
        int tailStart = tailTake == 0 ? bytes.Length : lineEnds[totalLines - tailTake - 1];

        int headLength = CharBoundaryAtOrBefore(bytes, Math.Min(headEnd, HeadBytes));
        string marker = $"\n[... omitted {omitted} of {totalLines} lines ...]\n\n";
        int markerLength = Encoding.UTF8.GetByteCount(marker);
        int tailBudget = Math.Max(0, MaxBytes - headLength - markerLength);
        int tailLength = bytes.Length - tailStart;
        int tailFrom = tailLength <= tailBudget ? tailStart : CharBoundaryAtOrAfter(bytes, bytes.Length - tailBudget);

        var result = new StringBuilder();
        result.Append("Total output lines: ").Append(totalLines.ToString(CultureInfo.InvariantCulture)).Append("\n\n");
        result.Append(Encoding.UTF8.GetString(bytes, 0, headLength));
        result.Append(marker);
        result.Append(Encoding.UTF8.GetString(bytes, tailFrom, bytes.Length - tailFrom));
        return new TruncatedOutput(result.ToString(), true, totalLines);
    }

    private static string WithTimeoutPrefix(ExecResult result) =>
        result.TimedOut
            ? $"command timed out after {(long)result.Duration.TotalMilliseconds} milliseconds\n{result.AggregatedOutput}"
            : result.AggregatedOutput;

    private static double RoundedSeconds(TimeSpan duration) =>
        Math.Round(duration.TotalSeconds * 10, MidpointRounding.AwayFromZero) / 10;

    /// <summary>The end offset (exclusive) of each line; a final line without '\n' counts too.</summary>
    private static List<int> LineEnds(byte[] bytes)
    {
        var ends = new List<int>();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                ends.Add(i + 1);
            }
        }

        if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
        {
            ends.Add(bytes.Length);
        }

        return ends;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static int CharBoundaryAtOrBefore(byte[] bytes, int index)
    {
        while (index > 0 && index < bytes.Length && IsContinuation(bytes[index]))
        {
            index--;
        }

        return index;
    }

    private static int CharBoundaryAtOrAfter(byte[] bytes, int index)
    {
        while (index < bytes.Length && IsContinuation(bytes[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>Writes a JSON string the way serde_json does: only quotes, backslashes and control characters are escaped.</summary>
    private static void AppendJsonString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case '\b':
                    json.Append("\\b");
                    break;
                case '\f':
                    json.Append("\\f");
                    break;
                case < ' ':
                    json.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }
}
