namespace Codex.Engine.Commands;

/// <summary>Recognises argv of the form <c>[bash|zsh, -lc|-c, script]</c>.</summary>
public static class ShellInvocation
{
    /// <summary>
    /// Returns the script when <paramref name="argv"/> runs one script through bash or zsh
    /// (by basename, so <c>/bin/bash</c> counts), otherwise null.
    /// </summary>
    public static string? TryGetScript(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count != 3 || argv[1] is not ("-lc" or "-c"))
        {
            return null;
        }

        return Basename(argv[0]) is "bash" or "zsh" ? argv[2] : null;
    }

    /// <summary>The last path component of a command name (<c>/usr/bin/git</c> → <c>git</c>).</summary>
    public static string Basename(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        int slash = command.LastIndexOf('/');
        return slash < 0 ? command : command[(slash + 1)..];
    }
}
