namespace Codex.Engine.Auth;

/// <summary>The sign-in method <c>forced_login_method</c> requires.</summary>
public enum ForcedLoginMethod
{
    /// <summary><c>"chatgpt"</c>: only ChatGPT tokens; API keys (auth.json's or <c>OPENAI_API_KEY</c>) are refused.</summary>
    ChatGpt,

    /// <summary><c>"api"</c>: only API keys; ChatGPT tokens are refused.</summary>
    Api,
}
