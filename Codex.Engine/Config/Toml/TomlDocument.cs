using Tomlyn.Syntax;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// A parsed document in two forms. <see cref="Syntax"/> is Tomlyn's full-fidelity tree: comments,
/// blank lines and key order are kept and <c>Syntax.ToString()</c> gives the text back, so a command
/// that edits config.toml can change the tree and write it out without losing the user's comments.
/// <see cref="Table"/> holds the values as they were parsed; it does not follow later edits of the tree.
/// </summary>
public sealed record TomlDocument(DocumentSyntax Syntax, TomlTable Table);
