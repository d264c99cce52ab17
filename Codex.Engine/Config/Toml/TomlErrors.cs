using System.Text.RegularExpressions;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using TomlynException = Tomlyn.TomlException;

namespace Codex.Engine.Config.Toml;

/// <summary>Turns Tomlyn's errors into <see cref="TomlException"/>s: source, line:col and the reason, nothing else.</summary>
internal static partial class TomlErrors
{
    /// <summary>The first error Tomlyn reported, positioned; <paramref name="lineOneShift"/> undoes a prefix added to line 1.</summary>
    public static TomlException From(TomlynException error, string text, string? sourceName, int lineOneShift)
    {
        foreach (DiagnosticMessage diagnostic in error.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                return At(diagnostic.Span, Tidy(diagnostic.Message), sourceName, lineOneShift, error);
            }
        }

        if (error is { Line: { } line, Column: { } column })
        {
            return Create(Tidy(error.Message), sourceName, line, column, lineOneShift, error);
        }

        // Tomlyn's nesting guard throws without a position: point at the bracket or brace that went too deep.
        (int deepLine, int deepColumn) = DepthExceededAt(text) ?? (1, 1);
        return Create(error.Message, sourceName, deepLine, deepColumn, lineOneShift, error);
    }

    /// <summary>
    /// Tomlyn itself failed on this input (a string cut off right after a backslash makes its lexer
    /// throw ArgumentOutOfRangeException): still a positioned error, where its lexer stops.
    /// </summary>
    public static TomlException FromCrash(Exception error, string text, string? sourceName, int lineOneShift)
    {
        (int line, int column) = LexerFailureAt(text, TomlLexerMode.Key) ?? LexerFailureAt(text, TomlLexerMode.Value) ?? (1, 1);
        return Create($"cannot be read from here on (Tomlyn failed: {error.Message})", sourceName, line, column, lineOneShift, error);
    }

    public static TomlException At(SourceSpan span, string reason, string? sourceName, int lineOneShift, Exception? inner = null) =>
        Create(reason, sourceName, span.Start.Line + 1, span.Start.Column + 1, lineOneShift, inner);

    private static TomlException Create(string reason, string? sourceName, int line, int column, int lineOneShift, Exception? inner)
    {
        int shifted = line == 1 ? column - lineOneShift : column;
        return new TomlException(reason, sourceName, Math.Max(line, 1), Math.Max(shifted, 1), inner);
    }

    /// <summary>
    /// Tomlyn quotes the whole earlier definition of a redefined key, comments and line breaks
    /// included; its position is enough.
    /// </summary>
    private static string Tidy(string reason) =>
        EarlierDefinition().Replace(reason, match => $"already defined at {match.Groups["line"].Value}:{match.Groups["column"].Value} and cannot be redefined");

    private static (int Line, int Column)? DepthExceededAt(string text)
    {
        var lexer = TomlLexer.Create(text);
        lexer.Mode = TomlLexerMode.Value;
        int depth = 1;
        while (lexer.MoveNext())
        {
            depth += lexer.Current.Kind switch
            {
                TokenKind.OpenBracket or TokenKind.OpenBrace => 1,
                TokenKind.OpenBracketDouble => 2,
                TokenKind.CloseBracket or TokenKind.CloseBrace => -1,
                TokenKind.CloseBracketDouble => -2,
                _ => 0,
            };
            if (depth > TomlParser.MaxDepth)
            {
                return (lexer.Current.Start.Line + 1, lexer.Current.Start.Column + 1);
            }
        }

        return null;
    }

    /// <summary>Where the lexer throws: just after the last token it read.</summary>
    private static (int Line, int Column)? LexerFailureAt(string text, TomlLexerMode mode)
    {
        var lexer = TomlLexer.Create(text);
        lexer.Mode = mode;
        (int Line, int Column) next = (1, 1);
        try
        {
            while (lexer.MoveNext())
            {
                next = (lexer.Current.End.Line + 1, lexer.Current.End.Column + 2);
            }
        }
        catch (Exception error) when (error is not TomlynException and not OutOfMemoryException)
        {
            return next;
        }

        return null;
    }

    [GeneratedRegex(@"already defined at \((?<line>\d+),(?<column>\d+)\) with `.*` and cannot be redefined$", RegexOptions.Singleline)]
    private static partial Regex EarlierDefinition();
}
