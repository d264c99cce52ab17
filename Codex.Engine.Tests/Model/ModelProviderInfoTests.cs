using Codex.Engine.Config;

namespace Codex.Engine.Tests.Model;

public sealed class ModelProviderInfoTests
{
    [Test]
    public void Defaults_UserProvider_MatchTheSpec()
    {
        var provider = new ModelProviderInfo { Name = "custom" };

        Assert.That(provider.WireApi, Is.EqualTo(WireApi.Chat));
        Assert.That(provider.RequestMaxRetries, Is.EqualTo(4));
        Assert.That(provider.StreamMaxRetries, Is.EqualTo(5));
        Assert.That(provider.StreamIdleTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(300_000)));
        Assert.That(provider.RequiresOpenAiAuth, Is.False);
        Assert.That(provider.ResolveBaseUrl(), Is.EqualTo(new Uri("https://api.openai.com/v1")));
    }

    [Test]
    public void Retries_AboveTheCap_AreCappedAt100()
    {
        var provider = new ModelProviderInfo { Name = "p", RequestMaxRetries = 1000, StreamMaxRetries = 101 };

        Assert.That((provider.RequestMaxRetries, provider.StreamMaxRetries), Is.EqualTo((100, 100)));
    }

    [Test]
    public void Retries_Negative_AreRejectedWithTheSettingName()
    {
        Assert.That(() => new ModelProviderInfo { Name = "p", RequestMaxRetries = -1 },
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("RequestMaxRetries"));
    }

    [Test]
    public void ResolveBaseUrl_NotAnHttpUrl_ExplainsTheProblem()
    {
        var provider = new ModelProviderInfo { Name = "bad", BaseUrl = "localhost:8080" };

        Assert.That(() => provider.ResolveBaseUrl(),
            Throws.InvalidOperationException.With.Message.EqualTo("Model provider `bad` has an invalid base_url `localhost:8080`: expected an absolute http(s) URL."));
    }

    [TestCase("azure", "http://127.0.0.1:1/v1", true)]
    [TestCase("Azure", null, true)]
    [TestCase("mine", "https://myres.openai.azure.com/openai/v1", true)]
    [TestCase("mine", "https://myres.cognitiveservices.azure.com/openai", true)]
    [TestCase("OpenAI", "https://api.openai.com/v1", false)]
    [TestCase("mine", "http://localhost:11434/v1", false)]
    public void IsAzure_NameOrHost_DetectsAzureEndpoints(string name, string? baseUrl, bool expected)
    {
        var provider = new ModelProviderInfo { Name = name, BaseUrl = baseUrl };

        Assert.That(provider.IsAzure, Is.EqualTo(expected));
    }

    [Test]
    public void OpenAi_WithBaseUrlEnvironment_UsesItAndResponsesWire()
    {
        var provider = BuiltInProviders.OpenAi(name => name == "OPENAI_BASE_URL" ? "http://proxy.local/v1" : null);

        Assert.That(provider.BaseUrl, Is.EqualTo("http://proxy.local/v1"));
        Assert.That(provider.WireApi, Is.EqualTo(WireApi.Responses));
        Assert.That(provider.RequiresOpenAiAuth, Is.True);
        Assert.That(provider.EnvKey, Is.Null);
        Assert.That(provider.HttpHeaders!["version"], Is.EqualTo(BuiltInProviders.CodexVersion));
        Assert.That(provider.EnvHttpHeaders, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["OpenAI-Organization"] = "OPENAI_ORGANIZATION",
            ["OpenAI-Project"] = "OPENAI_PROJECT",
        }));
    }

    [Test]
    public void OpenAi_WithoutEnvironment_UsesThePublicEndpoint()
    {
        Assert.That(BuiltInProviders.OpenAi(_ => null).BaseUrl, Is.EqualTo("https://api.openai.com/v1"));
    }

    [TestCase(null, null, "http://localhost:11434/v1")]
    [TestCase(null, "8080", "http://localhost:8080/v1")]
    [TestCase(null, "not-a-port", "http://localhost:11434/v1")]
    [TestCase("http://gpu-box:9000/v1", "8080", "http://gpu-box:9000/v1")]
    public void Oss_Environment_PicksTheBaseUrl(string? baseUrl, string? port, string expected)
    {
        var provider = BuiltInProviders.Oss(name => name switch
        {
            "CODEX_OSS_BASE_URL" => baseUrl,
            "CODEX_OSS_PORT" => port,
            _ => null,
        });

        Assert.That(provider.BaseUrl, Is.EqualTo(expected));
        Assert.That(provider.WireApi, Is.EqualTo(WireApi.Chat));
    }

    [Test]
    public void Create_BuiltIns_AreKeyedByTheirIds()
    {
        Assert.That(BuiltInProviders.Create(_ => null).Keys, Is.EquivalentTo(new[] { "openai", "oss", "mcp-client" }));
    }
}
