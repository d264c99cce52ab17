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

        Assert.That(secret?.Reveal(), Is.EqualTo(Key));
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

        Assert.That(secret?.Reveal(), Is.EqualTo(Key));
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

        Assert.That(secret?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_OpenAiWithAuthJsonOnly_ReadsTheFile()
    {
        WriteAuthJson($$"""{"OPENAI_API_KEY":"{{Key}}","tokens":null,"last_refresh":null}""");

        var secret = new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null));

        Assert.That(secret?.Reveal(), Is.EqualTo(Key));
    }

    [Test]
    public void Resolve_OpenAiWithoutAnyKey_SaysWhatToSet()
    {
        var authPath = Path.Combine(_home, "auth.json");

        Assert.That(() => new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null)),
            Throws.TypeOf<MissingCredentialException>().With.Message.EqualTo(
                $"No API key for model provider `OpenAI`: set the OPENAI_API_KEY environment variable or put {{\"OPENAI_API_KEY\": \"<key>\"}} in {authPath}."));
    }

    [Test]
    public void Resolve_AuthJsonWithOnlyChatGptTokens_ExplainsTheyAreUnsupported()
    {
        WriteAuthJson("""{"OPENAI_API_KEY":null,"tokens":{"id_token":"a","access_token":"b","refresh_token":"c"}}""");

        Assert.That(() => new CredentialResolver(_home, Env()).Resolve(BuiltInProviders.OpenAi(_ => null)),
            Throws.TypeOf<MissingCredentialException>().With.Message.Contains("ChatGPT login tokens in auth.json are not supported"));
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

        Assert.That(secret, Is.Null);
    }
}
