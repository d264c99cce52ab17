using Codex.Engine.Config;

namespace Codex.Engine.Tests.Config;

/// <summary>The credential variables and the response-headers timeout as the loader resolves them.</summary>
public sealed class ConfigLoaderCredentialTests
{
    [Test]
    public void Load_SeveralProviders_CredentialVariablesCoverAllOfThem()
    {
        using var home = new TempCodexHome();
        home.Write("""
            model_provider = "probe"

            [model_providers.probe]
            name = "Probe"
            base_url = "http://127.0.0.1:9/v1"
            env_key = "PROBE_CRED"
            env_http_headers = { "X-Probe" = "PROBE_HEADER_VALUE" }

            [model_providers.unused]
            name = "Unused"
            base_url = "http://127.0.0.1:9/v1"
            env_key = "UNUSED_PROVIDER_KEY"
            env_http_headers = { "X-Other" = "UNUSED_HEADER_VALUE" }

            [model_providers.broken]
            env_key = 42
            env_http_headers = "not a table"
            """);

        var config = home.Load();

        Assert.That(config.CredentialVariables.Names, Is.EquivalentTo(new[]
        {
            "OPENAI_API_KEY", "OPENAI_ORGANIZATION", "OPENAI_PROJECT",
            "PROBE_CRED", "PROBE_HEADER_VALUE", "UNUSED_PROVIDER_KEY", "UNUSED_HEADER_VALUE",
        }));
    }

    [Test]
    public void Load_ProviderFromServerOverride_ItsVariablesAreHiddenToo()
    {
        using var home = new TempCodexHome();
        home.Write("model = \"m\"\n");

        var config = home.Load(overrides: ["model_providers.extra.name=\"Extra\"", "model_providers.extra.env_key=\"EXTRA_CRED\""]);

        Assert.That(config.CredentialVariables.Contains("EXTRA_CRED"), Is.True);
        Assert.That(config.CredentialVariables.Contains("OPENAI_API_KEY"), Is.True);
    }

    [Test]
    public void Load_ResponseHeadersTimeout_DefaultsTo60SecondsAndIsRead()
    {
        using var home = new TempCodexHome();
        home.Write("""
            model_provider = "p"
            [model_providers.p]
            name = "P"
            base_url = "http://127.0.0.1:9/v1"
            [model_providers.q]
            name = "Q"
            base_url = "http://127.0.0.1:9/v1"
            response_headers_timeout_ms = 1500
            """);

        Assert.That(home.Load().ModelProvider.ResponseHeadersTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
        home.Write(File.ReadAllText(home.ConfigPath).Replace("model_provider = \"p\"", "model_provider = \"q\"", StringComparison.Ordinal));
        Assert.That(home.Load().ModelProvider.ResponseHeadersTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
    }

    [Test]
    public void Load_HugeResponseHeadersTimeout_IsCappedAtOneHour()
    {
        using var home = new TempCodexHome();
        home.Write("model_provider = \"p\"\n[model_providers.p]\nname = \"P\"\nresponse_headers_timeout_ms = 99999999999\n");

        Assert.That(home.Load().ModelProvider.ResponseHeadersTimeout, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [TestCase("response_headers_timeout_ms = 0", "`model_providers.p.response_headers_timeout_ms` must be a positive number of milliseconds, not 0.")]
    [TestCase("response_headers_timeout_ms = -5", "`model_providers.p.response_headers_timeout_ms` must be a positive number of milliseconds, not -5.")]
    [TestCase("response_headers_timeout_ms = \"60s\"", "`model_providers.p.response_headers_timeout_ms` must be an integer, not the string \"60s\".")]
    public void Load_BadResponseHeadersTimeout_ErrorNamesFileKeyAndReason(string line, string expected)
    {
        using var home = new TempCodexHome();
        home.Write($"model_provider = \"p\"\n[model_providers.p]\nname = \"P\"\n{line}\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Does.StartWith(home.ConfigPath + ": "));
        Assert.That(error.Message, Does.Contain(expected));
    }
}
