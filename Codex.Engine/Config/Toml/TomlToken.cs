namespace Codex.Engine.Config.Toml;

/// <summary>
/// One token: its kind, the offset of its first character (for error positions) and, for keys and
/// scalars, the decoded value (string, long, double, bool or <see cref="TomlDateTime"/>).
/// </summary>
internal readonly record struct TomlToken(TomlTokenKind Kind, int Offset, object? Value = null)
{
    public bool IsKey => Kind is TomlTokenKind.BareKey or TomlTokenKind.String;

    public bool IsLineEnd => Kind is TomlTokenKind.Newline or TomlTokenKind.EndOfInput;
}
