namespace Codex.Engine.Config.Toml;

/// <summary>
/// The grammar: a recursive-descent reader over <see cref="TomlLexer"/> tokens that hands tables
/// and key/value pairs to <see cref="TomlDocumentBuilder"/>.
/// </summary>
internal sealed class TomlDocumentParser
{
    /// <summary>Nested arrays and inline tables recurse; a bound keeps hostile input from exhausting the stack.</summary>
    internal const int MaxNestingDepth = 128;

    private readonly TomlSource source;
    private readonly TomlLexer lexer;
    private readonly TomlDocumentBuilder builder;
    private int depth;

    public TomlDocumentParser(TomlSource source)
    {
        this.source = source;
        lexer = new TomlLexer(source);
        builder = new TomlDocumentBuilder(source);
    }

    public TomlTable ParseDocument()
    {
        source.RejectForbiddenCharacters();
        while (true)
        {
            TomlToken token = lexer.Next(TomlLexMode.Key);
            switch (token.Kind)
            {
                case TomlTokenKind.EndOfInput:
                    return builder.Root;
                case TomlTokenKind.Newline:
                    continue;
                case TomlTokenKind.LeftBracket:
                    ParseHeader();
                    break;
                default:
                    ParseKeyValue(builder.Current, token);
                    break;
            }

            ExpectLineEnd("after " + (token.Kind == TomlTokenKind.LeftBracket ? "a table header" : "a key/value pair"));
        }
    }

    /// <summary>Reads one value and nothing else, as used for command-line style overrides.</summary>
    public object ParseStandaloneValue()
    {
        source.RejectForbiddenCharacters();
        object value = ParseValue(lexer.Next(TomlLexMode.Value));
        TomlToken end = lexer.Next(TomlLexMode.Key);
        return end.Kind == TomlTokenKind.EndOfInput
            ? value
            : throw source.Error(end.Offset, $"expected the end of the value, found {Describe(end)}");
    }

    /// <summary>Reads one possibly dotted, possibly quoted key and nothing else.</summary>
    public IReadOnlyList<string> ParseStandaloneKey()
    {
        source.RejectForbiddenCharacters();
        (List<TomlKeyPart> key, TomlToken end) = ParseKey(lexer.Next(TomlLexMode.Key));
        return end.Kind == TomlTokenKind.EndOfInput
            ? key.ConvertAll(part => part.Name)
            : throw source.Error(end.Offset, $"expected the end of the key, found {Describe(end)}");
    }

