using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Surface;

/// <summary>The prompt templates (<c>prompts/list</c>, <c>prompts/get</c>) and argument completion, through the real server.</summary>
public sealed class PromptTests
{
    [Test]
    public async Task PromptsList_FourTemplatesWithTheirArguments()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var prompts = (await client.RequestAsync("prompts/list", new JsonObject(), timeout.Token)).GetProperty("prompts").EnumerateArray().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.Initialize.GetProperty("capabilities").TryGetProperty("completions", out _), Is.True);
            Assert.That(prompts.Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "review", "fix-tests", "explain", "resume" }));
            Assert.That(Required(prompts[1]), Is.EqualTo(new[] { "command" }));
            Assert.That(Required(prompts[2]), Is.EqualTo(new[] { "target" }));
            Assert.That(Required(prompts[3]), Is.EqualTo(new[] { "cwd" }));
            Assert.That(prompts.Select(p => p.GetProperty("description").GetString()), Has.All.Not.Empty);
        }
    }

    [TestCase("review", "{}", "Review the uncommitted changes")]
    [TestCase("review", """{"target":"abc123"}""", "`git show abc123`")]
    [TestCase("review", """{"target":"feature/x","base":"develop"}""", "`git diff develop...feature/x`")]
    [TestCase("fix-tests", """{"command":"npm test"}""", "Run the tests with `npm test`")]
    [TestCase("explain", """{"target":"src/Parser.cs"}""", "Explain `src/Parser.cs` in this repository")]
    public async Task PromptsGet_EachTemplate_ExpandsIntoACodexRequestForTheCwd(string name, string argumentsJson, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);
        var arguments = JsonNode.Parse(argumentsJson)!.AsObject();
        arguments["cwd"] = session.Workspace;

        var result = await client.RequestAsync("prompts/get", new JsonObject { ["name"] = name, ["arguments"] = arguments }, timeout.Token);

        var message = result.GetProperty("messages").EnumerateArray().Single();
        var text = message.GetProperty("content").GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That(message.GetProperty("content").GetProperty("type").GetString(), Is.EqualTo("text"));
            Assert.That(text, Does.StartWith($"Use the `codex` tool with `cwd` set to `{session.Workspace}` and this prompt:\n\n"));
            Assert.That(text, Does.Contain(expected));
            Assert.That(result.GetProperty("description").GetString(), Is.Not.Empty);
        }
    }

    [Test]
    public async Task PromptsGet_Resume_TheNewestThreadOfThatCwd()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        var now = DateTime.UtcNow;
        var older = Guid.NewGuid().ToString();
        var newer = Guid.NewGuid().ToString();
        SavedRollouts.Write(session.CodexHome, older, session.Workspace, "first attempt", now.AddHours(-2));
        SavedRollouts.Write(session.CodexHome, newer, session.Workspace, "second attempt", now.AddHours(-1));
        SavedRollouts.Write(session.CodexHome, Guid.NewGuid().ToString(), "/somewhere/else", "elsewhere", now);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var result = await client.RequestAsync("prompts/get", new JsonObject { ["name"] = "resume", ["arguments"] = new JsonObject { ["cwd"] = session.Workspace, ["prompt"] = "now add tests" } }, timeout.Token);
        var none = await client.RequestErrorAsync("prompts/get", new JsonObject { ["name"] = "resume", ["arguments"] = new JsonObject { ["cwd"] = Path.Combine(session.Root, "nothing-here") } }, timeout.Token);

        var messages = result.GetProperty("messages").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(messages[0].GetProperty("content").GetProperty("text").GetString(),
                Does.StartWith($"Use the `codex-reply` tool with `threadId` set to `{newer}`").And.Contain("\"second attempt\"").And.EndWith("\n\nnow add tests"));
            Assert.That(messages[1].GetProperty("content").GetProperty("type").GetString(), Is.EqualTo("resource_link"));
            Assert.That(messages[1].GetProperty("content").GetProperty("uri").GetString(), Is.EqualTo($"codex://threads/{newer}"));
            Assert.That(none.Code, Is.EqualTo(-32602));
            Assert.That(none.Message, Does.Contain("No saved Codex thread"));
        }
    }

    [TestCase("nope", "{}", "Unknown prompt 'nope'")]
    [TestCase("fix-tests", "{}", "needs the argument 'command'")]
    [TestCase("explain", """{"target":"  "}""", "needs the argument 'target'")]
    public async Task PromptsGet_UnknownOrMissingArgument_InvalidParams(string name, string argumentsJson, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var error = await client.RequestErrorAsync("prompts/get", new JsonObject { ["name"] = name, ["arguments"] = JsonNode.Parse(argumentsJson) }, timeout.Token);

        Assert.That(error.Code, Is.EqualTo(-32602));
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public async Task CompletionComplete_ThreadIdsPathsDirectoriesAndBranches()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        var ids = new[] { "0199aaaa-0000-7000-8000-000000000001", "0199aaaa-0000-7000-8000-000000000002", "0199bbbb-0000-7000-8000-000000000003" };
        for (var i = 0; i < ids.Length; i++)
        {
            SavedRollouts.Write(session.CodexHome, ids[i], session.Workspace, $"thread {i}", DateTime.UtcNow.AddMinutes(i));
        }

        Directory.CreateDirectory(Path.Combine(session.Workspace, "src", "parser"));
        File.WriteAllText(Path.Combine(session.Workspace, "src", "program.cs"), "class P {}");
        File.WriteAllText(Path.Combine(session.Workspace, "src", "readme.md"), "#");
        Directory.CreateDirectory(Path.Combine(session.Workspace, ".git", "refs", "heads", "feature"));
        File.WriteAllText(Path.Combine(session.Workspace, ".git", "refs", "heads", "main"), "0\n");
        File.WriteAllText(Path.Combine(session.Workspace, ".git", "refs", "heads", "feature", "login"), "0\n");
        File.WriteAllText(Path.Combine(session.Workspace, ".git", "packed-refs"), "# pack-refs\n1111 refs/heads/fix-crash\n");
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var threadIds = await CompleteAsync(client, new JsonObject { ["type"] = "ref/resource", ["uri"] = "codex://threads/{id}" }, "id", "0199aaaa", null, timeout.Token);
        var paths = await CompleteAsync(client, new JsonObject { ["type"] = "ref/prompt", ["name"] = "explain" }, "target", "src/p", session.Workspace, timeout.Token);
        var directories = await CompleteAsync(client, new JsonObject { ["type"] = "ref/prompt", ["name"] = "fix-tests" }, "cwd", session.Workspace + "/s", null, timeout.Token);
        var branches = await CompleteAsync(client, new JsonObject { ["type"] = "ref/prompt", ["name"] = "review" }, "target", "f", session.Workspace, timeout.Token);
        var nothing = await CompleteAsync(client, new JsonObject { ["type"] = "ref/prompt", ["name"] = "fix-tests" }, "command", "np", null, timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(threadIds, Is.EqualTo(new[] { ids[1], ids[0] }), "matching ids, newest first");
            Assert.That(paths, Is.EqualTo(new[] { "src/parser/", "src/program.cs" }));
            Assert.That(directories, Is.EqualTo(new[] { session.Workspace + "/src/" }));
            Assert.That(branches, Is.EqualTo(new[] { "feature/login", "fix-crash" }));
            Assert.That(nothing, Is.Empty);
        }
    }

    private static async Task<string[]> CompleteAsync(McpTestClient client, JsonObject reference, string argument, string value, string? cwd, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject { ["ref"] = reference, ["argument"] = new JsonObject { ["name"] = argument, ["value"] = value } };
        if (cwd is not null)
        {
            parameters["context"] = new JsonObject { ["arguments"] = new JsonObject { ["cwd"] = cwd } };
        }

        var result = await client.RequestAsync("completion/complete", parameters, cancellationToken);
        var completion = result.GetProperty("completion");
        Assert.That(completion.GetProperty("hasMore").GetBoolean(), Is.False);
        return [.. completion.GetProperty("values").EnumerateArray().Select(v => v.GetString()!)];
    }

    private static string?[] Required(JsonElement prompt) =>
        [.. prompt.GetProperty("arguments").EnumerateArray().Where(a => a.TryGetProperty("required", out var r) && r.GetBoolean()).Select(a => a.GetProperty("name").GetString())];
}
