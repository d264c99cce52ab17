namespace Codex.Engine.Commands;

/// <summary>One simple command of a plain shell script: its words after quote removal.</summary>
/// <param name="Words">The command name followed by its arguments, exactly as the shell would pass them.</param>
/// <param name="ConnectorBefore">How it is joined to the previous command.</param>
public sealed record PlainCommand(IReadOnlyList<string> Words, ShellConnector ConnectorBefore);
