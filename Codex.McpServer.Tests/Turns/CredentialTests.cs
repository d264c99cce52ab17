using System.Text.Json;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>Where the API key comes from, and the errors when there is none.</summary>
public sealed class CredentialTests
{
    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_EnvKeyVariableMissing_ImmediateErrorNamingTheVariable(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("unreachable")),
            timeout.Token,
            wireApi: wire,
            environment: new Dictionary<string, string?> { [E2eSession.ApiKeyVariable] = null });

        var result = await server.CodexAsync("go", timeout.Token);

        CallAssert.Failed(result, $"Missing environment variable: `{E2eSession.ApiKeyVariable}`.");
        Assert.That(result.Events, Is.Empty, "nothing starts without a key");
        Assert.That(server.Model.Requests, Is.Empty);
    }

    [Test]
    public async Task Codex_EnvKeyMissingWithInstructions_MessageCarriesTheInstructions()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("unreachable")),
            timeout.Token,
            environment: new Dictionary<string, string?> { [E2eSession.ApiKeyVariable] = string.Empty });
        var config = new Dictionary<string, JsonElement> { ["model_providers.mock.env_key_instructions"] = JsonSerializer.SerializeToElement("Create one in the mock console.") };

        var result = await server.CodexAsync("go", timeout.Token, p => p with { Config = config });

        CallAssert.Failed(result, $"Missing environment variable: `{E2eSession.ApiKeyVariable}`.", "Create one in the mock console.");
    }

    [Test]
    public async Task Codex_BuiltInOpenAiWithoutKeyOrAuthJson_ErrorNamesOpenAiApiKeyAndAuthJson()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("unreachable")), timeout.Token);
        var config = new Dictionary<string, JsonElement> { ["model_provider"] = JsonSerializer.SerializeToElement("openai") };

        var result = await server.CodexAsync("go", timeout.Token, p => p with { Config = config });

        CallAssert.Failed(result, "OPENAI_API_KEY", Path.Combine(server.Session.CodexHome, "auth.json"));
        Assert.That(result.Events, Is.Empty);

        var ok = await server.CodexAsync("go", timeout.Token);
        CallAssert.Succeeded(ok, "unreachable");
    }

    [Test]
    public async Task Codex_BuiltInOpenAiWithAuthJsonKey_SendsThatKeyToOpenAiBaseUrl()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const string fileKey = "sk-from-auth-json-777";
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("hello from openai")),
            timeout.Token,
            extraConfig: "[model_providers.openai]\nname = \"an override that must be ignored\"\nbase_url = \"http://127.0.0.1:9/v1\"\nwire_api = \"chat\"\n");
        await File.WriteAllTextAsync(Path.Combine(server.Session.CodexHome, "auth.json"), $$"""{"OPENAI_API_KEY":"{{fileKey}}"}""", timeout.Token);

        // The built-in provider takes its base URL from OPENAI_BASE_URL, which must name the mock started above.
        await server.RestartAsync(timeout.Token, new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = server.Model.BaseUrl.ToString() });
        var config = new Dictionary<string, JsonElement> { ["model_provider"] = JsonSerializer.SerializeToElement("openai") };
        var result = await server.CodexAsync("go", timeout.Token, p => p with { Config = config });

        CallAssert.Succeeded(result, "hello from openai");
        var request = server.Model.Requests.Single();
        Assert.That(request.Path, Is.EqualTo("/v1/responses"), "the built-in openai provider speaks Responses and cannot be redefined in config.toml");
        Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {fileKey}"));
        Assert.That(request.Header("version"), Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task Codex_EnvKeyPresent_SentAsBearerToken()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), timeout.Token);

        var result = await server.CodexAsync("go", timeout.Token);

        CallAssert.Succeeded(result, "ok");
        Assert.That(server.Model.Requests.Single().Header("Authorization"), Is.EqualTo($"Bearer {E2eSession.ApiKey}"));
        Assert.That(CallAssert.Of<SessionConfiguredEvent>(result.Events), Has.Count.EqualTo(1));
    }
}