    private void ParseHeader()
    {
        bool arrayOfTables = lexer.TryConsumeAdjacent('[');
        (List<TomlKeyPart> path, TomlToken close) = ParseKey(lexer.Next(TomlLexMode.Key));
        if (close.Kind != TomlTokenKind.RightBracket)
        {
            throw source.Error(close.Offset, $"expected '{(arrayOfTables ? "]]" : "]")}' to close the table header, found {Describe(close)}");
        }

        if (arrayOfTables && !lexer.TryConsumeAdjacent(']'))
        {
            throw source.Error(close.Offset, "expected ']]' to close the array-of-tables header opened with '[['");
        }

        if (arrayOfTables)
        {
            builder.AppendArrayTable(path);
        }
        else
        {
            builder.OpenTable(path);
        }
    }

    private void ParseKeyValue(TomlTable table, TomlToken first)
    {
        (List<TomlKeyPart> key, TomlToken equals) = ParseKey(first);
        if (equals.Kind != TomlTokenKind.Equals)
        {
            throw source.Error(equals.Offset, $"expected '=' after the key {TomlKeys.Format(key, key.Count)}, found {Describe(equals)}");
        }

        object value = ParseValue(lexer.Next(TomlLexMode.Value));
        builder.Assign(table, key, value);
    }

    /// <summary>Reads <c>key(.key)*</c>; returns the parts and the token that followed them.</summary>
    private (List<TomlKeyPart> Key, TomlToken Next) ParseKey(TomlToken token)
    {
        var parts = new List<TomlKeyPart>();
        while (true)
        {
            if (!token.IsKey)
            {
                string what = parts.Count == 0 ? "a key" : "a key after '.'";
                throw source.Error(token.Offset, $"expected {what}, found {Describe(token)}");
            }

            parts.Add(new TomlKeyPart((string)token.Value!, token.Offset));
            token = lexer.Next(TomlLexMode.Key);
            if (token.Kind != TomlTokenKind.Dot)
            {
                return (parts, token);
            }

            token = lexer.Next(TomlLexMode.Key);
        }
    }

    private object ParseValue(TomlToken token)
    {
        switch (token.Kind)
        {
            case TomlTokenKind.String or TomlTokenKind.MultilineString or TomlTokenKind.Integer
                or TomlTokenKind.Float or TomlTokenKind.Boolean or TomlTokenKind.DateTime:
                return token.Value!;
            case TomlTokenKind.LeftBracket:
                return Nested(token, ParseArray);
            case TomlTokenKind.LeftBrace:
                return Nested(token, ParseInlineTable);
            default:
                throw source.Error(token.Offset, $"expected a value, found {Describe(token)}");
        }
    }

    private object Nested(TomlToken open, Func<object> parse)
    {
        if (depth >= MaxNestingDepth)
        {
            throw source.Error(open.Offset, $"arrays and inline tables are nested more than {MaxNestingDepth} deep");
        }

        depth++;
        object value = parse();
        depth--;
        return value;
    }

    /// <summary>After '[': values separated by commas, with newlines and comments allowed anywhere and a trailing comma allowed.</summary>
    private TomlArray ParseArray()
    {
        var array = new TomlArray();
        while (true)
        {
            TomlToken token = NextSkippingNewlines(TomlLexMode.Value);
            if (token.Kind == TomlTokenKind.RightBracket)
            {
                return array;
            }

            array.Add(ParseValue(token));
            token = NextSkippingNewlines(TomlLexMode.Value);
            if (token.Kind == TomlTokenKind.RightBracket)
            {
                return array;
            }

            if (token.Kind != TomlTokenKind.Comma)
            {
                throw source.Error(token.Offset, $"expected ',' or ']' in the array, found {Describe(token)}");
            }
        }
    }

    /// <summary>After '{': key/value pairs on one line, separated by commas, no trailing comma.</summary>
    private TomlTable ParseInlineTable()
    {
        TomlTable table = builder.BeginInline();
        TomlToken token = lexer.Next(TomlLexMode.Key);
        if (token.Kind != TomlTokenKind.RightBrace)
        {
            while (true)
            {
                ParseInlineKeyValue(table, token);
                token = lexer.Next(TomlLexMode.Key);
                if (token.Kind == TomlTokenKind.RightBrace)
                {
                    break;
                }

                if (token.Kind != TomlTokenKind.Comma)
                {
                    throw source.Error(token.Offset, $"expected ',' or '}}' in the inline table, found {Describe(token)}{InlineHint(token)}");
                }

                token = lexer.Next(TomlLexMode.Key);
                if (token.Kind == TomlTokenKind.RightBrace)
                {
                    throw source.Error(token.Offset, "a trailing comma is not allowed in an inline table");
                }
            }
        }

        builder.SealInline(table);
        return table;
    }

    private void ParseInlineKeyValue(TomlTable table, TomlToken first)
    {
        if (first.IsLineEnd)
        {
            throw source.Error(first.Offset, $"expected a key in the inline table, found {Describe(first)}{InlineHint(first)}");
        }

        ParseKeyValue(table, first);
    }

    private TomlToken NextSkippingNewlines(TomlLexMode mode)
    {
        TomlToken token;
        do
        {
            token = lexer.Next(mode);
        }
        while (token.Kind == TomlTokenKind.Newline);
        return token;
    }

    private void ExpectLineEnd(string after)
    {
        TomlToken token = lexer.Next(TomlLexMode.Key);
        if (!token.IsLineEnd)
        {
            throw source.Error(token.Offset, $"expected a new line {after}, found {Describe(token)}");
        }
    }

    private static string InlineHint(TomlToken token) =>
        token.IsLineEnd ? " (an inline table must be closed on the line where it starts)" : string.Empty;

    private string Describe(TomlToken token) => token.Kind switch
    {
        TomlTokenKind.EndOfInput => "end of input",
        TomlTokenKind.Newline => "end of line",
        TomlTokenKind.BareKey => $"'{token.Value}'",
        TomlTokenKind.String or TomlTokenKind.MultilineString => "a string",
        TomlTokenKind.Integer or TomlTokenKind.Float => "a number",
        TomlTokenKind.Boolean => "a boolean",
        TomlTokenKind.DateTime => "a date/time",
        _ => source.Describe(token.Offset),
    };
}
