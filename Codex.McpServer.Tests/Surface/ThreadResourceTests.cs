using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol.Mcp;
using Codex.Testing;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// Saved threads as MCP resources through the real server: the paged listing of a large
/// catalogue, the three views of a thread made by a real turn, the not-found error, and
/// update notifications for a subscribed thread while a turn runs.
/// </summary>
public sealed class ThreadResourceTests
{
    [Test]
    public async Task ResourcesList_TenThousandSavedThreads_AllPagesNewestFirstWithTitles()
    {
        const int Count = 10_000;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        var origin = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var ids = new string[Count];
        var generate = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
        {
            ids[i] = Guid.CreateVersion7().ToString();
            SavedRollouts.Write(session.CodexHome, ids[i], $"/work/project-{i % 7}", $"task number {i}:\n  fix   the build", origin.AddSeconds(i));
        }

        generate.Stop();
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var listed = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        var firstPage = TimeSpan.Zero;
        var all = Stopwatch.StartNew();
        do
        {
            var page = Stopwatch.StartNew();
            var parameters = cursor is null ? new JsonObject() : new JsonObject { ["cursor"] = cursor };
            var result = await client.RequestAsync("resources/list", parameters, timeout.Token);
            if (pages++ == 0)
            {
                firstPage = page.Elapsed;
            }

            listed.AddRange(result.GetProperty("resources").EnumerateArray().Select(r => r.Clone()));
            cursor = result.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && pages < 1000);
        all.Stop();

        await TestContext.Out.WriteLineAsync(
            $"resources/list over {Count} saved threads: generating the files {generate.ElapsedMilliseconds} ms; first page {firstPage.TotalMilliseconds:0} ms; " +
            $"all {pages} pages {all.ElapsedMilliseconds} ms ({all.Elapsed.TotalMilliseconds / pages:0.0} ms/page)");

        var expectedOrder = ids.Reverse().Select(id => $"codex://threads/{id}").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages, Is.GreaterThan(1), "a catalogue this size comes in pages");
            Assert.That(listed.Select(r => r.GetProperty("uri").GetString()), Is.EqualTo(expectedOrder), "every thread once, newest first");
            var newest = listed[0];
            Assert.That(newest.GetProperty("name").GetString(), Is.EqualTo(ids[^1]));
            Assert.That(newest.GetProperty("title").GetString(), Is.EqualTo($"task number {Count - 1}: fix the build"));
            Assert.That(newest.GetProperty("mimeType").GetString(), Is.EqualTo("text/markdown"));
            Assert.That(newest.GetProperty("_meta").GetProperty("cwd").GetString(), Is.EqualTo($"/work/project-{(Count - 1) % 7}"));
            Assert.That(newest.GetProperty("_meta").GetProperty("model").GetString(), Is.EqualTo("mock-model"));
            Assert.That(DateTimeOffset.Parse(newest.GetProperty("annotations").GetProperty("lastModified").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(new DateTimeOffset(origin.AddSeconds(Count - 1))));
        }
    }

    [Test]
    public async Task ResourcesList_BadCursor_InvalidParams()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        SavedRollouts.Write(session.CodexHome, Guid.NewGuid().ToString(), session.Workspace, "only one", DateTime.UtcNow);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var error = await client.RequestErrorAsync("resources/list", new JsonObject { ["cursor"] = "not-a-cursor!" }, timeout.Token);
        var list = await client.RequestAsync("resources/list", new JsonObject(), timeout.Token);

        Assert.That(error.Code, Is.EqualTo(-32602));
        Assert.That(list.GetProperty("resources").GetArrayLength(), Is.EqualTo(1), "the server still answers");
    }

    [Test]
    public async Task ResourcesRead_ThreadOfARealTurn_TranscriptDiffAndEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(
            ModelToolCalls.ShellCall(["bash", "-c", "echo checking; exit 3"], "call_cmd"),
            ModelToolCalls.PatchCall("*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch", "call_patch"),
            ScriptedReply.Text("All done.")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var result = await client.CallToolAsync("codex", WorkspaceWrite(session, "check and write notes"), timeout.Token);
        var id = result.GetProperty("structuredContent").GetProperty("threadId").GetString()!;
        var templates = await client.RequestAsync("resources/templates/list", new JsonObject(), timeout.Token);
        var transcript = await ReadAsync(client, $"codex://threads/{id}", timeout.Token);
        var diff = await ReadAsync(client, $"codex://threads/{id}/diff", timeout.Token);
        var events = await ReadAsync(client, $"codex://threads/{id}/events", timeout.Token);

        var links = result.GetProperty("content").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "resource_link").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(links.Select(l => l.GetProperty("uri").GetString()), Is.EqualTo(new[] { $"codex://threads/{id}", $"codex://threads/{id}/diff" }));
            Assert.That(result.GetProperty("content")[0].GetProperty("type").GetString(), Is.EqualTo("text"), "the links come after the text blocks");
            Assert.That(templates.GetProperty("resourceTemplates").EnumerateArray().Select(t => t.GetProperty("uriTemplate").GetString()),
                Is.EqualTo(new[] { "codex://threads/{id}", "codex://threads/{id}/diff", "codex://threads/{id}/events" }));

            Assert.That(transcript.MimeType, Is.EqualTo("text/markdown"));
            Assert.That(transcript.Text, Does.StartWith($"# Thread {id}\n"));
            Assert.That(transcript.Text, Does.Contain("## User\n\ncheck and write notes\n"));
            Assert.That(transcript.Text, Does.Contain("### Command\n\n```sh\nbash -c 'echo checking; exit 3'\n```"));
            Assert.That(transcript.Text, Does.Contain("Exit code: 3\n\n```text\nchecking\n```"));
            Assert.That(transcript.Text, Does.Contain("### Patch\n\n```diff\n*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch\n```"));
            Assert.That(transcript.Text, Does.EndWith("## Codex\n\nAll done.\n\n"));
            Assert.That(transcript.Text, Does.Not.Contain("environment_context"), "context messages are not the user's words");

            Assert.That(diff.MimeType, Is.EqualTo("text/x-diff"));
            Assert.That(diff.Text, Does.Contain("+++ b/notes.txt").And.Contain("+hello"));
            Assert.That(diff.Text, Is.EqualTo(result.GetProperty("structuredContent").GetProperty("diff").GetString()), "one turn: the thread diff is the turn diff");

            Assert.That(events.MimeType, Is.EqualTo("application/jsonl"));
            var records = events.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.That(records[0].GetProperty("type").GetString(), Is.EqualTo("session_meta"));
            Assert.That(records[0].GetProperty("payload").GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(records.Count(r => r.GetProperty("type").GetString() == "response_item" && r.GetProperty("payload").GetProperty("type").GetString() == "function_call"), Is.EqualTo(2));
            Assert.That(records.Last().GetProperty("payload").GetProperty("type").GetString(), Is.EqualTo("turn_diff"));
        }
    }

    [TestCase("codex://threads/{0}")]
    [TestCase("codex://threads/{0}/diff")]
    [TestCase("codex://threads/{0}/events")]
    [TestCase("codex://threads/not-a-uuid")]
    [TestCase("file:///etc/passwd")]
    public async Task ResourcesRead_Unknown_ResourceNotFoundError(string template)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        SavedRollouts.Write(session.CodexHome, Guid.NewGuid().ToString(), session.Workspace, "another thread", DateTime.UtcNow);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);
        var uri = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid());

        var error = await client.RequestErrorAsync("resources/read", new JsonObject { ["uri"] = uri }, timeout.Token);
        var subscribe = await client.RequestErrorAsync("resources/subscribe", new JsonObject { ["uri"] = uri }, timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo(McpErrorCodes.ResourceNotFound));
            Assert.That(error.Code, Is.EqualTo(-32002));
            Assert.That(error.ErrorData?.GetProperty("uri").GetString(), Is.EqualTo(uri));
            Assert.That(subscribe.Code, Is.EqualTo(-32002));
        }
    }

    [Test]
    public async Task ResourcesSubscribe_TurnRuns_ThrottledUpdatesForTheSubscribedThreadOnly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(
            ScriptedReply.Text("started"),
            ModelToolCalls.ShellCall(["bash", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do echo tick $i; sleep 0.1; done"], "call_slow"),
            ScriptedReply.Text("finished")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);
        var subscribeCapability = client.Initialize.GetProperty("capabilities").GetProperty("resources");

        var first = await client.CallToolAsync("codex", WorkspaceWrite(session, "start"), timeout.Token);
        var id = first.GetProperty("structuredContent").GetProperty("threadId").GetString()!;
        var uri = $"codex://threads/{id}";
        var listChanged = client.Notifications.Count(n => n.Method == "notifications/resources/list_changed");
        await client.RequestAsync("resources/subscribe", new JsonObject { ["uri"] = uri }, timeout.Token);

        var replyStarted = Stopwatch.GetTimestamp();
        await client.CallToolAsync("codex-reply", new JsonObject { ["threadId"] = id, ["prompt"] = "run the slow one" }, timeout.Token);
        var replyEnded = Stopwatch.GetTimestamp();
        await Task.Delay(ResourceThrottle * 3, timeout.Token);

        var updates = client.Notifications.Where(n => n.Method == "notifications/resources/updated").ToList();
        var events = client.Notifications.Count(n => n.Method == "codex/event" && n.At > replyStarted && n.At < replyEnded);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(subscribeCapability.GetProperty("subscribe").GetBoolean(), Is.True);
            Assert.That(subscribeCapability.GetProperty("listChanged").GetBoolean(), Is.True);
            Assert.That(listChanged, Is.EqualTo(1), "one new thread, one list_changed");
            Assert.That(updates.Select(u => u.Params.GetProperty("uri").GetString()).Distinct(), Is.EqualTo(new[] { uri }), "only the subscribed URI");
            Assert.That(updates.Count(u => u.At > replyStarted && u.At < replyEnded), Is.GreaterThanOrEqualTo(2), "updates while the turn runs");
            Assert.That(updates.Count, Is.LessThan(events), "throttled: fewer updates than events");
            // Against the last event's arrival, which the same read loop timed: when the test resumes after the response
            // depends on the machine's load, so it may come after that update.
            var lastEvent = client.Notifications.Where(n => n.Method == "codex/event").Max(n => n.At);
            Assert.That(updates.Any(u => u.At > lastEvent), Is.True, "a last update after the turn's end, when the diff and outputs are saved");
        }
    }

    private static readonly TimeSpan ResourceThrottle = TimeSpan.FromMilliseconds(200);

    private static JsonObject WorkspaceWrite(E2eSession session, string prompt) => new()
    {
        ["prompt"] = prompt,
        ["cwd"] = session.Workspace,
        ["approval-policy"] = "never",
        ["sandbox"] = "workspace-write",
    };

    private static async Task<(string MimeType, string Text)> ReadAsync(McpTestClient client, string uri, CancellationToken cancellationToken)
    {
        var result = await client.RequestAsync("resources/read", new JsonObject { ["uri"] = uri }, cancellationToken);
        var contents = result.GetProperty("contents").EnumerateArray().Single();
        Assert.That(contents.GetProperty("uri").GetString(), Is.EqualTo(uri));
        return (contents.GetProperty("mimeType").GetString()!, contents.GetProperty("text").GetString()!);
    }
}
