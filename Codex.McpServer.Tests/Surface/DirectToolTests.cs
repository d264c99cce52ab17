using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// The direct tools (<c>mcp_server.expose_tools</c>) through the real server: off by default, each
/// one's effect, the sandbox they run in, the approvals the policy asks for, and the read tools'
/// readable root.
/// </summary>
public sealed class DirectToolTests
{
    private static readonly string[] AllDirect = ["shell", "apply_patch", "read_file", "list_dir", "grep", "git_status", "git_diff"];

    [Test]
    public async Task ToolsList_ExposeToolsOffOnListOrBad_OnlyWhatTheOptionAsksFor()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);

        var byDefault = await ToolNamesAsync(session, [], timeout.Token);
        var all = await ToolNamesAsync(session, ["-c", "mcp_server.expose_tools=true"], timeout.Token);
        var some = await ToolNamesAsync(session, ["-c", "mcp_server.expose_tools=[\"grep\",\"read_file\"]"], timeout.Token);
        session.WriteConfig(extraConfig: "[mcp_server]\nexpose_tools = [\"rm_rf\"]");
        var bad = await ToolNamesAsync(session, [], timeout.Token);

        string[] agent = ["codex", "codex-reply", "codex-status", "codex-cancel", "codex-approve"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(byDefault, Is.EqualTo(agent));
            Assert.That(all, Is.EqualTo((string[])[.. agent, .. AllDirect]));
            Assert.That(some, Is.EqualTo((string[])[.. agent, "read_file", "grep"]));
            Assert.That(bad, Is.EqualTo(agent), "an unknown name exposes nothing (and is logged)");
        }
    }

    [Test]
    public async Task Shell_WorkspaceWrite_RunsWithEventsAndExitCode_ReadOnlySandboxBlocksWrites()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await StartAsync(session, timeout.Token);

        var written = await client.CallToolAsync("shell", Policy(session, "workspace-write", "never", new JsonObject { ["command"] = new JsonArray("bash", "-c", "echo hi > out.txt; echo done; exit 4") }), timeout.Token);
        var blocked = await client.CallToolAsync("shell", Policy(session, "read-only", "never", new JsonObject { ["command"] = new JsonArray("bash", "-c", "echo no > blocked.txt") }), timeout.Token);

        var events = client.Notifications.Where(n => n.Method == "codex/event").Select(n => n.Params.GetProperty("msg").GetProperty("type").GetString()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "out.txt")), Is.EqualTo("hi\n"));
            Assert.That(written.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("done\n"));
            Assert.That(written.GetProperty("structuredContent").GetProperty("exitCode").GetInt32(), Is.EqualTo(4));
            Assert.That(written.GetProperty("isError").GetBoolean(), Is.True, "a non-zero exit is an error result");
            Assert.That(events, Does.Contain("exec_command_begin").And.Contain("exec_command_end"), "the same events as the agent's commands");
            var writtenThread = written.GetProperty("structuredContent").GetProperty("threadId").GetString();
            var threads = client.Notifications.Where(n => n.Method == "codex/event").Select(n => n.Params.GetProperty("_meta").GetProperty("threadId").GetString()).Distinct().ToList();
            Assert.That(threads, Has.Member(writtenThread).And.None.Null, "every event names the thread its call was recorded in");

            Assert.That(File.Exists(Path.Combine(session.Workspace, "blocked.txt")), Is.False, "the read-only sandbox kept the file from being written");
            Assert.That(blocked.GetProperty("isError").GetBoolean(), Is.True);
        }
    }

    [TestCase("approved", true)]
    [TestCase("denied", false)]
    public async Task ShellAndPatch_UntrustedPolicy_AskThroughElicitation(string decision, bool expectWritten)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        var asked = new List<string>();
        await using var client = await StartAsync(session, timeout.Token, elicitation: parameters =>
        {
            lock (asked)
            {
                asked.Add(parameters.GetProperty("codex_elicitation").GetString()!);
            }

            return McpTestClient.Result($$"""{"decision":"{{decision}}"}""");
        });

        var shell = await client.CallToolAsync("shell", Policy(session, "workspace-write", "untrusted", new JsonObject { ["command"] = new JsonArray("touch", "made.txt") }), timeout.Token);
        var patch = await client.CallToolAsync("apply_patch", Policy(session, "workspace-write", "untrusted", new JsonObject { ["patch"] = "*** Begin Patch\n*** Add File: patched.txt\n+patched\n*** End Patch" }), timeout.Token);
        var safe = await client.CallToolAsync("list_dir", new JsonObject { ["cwd"] = session.Workspace, ["approval-policy"] = "untrusted" }, timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(asked, Is.EqualTo(new[] { "exec-approval", "patch-approval" }), "the command and the patch were asked about; the known-safe `ls` was not");
            Assert.That(File.Exists(Path.Combine(session.Workspace, "made.txt")), Is.EqualTo(expectWritten));
            Assert.That(File.Exists(Path.Combine(session.Workspace, "patched.txt")), Is.EqualTo(expectWritten));
            Assert.That(shell.TryGetProperty("isError", out _), Is.EqualTo(!expectWritten), "a denied command is an error result");
            Assert.That(patch.GetProperty("content")[0].GetProperty("text").GetString(), expectWritten ? Does.Contain("A patched.txt") : Does.Contain("rejected"));
            Assert.That(safe.TryGetProperty("isError", out _), Is.False);
        }
    }

    [Test]
    public async Task ReadTools_InsideCwd_ReadListAndGrep_OutsideRefusedWithoutRunning()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        File.WriteAllText(Path.Combine(session.Workspace, "notes.txt"), "one\ntwo\nthree\nfour\n");
        Directory.CreateDirectory(Path.Combine(session.Workspace, "src"));
        File.WriteAllText(Path.Combine(session.Workspace, "src", "main.c"), "int main() { return 42; }\n");
        var secret = Path.Combine(session.Root, "secret.txt");
        File.WriteAllText(secret, "do not read\n");
        File.CreateSymbolicLink(Path.Combine(session.Workspace, "link.txt"), secret);
        await using var client = await StartAsync(session, timeout.Token);

        var lines = await client.CallToolAsync("read_file", new JsonObject { ["cwd"] = session.Workspace, ["path"] = "notes.txt", ["offset"] = 2, ["limit"] = 2 }, timeout.Token);
        var listing = await client.CallToolAsync("list_dir", new JsonObject { ["cwd"] = session.Workspace, ["path"] = "src" }, timeout.Token);
        var found = await client.CallToolAsync("grep", new JsonObject { ["cwd"] = session.Workspace, ["pattern"] = "return 4[0-9]" }, timeout.Token);
        var none = await client.CallToolAsync("grep", new JsonObject { ["cwd"] = session.Workspace, ["pattern"] = "absent-word" }, timeout.Token);
        var eventsBefore = client.Notifications.Count(n => n.Method == "codex/event");
        var outside = await client.CallToolAsync("read_file", new JsonObject { ["cwd"] = session.Workspace, ["path"] = "../secret.txt" }, timeout.Token);
        var throughLink = await client.CallToolAsync("read_file", new JsonObject { ["cwd"] = session.Workspace, ["path"] = "link.txt" }, timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(lines), Is.EqualTo("two\nthree\n"));
            Assert.That(Text(listing), Does.Contain("main.c"));
            Assert.That(Text(found), Is.EqualTo("./src/main.c:1:int main() { return 42; }\n"));
            Assert.That(none.TryGetProperty("isError", out _), Is.False, "no match is not an error");
            Assert.That(none.GetProperty("structuredContent").GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
            foreach (var refused in new[] { outside, throughLink })
            {
                Assert.That(refused.GetProperty("isError").GetBoolean(), Is.True);
                Assert.That(Text(refused), Does.Contain("outside the readable root").And.Not.Contain("do not read"));
            }

            Assert.That(client.Notifications.Count(n => n.Method == "codex/event"), Is.EqualTo(eventsBefore), "a refused read runs nothing");
        }
    }

    [Test]
    public async Task GitTools_Repository_StatusAndDiffOfTheWorkTree()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        Git(session.Workspace, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(session.Workspace, "app.txt"), "v1\n");
        Git(session.Workspace, "add", "app.txt");
        Git(session.Workspace, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        File.WriteAllText(Path.Combine(session.Workspace, "app.txt"), "v2\n");
        File.WriteAllText(Path.Combine(session.Workspace, "new.txt"), "new\n");
        await using var client = await StartAsync(session, timeout.Token);

        var status = await client.CallToolAsync("git_status", new JsonObject { ["cwd"] = session.Workspace }, timeout.Token);
        var diff = await client.CallToolAsync("git_diff", new JsonObject { ["cwd"] = session.Workspace }, timeout.Token);
        var staged = await client.CallToolAsync("git_diff", new JsonObject { ["cwd"] = session.Workspace, ["staged"] = true }, timeout.Token);
        var option = await client.CallToolAsync("git_diff", new JsonObject { ["cwd"] = session.Workspace, ["ref"] = "--output=/tmp/x" }, timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(status), Is.EqualTo("## main\n M app.txt\n?? new.txt\n"));
            Assert.That(Text(diff), Does.Contain("-v1\n+v2"));
            Assert.That(Text(staged), Is.Empty);
            Assert.That(option.GetProperty("isError").GetBoolean(), Is.True);
        }
    }

    [TestCase("sometimes", "on-request", "`sandbox` must be one of `read-only`, `workspace-write`, `danger-full-access`, not `sometimes`.")]
    [TestCase("read-only", "always", "`approval-policy` must be one of `untrusted`, `on-failure`, `on-request`, `never`, not `always`.")]
    public async Task Shell_UnknownPolicyValue_ArgumentErrorNamingTheValuesAndNothingRuns(string sandbox, string approval, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await StartAsync(session, timeout.Token);

        var result = await client.CallToolAsync("shell", Policy(session, sandbox, approval, new JsonObject { ["command"] = new JsonArray("bash", "-c", "echo ran > ran.txt") }), timeout.Token);

        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(Text(result), Is.EqualTo($"Invalid arguments for shell: {message}"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "ran.txt")), Is.False);
    }

    private static string Text(JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString()!;

    private static JsonObject Policy(E2eSession session, string sandbox, string approval, JsonObject arguments)
    {
        arguments["cwd"] = session.Workspace;
        arguments["sandbox"] = sandbox;
        arguments["approval-policy"] = approval;
        return arguments;
    }

    private static Task<McpTestClient> StartAsync(E2eSession session, CancellationToken cancellationToken, Func<JsonElement, Codex.Protocol.JsonRpc.JsonRpcReply>? elicitation = null) =>
        McpTestClient.StartAsync(session, cancellationToken, capabilities: """{"elicitation":{}}""", elicitation: elicitation ?? (_ => McpTestClient.Result("""{"decision":"denied"}""")), arguments: ["-c", "mcp_server.expose_tools=true"]);

    private static async Task<string[]> ToolNamesAsync(E2eSession session, string[] arguments, CancellationToken cancellationToken)
    {
        await using var client = await McpTestClient.StartAsync(session, cancellationToken, arguments: arguments);
        var tools = await client.RequestAsync("tools/list", new JsonObject(), cancellationToken);
        return [.. tools.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
    }

    private static void Git(string cwd, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
    }
}
