using Codex.McpServer.Tests.Infrastructure;

namespace Codex.McpServer.Tests.Security;

/// <summary>
/// Canary credentials under three kinds of names, and a config.toml whose provider reads two of them: the key
/// from <see cref="EnvKeyVariable"/> (a name the default excludes do not catch) and a header value from
/// <see cref="HeaderVariable"/>. <c>OPENAI_API_KEY</c> holds the third; no provider in use reads it.
/// </summary>
internal static class CanaryConfig
{
    public const string EnvKeyVariable = "PROBE_CRED";
    public const string EnvKeyCanary = "canary-envkey-7f3a91c2d4e5";
    public const string OpenAiCanary = "canary-openai-5b8e2f0a1c9d";
    public const string HeaderVariable = "PROBE_HEADER";
    public const string HeaderCanary = "canary-header-3d6c0e9b7a21";
    public const string HeaderName = "X-Probe-Auth";
    public const string AuthJsonCanary = "canary-authjson-9c4e1b7d2f60";

    public static readonly string[] Canaries = [EnvKeyCanary, OpenAiCanary, HeaderCanary, AuthJsonCanary];

    /// <summary>The server's environment overrides: the three canaries, trace logging.</summary>
    public static Dictionary<string, string?> Environment() => new()
    {
        [EnvKeyVariable] = EnvKeyCanary,
        ["OPENAI_API_KEY"] = OpenAiCanary,
        [HeaderVariable] = HeaderCanary,
        ["CODEX_LOG"] = "trace",
    };

    /// <summary>
    /// Rewrites the session's config.toml: provider <c>probe</c>, then <paramref name="shellEnvironmentPolicy"/>
    /// (TOML body of that table); and writes <c>auth.json</c> holding the fourth canary.
    /// </summary>
    public static void Write(E2eSession session, string shellEnvironmentPolicy = "")
    {
        File.WriteAllText(AuthJsonPath(session), $$"""{"OPENAI_API_KEY":"{{AuthJsonCanary}}"}""");
        File.WriteAllText(Path.Combine(session.CodexHome, "config.toml"), $$"""
            model = "mock-model"
            model_provider = "probe"

            [model_providers.probe]
            name = "Probe"
            base_url = "{{session.Model.BaseUrl}}"
            wire_api = "responses"
            env_key = "{{EnvKeyVariable}}"
            env_http_headers = { "{{HeaderName}}" = "{{HeaderVariable}}" }
            request_max_retries = 0
            stream_max_retries = 0

            [shell_environment_policy]
            {{shellEnvironmentPolicy}}
            """);
    }

    /// <summary>The session's credentials file.</summary>
    public static string AuthJsonPath(E2eSession session) => Path.Combine(session.CodexHome, "auth.json");

    /// <summary>Whether <paramref name="text"/> holds any canary.</summary>
    public static bool Leaks(string text) => Canaries.Any(canary => text.Contains(canary, StringComparison.Ordinal));
}
