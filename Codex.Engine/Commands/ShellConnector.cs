namespace Codex.Engine.Commands;

/// <summary>The operator that joins a simple command to the one before it in a plain script.</summary>
public enum ShellConnector
{
    /// <summary>The first command of the script.</summary>
    None,

    /// <summary><c>&amp;&amp;</c></summary>
    And,

    /// <summary><c>||</c></summary>
    Or,

    /// <summary><c>;</c> or a newline.</summary>
    Sequence,

    /// <summary><c>|</c></summary>
    Pipe,
}
