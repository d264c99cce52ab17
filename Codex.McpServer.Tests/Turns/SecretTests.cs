using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>The API key is sent to the model and nowhere else: not to stdout, stderr (at debug level), or the rollout.</summary>
public sealed class SecretTests
{
    [Test]
    public async Task Server_WholeSessionIncludingAnErrorThatEchoesTheKey_NeverWritesTheKeyAnywhere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var echoingError = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = $"Incorrect API key provided: {E2eSession.ApiKey}", ["type"] = "invalid_request_error", ["code"] = "invalid_api_key" },
        }.ToJsonString();
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Text("first").WithUsage(3, 1), ScriptedReply.Error(401, echoingError), ScriptedReply.Text("third")),
            cancellationToken: timeout.Token);
        await using var raw = RawServerProcess.Start(session);
        await raw.InitializeAsync(timeout.Token);

        await raw.CallToolAsync(1, "codex", new JsonObject { ["prompt"] = "hello", ["cwd"] = session.Workspace }, timeout.Token);
        var first = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token);
        var id = first.GetProperty("result").GetProperty("structuredContent").GetProperty("threadId").GetString()!;
        await raw.CallToolAsync(2, "codex-reply", new JsonObject { ["prompt"] = "again", ["threadId"] = id }, timeout.Token);
        var failed = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "2"), timeout.Token);
        await raw.CallToolAsync(3, "codex-reply", new JsonObject { ["prompt"] = "once more", ["threadId"] = id }, timeout.Token);
        await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "3"), timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(5)), Is.True);

        Assert.That(session.Model.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo($"Bearer {E2eSession.ApiKey}"), "the key was in use");
        var failure = failed.GetProperty("result");
        Assert.That(failure.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(failure.GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("Incorrect API key provided: "), "the provider's message is kept, minus the key");

        Assert.That(raw.StderrLines, Is.Not.Empty, "debug logging was on");
        Assert.That(raw.StdoutLines.Where(ContainsKey), Is.Empty, "stdout (events and results)");
        Assert.That(raw.StderrLines.Where(ContainsKey), Is.Empty, "stderr logs");
        var rollouts = Directory.GetFiles(Path.Combine(session.CodexHome, "sessions"), "*.jsonl", SearchOption.AllDirectories);
        Assert.That(rollouts, Has.Length.EqualTo(1));
        var rollout = await File.ReadAllLinesAsync(rollouts[0], timeout.Token);
        Assert.That(rollout, Is.Not.Empty);
        Assert.That(rollout.Where(ContainsKey), Is.Empty, "rollout file");
    }

    private static bool ContainsKey(string text) =>
        text.Contains(E2eSession.ApiKey, StringComparison.Ordinal) || text.Contains(E2eSession.ApiKey[^16..], StringComparison.Ordinal);
}
