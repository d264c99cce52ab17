namespace Codex.Engine.Sandbox;

/// <summary>The parsed command line of the sandbox launcher.</summary>
internal sealed record LauncherOptions
{
    public const string RunAsSandboxFlag = "--codex-run-as-sandbox";
    public const string PolicyCwdOption = "--sandbox-policy-cwd";
    public const string PolicyOption = "--sandbox-policy";
    public const string EnvRestoreOption = "--env-restore";
    public const string HideOption = "--hide";
    public const string NamespaceStageFlag = "--codex-sandbox-namespace-stage";
    public const string PtyOption = "--pty";

    /// <summary>The directory writable roots are computed from.</summary>
    public required string PolicyCwd { get; init; }

    /// <summary>The policy to enforce.</summary>
    public required SandboxPolicy Policy { get; init; }

    /// <summary>The command to execute.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>
    /// Variables the launcher needed for itself: <c>NAME=VALUE</c> restores the command's value,
    /// a bare <c>NAME</c> removes the variable before the command runs.
    /// </summary>
    public IReadOnlyList<string> EnvRestores { get; init; } = [];

    /// <summary>Files whose contents the command must not see (the server's credentials).</summary>
    public IReadOnlyList<string> HiddenFiles { get; init; } = [];

    /// <summary>The terminal (a pty slave) that becomes the command's controlling terminal and stdio, or null.</summary>
    public string? Pty { get; init; }

    /// <summary>True in the second stage, started by <c>unshare(1)</c> inside the sandbox's namespaces.</summary>
    public bool InNamespaceStage { get; init; }

    /// <summary>Parses the launcher arguments (the first may be <see cref="RunAsSandboxFlag"/>).</summary>
    /// <exception cref="FormatException">The arguments are malformed; the message says how.</exception>
    public static LauncherOptions Parse(IReadOnlyList<string> args)
    {
        string? cwd = null;
        string? policyJson = null;
        var restores = new List<string>();
        var hidden = new List<string>();
        bool namespaceStage = false;
        string? pty = null;
        int i = args.Count > 0 && args[0] == RunAsSandboxFlag ? 1 : 0;
        for (; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }

            switch (arg)
            {
                case PolicyCwdOption:
                    cwd = ValueOf(args, ref i);
                    break;
                case PolicyOption:
                    policyJson = ValueOf(args, ref i);
                    break;
                case EnvRestoreOption:
                    restores.Add(ValueOf(args, ref i));
                    break;
                case HideOption:
                    string path = ValueOf(args, ref i);
                    hidden.Add(Path.IsPathFullyQualified(path) ? path : throw new FormatException($"{HideOption} must be an absolute path, got '{path}'"));
                    break;
                case PtyOption:
                    pty = ValueOf(args, ref i);
                    break;
                case NamespaceStageFlag:
                    namespaceStage = true;
                    break;
                default:
                    throw new FormatException($"unexpected argument '{arg}' (the command must follow '--')");
            }
        }

        if (cwd is null || policyJson is null)
        {
            throw new FormatException($"usage: {RunAsSandboxFlag} {PolicyCwdOption} <cwd> {PolicyOption} <json> -- <command…>");
        }

        if (i >= args.Count)
        {
            throw new FormatException("no command given after '--'");
        }

        if (!Path.IsPathFullyQualified(cwd))
        {
            throw new FormatException($"{PolicyCwdOption} must be an absolute path, got '{cwd}'");
        }

        return new LauncherOptions
        {
            PolicyCwd = cwd,
            Policy = SandboxPolicy.FromJson(policyJson),
            Command = args.Skip(i).ToArray(),
            EnvRestores = restores,
            HiddenFiles = hidden,
            InNamespaceStage = namespaceStage,
            Pty = pty,
        };
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new FormatException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}
