using System.Collections;
using Codex.Engine.Auth;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Exec;

/// <summary>Builds the environment of a spawned command (spec §6.6).</summary>
public static class ShellEnvironment
{
    /// <summary>Set when the configured sandbox policy has no network access.</summary>
    public const string NetworkDisabledVariable = "CODEX_SANDBOX_NETWORK_DISABLED";

    private static readonly string[] CoreVariables = ["HOME", "LOGNAME", "PATH", "SHELL", "USER", "USERNAME", "TMPDIR", "TEMP", "TMP"];

    private static readonly string[] DefaultExcludes = ["*KEY*", "*SECRET*", "*TOKEN*"];

    /// <summary>
    /// Applies <paramref name="policy"/> to <paramref name="baseEnvironment"/> (the server's own
    /// environment when null): inherit, default excludes, excludes, set, include_only; then removes
    /// every <paramref name="credentials"/> variable that <c>set</c> does not name explicitly, whatever
    /// the other keys say; then <c>CODEX_SANDBOX_NETWORK_DISABLED=1</c> when
    /// <paramref name="sandboxPolicy"/> has no network (pass the configured policy even for an
    /// unsandboxed re-run, as the original does).
    /// </summary>
    public static Dictionary<string, string> Build(
        ShellEnvironmentPolicy policy,
        SandboxPolicy sandboxPolicy,
        CredentialVariables credentials,
        IReadOnlyDictionary<string, string>? baseEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(sandboxPolicy);
        ArgumentNullException.ThrowIfNull(credentials);
        IReadOnlyDictionary<string, string> source = baseEnvironment ?? CurrentEnvironment();

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (policy.Inherit)
        {
            case ShellEnvironmentInherit.All:
                foreach ((string name, string value) in source)
                {
                    environment[name] = value;
                }

                break;
            case ShellEnvironmentInherit.Core:
                foreach (string name in CoreVariables)
                {
                    if (source.TryGetValue(name, out string? value))
                    {
                        environment[name] = value;
                    }
                }

                break;
            case ShellEnvironmentInherit.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy.Inherit, "unknown inherit mode");
        }

        if (!policy.IgnoreDefaultExcludes)
        {
            RemoveMatching(environment, DefaultExcludes);
        }

        RemoveMatching(environment, policy.Exclude);

        foreach ((string name, string value) in policy.Set)
        {
            environment[name] = value;
        }

        if (policy.IncludeOnly.Count > 0)
        {
            foreach (string name in environment.Keys.ToArray())
            {
                if (!policy.IncludeOnly.Any(pattern => EnvironmentNamePattern.IsMatch(pattern, name)))
                {
                    environment.Remove(name);
                }
            }
        }

        // The model's commands never see the keys the server uses, even when the policy inherits
        // everything and turns the default excludes off; only an explicit `set` puts one back.
        foreach (string name in environment.Keys.ToArray())
        {
            if (credentials.Contains(name) && !policy.Set.ContainsKey(name))
            {
                environment.Remove(name);
            }
        }

        if (!sandboxPolicy.HasFullNetworkAccess)
        {
            environment[NetworkDisabledVariable] = "1";
        }

        return environment;
    }

    /// <summary>A snapshot of this process's environment.</summary>
    public static Dictionary<string, string> CurrentEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    private static void RemoveMatching(Dictionary<string, string> environment, IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        foreach (string name in environment.Keys.ToArray())
        {
            if (patterns.Any(pattern => EnvironmentNamePattern.IsMatch(pattern, name)))
            {
                environment.Remove(name);
            }
        }
    }
}
