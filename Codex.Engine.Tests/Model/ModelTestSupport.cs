using System.Text.Json;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;

namespace Codex.Engine.Tests.Model;

/// <summary>Shared helpers for the model client tests: providers pointing at a scripted server, requests, collection.</summary>
internal static class ModelTestSupport
{
    public const string ApiKey = "sk-test-0123456789abcdef";

    public static readonly JsonElement ShellTool = JsonDocument.Parse("""
        {"type":"function","name":"shell","description":"Runs a shell command and returns its output.","strict":false,
         "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"],"additionalProperties":false}}
        """).RootElement.Clone();

    public static readonly JsonElement ApplyPatchCustomTool = JsonDocument.Parse("""
        {"type":"custom","name":"apply_patch","description":"patch","format":{"type":"grammar","syntax":"lark","definition":"start: x"}}
        """).RootElement.Clone();

    public static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(30));

    public static ModelProviderInfo Provider(ScriptedModelServer server, WireApi wire, int requestRetries = 0, int streamRetries = 0) => new()
    {
        Name = "mock",
        BaseUrl = server.BaseUrl.AbsoluteUri,
        WireApi = wire,
        RequestMaxRetries = requestRetries,
        StreamMaxRetries = streamRetries,
    };

    public static IModelClient Client(ModelProviderInfo provider, string? key = ApiKey, Func<string, string?>? environment = null) =>
        ModelClientFactory.Create(provider, key is null ? null : new Secret(key), new ModelClientOptions { Environment = environment ?? (_ => null) });

    public static ModelRequest Request(string prompt = "say hi", Action<RetryNotice>? onRetry = null) => new()
    {
        Model = "mock-model",
        Instructions = "You are a test.",
        Input = [MessageItem.User(prompt)],
        Tools = [ShellTool],
        ConversationId = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10",
        OnRequestRetry = onRetry,
    };

    public static async Task<List<ModelEvent>> CollectAsync(IAsyncEnumerable<ModelEvent> events)
    {
        var list = new List<ModelEvent>();
        await foreach (var modelEvent in events)
        {
            list.Add(modelEvent);
        }

        return list;
    }

    public static async Task<TException> CatchAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        try
        {
            await action();
        }
        catch (TException ex)
        {
            return ex;
        }

        Assert.Fail($"Expected {typeof(TException).Name} to be thrown.");
        throw new InvalidOperationException("unreachable");
    }

    public static string Deltas(IEnumerable<ModelEvent> events) =>
        string.Concat(events.OfType<ModelEvent.OutputTextDelta>().Select(delta => delta.Delta));

    public static List<ResponseItem> Items(IEnumerable<ModelEvent> events) =>
        [.. events.OfType<ModelEvent.OutputItemDone>().Select(done => done.Item)];
}
