using Codex.Engine.Config;

namespace Codex.Engine.Auth;

/// <summary>
/// The environment variables that hold credentials for this configuration: <c>OPENAI_API_KEY</c> (which
/// <see cref="CredentialResolver"/> reads), and every provider's <c>env_key</c> and <c>env_http_headers</c>
/// variables, built-in and configured alike, whether or not the provider is the one in use.
/// <see cref="Exec.ShellEnvironment"/> removes them from every command's environment whatever
/// <c>shell_environment_policy</c> says, unless the policy's explicit <c>set</c> table names them.
/// </summary>
public sealed class CredentialVariables
{
    private readonly HashSet<string> _names;

    private CredentialVariables(HashSet<string> names) => _names = names;

    /// <summary>
    /// What every configuration hides at least: <c>OPENAI_API_KEY</c> and the built-in providers' variables.
    /// Used when a configuration is built without the loader (e.g. in tests).
    /// </summary>
    public static CredentialVariables Default { get; } = Create(BuiltInProviders.Create(_ => null).Values, []);

    /// <summary>The names, in no particular order (environment names are case-sensitive on Linux).</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>
    /// The set for <paramref name="providers"/> plus <paramref name="otherNames"/> (variables of providers that
    /// were not resolved, e.g. configured but unused ones); <c>OPENAI_API_KEY</c> is always in it.
    /// </summary>
    public static CredentialVariables Create(IEnumerable<ModelProviderInfo> providers, IEnumerable<string> otherNames)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(otherNames);
        var names = new HashSet<string>(StringComparer.Ordinal) { CredentialResolver.OpenAiApiKeyVariable };
        foreach (var provider in providers)
        {
            Add(names, provider.EnvKey);
            foreach (var variable in provider.EnvHttpHeaders?.Values ?? [])
            {
                Add(names, variable);
            }
        }

        foreach (var name in otherNames)
        {
            Add(names, name);
        }

        return new CredentialVariables(names);
    }

    /// <summary>Whether <paramref name="name"/> holds a credential (exact, case-sensitive match).</summary>
    public bool Contains(string name) => _names.Contains(name);

    private static void Add(HashSet<string> names, string? name)
    {
        // The resolver and the header policy read the name as written; the trimmed form is hidden too, in
        // case a later reader trims it.
        if (!string.IsNullOrWhiteSpace(name))
        {
            names.Add(name);
            names.Add(name.Trim());
        }
    }
}
