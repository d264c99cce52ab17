using System.Text.Json;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>
/// config.toml, profiles and the <c>config</c> argument as the server applies them per call: bad
/// configuration is an isError result naming the file or argument, the key and the reason, and the
/// server goes on serving.
/// </summary>
public sealed class ConfigurationTests
{
    [Test]
    public async Task Codex_TomlSyntaxError_ErrorNamesFileLineAndColumnThenFixedConfigWorks()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("fixed")), timeout.Token);
        var path = ConfigPath(server);
        await File.WriteAllTextAsync(path, "model = \"mock-model\"\nmodel_provider = = \"mock\"\n", timeout.Token);

        var broken = await server.CodexAsync("go", timeout.Token);

        CallAssert.Failed(broken, $"Failed to load Codex configuration from overrides: Invalid TOML in {path}:2:18: ");
        Assert.That(broken.Events, Is.Empty);
        Assert.That(server.Model.Requests, Is.Empty);

        server.Session.WriteConfig();
        var fixedResult = await server.CodexAsync("go", timeout.Token);
        CallAssert.Succeeded(fixedResult, "fixed");
    }

    [Test]
    public async Task Codex_BadValuesInConfigToml_ErrorNamesFileKeyAndReason()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("fine")), timeout.Token);
        var path = ConfigPath(server);

        await WriteConfigAsync(server, "approval_policy = \"sometimes\"", timeout.Token);
        var badEnum = await server.CodexAsync("go", timeout.Token);
        await WriteConfigAsync(server, "model_reasoning_effort = 3", timeout.Token);
        var badType = await server.CodexAsync("go", timeout.Token);
        await WriteConfigAsync(server, "", timeout.Token, providerExtra: "wire_api = \"grpc\"");
        var badWire = await server.CodexAsync("go", timeout.Token);
        await WriteConfigAsync(server, "", timeout.Token, providerExtra: "stream_idle_timeout_ms = -5");
        var badIdle = await server.CodexAsync("go", timeout.Token);

        CallAssert.Failed(badEnum, $"Failed to load Codex configuration from overrides: {path}: `approval_policy` has unknown value \"sometimes\"", "\"on-request\"");
        CallAssert.Failed(badType, path, "`model_reasoning_effort`", "must be a string", "3");
        CallAssert.Failed(badWire, path, "`model_providers.mock.wire_api`", "\"grpc\"", "\"responses\", \"chat\"");
        CallAssert.Failed(badIdle, path, "`model_providers.mock.stream_idle_timeout_ms` must be a positive number of milliseconds, not -5.");

        await WriteConfigAsync(server, "approval_policy = \"never\"", timeout.Token);
        CallAssert.Succeeded(await server.CodexAsync("go", timeout.Token), "fine");
    }

    [Test]
    public async Task Codex_UnknownProfileOrProvider_ErrorNamesIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("fine")), timeout.Token);

        var profile = await server.CodexAsync("go", timeout.Token, p => p with { Profile = "nope" });
        var provider = await server.CodexAsync("go", timeout.Token, p => p with { Config = Config(("model_provider", "nowhere")) });

        CallAssert.Failed(profile, "config profile `nope` not found", ConfigPath(server), "`profile` argument");
        CallAssert.Failed(provider, "Model provider `nowhere` not found", "`openai`", "`oss`", "`mock`");
        Assert.That(server.Model.Requests, Is.Empty);
        CallAssert.Succeeded(await server.CodexAsync("go", timeout.Token), "fine");
    }

    [Test]
    public async Task Codex_BadConfigArgumentValues_ErrorNamesTheConfigArgumentAndServerKeepsWorking()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("fine")), timeout.Token);

        var badEnum = await server.CodexAsync("go", timeout.Token, p => p with { Config = Config(("approval_policy", "sometimes")) });
        var badType = await server.CodexAsync("go", timeout.Token, p => p with { Config = Config(("model_providers.mock.request_max_retries", "many")) });
        var badKey = await server.CodexAsync("go", timeout.Token, p => p with { Config = Config(("model..provider", "x")) });
        var badArgument = await server.Client.CallAsync("codex", CallAssert.Json("""{"prompt":"go","sandbox":"bogus"}"""), cancellationToken: timeout.Token);
        var noArguments = await server.Client.CallAsync("codex", null, cancellationToken: timeout.Token);

        CallAssert.Failed(badEnum, "Failed to load Codex configuration from overrides: the `config` argument: `approval_policy` has unknown value \"sometimes\"");
        CallAssert.Failed(badType, "the `config` argument", "`model_providers.mock.request_max_retries`", "must be an integer", "\"many\"");
        CallAssert.Failed(badKey, "`config` argument", "model..provider");
        CallAssert.Failed(badArgument, "Failed to parse configuration for Codex tool: ", "bogus");
        CallAssert.Failed(noArguments, "Missing arguments for codex tool-call; the `prompt` field is required.");
        Assert.That(server.Model.Requests, Is.Empty);

        CallAssert.Succeeded(await server.CodexAsync("go", timeout.Token), "fine");
    }

    [Test]
    public async Task Codex_RelativeCwd_ResolvedAgainstTheServersWorkingDirectory()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("here")), timeout.Token);
        var sub = Directory.CreateDirectory(Path.Combine(server.Session.Workspace, "sub")).FullName;

        var relative = await server.CodexAsync("where am I", timeout.Token, p => p with { Cwd = "sub" });
        var missing = await server.CodexAsync("where am I", timeout.Token, p => p with { Cwd = "no-such-dir" });

        CallAssert.Succeeded(relative, "here");
        Assert.That(ModelRequestView.From(server.Model.Requests.Single()).Texts("user")[0], Does.Contain($"<cwd>{sub}</cwd>"));
        CallAssert.Failed(missing, "`cwd`", Path.Combine(server.Session.Workspace, "no-such-dir"));
    }

    [Test]
    public async Task Codex_SessionsPathIsAFile_FailedToStartSessionAndRepliesStillWork()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("first"), ScriptedReply.Text("second")), timeout.Token);
        var first = await server.CodexAsync("go", timeout.Token);
        var sessions = Path.Combine(server.Session.CodexHome, "sessions");
        var moved = sessions + ".moved";
        Directory.Move(sessions, moved);
        await File.WriteAllTextAsync(sessions, "not a directory", timeout.Token);

        var blocked = await server.CodexAsync("go", timeout.Token);

        CallAssert.Failed(blocked, "Failed to start Codex session: ", sessions);
        Assert.That(blocked.Events, Is.Empty);

        // A conversation opens its rollout by path at each append (it holds no descriptor), so it needs its file back.
        File.Delete(sessions);
        Directory.Move(moved, sessions);
        var reply = await server.ReplyAsync(first.ConversationId!, "still there?", timeout.Token);
        CallAssert.Succeeded(reply, "second");
    }

    [Test]
    public async Task Codex_ProfileAndOverrides_ArgumentsBeatConfigArgumentBeatProfileBeatConfigToml()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.PerConversation(ScriptedReply.Text("ok")), timeout.Token);
        await WriteConfigAsync(
            server,
            "model = \"toml-model\"\nprofile = \"fast\"\napproval_policy = \"untrusted\"\n\n[profiles.fast]\nmodel = \"profile-model\"\napproval_policy = \"on-failure\"\n\n[profiles.slow]\nmodel = \"slow-model\"",
            timeout.Token);

        var fromProfile = await server.CodexAsync("go", timeout.Token);
        var fromNamedProfile = await server.CodexAsync("go", timeout.Token, p => p with { Profile = "slow" });
        var fromConfigArgument = await server.CodexAsync("go", timeout.Token, p => p with { Config = Config(("model", "config-arg-model"), ("approval_policy", "never")) });
        var fromModelArgument = await server.CodexAsync("go", timeout.Token, p => p with { Model = "argument-model", ApprovalPolicy = AskForApproval.OnRequest, Config = Config(("model", "config-arg-model")) });

        var models = new[] { fromProfile, fromNamedProfile, fromConfigArgument, fromModelArgument }.Select(r => CallAssert.Of<SessionConfiguredEvent>(r.Events).Single().Model);
        Assert.That(models, Is.EqualTo(new[] { "profile-model", "slow-model", "config-arg-model", "argument-model" }));
        var sent = server.Model.Requests.Select(r => r.Json!.Value.GetProperty("model").GetString());
        Assert.That(sent, Is.EqualTo(new[] { "profile-model", "slow-model", "config-arg-model", "argument-model" }));
        var policies = server.Model.Requests.Select(r => ModelRequestView.From(r).Texts("user")[0]).Select(ApprovalIn);
        Assert.That(policies, Is.EqualTo(new[] { "on-failure", "untrusted", "never", "on-request" }));
    }

    private static string ApprovalIn(string environmentContext)
    {
        const string open = "<approval_policy>";
        var start = environmentContext.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return environmentContext[start..environmentContext.IndexOf("</approval_policy>", StringComparison.Ordinal)];
    }

    private static string ConfigPath(RunningServer server) => Path.Combine(server.Session.CodexHome, "config.toml");

    private static Dictionary<string, JsonElement> Config(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => JsonSerializer.SerializeToElement(e.Value));

    /// <summary>config.toml with <paramref name="topLevel"/> keys before the mock provider's table (Chat wire unless <paramref name="providerExtra"/> says otherwise).</summary>
    private static Task WriteConfigAsync(RunningServer server, string topLevel, CancellationToken cancellationToken, string providerExtra = "") =>
        File.WriteAllTextAsync(ConfigPath(server), $"""
            model_provider = "mock"
            {topLevel}

            [model_providers.mock]
            name = "Scripted mock"
            base_url = "{server.Model.BaseUrl}"
            env_key = "{Infrastructure.E2eSession.ApiKeyVariable}"
            request_max_retries = 0
            stream_max_retries = 0
            {providerExtra}
            """, cancellationToken);
}
