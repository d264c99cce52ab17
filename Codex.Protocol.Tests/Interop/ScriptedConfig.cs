namespace Codex.Protocol.Tests.Interop;

/// <summary>The config.toml that points a Codex MCP server (ours or any compatible one) at a scripted model.</summary>
internal static class ScriptedConfig
{
    public static string Toml(Uri baseUrl) => $"""
        model = "scripted-model"
        model_provider = "scripted"

        [model_providers.scripted]
        name = "Scripted model"
        base_url = "{baseUrl.AbsoluteUri.TrimEnd('/')}"
        wire_api = "responses"
        request_max_retries = 0
        stream_max_retries = 0

        """;
}
