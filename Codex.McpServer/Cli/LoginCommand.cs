using System.CommandLine;
using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.McpServer.Cli;

/// <summary>
/// <c>codex-mcp-server login</c> (browser flow), <c>login --device-auth</c>, <c>login --with-api-key</c> (key on
/// stdin) and <c>login status</c>. Upstream's hidden <c>--experimental_issuer</c> and <c>--experimental_client-id</c>
/// point the sign-in at another issuer. Nothing here prints a token or a key. <c>forced_login_method</c> and
/// <c>forced_chatgpt_workspace_id</c> (config.toml, or <c>-c</c> before or after <c>login</c>) are honoured as upstream's
/// <c>codex login</c> honours them.
/// </summary>
internal static class LoginCommand
{
    /// <param name="overrides">The root's <c>-c key=value</c> option (recursive, so also after <c>login</c>).</param>
    public static Command Create(Option<string[]> overrides)
    {
        var deviceAuth = new Option<bool>("--device-auth") { Description = "Sign in with a one-time code on another device (for machines without a browser)." };
        var withApiKey = new Option<bool>("--with-api-key") { Description = "Read an API key from stdin and store it in CODEX_HOME/auth.json (e.g. printenv OPENAI_API_KEY | codex-mcp-server login --with-api-key)." };
        var issuer = new Option<string?>("--experimental_issuer") { Description = "Sign in at this OAuth issuer instead of https://auth.openai.com (advanced).", Hidden = true };
        var clientId = new Option<string?>("--experimental_client-id") { Description = "Use this OAuth client id (advanced).", Hidden = true };
        var port = new Option<int>("--callback-port")
        {
            Description = "Port of the local callback server on 127.0.0.1 (default 1455, falling back to 1457; 0 picks a free one).",
            DefaultValueFactory = _ => BrowserLogin.DefaultPort,
        };

        var status = new Command("status", "Show whether and how you are signed in (email, plan, account, or that an API key is in use), and why stored credentials are not usable under forced_login_method / forced_chatgpt_workspace_id. Never prints a secret.");
        status.SetAction(async (result, cancellationToken) =>
            await LoadRestrictionsAsync(result.GetValue(overrides)).ConfigureAwait(false) is { } restrictions ? Status(restrictions) : 1);

        var login = new Command("login", "Sign in with ChatGPT (opens a browser; see --device-auth), or store an API key (--with-api-key). Credentials go to CODEX_HOME/auth.json, in the same format as the Codex CLI's.")
        {
            deviceAuth,
            withApiKey,
            issuer,
            clientId,
            port,
            status,
        };
        login.SetAction(async (result, cancellationToken) =>
        {
            if (await LoadRestrictionsAsync(result.GetValue(overrides)).ConfigureAwait(false) is not { } restrictions)
            {
                return 1;
            }

            // Upstream's refusals, checked before anything is read or started.
            if (result.GetValue(withApiKey) && restrictions.Method == ForcedLoginMethod.ChatGpt)
            {
                await Console.Error.WriteLineAsync("API key login is disabled. Use ChatGPT login instead.").ConfigureAwait(false);
                return 1;
            }

            if (!result.GetValue(withApiKey) && restrictions.Method == ForcedLoginMethod.Api)
            {
                await Console.Error.WriteLineAsync("ChatGPT login is disabled. Use API key login instead.").ConfigureAwait(false);
                return 1;
            }

            var store = new AuthStore(CodexHome.Resolve());
            var issuerUrl = result.GetValue(issuer) is { Length: > 0 } i ? i : OAuthEndpoints.DefaultIssuer;
            var client = result.GetValue(clientId) is { Length: > 0 } c ? c : OAuthEndpoints.ClientId;
            try
            {
                if (result.GetValue(withApiKey))
                {
                    return await SaveApiKeyAsync(store, cancellationToken).ConfigureAwait(false);
                }

                using var oauth = new OAuthClient();
                return result.GetValue(deviceAuth)
                    ? await new DeviceCodeLogin(issuerUrl, client, store, oauth, restrictions).RunAsync(cancellationToken).ConfigureAwait(false)
                    : await new BrowserLogin(issuerUrl, client, store, oauth, restrictions).RunAsync(result.GetValue(port), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChatGptAuthException or IOException or UnauthorizedAccessException or HttpRequestException or System.Text.Json.JsonException)
            {
                await Console.Error.WriteLineAsync($"Error logging in: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return login;
    }

    /// <summary>The sign-in policy, or null after reporting a configuration error on stderr.</summary>
    private static async Task<LoginRestrictions?> LoadRestrictionsAsync(string[]? overrides)
    {
        try
        {
            return new ConfigLoader(CodexHome.Resolve(), overrides ?? []).LoadLoginRestrictions();
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync($"Error loading configuration: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<int> SaveApiKeyAsync(AuthStore store, CancellationToken cancellationToken)
    {
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteLineAsync("--with-api-key reads the key from stdin, e.g. `printenv OPENAI_API_KEY | codex-mcp-server login --with-api-key`.").ConfigureAwait(false);
            return 1;
        }

        var key = (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
        if (key.Length == 0)
        {
            await Console.Error.WriteLineAsync("No API key provided via stdin.").ConfigureAwait(false);
            return 1;
        }

        using (await store.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            store.Save(new AuthDotJson { AuthMode = AuthModes.ApiKey, OpenAiApiKey = key });
        }

        await Console.Error.WriteLineAsync("Successfully logged in").ConfigureAwait(false);
        return 0;
    }

    private static int Status(LoginRestrictions restrictions)
    {
        var store = new AuthStore(CodexHome.Resolve());
        AuthDotJson? auth;
        try
        {
            auth = store.Load();
        }
        catch (MissingCredentialException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        var keyInEnvironment = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CredentialResolver.OpenAiApiKeyVariable));
        if (keyInEnvironment)
        {
            Console.WriteLine($"{CredentialResolver.OpenAiApiKeyVariable} is set in the environment: it is used before anything in {store.AuthFilePath}.");
        }

        // The credential a `codex` call would use decides; that call would refuse it and log out, so say so now.
        var refusal = keyInEnvironment
            ? Refusal(restrictions.RefuseApiKey(), LoginRestrictions.ApiKeyAdvice(fromEnvironment: true))
            : auth?.ResolvedMode == AuthModes.ApiKey && !string.IsNullOrWhiteSpace(auth.OpenAiApiKey)
                ? Refusal(restrictions.RefuseApiKey(), LoginRestrictions.ApiKeyAdvice(fromEnvironment: false))
                : auth is { ResolvedMode: AuthModes.ChatGpt, Tokens: { } chatGpt }
                    ? Refusal(restrictions.RefuseChatGpt(chatGpt.IdToken), restrictions.ChatGptAdvice())
                    : null;
        if (refusal is not null && auth is null)
        {
            return Report(refusal);
        }

        if (auth is null)
        {
            Console.WriteLine("Not logged in");
            return 1;
        }

        if (auth.ResolvedMode == AuthModes.ApiKey && !string.IsNullOrWhiteSpace(auth.OpenAiApiKey))
        {
            Console.WriteLine("Logged in using an API key");
            return Report(refusal);
        }

        if (auth.ResolvedMode == AuthModes.ChatGpt && auth.Tokens is { } tokens)
        {
            var claims = JwtClaims.TryParse(tokens.IdToken);
            Console.WriteLine("Logged in using ChatGPT");
            Console.WriteLine($"  Email:   {claims?.Email ?? "(unknown)"}");
            Console.WriteLine($"  Plan:    {claims?.PlanType ?? "(unknown)"}");
            Console.WriteLine($"  Account: {(tokens.AccountId is { Length: > 0 } a ? a : claims?.AccountId ?? "(unknown)")}");
            return Report(refusal);
        }

        Console.WriteLine($"Not logged in ({store.AuthFilePath} has auth_mode `{auth.ResolvedMode}`, which this server does not use)");
        Report(refusal);
        return 1;
    }

    private static string? Refusal(string? violation, string advice) =>
        violation is null ? null : $"Not usable: {violation} A `codex` call would log out (remove auth.json). {advice}";

    private static int Report(string? refusal)
    {
        if (refusal is null)
        {
            return 0;
        }

        Console.WriteLine(refusal);
        return 1;
    }
}
