using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>
/// Two server processes on one CODEX_HOME resume the same conversation and append to its rollout
/// at the same time: the lines never interleave or overwrite each other, every record parses and
/// every turn of both is there once.
/// </summary>
public sealed class TwoProcessTests
{
    private const int RepliesPerServer = 12;

    [Test]
    public async Task CodexReply_TwoServersAppendToOneConversationAtOnce_EveryLineWholeAndEveryTurnOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var server = await RunningServer.StartAsync(ModelScript.ForEachRequest(Acknowledge), timeout.Token);
        var first = await server.CodexAsync("seed", timeout.Token);
        CallAssert.Succeeded(first, "ack seed");
        var id = first.ConversationId!;
        var rollout = CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath;

        // Restart so that both processes resume from the file rather than one holding it from the start.
        await server.RestartAsync(timeout.Token);
        await using var other = RawServerProcess.Start(server.Session);
        await other.InitializeAsync(timeout.Token);

        var typed = Enumerable.Range(0, RepliesPerServer).Select(i => server.ReplyAsync(id, Prompt("a", i), timeout.Token)).ToList();
        for (var i = 0; i < RepliesPerServer; i++)
        {
            await other.CallToolAsync(JsonValue.Create($"b{i}")!, "codex-reply", new JsonObject { ["conversationId"] = id, ["prompt"] = Prompt("b", i) }, timeout.Token);
        }

        var rawResults = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (rawResults.Count < RepliesPerServer)
        {
            var response = await other.ReadUntilAsync(m => !m.TryGetProperty("method", out _) && m.TryGetProperty("id", out _), timeout.Token);
            rawResults[response.GetProperty("id").GetString()!] = response;
        }

        var typedResults = await Task.WhenAll(typed);
        for (var i = 0; i < RepliesPerServer; i++)
        {
            CallAssert.Succeeded(typedResults[i], $"ack a{i}");
            var raw = rawResults[$"b{i}"];
            Assert.That(raw.TryGetProperty("result", out var result) && !(result.TryGetProperty("isError", out var isError) && isError.GetBoolean()), Is.True, $"b{i}: {raw}");
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo($"ack b{i}"));
        }

        var messages = RolloutLines.Messages(await RolloutLines.ReadWholeAsync(rollout, timeout.Token));
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal) { ["seed"] = "seed" };
        for (var i = 0; i < RepliesPerServer; i++)
        {
            prompts[$"a{i}"] = Prompt("a", i);
            prompts[$"b{i}"] = Prompt("b", i);
        }

        foreach (var (tag, prompt) in prompts)
        {
            Assert.That(messages.Count(m => m == $"user: {prompt}"), Is.EqualTo(1), $"the prompt of {tag} is in the rollout once");
            Assert.That(messages.Count(m => m == $"assistant: ack {tag}"), Is.EqualTo(1), $"the answer of {tag} is in the rollout once");
        }

        // And the file still resumes: a third process sees every turn of both.
        Assert.That(await other.CloseInputAndWaitAsync(TimeSpan.FromSeconds(5)), Is.True);
        await server.RestartAsync(timeout.Token);
        var last = await server.ReplyAsync(id, "final", timeout.Token);
        CallAssert.Succeeded(last, "ack final");
        var dialogue = ModelRequestView.From(server.Model.Requests[^1]).Dialogue;
        Assert.That(dialogue, Is.Unique);
        Assert.That(dialogue, Has.Count.EqualTo((prompts.Count * 2) + 1));
    }

    /// <summary>Prompts of different, large sizes, so a line written at a stale end would overwrite part of another.</summary>
    private static string Prompt(string server, int i) =>
        $"{server}{i.ToString(CultureInfo.InvariantCulture)} {new string('p', 1_000 + (((i * 7919) + (server == "a" ? 0 : 3571)) % 30_000))}";

    private static ScriptedReply Acknowledge(RecordedRequest request)
    {
        var prompt = RolloutLines.LastUserPrompt(request);
        return ScriptedReply.Empty.WithDelay(TimeSpan.FromMilliseconds(20)).WithMessage($"ack {prompt.Split(' ')[0]}", 2);
    }
}
