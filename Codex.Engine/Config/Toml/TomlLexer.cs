namespace Codex.Engine.Config.Toml;

/// <summary>
/// Splits the document into tokens on demand. Spaces, tabs and comments are skipped before every
/// token; line breaks are tokens because TOML's grammar is line-based. Whether a run of letters and
/// digits is a bare key or a scalar value depends on the <see cref="TomlLexMode"/> the parser asks for.
/// </summary>
internal sealed class TomlLexer(TomlSource source)
{
    private readonly string text = source.Text;
    private int position = source.Start;

    /// <summary>Offset of the next unread character.</summary>
    public int Position => position;

    public TomlToken Next(TomlLexMode mode)
    {
        SkipWhitespaceAndComment();
        int start = position;
        if (position >= text.Length)
        {
            return new TomlToken(TomlTokenKind.EndOfInput, start);
        }

        char c = text[position];
        switch (c)
        {
            case '\n':
                position++;
                return new TomlToken(TomlTokenKind.Newline, start);
            case '\r':
                // A lone carriage return was rejected up front, so a line feed follows.
                position += 2;
                return new TomlToken(TomlTokenKind.Newline, start);
            case '[':
                return Punctuation(TomlTokenKind.LeftBracket);
            case ']':
                return Punctuation(TomlTokenKind.RightBracket);
            case '{':
                return Punctuation(TomlTokenKind.LeftBrace);
            case '}':
                return Punctuation(TomlTokenKind.RightBrace);
            case ',':
                return Punctuation(TomlTokenKind.Comma);
            case '"' or '\'':
                return ReadString(mode);
        }

        if (mode == TomlLexMode.Key)
        {
            switch (c)
            {
                case '=':
                    return Punctuation(TomlTokenKind.Equals);
                case '.':
                    return Punctuation(TomlTokenKind.Dot);
            }

            return ReadBareKey();
        }

        return ReadScalar();
    }

    /// <summary>
    /// Consumes <paramref name="expected"/> only if it is the very next character, with no
    /// whitespace before it: how <c>[[</c> and <c>]]</c> differ from two separate brackets.
    /// </summary>
    public bool TryConsumeAdjacent(char expected)
    {
        if (position < text.Length && text[position] == expected)
        {
            position++;
            return true;
        }

        return false;
    }

    private TomlToken Punctuation(TomlTokenKind kind) => new(kind, position++);

    private void SkipWhitespaceAndComment()
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        if (position < text.Length && text[position] == '#')
        {
            // The comment's characters were checked up front; it runs to the line break, which stays a token.
            while (position < text.Length && text[position] is not ('\n' or '\r'))
            {
                position++;
            }
        }
    }

    private TomlToken ReadString(TomlLexMode mode)
    {
        int start = position;
        char quote = text[position];
        bool multiline = position + 2 < text.Length && text[position + 1] == quote && text[position + 2] == quote;
        if (!multiline)
        {
            return new TomlToken(TomlTokenKind.String, start, TomlStringScanner.ReadSingleLine(source, ref position));
        }

        if (mode == TomlLexMode.Key)
        {
            throw source.Error(start, "a multi-line string cannot be used as a key");
        }

        return new TomlToken(TomlTokenKind.MultilineString, start, TomlStringScanner.ReadMultiline(source, ref position));
    }

    private TomlToken ReadBareKey()
    {
        int start = position;
        while (position < text.Length && IsBareKeyChar(text[position]))
        {
            position++;
        }

        if (position == start)
        {
            throw source.Error(start, $"unexpected {source.Describe(start)}; a key is letters, digits, '_' and '-', or a quoted string");
        }

        return new TomlToken(TomlTokenKind.BareKey, start, text[start..position]);
    }

    /// <summary>
    /// Reads the text of a boolean, number or date/time, which all come from the same characters,
    /// then decides which it is. A date may be followed by a space and a time, the one place a
    /// value contains a space.
    /// </summary>
    private TomlToken ReadScalar()
    {
        int start = position;
        SkipScalarChars();
        if (position == start)
        {
            throw source.Error(start, $"expected a value, found {source.Describe(start)}");
        }

        if (TomlDateTimeParser.IsFullDate(text, start, position)
            && position + 1 < text.Length && text[position] == ' ' && char.IsAsciiDigit(text[position + 1]))
        {
            position++;
            SkipScalarChars();
        }

        int end = position;
        ReadOnlySpan<char> value = text.AsSpan(start, end - start);
        if (value is "true" || value is "false")
        {
            return new TomlToken(TomlTokenKind.Boolean, start, value is "true");
        }

        return TomlDateTimeParser.LooksLikeDateTime(text, start, end)
            ? TomlDateTimeParser.Parse(source, start, end)
            : TomlNumberParser.Parse(source, start, end);
    }

    private void SkipScalarChars()
    {
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '+' or '-' or '.' or ':'))
        {
            position++;
        }
    }

    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
