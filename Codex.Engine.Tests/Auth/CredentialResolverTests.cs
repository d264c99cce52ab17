using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.Engine.Tests.Auth;

public sealed class CredentialResolverTests
{
    private const string Key = "sk-proj-secret-value-42";
    private string _home = null!;

    [SetUp]
    public void SetUp()
    {
        _home = Path.Combine(Path.GetTempPath(), "codex-auth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_home);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_home, recursive: true);

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private void WriteAuthJson(string json) => File.WriteAllText(Path.Combine(_home, "auth.json"), json);

    [Test]
    public void Resolve_EnvKeySet_ReturnsItsValue()
    {
        var provider = new ModelProviderInfo { Name = "p", EnvKey = "MY_PROVIDER_KEY" };

        var secret = new CredentialResolver(_home, Env(("MY_PROVIDER_KEY", Key))).Resolve(provider);

        Assert.That(secret.ApiKey?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_EnvKeyMissing_NamesTheVariableAndInstructions()
    {
        var provider = new ModelProviderInfo { Name = "p", EnvKey = "MY_PROVIDER_KEY", EnvKeyInstructions = "Create one at https://example.test/keys." };

        Assert.That(() => new CredentialResolver(_home, Env()).Resolve(provider),
            Throws.TypeOf<MissingCredentialException>().With.Message.EqualTo("Missing environment variable: `MY_PROVIDER_KEY`. Create one at https://example.test/keys."));
    }

    [Test]
    public void Resolve_EnvKeyEmptyOnResponsesWire_FallsBackToAuthJson()
    {
        WriteAuthJson($$"""{"OPENAI_API_KEY":"{{Key}}"}""");
        var provider = new ModelProviderInfo { Name = "p", EnvKey = "MY_PROVIDER_KEY", WireApi = WireApi.Responses };

        var secret = new CredentialResolver(_home, Env(("MY_PROVIDER_KEY", "  "))).Resolve(provider);

        Assert.That(secret.ApiKey?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_EnvKeyMissingOnChatWire_IgnoresAuthJson()
    {
        WriteAuthJson($$"""{"OPENAI_API_KEY":"{{Key}}"}""");
        var provider = new ModelProviderInfo { Name = "p", EnvKey = "MY_PROVIDER_KEY", WireApi = WireApi.Chat };

        Assert.That(() => new CredentialResolver(_home, Env()).Resolve(provider), Throws.TypeOf<MissingCredentialException>());
    }

    [Test]
    public void Resolve_OpenAiWithEnvironmentKey_PrefersTheEnvironment()
    {
        WriteAuthJson("""{"OPENAI_API_KEY":"sk-from-file"}""");

        var secret = new CredentialResolver(_home, Env(("OPENAI_API_KEY", Key))).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That(secret.ApiKey?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_OpenAiWithAuthJsonOnly_ReadsTheFile()
    {
        WriteAuthJson($$"""{"OPENAI_API_KEY":"{{Key}}","tokens":null,"last_refresh":null}""");

        var secret = new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That(secret.ApiKey?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_OpenAiWithoutAnyKey_SaysWhatToSet()
    {
        var authPath = Path.Combine(_home, "auth.json");

        Assert.That(() => new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null)),
            Throws.TypeOf<MissingCredentialException>().With.Message.EqualTo(
                $"No API key for model provider `OpenAI`: set the OPENAI_API_KEY environment variable or put {{\"OPENAI_API_KEY\": \"<key>\"}} in {authPath}, or sign in with ChatGPT: `codex-mcp-server login`."));
    }

    [Test]
    public void Resolve_AuthJsonWithOnlyChatGptTokens_UsesThem()
    {
        WriteAuthJson("""{"OPENAI_API_KEY":null,"tokens":{"id_token":"a","access_token":"b","refresh_token":"c","account_id":"acct"}}""");

        var credential = new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That(credential.ChatGpt?.Current.AccessToken, Is.EqualTo("b"));
        Assert.That(credential.ChatGpt?.AccountId, Is.EqualTo("acct"));
        Assert.That(credential.ApiKey, Is.Null);
    }

    [Test]
    public void Resolve_ChatGptModeWithAnExchangedKey_UsesTheTokens()
    {
        // Upstream's browser login stores an exchanged key beside the tokens; auth_mode "chatgpt" still selects the tokens.
        WriteAuthJson($$$"""{"auth_mode":"chatgpt","OPENAI_API_KEY":"{{{Key}}}","tokens":{"id_token":"a","access_token":"b","refresh_token":"c","account_id":null}}""");

        var credential = new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That(credential.ChatGpt?.Current.AccessToken, Is.EqualTo("b"));
    }

    [Test]
    public void Resolve_ApiKeyModeWithTokens_UsesTheKey()
    {
        WriteAuthJson($$$"""{"auth_mode":"apikey","OPENAI_API_KEY":"{{{Key}}}","tokens":{"id_token":"a","access_token":"b","refresh_token":"c","account_id":null}}""");

        var credential = new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That((credential.ApiKey?.Reveal(), credential.ChatGpt), Is.EqualTo((Key, (ChatGptSession?)null)));
    }

    [Test]
    public void Resolve_EnvironmentKeyAndChatGptTokens_EnvironmentWins()
    {
        WriteAuthJson("""{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"a","access_token":"b","refresh_token":"c","account_id":null}}""");

        var credential = new CredentialResolver(_home, Env(("OPENAI_API_KEY", Key))).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That(credential.ApiKey?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_ChatGptTokensOnTheChatWire_AreNotUsed()
    {
        WriteAuthJson("""{"tokens":{"id_token":"a","access_token":"b","refresh_token":"c","account_id":null}}""");
        var provider = BuiltInProviders.OpenAi(_ => null) with { WireApi = WireApi.Chat };

        Assert.That(() => new CredentialResolver(_home, Env()).Resolve(provider), Throws.TypeOf<MissingCredentialException>());
    }

    [Test]
    public void Resolve_MalformedAuthJson_NamesTheFileWithoutEchoingIt()
    {
        WriteAuthJson($$"""{"OPENAI_API_KEY":"{{Key}}" oops}""");

        var error = Assert.Throws<MissingCredentialException>(() => new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null)));

        Assert.That(error!.Message, Does.Contain(Path.Combine(_home, "auth.json")));
        Assert.That(error.Message, Does.Contain("is not valid JSON"));
        Assert.That(error.ToString(), Does.Not.Contain(Key));
    }

    [Test]
    public void Resolve_ProviderWithoutCredentials_ReturnsNull()
    {
        var secret = new CredentialResolver(_home, Env(("OPENAI_API_KEY", Key))).Resolve(BuiltInProviders.Oss(_ => null));

        Assert.That(secret.IsNone, Is.True);
    }
}
