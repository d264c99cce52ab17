using Codex.Engine.Config;

namespace Codex.Engine.Tests.Config;

/// <summary><c>model_provider</c> and <c>model_providers.&lt;id&gt;</c> as the loader resolves them (spec §6.3).</summary>
public sealed class ConfigLoaderProviderTests
{
    [Test]
    public void Load_UserProvider_EveryFieldIsRead()
    {
        using var home = new TempCodexHome();
        home.Write("""
            model_provider = "corp"

            [model_providers.corp]
            name = "Corp gateway"
            base_url = "https://llm.corp.example/v1"
            env_key = "CORP_KEY"
            env_key_instructions = "Ask the platform team."
            wire_api = "responses"
            request_max_retries = 7
            stream_max_retries = 2
            stream_idle_timeout_ms = 1500
            requires_openai_auth = false
            query_params = { tenant = "blue", "api-version" = "2025-01-01" }
            http_headers = { "X-Team" = "codex" }
            env_http_headers = { "X-Trace" = "CORP_TRACE" }
            """);

        var config = home.Load();
        var provider = config.ModelProvider;

        Assert.That(config.ModelProviderId, Is.EqualTo("corp"));
        Assert.That(provider.Name, Is.EqualTo("Corp gateway"));
        Assert.That(provider.BaseUrl, Is.EqualTo("https://llm.corp.example/v1"));
        Assert.That(provider.EnvKey, Is.EqualTo("CORP_KEY"));
        Assert.That(provider.EnvKeyInstructions, Is.EqualTo("Ask the platform team."));
        Assert.That(provider.WireApi, Is.EqualTo(WireApi.Responses));
        Assert.That((provider.RequestMaxRetries, provider.StreamMaxRetries), Is.EqualTo((7, 2)));
        Assert.That(provider.StreamIdleTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(provider.RequiresOpenAiAuth, Is.False);
        Assert.That(provider.QueryParams, Is.EquivalentTo(new Dictionary<string, string> { ["tenant"] = "blue", ["api-version"] = "2025-01-01" }));
        Assert.That(provider.HttpHeaders, Is.EquivalentTo(new Dictionary<string, string> { ["X-Team"] = "codex" }));
        Assert.That(provider.EnvHttpHeaders, Is.EquivalentTo(new Dictionary<string, string> { ["X-Trace"] = "CORP_TRACE" }));
        Assert.That(provider.IsAzure, Is.False);
    }

    [Test]
    public void Load_MinimalUserProvider_DefaultsToChatWithDefaultRetries()
    {
        using var home = new TempCodexHome();
        home.Write("model_provider = \"local\"\n[model_providers.local]\nname = \"Local\"\nbase_url = \"http://127.0.0.1:8080/v1\"\n");

        var provider = home.Load().ModelProvider;

        Assert.That(provider.WireApi, Is.EqualTo(WireApi.Chat));
        Assert.That((provider.RequestMaxRetries, provider.StreamMaxRetries), Is.EqualTo((4, 5)));
        Assert.That(provider.StreamIdleTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That((provider.EnvKey, provider.QueryParams, provider.HttpHeaders, provider.EnvHttpHeaders), Is.EqualTo(((string?)null, (IReadOnlyDictionary<string, string>?)null, (IReadOnlyDictionary<string, string>?)null, (IReadOnlyDictionary<string, string>?)null)));
    }

    [Test]
    public void Load_RetriesAboveTheCap_AreCappedAtOneHundred()
    {
        using var home = new TempCodexHome();
        home.Write("model_provider = \"p\"\n[model_providers.p]\nname = \"P\"\nrequest_max_retries = 1000\nstream_max_retries = 99999999999\n");

        var provider = home.Load().ModelProvider;

        Assert.That((provider.RequestMaxRetries, provider.StreamMaxRetries), Is.EqualTo((100, 100)));
    }

    [TestCase("request_max_retries = -1", "`model_providers.p.request_max_retries` must be 0 or more, not -1.")]
    [TestCase("stream_max_retries = -3", "`model_providers.p.stream_max_retries` must be 0 or more, not -3.")]
    [TestCase("stream_idle_timeout_ms = 0", "`model_providers.p.stream_idle_timeout_ms` must be a positive number of milliseconds, not 0.")]
    [TestCase("wire_api = \"grpc\"", "`model_providers.p.wire_api` has unknown value \"grpc\"; expected one of \"responses\", \"chat\".")]
    [TestCase("request_max_retries = \"3\"", "`model_providers.p.request_max_retries` must be an integer, not the string \"3\".")]
    [TestCase("http_headers = { \"X-A\" = 1 }", "`model_providers.p.http_headers.X-A` must be a string, not the integer 1.")]
    [TestCase("base_url = \"ftp://files.example\"", "has an invalid base_url `ftp://files.example`")]
    public void Load_BadProviderField_ErrorNamesFileKeyAndReason(string line, string expected)
    {
        using var home = new TempCodexHome();
        home.Write($"model_provider = \"p\"\n[model_providers.p]\nname = \"P\"\n{line}\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Does.StartWith(home.ConfigPath + ": "));
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void Load_BuiltInOpenAi_CannotBeOverriddenByConfigTomlOrConfigArgument()
    {
        using var home = new TempCodexHome();
        home.Write("""
            [model_providers.openai]
            name = "Hijacked"
            base_url = "http://127.0.0.1:9/v1"
            wire_api = "chat"
            env_key = "STOLEN"
            """);

        var provider = home.Load(
            r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model_providers.openai.base_url":"http://evil.example/v1"}""") },
            environment: new Dictionary<string, string> { ["OPENAI_ORGANIZATION"] = "org-1" }).ModelProvider;

        Assert.That(provider.Name, Is.EqualTo("OpenAI"));
        Assert.That(provider.BaseUrl, Is.EqualTo(ModelProviderInfo.DefaultBaseUrl));
        Assert.That(provider.WireApi, Is.EqualTo(WireApi.Responses));
        Assert.That(provider.EnvKey, Is.Null);
        Assert.That(provider.RequiresOpenAiAuth, Is.True);
        Assert.That(provider.HttpHeaders!.Keys, Is.EqualTo(new[] { "version" }));
        Assert.That(provider.EnvHttpHeaders, Is.EquivalentTo(new Dictionary<string, string> { ["OpenAI-Organization"] = "OPENAI_ORGANIZATION", ["OpenAI-Project"] = "OPENAI_PROJECT" }));
    }

    [Test]
    public void Load_BuiltIns_TakeBaseUrlsFromTheInjectedEnvironment()
    {
        using var home = new TempCodexHome();

        var openai = home.Load(environment: new Dictionary<string, string> { ["OPENAI_BASE_URL"] = "http://127.0.0.1:4000/v1" }).ModelProvider;
        var oss = home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model_provider":"oss"}""") }, environment: new Dictionary<string, string> { ["CODEX_OSS_PORT"] = "5555" }).ModelProvider;
        var ossUrl = home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model_provider":"oss"}""") }, environment: new Dictionary<string, string> { ["CODEX_OSS_BASE_URL"] = "http://gpu-box:11434/v1" }).ModelProvider;
        var ossDefault = home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model_provider":"oss"}""") }).ModelProvider;

        Assert.That(openai.BaseUrl, Is.EqualTo("http://127.0.0.1:4000/v1"));
        Assert.That((oss.BaseUrl, oss.WireApi), Is.EqualTo(("http://localhost:5555/v1", WireApi.Chat)));
        Assert.That(ossUrl.BaseUrl, Is.EqualTo("http://gpu-box:11434/v1"));
        Assert.That(ossDefault.BaseUrl, Is.EqualTo("http://localhost:11434/v1"));
    }

    [Test]
    public void Load_AzureStyleProvider_IsRecognisedWithItsApiVersion()
    {
        using var home = new TempCodexHome();
        home.Write("""
            model = "gpt-5"
            model_provider = "azure"

            [model_providers.azure]
            name = "Azure"
            base_url = "https://my-resource.openai.azure.com/openai"
            env_key = "AZURE_OPENAI_API_KEY"
            query_params = { api-version = "2025-04-01-preview" }
            wire_api = "responses"
            """);

        var provider = home.Load().ModelProvider;

        Assert.That(provider.IsAzure, Is.True);
        Assert.That(provider.QueryParams, Is.EquivalentTo(new Dictionary<string, string> { ["api-version"] = "2025-04-01-preview" }));
        Assert.That(provider.ResolveBaseUrl(), Is.EqualTo(new Uri("https://my-resource.openai.azure.com/openai")));
        Assert.That((provider.EnvKey, provider.WireApi), Is.EqualTo(("AZURE_OPENAI_API_KEY", WireApi.Responses)));
    }

    [Test]
    public void Load_AzureHostUnderAnotherName_IsStillAzure()
    {
        using var home = new TempCodexHome();
        home.Write("model_provider = \"corp-azure\"\n[model_providers.corp-azure]\nname = \"Corp\"\nbase_url = \"https://corp.cognitiveservices.azure.com/openai\"\n");

        Assert.That(home.Load().ModelProvider.IsAzure, Is.True);
    }

    [Test]
    public void Load_UnknownProvider_ErrorListsKnownProvidersAndWhereToDefineIt()
    {
        using var home = new TempCodexHome();
        home.Write("model_provider = \"nowhere\"\n[model_providers.mine]\nname = \"Mine\"\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Is.EqualTo($"Model provider `nowhere` not found; known providers: `openai`, `oss`, `mcp-client`, `mine`. Define it as [model_providers.nowhere] in {home.ConfigPath}."));
    }

    [Test]
    public void Load_ProviderFromProfile_BeatsTopLevel()
    {
        using var home = new TempCodexHome();
        home.Write("""
            model_provider = "a"
            profile = "use-b"

            [profiles.use-b]
            model_provider = "b"

            [model_providers.a]
            name = "A"

            [model_providers.b]
            name = "B"
            """);

        Assert.That(home.Load().ModelProviderId, Is.EqualTo("b"));
        Assert.That(home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument("""{"model_provider":"a"}""") }).ModelProviderId, Is.EqualTo("a"));
    }

    [Test]
    public void Load_ProviderFieldsFromConfigArgument_MergeIntoTheTomlTable()
    {
        using var home = new TempCodexHome();
        home.Write("model_provider = \"p\"\n[model_providers.p]\nname = \"P\"\nbase_url = \"http://127.0.0.1:1/v1\"\nstream_max_retries = 3\n");

        var provider = home.Load(r => r with
        {
            Overrides = TempCodexHome.ConfigArgument("""{"model_providers.p.request_max_retries": 1, "model_providers.p.http_headers": {"X-One": "1"}}"""),
        }).ModelProvider;

        Assert.That((provider.Name, provider.BaseUrl, provider.RequestMaxRetries, provider.StreamMaxRetries), Is.EqualTo(("P", "http://127.0.0.1:1/v1", 1, 3)));
        Assert.That(provider.HttpHeaders, Is.EquivalentTo(new Dictionary<string, string> { ["X-One"] = "1" }));
    }
}
