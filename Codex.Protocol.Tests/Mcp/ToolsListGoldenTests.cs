using System.Text.Json;
using Codex.Protocol.Tests.Conformance;
using Codex.Protocol.Tests.Support;

namespace Codex.Protocol.Tests.Mcp;

/// <summary>
/// <c>tools/list</c> of the server binary, compared with <c>tools-list.golden.json</c> (the exact
/// <c>tools</c> array, reviewed by hand) and checked member by member against the tool contract:
/// spec §2.1–§2.2 plus the 0.153.4 additions of §11.2.
/// </summary>
[TestFixture]
public sealed class ToolsListGoldenTests
{
    // Issue 13: the arguments both tools take. Declared first: static fields initialise in order.
    private static readonly string[] TurnArguments = ["reasoning-effort", "reasoning-summary", "images"];

    private static readonly string[] CodexArguments =
    [
        "prompt", "model", "profile", "cwd", "approval-policy", "sandbox", "config",
        "base-instructions", "developer-instructions", "compact-prompt", "include-plan-tool", "background",
        .. TurnArguments,
    ];

    private JsonElement _tools;

    [OneTimeSetUp]
    public async Task ListToolsOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);
        var response = await harness.RequestAsync("tools/list", "{}", cts.Token);
        _tools = response.GetProperty("result").GetProperty("tools").Clone();
        await harness.FinishAsync();
    }

    [Test]
    public void ToolsList_MatchesTheGoldenFile()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Mcp", "tools-list.golden.json")));

        Assert.That(JsonSemantic.Diff(golden.RootElement, _tools), Is.Null,
            "tools/list changed; if on purpose, review the new array and replace Mcp/tools-list.golden.json with it");
    }

    [Test]
    public void ToolsList_FiveToolsWithNamesAndTitles()
    {
        var tools = _tools.EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("title").GetString())).ToList();

        Assert.That(tools, Is.EqualTo(new[]
        {
            ("codex", "Codex"), ("codex-reply", "Codex Reply"), ("codex-status", "Codex Status"), ("codex-cancel", "Codex Cancel"), ("codex-approve", "Codex Approve"),
        }));
    }

    [TestCase("codex", false, true, true, "optional")]
    [TestCase("codex-reply", false, true, true, "optional")]
    [TestCase("codex-status", true, false, false, null)]
    [TestCase("codex-cancel", false, true, false, null)]
    [TestCase("codex-approve", false, true, true, null)]
    public void Tool_AnnotationsAndTaskSupport(string name, bool readOnly, bool destructive, bool openWorld, string? taskSupport)
    {
        var tool = Tool(name);
        var annotations = tool.GetProperty("annotations");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(annotations.GetProperty("readOnlyHint").GetBoolean(), Is.EqualTo(readOnly));
            Assert.That(annotations.GetProperty("destructiveHint").GetBoolean(), Is.EqualTo(destructive));
            Assert.That(annotations.GetProperty("openWorldHint").GetBoolean(), Is.EqualTo(openWorld));
            Assert.That(tool.TryGetProperty("execution", out var execution) ? execution.GetProperty("taskSupport").GetString() : null, Is.EqualTo(taskSupport));
        }
    }

    [Test]
    public void Codex_InputSchema_HasEveryArgumentWithItsType()
    {
        var schema = Tool("codex").GetProperty("inputSchema");
        var properties = schema.GetProperty("properties");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema.GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(CodexArguments));
            Assert.That(Strings(schema.GetProperty("required")), Is.EqualTo(new[] { "prompt" }));
            foreach (var name in new[] { "prompt", "model", "profile", "cwd", "approval-policy", "sandbox", "base-instructions", "developer-instructions", "compact-prompt" })
            {
                Assert.That(TypeOf(properties, name), Is.EqualTo("string"), $"type of `{name}`");
            }

            Assert.That(TypeOf(properties, "include-plan-tool"), Is.EqualTo("boolean"));
            Assert.That(TypeOf(properties, "background"), Is.EqualTo("boolean"));
            Assert.That(TypeOf(properties, "config"), Is.EqualTo("object"));
            Assert.That(properties.GetProperty("config").GetProperty("additionalProperties").GetBoolean(), Is.True);
            Assert.That(Strings(properties.GetProperty("approval-policy").GetProperty("enum")), Is.EqualTo(new[] { "untrusted", "on-failure", "on-request", "never" }));
            Assert.That(Strings(properties.GetProperty("sandbox").GetProperty("enum")), Is.EqualTo(new[] { "read-only", "workspace-write", "danger-full-access" }));
            Assert.That(properties.EnumerateObject().Select(p => p.Value.TryGetProperty("description", out var d) ? d.GetString() : null), Has.All.Not.Empty);
        }
    }

    [TestCase("codex")]
    [TestCase("codex-reply")]
    public void InputSchema_ReasoningAndImages_TypedWithUpstreamsValues(string name)
    {
        var properties = Tool(name).GetProperty("inputSchema").GetProperty("properties");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TypeOf(properties, "reasoning-effort"), Is.EqualTo("string"));
            Assert.That(Strings(properties.GetProperty("reasoning-effort").GetProperty("enum")), Is.EqualTo(new[] { "none", "minimal", "low", "medium", "high", "xhigh" }));
            Assert.That(properties.GetProperty("reasoning-effort").GetProperty("description").GetString(), Does.Contain("model_reasoning_effort"));
            Assert.That(TypeOf(properties, "reasoning-summary"), Is.EqualTo("string"));
            Assert.That(Strings(properties.GetProperty("reasoning-summary").GetProperty("enum")), Is.EqualTo(new[] { "auto", "concise", "detailed", "none" }));
            Assert.That(properties.GetProperty("reasoning-summary").GetProperty("description").GetString(), Does.Contain("model_reasoning_summary"));
            Assert.That(TypeOf(properties, "images"), Is.EqualTo("array"));
            Assert.That(properties.GetProperty("images").GetProperty("items").GetProperty("type").GetString(), Is.EqualTo("string"));
        }
    }

    [Test]
    public void CodexReply_InputSchema_PromptRequiredAndEitherId()
    {
        var schema = Tool("codex-reply").GetProperty("inputSchema");
        var properties = schema.GetProperty("properties");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema.GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.EquivalentTo((string[])["prompt", "threadId", "conversationId", "background", .. TurnArguments]));
            Assert.That(Strings(schema.GetProperty("required")), Is.EqualTo(new[] { "prompt" }));
            Assert.That(properties.EnumerateObject().Where(p => p.Name is not ("images" or "background")).Select(p => TypeOf(properties, p.Name)), Has.All.EqualTo("string"));
            Assert.That(TypeOf(properties, "background"), Is.EqualTo("boolean"));
        }
    }

    [TestCase("codex")]
    [TestCase("codex-reply")]
    [TestCase("codex-status")]
    [TestCase("codex-cancel")]
    [TestCase("codex-approve")]
    public void OutputSchema_ThreadIdContentConversationIdAndStatus(string name)
    {
        var schema = Tool(name).GetProperty("outputSchema");
        var properties = schema.GetProperty("properties");
        string[] ids = ["threadId", "content", "conversationId"];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema.GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.SupersetOf(ids));
            Assert.That(ids.Select(id => TypeOf(properties, id)), Has.All.EqualTo("string"));
            Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "status", "pendingApprovals", "elapsedSeconds", "recentProgress", "next" }));
            Assert.That(Strings(properties.GetProperty("status").GetProperty("enum")), Is.EqualTo(new[] { "running", "waiting_for_approval", "completed", "failed", "interrupted" }));
            Assert.That(Strings(schema.GetProperty("required")), Is.EquivalentTo(new[] { "threadId", "content" }));
        }
    }

    [TestCase("codex")]
    [TestCase("codex-reply")]
    public void OutputSchema_TurnReport_OptionalAndTyped(string name)
    {
        var properties = Tool(name).GetProperty("outputSchema").GetProperty("properties");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TypeOf(properties, "changedFiles"), Is.EqualTo("array"));
            Assert.That(TypeOf(properties, "diff"), Is.EqualTo("string"));
            Assert.That(TypeOf(properties, "commandsRun"), Is.EqualTo("array"));
            Assert.That(TypeOf(properties, "tokenUsage"), Is.EqualTo("object"));
            Assert.That(TypeOf(properties, "durationMs"), Is.EqualTo("integer"));
            Assert.That(Strings(properties.GetProperty("commandsRun").GetProperty("items").GetProperty("required")), Is.EquivalentTo(new[] { "command", "exitCode", "durationMs" }));
            Assert.That(Strings(properties.GetProperty("changedFiles").GetProperty("items").GetProperty("required")), Is.EquivalentTo(new[] { "path", "kind" }));
        }
    }

    [Test]
    public void Schemas_AreTheLibrarys()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonSemantic.Diff(CodexToolSchemas.CodexInputSchema, Tool("codex").GetProperty("inputSchema")), Is.Null);
            Assert.That(JsonSemantic.Diff(CodexToolSchemas.ReplyInputSchema, Tool("codex-reply").GetProperty("inputSchema")), Is.Null);
            Assert.That(JsonSemantic.Diff(CodexToolSchemas.OutputSchema, Tool("codex").GetProperty("outputSchema")), Is.Null);
            Assert.That(JsonSemantic.Diff(CodexToolSchemas.StatusInputSchema, Tool("codex-status").GetProperty("inputSchema")), Is.Null);
            Assert.That(JsonSemantic.Diff(CodexToolSchemas.CancelInputSchema, Tool("codex-cancel").GetProperty("inputSchema")), Is.Null);
            Assert.That(JsonSemantic.Diff(CodexToolSchemas.ApproveInputSchema, Tool("codex-approve").GetProperty("inputSchema")), Is.Null);
        }
    }

    private static string? TypeOf(JsonElement properties, string name) =>
        properties.GetProperty(name).TryGetProperty("type", out var type) ? type.GetString() : null;

    private static string?[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    private JsonElement Tool(string name) => _tools.EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
}
