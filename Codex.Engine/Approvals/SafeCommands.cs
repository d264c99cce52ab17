namespace Codex.Engine.Approvals;

/// <summary>The fixed tables behind <see cref="CommandSafety"/> (spec §5.3).</summary>
internal static class SafeCommands
{
    /// <summary>Commands that are known safe with any arguments.</summary>
    public static readonly HashSet<string> AlwaysSafe = new(StringComparer.Ordinal)
    {
        "cat", "cd", "echo", "false", "grep", "head", "ls", "nl", "pwd", "tail", "true", "wc", "which",
    };

    /// <summary><c>find</c> options that execute, delete or write files.</summary>
    public static readonly HashSet<string> UnsafeFindOptions = new(StringComparer.Ordinal)
    {
        "-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0", "-fprintf",
    };

    /// <summary><c>rg</c> options that run other programs, as bare flags.</summary>
    public static readonly HashSet<string> UnsafeRipgrepOptions = new(StringComparer.Ordinal)
    {
        "--search-zip", "-z",
    };

    /// <summary><c>rg</c> options that take a program, as a bare flag or in <c>flag=value</c> form.</summary>
    public static readonly string[] UnsafeRipgrepOptionsWithValue = ["--pre", "--hostname-bin"];

    /// <summary>Read-only <c>git</c> subcommands.</summary>
    public static readonly HashSet<string> SafeGitSubcommands = new(StringComparer.Ordinal)
    {
        "branch", "status", "log", "diff", "show",
    };
}
