using System.Globalization;
using System.Text;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// The document text being read, with its name, and the one place that turns a character offset
/// into a 1-based line and column for an error. A leading byte-order mark is skipped and not counted.
/// </summary>
internal sealed class TomlSource
{
    public TomlSource(string text, string? name)
    {
        Text = text;
        Name = name;
        Start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
    }

    public string Text { get; }

    public string? Name { get; }

    /// <summary>Offset of the first character after an optional byte-order mark.</summary>
    public int Start { get; }

    public TomlException Error(int offset, string reason)
    {
        offset = Math.Clamp(offset, Start, Text.Length);
        int line = 1;
        int lineStart = Start;
        for (int i = Start; i < offset; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        // Columns count code points, so a character outside the BMP is one column.
        int column = 1;
        for (int i = lineStart; i < offset; i++)
        {
            if (!(char.IsLowSurrogate(Text[i]) && i > lineStart && char.IsHighSurrogate(Text[i - 1])))
            {
                column++;
            }
        }

        return new TomlException(reason, Name, line, column);
    }

    /// <summary>
    /// TOML allows no control character other than tab and line breaks anywhere, raw, and a
    /// carriage return only before a line feed; checking once up front keeps that out of every scanner.
    /// Unpaired surrogates can only come from a caller-built string and are rejected the same way.
    /// </summary>
    public void RejectForbiddenCharacters()
    {
        string text = Text;
        for (int i = Start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\t' || c == '\n' || (c >= ' ' && c < '\u007F'))
            {
                continue;
            }

            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                throw Error(i, "a carriage return must be followed by a line feed");
            }

            if (c < ' ' || c == '\u007F')
            {
                throw Error(i, $"control character {DescribeCodePoint(c)} is not allowed; write it as an escape inside a basic string");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw Error(i, $"unpaired surrogate {DescribeCodePoint(c)} is not valid Unicode text");
            }
        }
    }

    /// <summary>Names the character at <paramref name="offset"/> for an error message.</summary>
    public string Describe(int offset)
    {
        if (offset >= Text.Length)
        {
            return "end of input";
        }

        char c = Text[offset];
        return c switch
        {
            '\n' or '\r' => "end of line",
            '\'' => "\"'\"",
            _ when c <= ' ' || c == '\u007F' || char.IsSurrogate(c) || c > '\u007E' =>
                Rune.TryGetRuneAt(Text, offset, out Rune rune) ? DescribeCodePoint(rune.Value) : DescribeCodePoint(c),
            _ => $"'{c}'",
        };
    }

    public static string DescribeCodePoint(int codePoint) =>
        "U+" + codePoint.ToString(codePoint > 0xFFFF ? "X6" : "X4", CultureInfo.InvariantCulture);
}
