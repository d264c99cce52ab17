namespace Codex.Engine.Auth;

/// <summary>
/// The workspace policy of config.toml: <c>forced_login_method</c> and <c>forced_chatgpt_workspace_id</c>. As upstream's
/// <c>enforce_login_restrictions</c>, a credential of the wrong method, or ChatGPT tokens whose id token names another
/// account (workspace) than the allowed ones, is refused; the messages are upstream's.
/// </summary>
public sealed record LoginRestrictions
{
    /// <summary>No restriction.</summary>
    public static LoginRestrictions None { get; } = new();

    /// <summary><c>forced_login_method</c>, or null when any method is allowed.</summary>
    public ForcedLoginMethod? Method { get; init; }

    /// <summary>
    /// <c>forced_chatgpt_workspace_id</c> (one id or a list, trimmed), or null when any workspace is allowed. API keys
    /// are not subject to it.
    /// </summary>
    public IReadOnlyList<string>? WorkspaceIds { get; init; }

    /// <summary>True when nothing is restricted.</summary>
    public bool IsNone => Method is null && WorkspaceIds is null;

    /// <summary>Why an API key may not be used, or null when it may.</summary>
    public string? RefuseApiKey() =>
        Method == ForcedLoginMethod.ChatGpt ? "ChatGPT login is required, but an API key is currently being used." : null;

    /// <summary>Why ChatGPT tokens with this id token may not be used, or null when they may.</summary>
    public string? RefuseChatGpt(string? idToken)
    {
        if (Method == ForcedLoginMethod.Api)
        {
            return "API key login is required, but ChatGPT is currently being used.";
        }

        if (WorkspaceIds is not { } allowed)
        {
            return null;
        }

        // Upstream compares the id token's chatgpt_account_id claim (the workspace), not auth.json's account_id field.
        var actual = JwtClaims.TryParse(idToken)?.AccountId;
        if (actual is not null && allowed.Contains(actual, StringComparer.Ordinal))
        {
            return null;
        }

        var expected = string.Join(", ", allowed);
        return actual is null
            ? $"Login is restricted to workspace(s) {expected}, but current credentials lack a workspace identifier."
            : $"Login is restricted to workspace(s) {expected}, but current credentials belong to {actual}.";
    }

    /// <summary>
    /// Why a sign-in that obtained this id token is refused (upstream's check after the code exchange, before anything
    /// is saved), or null when it is allowed.
    /// </summary>
    public string? RefuseSignIn(string? idToken)
    {
        if (WorkspaceIds is not { } allowed)
        {
            return null;
        }

        return JwtClaims.TryParse(idToken)?.AccountId is not { } actual
            ? "Login is restricted to a specific workspace, but the token did not include a chatgpt_account_id claim."
            : allowed.Contains(actual, StringComparer.Ordinal) ? null : $"Login is restricted to workspace id(s) {string.Join(", ", allowed)}.";
    }

    /// <summary>What to do when an API key was refused (from <c>OPENAI_API_KEY</c> when <paramref name="fromEnvironment"/>).</summary>
    public static string ApiKeyAdvice(bool fromEnvironment) => fromEnvironment
        ? $"This server's forced_login_method is \"chatgpt\": unset {CredentialResolver.OpenAiApiKeyVariable} and sign in with ChatGPT: `codex-mcp-server login`."
        : "This server's forced_login_method is \"chatgpt\": sign in with ChatGPT: `codex-mcp-server login`.";

    /// <summary>What to do when ChatGPT tokens were refused.</summary>
    public string ChatGptAdvice() => Method == ForcedLoginMethod.Api
        ? $"This server's forced_login_method is \"api\": set {CredentialResolver.OpenAiApiKeyVariable}, or store a key with `printenv {CredentialResolver.OpenAiApiKeyVariable} | codex-mcp-server login --with-api-key`."
        : "This server's forced_chatgpt_workspace_id allows only those workspaces: sign in again with an account of one of them: `codex-mcp-server login`.";
}
