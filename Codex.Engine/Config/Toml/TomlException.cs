namespace Codex.Engine.Config.Toml;

/// <summary>
/// The one exception the TOML reader throws for a document it rejects. Positions are 1-based;
/// <see cref="Exception.Message"/> reads <c>file:line:col: reason</c> (file left out when unknown)
/// so it can be shown to a user as is.
/// </summary>
public sealed class TomlException : Exception
{
    public TomlException(string reason, string? sourceName, int line, int column, Exception? innerException = null)
        : base(Format(reason, sourceName, line, column), innerException)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        Reason = reason;
        SourceName = sourceName;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the position prefix.</summary>
    public string Reason { get; }

    /// <summary>The file or other source the document came from, when the caller named one.</summary>
    public string? SourceName { get; }

    public int Line { get; }

    public int Column { get; }

    private static string Format(string reason, string? sourceName, int line, int column) =>
        sourceName is null ? $"{line}:{column}: {reason}" : $"{sourceName}:{line}:{column}: {reason}";
}
