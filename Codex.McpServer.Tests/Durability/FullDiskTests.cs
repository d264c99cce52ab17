using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>
/// CODEX_HOME on a real 2 MiB tmpfs that fills up mid-conversation: the turn that cannot be saved
/// fails with a clear error and leaves the rollout as it was, and once space is back every
/// completed turn is resumable, none lost or duplicated.
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
        await using var tmpfs = await TmpfsMount.MountOrIgnoreAsync(server.Session.CodexHome, "2m", timeout.Token);
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

        tmpfs.Free();
        var third = await server.ReplyAsync(id, "turn three", timeout.Token);
        await server.RestartAsync(timeout.Token);
        var fourth = await server.ReplyAsync(id, "turn four", timeout.Token);

        CallAssert.Succeeded(third, "three");
        CallAssert.Succeeded(fourth, "four");
        var sameProcess = ModelRequestView.From(server.Model.Requests[^2]);
        TestContext.Out.WriteLine($"The reply after space came back (same process) sent the failed prompt to the model: {sameProcess.Dialogue.Any(d => d.StartsWith("user: turn two", StringComparison.Ordinal))}");
        var resumed = ModelRequestView.From(server.Model.Requests[^1]);
        Assert.That(resumed.Dialogue, Is.EqualTo(new[] { "user: turn one", "assistant: one", "user: turn three", "assistant: three", "user: turn four" }), "every completed turn once, nothing of the failed one");
        var records = await RolloutLines.ReadWholeAsync(rollout, timeout.Token);
        Assert.That(RolloutLines.Messages(records).Where(m => !m.Contains("<environment_context>", StringComparison.Ordinal) && !m.Contains("<user_instructions>", StringComparison.Ordinal)), Is.EqualTo(new[] { "user: turn one", "assistant: one", "user: turn three", "assistant: three", "user: turn four", "assistant: four" }));
        Assert.That(await server.StopAsync(TimeSpan.FromSeconds(5)), Is.True, "the server lets go of the tmpfs before it is unmounted");
    }
}
