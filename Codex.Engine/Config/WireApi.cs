namespace Codex.Engine.Config;

/// <summary>Which OpenAI-compatible HTTP API a model provider speaks (spec §6.3, §9).</summary>
public enum WireApi
{
    /// <summary><c>POST {base_url}/chat/completions</c> (the default for user-defined providers).</summary>
    Chat,

    /// <summary><c>POST {base_url}/responses</c>.</summary>
    Responses,
}
