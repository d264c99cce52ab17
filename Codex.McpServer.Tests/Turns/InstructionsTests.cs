using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>What the model is told before the prompt: system instructions, developer and context messages.</summary>
public sealed class InstructionsTests
{
    private static readonly string DefaultInstructions =
        File.ReadAllText(Path.Combine(ServerLocator.RepositoryRoot(), "Codex.Engine", "Instructions", "default_instructions.md"));

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_BaseInstructions_ReplaceTheSystemInstructions(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), timeout.Token, wireApi: wire);

        var result = await server.CodexAsync("go", timeout.Token, p => p with { BaseInstructions = "Answer in haiku only.\nNever use prose." });

        CallAssert.Succeeded(result, "ok");
        var request = server.Model.Requests.Single();
        Assert.That(ModelRequestView.From(request).Instructions, Is.EqualTo("Answer in haiku only.\nNever use prose."));
        if (request.IsChat)
        {
            Assert.That(request.Json!.Value.GetProperty("messages")[0].GetProperty("content").GetString(), Is.EqualTo("Answer in haiku only.\nNever use prose."));
        }
        else
        {
            Assert.That(request.Json!.Value.GetProperty("instructions").GetString(), Is.EqualTo("Answer in haiku only.\nNever use prose."));
        }
    }

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_DeveloperInstructions_SentAsDeveloperMessageWithDefaultInstructions(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), timeout.Token, wireApi: wire);

        var result = await server.CodexAsync("go", timeout.Token, p => p with { DeveloperInstructions = "Prefer tabs over spaces." });

        CallAssert.Succeeded(result, "ok");
        var request = ModelRequestView.From(server.Model.Requests.Single());
        Assert.That(request.Instructions, Is.EqualTo(DefaultInstructions));
        Assert.That(request.Texts("developer"), Is.EqualTo(new[] { "Prefer tabs over spaces." }));
        var roles = request.Messages.Select(m => m.Role).ToList();
        Assert.That(roles.IndexOf("developer"), Is.LessThan(roles.LastIndexOf("user")), "the developer message comes before the prompt");
        Assert.That(request.Messages[^1], Is.EqualTo(("user", "go")));
    }

    [Test]
    public async Task Codex_NoInstructionArguments_DefaultInstructionsAndContextMessagesOnly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), timeout.Token);

        var result = await server.CodexAsync("go", timeout.Token, p => p with { ApprovalPolicy = Protocol.AskForApproval.Never, Sandbox = Protocol.SandboxMode.ReadOnly });

        CallAssert.Succeeded(result, "ok");
        var request = ModelRequestView.From(server.Model.Requests.Single());
        Assert.That(request.Instructions, Is.EqualTo(DefaultInstructions));
        Assert.That(request.Texts("developer"), Is.Empty);
        Assert.That(request.Messages.Select(m => m.Role), Is.EqualTo(new[] { "user", "user" }), "the environment context, then the prompt");
        var context = request.Messages[0].Text;
        Assert.That(context, Does.StartWith("<environment_context>\n").And.EndWith("</environment_context>"));
        Assert.That(context, Does.Contain($"<cwd>{server.Session.Workspace}</cwd>"));
        Assert.That(context, Does.Contain("<approval_policy>never</approval_policy>").And.Contain("<sandbox_mode>read-only</sandbox_mode>").And.Contain("<network_access>restricted</network_access>"));
    }

    [Test]
    public async Task Codex_AgentsFilesInCodexHomeAndWorkspace_BecomeOneUserInstructionsMessage()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(server.Session.CodexHome, "AGENTS.md"), "Global rule: be brief.", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(server.Session.Workspace, "AGENTS.md"), "Project rule: run the tests.", timeout.Token);

        var result = await server.CodexAsync("go", timeout.Token);

        CallAssert.Succeeded(result, "ok");
        var users = ModelRequestView.From(server.Model.Requests.Single()).Texts("user");
        Assert.That(users, Has.Count.EqualTo(3));
        Assert.That(users[0], Is.EqualTo("<user_instructions>\n\nGlobal rule: be brief.\n\n--- project-doc ---\n\nProject rule: run the tests.\n\n</user_instructions>"));
        Assert.That(users[1], Does.StartWith("<environment_context>"));
        Assert.That(users[2], Is.EqualTo("go"));
    }

    [Test]
    public async Task Codex_InstructionsFileInConfig_UsedUnlessBaseInstructionsGiven()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two")),
            timeout.Token);
        var file = Path.Combine(server.Session.Root, "instructions.md");
        await File.WriteAllTextAsync(file, "Instructions from a file.\n", timeout.Token);
        var config = new Dictionary<string, System.Text.Json.JsonElement> { ["experimental_instructions_file"] = System.Text.Json.JsonSerializer.SerializeToElement(file) };

        var fromFile = await server.CodexAsync("go", timeout.Token, p => p with { Config = config });
        var fromArgument = await server.CodexAsync("go", timeout.Token, p => p with { Config = config, BaseInstructions = "Argument wins." });

        CallAssert.Succeeded(fromFile, "one");
        CallAssert.Succeeded(fromArgument, "two");
        Assert.That(server.Model.Requests.Select(r => ModelRequestView.From(r).Instructions), Is.EqualTo(new[] { "Instructions from a file.", "Argument wins." }));
    }
}
