using System.Globalization;
using Codex.Testing;

namespace Codex.Demo;

/// <summary>
/// Which model the demo's server talks to: the real one when the user has credentials
/// (<c>OPENAI_API_KEY</c>, or an <c>auth.json</c> in CODEX_HOME), else the scripted model on
/// 127.0.0.1 playing the bundled sample-task script, configured through a CODEX_HOME/config.toml
/// the way a user would point the server at any OpenAI-compatible endpoint.
/// </summary>
internal sealed class ModelChoice : IAsyncDisposable
{
    private const string ScriptedKeyVariable = "CODEX_DEMO_SCRIPTED_KEY";

    private readonly ScriptedModelServer? _scripted;

    private ModelChoice(ScriptedModelServer? scripted, string description, IReadOnlyDictionary<string, string?> serverEnvironment)
    {
        _scripted = scripted;
        Description = description;
        ServerEnvironment = serverEnvironment;
    }

    public bool IsScripted => _scripted is not null;

    /// <summary>One line saying which model answers.</summary>
    public string Description { get; }

    /// <summary>Variables set for the server process.</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment { get; }

    public static async Task<ModelChoice> CreateAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        if (HasRealCredentials(out var source))
        {
            var model = options.Model ?? "the configured default model";
            return new ModelChoice(null, $"real model ({model}), credentials from {source}", new Dictionary<string, string?>());
        }

        var scripted = await ScriptedModelServer.StartAsync(ModelScriptJson.Parse(SampleTask.Script()), cancellationToken).ConfigureAwait(false);
        var home = options.CodexHome ?? Directory.CreateTempSubdirectory("codex-demo-home-").FullName;
        Directory.CreateDirectory(home);
        await File.WriteAllTextAsync(Path.Combine(home, "config.toml"), string.Create(CultureInfo.InvariantCulture, $"""
            # Written by the demo: the scripted model on 127.0.0.1 stands in for OpenAI.
            model = "scripted-demo"
            model_provider = "scripted"

            [model_providers.scripted]
            name = "Scripted demo model"
            base_url = "{scripted.BaseUrl.AbsoluteUri.TrimEnd('/')}"
            wire_api = "responses"
            env_key = "{ScriptedKeyVariable}"
            request_max_retries = 0
            stream_max_retries = 0

            """), cancellationToken).ConfigureAwait(false);
        var environment = new Dictionary<string, string?>
        {
            ["CODEX_HOME"] = home,
            [ScriptedKeyVariable] = "scripted",
        };
        return new ModelChoice(scripted, $"the scripted model at {scripted.BaseUrl.AbsoluteUri.TrimEnd('/')} (no OPENAI_API_KEY), playing the bundled sample-task script; CODEX_HOME={home}", environment);
    }

    public async ValueTask DisposeAsync()
    {
        if (_scripted is not null)
        {
            await _scripted.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool HasRealCredentials(out string source)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OPENAI_API_KEY")))
        {
            source = "OPENAI_API_KEY";
            return true;
        }

        var home = Environment.GetEnvironmentVariable("CODEX_HOME") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex");
        var auth = Path.Combine(home, "auth.json");
        source = auth;
        return File.Exists(auth) && new FileInfo(auth).Length > 2;
    }
}
