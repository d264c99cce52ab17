using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.Engine.Tests.Auth;

/// <summary>
/// <see cref="CredentialResolver"/> under <c>forced_login_method</c> and <c>forced_chatgpt_workspace_id</c>: each
/// refusal (upstream's message, auth.json removed, what to do, no secret in the message) and each allowed case.
/// </summary>
public sealed class LoginRestrictionTests
{
    private const string Key = "sk-proj-CANARY-restricted-0123456789";
    private const string AccessToken = "at-CANARY-access-token";
    private const string RefreshToken = "rt-CANARY-refresh-token";
    private static readonly ModelProviderInfo OpenAi = BuiltInProviders.Create(_ => null)[BuiltInProviders.OpenAiId];
    private string _home = null!;

    private string AuthPath => Path.Combine(_home, "auth.json");

    [SetUp]
    public void SetUp() => _home = Directory.CreateTempSubdirectory("codex-restrict-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_home, recursive: true);

    [Test]
    public void Resolve_ForcedChatGptWithApiKeyInAuthJson_RefusedAndLoggedOut()
    {
        WriteApiKeyAuthJson();

        var error = Refused(new LoginRestrictions { Method = ForcedLoginMethod.ChatGpt }, NoEnvironment);

        Assert.That(error.Message, Does.StartWith("ChatGPT login is required, but an API key is currently being used. Logging out. "));
        Assert.That(error.Message, Does.Contain("forced_login_method").And.Contain("`codex-mcp-server login`"));
        Assert.That(File.Exists(AuthPath), Is.False, "upstream logs out: auth.json is removed");
    }

    [Test]
    public void Resolve_ForcedChatGptWithKeyInEnvironment_RefusedAndSaysToUnsetIt()
    {
        WriteChatGptAuthJson("acct-1");

        var error = Refused(new LoginRestrictions { Method = ForcedLoginMethod.ChatGpt }, name => name == "OPENAI_API_KEY" ? Key : null);

        Assert.That(error.Message, Does.StartWith("ChatGPT login is required, but an API key is currently being used. Logging out."));
        Assert.That(error.Message, Does.Contain("unset OPENAI_API_KEY"));
        Assert.That(File.Exists(AuthPath), Is.False, "as upstream's enforce_login_restrictions, the environment's key logs out too");
    }

    [Test]
    public void Resolve_ForcedApiWithChatGptTokens_RefusedAndLoggedOut()
    {
        WriteChatGptAuthJson("acct-1");

        var error = Refused(new LoginRestrictions { Method = ForcedLoginMethod.Api }, NoEnvironment);

        Assert.That(error.Message, Does.StartWith("API key login is required, but ChatGPT is currently being used. Logging out. "));
        Assert.That(error.Message, Does.Contain("login --with-api-key"));
        Assert.That(File.Exists(AuthPath), Is.False);
    }

    [Test]
    public void Resolve_ForcedApiWithApiKey_Allowed()
    {
        WriteApiKeyAuthJson();

        var credential = new CredentialResolver(_home, NoEnvironment).Resolve(OpenAi, new LoginRestrictions { Method = ForcedLoginMethod.Api, WorkspaceIds = ["acct-other"] });

        Assert.That(credential.ApiKey?.Reveal(), Is.EqualTo(Key), "API keys are not subject to the workspace policy");
        Assert.That(File.Exists(AuthPath), Is.True);
    }

    [Test]
    public void Resolve_ForcedApiWithKeyInEnvironmentAndChatGptAuthJson_UsesTheKeyAndKeepsAuthJson()
    {
        WriteChatGptAuthJson("acct-1");

        var credential = new CredentialResolver(_home, name => name == "OPENAI_API_KEY" ? Key : null).Resolve(OpenAi, new LoginRestrictions { Method = ForcedLoginMethod.Api });

        Assert.That(credential.ApiKey?.Reveal(), Is.EqualTo(Key));
        Assert.That(File.Exists(AuthPath), Is.True);
    }

    [Test]
    public void Resolve_ForcedChatGptWithChatGptTokensOfAllowedWorkspace_Allowed()
    {
        WriteChatGptAuthJson("acct-1");

        var credential = new CredentialResolver(_home, NoEnvironment).Resolve(OpenAi, new LoginRestrictions { Method = ForcedLoginMethod.ChatGpt, WorkspaceIds = ["acct-0", "acct-1"] });

        Assert.That(credential.ChatGpt, Is.Not.Null);
        Assert.That(credential.ChatGpt!.Current.AccessToken, Is.EqualTo(AccessToken));
        Assert.That(File.Exists(AuthPath), Is.True);
    }

    [Test]
    public void Resolve_WorkspaceMismatch_RefusedNamingBothAndLoggedOut()
    {
        // auth.json's account_id field says the allowed one; upstream decides by the id token's claim.
        WriteChatGptAuthJson("acct-other", accountIdField: "acct-1");

        var error = Refused(new LoginRestrictions { WorkspaceIds = ["acct-1"] }, NoEnvironment);

        Assert.That(error.Message, Does.StartWith("Login is restricted to workspace(s) acct-1, but current credentials belong to acct-other. Logging out. "));
        Assert.That(error.Message, Does.Contain("forced_chatgpt_workspace_id").And.Contain("`codex-mcp-server login`"));
        Assert.That(File.Exists(AuthPath), Is.False);
    }

    [Test]
    public void Resolve_WorkspaceRequiredButIdTokenHasNoAccount_Refused()
    {
        WriteChatGptAuthJson(accountClaim: null);

        var error = Refused(new LoginRestrictions { WorkspaceIds = ["acct-1"] }, NoEnvironment);

        Assert.That(error.Message, Does.StartWith("Login is restricted to workspace(s) acct-1, but current credentials lack a workspace identifier. Logging out."));
        Assert.That(File.Exists(AuthPath), Is.False);
    }

    [Test]
    public void Resolve_NoRestrictions_ApiKeyAndTokensBothAllowed()
    {
        WriteApiKeyAuthJson();
        Assert.That(new CredentialResolver(_home, NoEnvironment).Resolve(OpenAi, LoginRestrictions.None).ApiKey?.Reveal(), Is.EqualTo(Key));

        WriteChatGptAuthJson("acct-1");
        Assert.That(new CredentialResolver(_home, NoEnvironment).Resolve(OpenAi).ChatGpt, Is.Not.Null);
    }

    [Test]
    public void Resolve_ForcedChatGptWithEnvKeyProviderFallingBackToAuthJsonKey_Refused()
    {
        WriteApiKeyAuthJson();
        var provider = new ModelProviderInfo { Name = "p", EnvKey = "MY_PROVIDER_KEY", WireApi = WireApi.Responses };

        var error = Refused(new LoginRestrictions { Method = ForcedLoginMethod.ChatGpt }, NoEnvironment, provider);

        Assert.That(error.Message, Does.StartWith("ChatGPT login is required"));
    }

    [Test]
    public void Resolve_ForcedChatGptWithProvidersOwnEnvKey_Allowed()
    {
        // A provider's own env_key is that provider's credential, not OpenAI's sign-in: upstream's policy does not cover it.
        var provider = new ModelProviderInfo { Name = "p", EnvKey = "MY_PROVIDER_KEY" };

        var credential = new CredentialResolver(_home, name => name == "MY_PROVIDER_KEY" ? Key : null).Resolve(provider, new LoginRestrictions { Method = ForcedLoginMethod.ChatGpt });

        Assert.That(credential.ApiKey?.Reveal(), Is.EqualTo(Key));
    }

    private static string? NoEnvironment(string name) => null;

    private MissingCredentialException Refused(LoginRestrictions restrictions, Func<string, string?> environment, ModelProviderInfo? provider = null)
    {
        var error = Assert.Throws<MissingCredentialException>(() => new CredentialResolver(_home, environment).Resolve(provider ?? OpenAi, restrictions))!;
        Assert.That(error.Message, Does.Not.Contain("CANARY"), "no key or token in the message");
        return error;
    }

    private void WriteApiKeyAuthJson() =>
        File.WriteAllText(AuthPath, new JsonObject { ["auth_mode"] = "apikey", ["OPENAI_API_KEY"] = Key }.ToJsonString());

    private void WriteChatGptAuthJson(string? accountClaim, string? accountIdField = null)
    {
        var auth = new JsonObject { ["chatgpt_plan_type"] = "team" };
        if (accountClaim is not null)
        {
            auth["chatgpt_account_id"] = accountClaim;
        }

        var idToken = Jwt(new JsonObject { ["email"] = "dev@example.test", ["https://api.openai.com/auth"] = auth });
        File.WriteAllText(AuthPath, new JsonObject
        {
            ["auth_mode"] = "chatgpt",
            ["OPENAI_API_KEY"] = null,
            ["tokens"] = new JsonObject
            {
                ["id_token"] = idToken,
                ["access_token"] = AccessToken,
                ["refresh_token"] = RefreshToken,
                ["account_id"] = accountIdField ?? accountClaim,
            },
            ["last_refresh"] = DateTimeOffset.UtcNow.ToString("O"),
        }.ToJsonString());
    }

    private static string Jwt(JsonObject payload) =>
        $"{Base64Url.EncodeToString("""{"alg":"none"}"""u8)}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.sig";
}
