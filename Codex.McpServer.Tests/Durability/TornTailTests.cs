using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>
/// A rollout whose last line was cut off (a crash, a full disk) is repaired before the next
/// append, so the turn written after it survives the next restart.
/// </summary>
public sealed class TornTailTests
{
    private const string CutOffLine = """{"timestamp":"2025-10-21T10:00:00.000Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"this answer was cut off by the crash""";

    private const string UnterminatedLine = """{"timestamp":"2025-10-21T10:00:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"whole but its newline never made it"}]}}""";

    [Test]
    public async Task CodexReply_AfterTornLastLine_ReplyAIsKeptAcrossRestarts()
    {
        // The crash: half a JSON line and no newline at the end of the rollout.
        var (dialogue, records) = await ReplyTwiceAfterTailAsync(CutOffLine);

        Assert.That(dialogue, Is.EqualTo(new[] { "user: first prompt", "assistant: first answer", "user: prompt A", "assistant: answer A", "user: prompt B" }), "A's prompt and answer, once each");
        Assert.That(RolloutLines.Messages(records), Has.None.Contains("cut off by the crash"), "the fragment was cut off, not kept");
    }

    [Test]
    public async Task CodexReply_AfterWholeLastLineWithoutNewline_KeepsThatRecordAndReplyA()
    {
        var (dialogue, _) = await ReplyTwiceAfterTailAsync(UnterminatedLine);

        Assert.That(dialogue, Is.EqualTo(new[]
        {
            "user: first prompt", "assistant: first answer", "user: whole but its newline never made it", "user: prompt A", "assistant: answer A", "user: prompt B",
        }));
    }

    /// <summary>
    /// One turn, then <paramref name="tail"/> appended to the rollout as a crash would leave it, then replies A and B,
    /// each in a new server process. Returns the dialogue of B's model request and the rollout's records (all whole).
    /// </summary>
    private static async Task<(IReadOnlyList<string> Dialogue, IReadOnlyList<System.Text.Json.JsonElement> Records)> ReplyTwiceAfterTailAsync(string tail)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("first answer"), ScriptedReply.Text("answer A"), ScriptedReply.Text("answer B")),
            timeout.Token);
        var first = await server.CodexAsync("first prompt", timeout.Token);
        var id = first.ConversationId!;
        var rollout = CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath;
        Assert.That(await server.StopAsync(TimeSpan.FromSeconds(5)), Is.True);

        await File.AppendAllTextAsync(rollout, tail, timeout.Token);
        await server.RestartAsync(timeout.Token);
        var a = await server.ReplyAsync(id, "prompt A", timeout.Token);
        await server.RestartAsync(timeout.Token);
        var b = await server.ReplyAsync(id, "prompt B", timeout.Token);

        CallAssert.Succeeded(a, "answer A");
        CallAssert.Succeeded(b, "answer B");
        var records = await RolloutLines.ReadWholeAsync(rollout, timeout.Token);
        return (ModelRequestView.From(server.Model.Requests[^1]).Dialogue, records);
    }
}
