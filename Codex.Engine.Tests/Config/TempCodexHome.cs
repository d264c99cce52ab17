using System.Text.Json;
using Codex.Engine.Config;

namespace Codex.Engine.Tests.Config;

/// <summary>
/// A throwaway CODEX_HOME with a workspace beside it, and loaders over it that read a fixed
/// environment instead of the process's (so tests never mutate or depend on real variables).
/// </summary>
internal sealed class TempCodexHome : IDisposable
{
    public TempCodexHome()
    {
        Root = Directory.CreateTempSubdirectory("codex-config-").FullName;
        Home = Path.Combine(Root, "home");
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Workspace);
    }

    public string Root { get; }

    public string Home { get; }

    public string Workspace { get; }

    public string ConfigPath => Path.Combine(Home, "config.toml");

    /// <summary>Writes config.toml.</summary>
    public TempCodexHome Write(string toml)
    {
        File.WriteAllText(ConfigPath, toml);
        return this;
    }

    /// <summary>A loader with server <c>-c</c> <paramref name="overrides"/> and the given environment (nothing else is set).</summary>
    public ConfigLoader Loader(IReadOnlyList<string>? overrides = null, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Home, overrides, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);

    /// <summary>Loads with the workspace as cwd and the request adjusted by <paramref name="configure"/>.</summary>
    public CodexConfig Load(Func<ConfigRequest, ConfigRequest>? configure = null, IReadOnlyList<string>? overrides = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var request = new ConfigRequest { Cwd = Workspace };
        return Loader(overrides, environment).Load(configure is null ? request : configure(request));
    }

    /// <summary>The <c>config</c> argument from a JSON object literal.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ConfigArgument(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir is harmless.
        }
    }
}
