using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>
/// CODEX_HOME on a real 2 MiB tmpfs that fills up mid-conversation: the turn that cannot be saved
/// ends with an error event and an isError result naming the file and the reason, leaves the
/// rollout as it was and the history in memory too, and once space is back every completed turn is
/// resumable, none lost or duplicated, and the running process sends what a restarted one would.
/// </summary>
public sealed class FullDiskTests
{
    [Test]
    public async Task CodexReply_DiskFullThenFreed_EveryCompletedTurnResumableNoneLostOrDuplicated()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("three"), ScriptedReply.Text("four")),
            timeout.Token);
        Assert.That(await server.StopAsync(TimeSpan.FromSeconds(5)), Is.True);
        await using var tmpfs = await TmpfsMount.MountOrIgnoreAsync(server.Session.CodexHome, "2m", Assert.Ignore, timeout.Token);
        server.Session.WriteConfig();
        await server.RestartAsync(timeout.Token);

        var first = await server.CodexAsync("turn one", timeout.Token);
        var id = first.ConversationId!;
        var rollout = CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath;
        Assert.That(rollout, Does.StartWith(server.Session.CodexHome));

        // Fill the disk, then leave a little room so the large record is written part-way before ENOSPC.
        var filled = tmpfs.Fill();
        tmpfs.Free(64 * 1024);
        var before = await File.ReadAllBytesAsync(rollout, timeout.Token);
        var large = "turn two " + new string('y', 512 * 1024);
        var full = await server.ReplyAsync(id, large, timeout.Token);
        TestContext.Out.WriteLine($"Filler took {filled} bytes; the reply on a full disk answered: {full.Text}");

        Assert.That(await File.ReadAllBytesAsync(rollout, timeout.Token), Is.EqualTo(before), "the failed append left the file byte for byte as it was");
        CallAssert.Failed(full, "Could not save to the rollout file", rollout, "No space left on device", "left as it was");
        Assert.That(full.Text, Does.Not.Contain("Failed to resume"), "the conversation was in memory all along: the turn failed, no resume did");

        // It ends like any failed turn: the error event (last, nothing after it), then the isError result with the same text.
        Assert.That(CallAssert.Kinds(full.Events), Is.EqualTo(new[] { "ItemStarted", "ItemCompleted", "TaskStarted", "Error" }));
        Assert.That(CallAssert.Of<ErrorEvent>(full.Events).Single().Message, Is.EqualTo(full.Text));
        Assert.That(CallAssert.Texts(full).Take(2), Is.EqualTo(new[] { full.Text, $"conversationId: {id}" }));
        Assert.That(server.Model.Requests, Has.Count.EqualTo(1), "the turn that could not save its prompt never asked the model");

        tmpfs.Free();
        var third = await server.ReplyAsync(id, "turn three", timeout.Token);
        CallAssert.Succeeded(third, "three");
        var sameProcess = server.Model.Requests[^1];
        Assert.That(ModelRequestView.From(sameProcess).Dialogue, Is.EqualTo(new[] { "user: turn one", "assistant: one", "user: turn three" }), "the same process does not send the prompt it could not save");

        await server.RestartAsync(timeout.Token);
        var fourth = await server.ReplyAsync(id, "turn four", timeout.Token);
        CallAssert.Succeeded(fourth, "four");
        var resumed = server.Model.Requests[^1];
        Assert.That(ModelRequestView.From(resumed).Dialogue, Is.EqualTo(new[] { "user: turn one", "assistant: one", "user: turn three", "assistant: three", "user: turn four" }), "every completed turn once, nothing of the failed one");

        // The history the running process had is item for item what the restarted one read back.
        var inProcess = Input(sameProcess);
        var afterRestart = Input(resumed);
        Assert.That(afterRestart, Has.Count.EqualTo(inProcess.Count + 2), "the resumed history is the same plus turn three's answer and turn four's prompt");
        Assert.That(afterRestart.Take(inProcess.Count), Is.EqualTo(inProcess));
        var records = await RolloutLines.ReadWholeAsync(rollout, timeout.Token);
        Assert.That(RolloutLines.Messages(records).Where(m => !m.Contains("<environment_context>", StringComparison.Ordinal) && !m.Contains("<user_instructions>", StringComparison.Ordinal)), Is.EqualTo(new[] { "user: turn one", "assistant: one", "user: turn three", "assistant: three", "user: turn four", "assistant: four" }));
        Assert.That(await server.StopAsync(TimeSpan.FromSeconds(5)), Is.True, "the server lets go of the tmpfs before it is unmounted");
    }

    private static List<string> Input(RecordedRequest request) =>
        [.. request.Json!.Value.GetProperty("input").EnumerateArray().Select(item => item.GetRawText())];
}
