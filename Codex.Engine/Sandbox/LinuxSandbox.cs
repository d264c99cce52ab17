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

    /// <summary>How <c>.git</c> directories are protected; tests force the Landlock-only fallback.</summary>
    internal GitProtectionMode GitProtection { get; init; } = GitProtectionMode.Auto;

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

        if (GitProtection == GitProtectionMode.LandlockOnly)
        {
            arguments.Add(LauncherOptions.GitProtectionOption);
            arguments.Add("landlock-only");
        }

        arguments.Add("--");
        arguments.AddRange(argv);
        return new SandboxedCommand(_launcher.ExecutablePath, arguments, processEnvironment);
    }
}
