using Codex.Engine.Commands;

namespace Codex.Engine.Approvals;

/// <summary>
/// The "known safe" and "might be dangerous" classifications of spec §5.3, which decide whether a
/// command needs approval.
/// </summary>
public static class CommandSafety
{
    /// <summary>
    /// True when the command only reads: a listed read-only command, or a <c>bash -lc</c>/<c>zsh -lc</c>
    /// plain script whose every command is. Known-safe commands are never asked about.
    /// </summary>
    public static bool IsKnownSafe(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0)
        {
            return false;
        }

        if (IsSafeToExec(argv))
        {
            return true;
        }

        string? script = ShellInvocation.TryGetScript(argv);
        if (script is null)
        {
            return false;
        }

        IReadOnlyList<PlainCommand>? commands = ShellScriptParser.TryParsePlainCommands(script);
        return commands is { Count: > 0 } && commands.All(c => IsSafeToExec(c.Words));
    }

    /// <summary>
    /// True when the command looks destructive (<c>git reset</c>, <c>git rm</c>, <c>rm -f</c>,
    /// <c>rm -rf</c>, <c>sudo</c> of one of those, or a plain script containing one), which forces
    /// a prompt under <c>on-request</c>.
    /// </summary>
    public static bool MightBeDangerous(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        string? script = ShellInvocation.TryGetScript(argv);
        if (script is not null && ShellScriptParser.TryParsePlainCommands(script) is { } commands
            && commands.Any(c => IsDangerousToExec(c.Words)))
        {
            return true;
        }

        return IsDangerousToExec(argv);
    }

    private static bool IsSafeToExec(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return false;
        }

        string name = ShellInvocation.Basename(argv[0]);
        if (SafeCommands.AlwaysSafe.Contains(name))
        {
            return true;
        }

        return name switch
        {
            "find" => !argv.Skip(1).Any(SafeCommands.UnsafeFindOptions.Contains),
            "rg" => !argv.Skip(1).Any(IsUnsafeRipgrepArgument),
            "git" => argv.Count >= 2 && SafeCommands.SafeGitSubcommands.Contains(argv[1]),
            "cargo" => argv.Count >= 2 && argv[1] == "check",
            "sed" => argv.Count <= 4 && argv.Count >= 3 && argv[1] == "-n" && IsSedPrintRange(argv[2]),
            _ => false,
        };
    }

    private static bool IsUnsafeRipgrepArgument(string argument) =>
        SafeCommands.UnsafeRipgrepOptions.Contains(argument)
        || SafeCommands.UnsafeRipgrepOptionsWithValue.Any(option =>
            argument == option || argument.StartsWith(option + "=", StringComparison.Ordinal));

    /// <summary>True for <c>Np</c> or <c>M,Np</c> with decimal digits only.</summary>
    internal static bool IsSedPrintRange(string argument)
    {
        if (!argument.EndsWith('p'))
        {
            return false;
        }

        string[] parts = argument[..^1].Split(',');
        return parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }

    private static bool IsDangerousToExec(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return false;
        }

        string first = argv[0];
        if (first.EndsWith("git", StringComparison.Ordinal))
        {
            return argv.Count >= 2 && argv[1] is "reset" or "rm";
        }

        return ShellInvocation.Basename(first) switch
        {
            "rm" => argv.Count >= 2 && argv[1] is "-f" or "-rf",
            "sudo" => IsDangerousToExec(argv.Skip(1).ToArray()),
            _ => false,
        };
    }
}
