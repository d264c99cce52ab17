using System.Text;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// Reads the four TOML string forms from their opening quote and decodes them. Control characters
/// were already rejected for the whole document (<see cref="TomlSource.RejectForbiddenCharacters"/>),
/// so only quoting, newlines and escapes are checked here.
/// </summary>
internal static class TomlStringScanner
{
    /// <summary>Reads <c>"..."</c> or <c>'...'</c> starting at the quote; <paramref name="position"/> ends past the closing quote.</summary>
    public static string ReadSingleLine(TomlSource source, ref int position)
    {
        string text = source.Text;
        int start = position;
        char quote = text[position++];
        bool basic = quote == '"';
        var value = new StringBuilder();
        while (true)
        {
            if (position >= text.Length || text[position] is '\n' or '\r')
            {
                throw source.Error(start, $"unterminated {(basic ? "basic" : "literal")} string: no closing {quote} before the end of the line");
            }

            char c = text[position];
            if (c == quote)
            {
                position++;
                return value.ToString();
            }

            if (basic && c == '\\')
            {
                ReadEscape(source, ref position, value);
            }
            else
            {
                value.Append(c);
                position++;
            }
        }
    }

    /// <summary>Reads <c>"""..."""</c> or <c>'''...'''</c> starting at the first quote.</summary>
    public static string ReadMultiline(TomlSource source, ref int position)
    {
        string text = source.Text;
        int start = position;
        char quote = text[position];
        bool basic = quote == '"';
        position += 3;

        // A newline right after the opening delimiter is not part of the string.
        if (position < text.Length && text[position] == '\n')
        {
            position++;
        }
        else if (position + 1 < text.Length && text[position] == '\r' && text[position + 1] == '\n')
        {
            position += 2;
        }

        var value = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw source.Error(start, $"unterminated multi-line string; expected a closing {quote}{quote}{quote}");
            }

            char c = text[position];
            if (c == quote)
            {
                int run = 0;
                while (position + run < text.Length && text[position + run] == quote)
                {
                    run++;
                }

                if (run < 3)
                {
                    value.Append(quote, run);
                    position += run;
                    continue;
                }

                // Up to two quotes may sit right before the closing delimiter; more would mean the
                // string itself contains three in a row, which must be escaped.
                if (run > 5)
                {
                    throw source.Error(position + 5, $"too many {quote} characters: a multi-line string cannot contain three in a row");
                }

                value.Append(quote, run - 3);
                position += run;
                return value.ToString();
            }

            if (basic && c == '\\')
            {
                if (!TrySkipLineEndingBackslash(source, ref position))
                {
                    ReadEscape(source, ref position, value);
                }
            }
            else
            {
                value.Append(c);
                position++;
            }
        }
    }

    /// <summary>
    /// A backslash that is the last non-blank character on its line swallows the line break and all
    /// whitespace and line breaks after it.
    /// </summary>
    private static bool TrySkipLineEndingBackslash(TomlSource source, ref int position)
    {
        string text = source.Text;
        int scan = position + 1;
        while (scan < text.Length && text[scan] is ' ' or '\t')
        {
            scan++;
        }

        if (scan >= text.Length || text[scan] is not ('\n' or '\r'))
        {
            if (scan > position + 1)
            {
                throw source.Error(position, "a backslash followed by whitespace must be the last thing on its line");
            }

            return false;
        }

        while (scan < text.Length && text[scan] is ' ' or '\t' or '\n' or '\r')
        {
            scan++;
        }

        position = scan;
        return true;
    }

    private static void ReadEscape(TomlSource source, ref int position, StringBuilder value)
    {
        string text = source.Text;
        int start = position;
        if (position + 1 >= text.Length)
        {
            throw source.Error(start, "unterminated escape sequence at end of input");
        }

        char kind = text[position + 1];
        position += 2;
        switch (kind)
        {
            case 'b': value.Append('\b'); return;
            case 't': value.Append('\t'); return;
            case 'n': value.Append('\n'); return;
            case 'f': value.Append('\f'); return;
            case 'r': value.Append('\r'); return;
            case '"': value.Append('"'); return;
            case '\\': value.Append('\\'); return;
            case 'u': AppendCodePoint(source, start, ref position, 4, value); return;
            case 'U': AppendCodePoint(source, start, ref position, 8, value); return;
            default:
                throw source.Error(start, $"invalid escape sequence '\\' followed by {source.Describe(start + 1)}; valid escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX");
        }
    }

    private static void AppendCodePoint(TomlSource source, int escapeStart, ref int position, int digits, StringBuilder value)
    {
        string text = source.Text;
        long codePoint = 0;
        for (int i = 0; i < digits; i++)
        {
            int digit = position + i < text.Length ? HexValue(text[position + i]) : -1;
            if (digit < 0)
            {
                throw source.Error(position + i, $"the \\{(digits == 4 ? 'u' : 'U')} escape needs exactly {digits} hexadecimal digits");
            }

            codePoint = (codePoint * 16) + digit;
        }

        if (!Rune.IsValid(codePoint > int.MaxValue ? -1 : (int)codePoint))
        {
            throw source.Error(escapeStart, $"escape {text[escapeStart..(position + digits)]} is not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)");
        }

        position += digits;
        value.Append(char.ConvertFromUtf32((int)codePoint));
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
