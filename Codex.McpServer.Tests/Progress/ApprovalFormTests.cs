using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Progress;

/// <summary>
/// An approval through the server binary, answered the way a form-mode client answers the
/// elicitation's <c>requestedSchema</c>: the schema is the titled decision enum plus a reason,
/// each decision maps to what Codex does, and the call's progress says it waits for approval.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ApprovalFormTests
{
    private static readonly string[] WriteCommand = ["/bin/sh", "-c", "printf hello > created.txt"];

    [TestCase("approved", true)]
    [TestCase("approved_for_session", true)]
    [TestCase("denied", false)]
    public async Task Elicitation_FormAnswerWithDecisionAndReason_MappedToWhatCodexDoes(string decision, bool runs)
    {
        const string Reason = "use the staging database instead";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")),
            extraConfig: "[mcp_server]\nprogress_heartbeat_seconds = 1",
            cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: true, timeout.Token);
        var asked = new List<JsonElement>();

        var response = await wire.CallAsync(
            "approve-1",
            "approval-token",
            "codex",
            ProgressTests.Arguments(session, "create a file", sandbox: "workspace-write", approvalPolicy: "untrusted"),
            timeout.Token,
            request =>
            {
                asked.Add(request.GetProperty("params").Clone());
                return new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["decision"] = decision, ["reason"] = Reason } };
            });

        var elicitation = asked.Single();
        var created = Path.Combine(session.Workspace, "created.txt");
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        var messages = ProgressWire.Progress(wire.Messages).Select(p => p.Params.GetProperty("message").GetString()!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(elicitation.GetProperty("requestedSchema").GetRawText()), JsonNode.Parse(ApprovalElicitationSchema.RequestedSchema.GetRawText())), Is.True, elicitation.GetRawText());
            Assert.That(elicitation.GetProperty("requestedSchema").GetProperty("properties").GetProperty("decision").GetProperty("oneOf").EnumerateArray().Select(o => o.GetProperty("const").GetString()), Is.EqualTo(new[] { "approved", "approved_for_session", "denied", "abort" }));
            Assert.That(response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("done"));
            Assert.That(File.Exists(created), Is.EqualTo(runs), runs ? "an approval lets the command run" : "a denial keeps it from running");
            Assert.That(ProgressTests.StepsInOrder(messages, "turn started", "waiting for approval to run `printf hello > created.txt`", "finished: done"), Is.True, string.Join("\n", messages));
            if (runs)
            {
                Assert.That(output, Does.Not.Contain(Reason), "a reason goes to the model only with a denial");
            }
            else
            {
                Assert.That(output, Does.Contain(Reason), "the user's reason reaches the model");
            }
        }
    }

    [Test]
    public async Task Elicitation_FormAnswerAbort_TurnIsInterrupted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("never")), cancellationToken: timeout.Token);
        await using var wire = await ProgressWire.StartAsync(session, elicitation: true, timeout.Token);

        var response = await wire.CallAsync(
            "abort-1",
            "abort-token",
            "codex",
            ProgressTests.Arguments(session, "create a file", sandbox: "workspace-write", approvalPolicy: "untrusted"),
            timeout.Token,
            _ => new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["decision"] = "abort" } });

        var types = ProgressWire.Events(wire.Messages).Select(e => e.GetProperty("msg").GetProperty("type").GetString()).ToList();
        var messages = ProgressWire.Progress(wire.Messages).Select(p => p.Params.GetProperty("message").GetString()!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(types, Does.Contain("turn_aborted"));
            Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
            Assert.That(session.Model.Requests, Has.Count.EqualTo(1), "the model is not asked again");
            Assert.That(response.GetProperty("result").GetProperty("isError").GetBoolean(), Is.True);
            Assert.That(messages, Has.Some.Contains("turn interrupted"));
        }
    }
}
