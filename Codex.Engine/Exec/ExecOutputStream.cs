namespace Codex.Engine.Exec;

/// <summary>Which pipe an output chunk came from.</summary>
public enum ExecOutputStream
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}
