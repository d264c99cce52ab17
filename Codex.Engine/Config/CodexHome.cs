namespace Codex.Engine.Config;

/// <summary>Finds CODEX_HOME: the <c>CODEX_HOME</c> variable, else <c>~/.codex</c> (spec §6.1).</summary>
public static class CodexHome
{
    /// <summary>The directory, which may not exist yet.</summary>
    public static string Resolve(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var fromEnv = environment("CODEX_HOME");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".codex");
    }

    /// <summary>
    /// The files under <paramref name="codexHome"/> that hold credentials: sandboxed commands
    /// never see their contents. Sign-in methods that add credential files add them here.
    /// </summary>
    public static IReadOnlyList<string> CredentialFiles(string codexHome) =>
        [Path.Combine(codexHome, Auth.CredentialResolver.AuthFileName), Path.Combine(codexHome, Auth.AuthStore.TempFileName)];
}
