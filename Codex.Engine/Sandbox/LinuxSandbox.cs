namespace Codex.Engine.Sandbox;

/// <summary>The Linux <see cref="ISandbox"/>: the command goes through the launcher (Landlock + seccomp).</summary>
public sealed class LinuxSandbox : ISandbox
{
    private readonly SandboxLauncher _launcher;

    /// <summary>Creates the sandbox around <paramref name="launcher"/>.</summary>
    public LinuxSandbox(SandboxLauncher launcher)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        _launcher = launcher;
    }

    /// <summary>
    /// Files a sandboxed command must not read (the server's credentials, e.g.
    /// <c>CODEX_HOME/auth.json</c>): inside the sandbox they are covered by <c>/dev/null</c>.
    /// </summary>
    public IReadOnlyList<string> HiddenFiles { get; init; } = [];

    /// <inheritdoc />
    public SandboxedCommand Wrap(IReadOnlyList<string> argv, string cwd, SandboxPolicy policy, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        if (argv.Count == 0)
        {
            throw new ArgumentException("command args are empty", nameof(argv));
        }

        if (!Path.IsPathFullyQualified(cwd))
        {
            throw new ArgumentException($"cwd must be an absolute path, got '{cwd}'", nameof(cwd));
        }

        if (!OperatingSystem.IsLinux() && !(policy.HasFullDiskWriteAccess && policy.HasFullNetworkAccess))
        {
            throw new SandboxSetupException(
                $"sandboxed commands need Linux (Landlock, seccomp and namespaces) and this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; "
                + "the command was not run. Use sandbox \"danger-full-access\" to run commands without a sandbox");
        }

        var arguments = new List<string>(_launcher.PrefixArgs)
        {
            LauncherOptions.RunAsSandboxFlag,
            LauncherOptions.PolicyCwdOption,
            cwd,
            LauncherOptions.PolicyOption,
            policy.ToJson(),
        };

        var processEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach ((string name, string value) in _launcher.LauncherEnvironment)
        {
            if (environment.TryGetValue(name, out string? commandValue) && commandValue == value)
            {
                continue;
            }

            arguments.Add(LauncherOptions.EnvRestoreOption);
            arguments.Add(commandValue is null ? name : $"{name}={commandValue}");
            processEnvironment[name] = value;
        }

        foreach (string hidden in HiddenFiles)
        {
            arguments.Add(LauncherOptions.HideOption);
            arguments.Add(hidden);
        }

        arguments.Add("--");
        arguments.AddRange(argv);
        return new SandboxedCommand(_launcher.ExecutablePath, arguments, processEnvironment);
    }
}
