using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Security;

/// <summary>
/// Credentials stay in the server: canary keys under an unusual <c>env_key</c> name, under <c>OPENAI_API_KEY</c>
/// and under an <c>env_http_headers</c> variable never show in a command's environment, stdout, stderr at trace
/// level, events, the rollout, files the commands write, or model request bodies.
/// </summary>
public sealed class CredentialCanaryTests
{
    private static readonly string[] EnvCommand = ["env"];
    private static readonly string[] ProcEnvironCommand = ["cat", "/proc/self/environ"];
    private static readonly string[] PrintenvCommand = ["printenv", CanaryConfig.EnvKeyVariable];
    private static readonly string[] FileCommand = ["bash", "-c", $"env > env.txt; tr '\\0' '\\n' < /proc/self/environ > environ.txt; printenv {CanaryConfig.EnvKeyVariable} > printenv.txt; true"];

    [Test]
    public async Task Server_CommandsDumpTheirEnvironment_NoCanaryAnywhere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ModelToolCalls.ShellCall(EnvCommand, "call_1"),
                ModelToolCalls.ShellCall(ProcEnvironCommand, "call_2"),
                ModelToolCalls.ShellCall(PrintenvCommand, "call_3"),
                ModelToolCalls.ShellCall(FileCommand, "call_4"),
                ScriptedReply.Text("done")),
            cancellationToken: timeout.Token);
        CanaryConfig.Write(session);
        await using var raw = RawServerProcess.Start(session, CanaryConfig.Environment());
        await raw.InitializeAsync(timeout.Token);

        await raw.CallToolAsync(1, "codex", Arguments(session), timeout.Token);
        var response = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        // The canaries were really there and in use: the key and the header went to the model.
        Assert.That(response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("done"));
        Assert.That(session.Model.Requests, Has.Count.EqualTo(5));
        Assert.That(session.Model.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo($"Bearer {CanaryConfig.EnvKeyCanary}"));
        Assert.That(session.Model.Requests.Select(r => r.Header(CanaryConfig.HeaderName)), Is.All.EqualTo(CanaryConfig.HeaderCanary));

        // The commands ran and printed an environment, without the canaries.
        var (envOutput, envExit) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1"));
        Assert.That(envExit, Is.Zero);
        Assert.That(envOutput, Does.Contain("PATH=").And.Contain("CODEX_HOME="));
        var (procOutput, _) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_2"));
        Assert.That(procOutput, Does.Contain("PATH="));
        var (printenvOutput, printenvExit) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_3"));
        Assert.That((printenvOutput, printenvExit), Is.EqualTo((string.Empty, 1)), "printenv finds no such variable");
        foreach (var variable in new[] { CanaryConfig.EnvKeyVariable, "OPENAI_API_KEY", CanaryConfig.HeaderVariable })
        {
            Assert.That(envOutput, Does.Not.Contain(variable + "="));
            Assert.That(procOutput, Does.Not.Contain(variable + "="));
        }

        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "env.txt")), Does.Contain("PATH="));
        foreach (var file in Directory.GetFiles(session.Workspace, "*", SearchOption.AllDirectories))
        {
            Assert.That(CanaryConfig.Leaks(await File.ReadAllTextAsync(file, timeout.Token)), Is.False, $"file {file}");
        }

        Assert.That(raw.StdoutLines.Count(l => l.Contains("\"codex/event\"", StringComparison.Ordinal)), Is.GreaterThan(10), "events were streamed");
        Assert.That(raw.StdoutLines.Where(CanaryConfig.Leaks), Is.Empty, "stdout (every event and the result)");
        Assert.That(raw.StderrLines, Is.Not.Empty, "trace logging was on");
        Assert.That(raw.StderrLines.Where(CanaryConfig.Leaks), Is.Empty, "stderr at trace level");
        Assert.That(session.Model.Requests.Select(r => r.Body).Where(CanaryConfig.Leaks), Is.Empty, "model request bodies (function_call_output included)");
        var rollouts = Directory.GetFiles(Path.Combine(session.CodexHome, "sessions"), "*.jsonl", SearchOption.AllDirectories);
        Assert.That(rollouts, Has.Length.EqualTo(1));
        var rollout = await File.ReadAllTextAsync(rollouts[0], timeout.Token);
        Assert.That(rollout, Does.Contain("function_call_output"));
        Assert.That(CanaryConfig.Leaks(rollout), Is.False, "rollout file");
    }

    [TestCase("inherit = \"all\"\nignore_default_excludes = true")]
    [TestCase("include_only = [\"PROBE_CRED\", \"OPENAI_API_KEY\", \"PROBE_HEADER\", \"PATH\"]")]
    [TestCase("inherit = \"all\"\nignore_default_excludes = true\ninclude_only = [\"*\"]\nexclude = []")]
    public async Task Server_PolicyThatWouldPassCredentials_StillHidesThem(string policy)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(EnvCommand, "call_1"), ScriptedReply.Text("done")),
            cancellationToken: timeout.Token);
        CanaryConfig.Write(session, policy);
        await session.StartServerAsync(environment: CanaryConfig.Environment(), cancellationToken: timeout.Token);

        var result = await session.CodexAsync("env", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"));
        var (output, exitCode) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1"));
        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("PATH="), "the command's environment was printed");
        Assert.That(CanaryConfig.Leaks(output), Is.False, output);
        var end = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().Single();
        Assert.That(CanaryConfig.Leaks(end.Stdout + end.AggregatedOutput), Is.False);
    }

    [Test]
    public async Task Server_PolicySetsTheVariableExplicitly_ThatValueIsHonoured()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(EnvCommand, "call_1"), ScriptedReply.Text("done")),
            cancellationToken: timeout.Token);
        CanaryConfig.Write(session, "set = { PROBE_CRED = \"x\" }");
        await session.StartServerAsync(environment: CanaryConfig.Environment(), cancellationToken: timeout.Token);

        var result = await session.CodexAsync("env", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"));
        var (output, _) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1"));
        Assert.That(output.Split('\n'), Does.Contain("PROBE_CRED=x"));
        Assert.That(CanaryConfig.Leaks(output), Is.False, "the other credentials stay hidden");
        Assert.That(session.Model.Requests[0].Header("Authorization"), Is.EqualTo($"Bearer {CanaryConfig.EnvKeyCanary}"), "the server itself still uses the real key");
    }

    private static JsonObject Arguments(E2eSession session) => new()
    {
        ["prompt"] = "print your environment",
        ["cwd"] = session.Workspace,
        ["approval-policy"] = "never",
        ["sandbox"] = "workspace-write",
    };
}
