using System.Globalization;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Durability;

/// <summary>
/// A long-lived server keeps every conversation it has seen; an idle one must not keep its
/// rollout open, or the server's open files grow by one per conversation until it hits its limit.
/// </summary>
public sealed class OpenFileTests
{
    private const int Conversations = 30;

    /// <summary>Room for descriptors that come and go on their own (a pooled connection, a timer); far below one per conversation.</summary>
    private const int Slack = 6;

    [Test]
    public async Task Codex_ManyConversations_OpenFilesDoNotGrowWithTheirNumber()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var server = await RunningServer.StartAsync(
            ModelScript.ForEachRequest(request => ScriptedReply.Text($"answer {request.Index.ToString(CultureInfo.InvariantCulture)}")),
            timeout.Token);

        // Warm-up: the first calls open what the server keeps for good (model connection, logging, thread pool).
        var first = await server.CodexAsync("warm-up 1", timeout.Token);
        CallAssert.Succeeded(first, "answer 0");
        CallAssert.Succeeded(await server.CodexAsync("warm-up 2", timeout.Token), "answer 1");
        var pid = server.Client.Process!.Id;
        var before = OpenFiles(pid);

        var rollouts = new List<string>();
        for (var i = 0; i < Conversations; i++)
        {
            var result = await server.CodexAsync($"conversation {i}", timeout.Token);
            CallAssert.Succeeded(result, $"answer {i + 2}");
            rollouts.Add(CallAssert.Of<SessionConfiguredEvent>(result.Events).Single().RolloutPath);
        }

        var after = OpenFiles(pid);
        TestContext.Out.WriteLine($"Open files of the server: {before.Count} after warm-up, {after.Count} after {Conversations} more conversations.");
        Assert.That(after.Count - before.Count, Is.LessThanOrEqualTo(Slack), $"open files grew from {before.Count} to {after.Count}: {string.Join(", ", after.Except(before))}");
        Assert.That(after.Intersect(rollouts), Is.Empty, "no rollout of an idle conversation is open");

        // The conversations are still whole: an early one takes another turn and saves it.
        var reply = await server.ReplyAsync(first.ConversationId!, "once more", timeout.Token);
        CallAssert.Succeeded(reply, $"answer {Conversations + 2}");
        var firstRollout = CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath;
        Assert.That(RolloutLines.Messages(await RolloutLines.ReadWholeAsync(firstRollout, timeout.Token)), Does.Contain("user: once more").And.Contain($"assistant: answer {Conversations + 2}"));
    }

    /// <summary>What each open descriptor of <paramref name="pid"/> points at (a path, or e.g. <c>socket:[123]</c>).</summary>
    private static List<string> OpenFiles(int pid)
    {
        var targets = new List<string>();
        foreach (var fd in new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos())
        {
            try
            {
                targets.Add(fd.LinkTarget ?? fd.Name);
            }
            catch (IOException)
            {
                // Closed while the directory was listed.
            }
        }

        return targets;
    }
}
