using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>Turns where the model calls a function, on both wires: the output goes back to the model and the loop goes on.</summary>
public sealed class FunctionCallTurnTests
{
    private const string PlanArguments = """{"explanation":"two steps","plan":[{"step":"write the tests","status":"in_progress"},{"step":"ship it","status":"pending"}]}""";

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_ModelCallsUpdatePlan_PlanUpdateEventAndModelGetsPlanUpdated(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Call("update_plan", PlanArguments, "call_plan_1"), ScriptedReply.Text("planned and done")),
            timeout.Token,
            wireApi: wire);

        var result = await server.CodexAsync("make a plan", timeout.Token, p => p with { IncludePlanTool = true });

        CallAssert.Succeeded(result, "planned and done");
        CallAssert.AllBelongTo(result.Events, result.ConversationId);
        var plan = CallAssert.Of<PlanUpdateEvent>(result.Events).Single();
        Assert.That(plan.Explanation, Is.EqualTo("two steps"));
        Assert.That(plan.Plan.Select(p => (p.Step, p.Status)), Is.EqualTo(new[] { ("write the tests", StepStatus.InProgress), ("ship it", StepStatus.Pending) }));
        var kinds = CallAssert.Kinds(result.Events);
        Assert.That(kinds.IndexOf("PlanUpdate"), Is.LessThan(kinds.IndexOf("AgentMessage")), "the plan is reported before the final answer");
        Assert.That(kinds.Where(k => k.StartsWith("Exec", StringComparison.Ordinal) || k.StartsWith("Patch", StringComparison.Ordinal)), Is.Empty, "update_plan runs no command");
        Assert.That(kinds[^1], Is.EqualTo("TaskComplete"));

        var requests = server.Model.Requests.Select(ModelRequestView.From).ToList();
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[0].ToolNames, Does.Contain("update_plan"));
        Assert.That(requests[0].ToolOutputs, Is.Empty);
        Assert.That(requests[1].ToolOutputs, Is.EqualTo(new[] { ("call_plan_1", "Plan updated") }));
        Assert.That(server.Model.Requests[1].Body, Does.Contain("call_plan_1").And.Contain("update_plan"), "the call itself is in the history too");
    }

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_ModelCallsAnUnknownTool_ModelGetsUnsupportedCallAndTheTurnGoesOn(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Call("summon_dragon", """{"size":"large"}""", "call_x"), ScriptedReply.Text("no dragons then")),
            timeout.Token,
            wireApi: wire);

        var result = await server.CodexAsync("do something odd", timeout.Token);

        CallAssert.Succeeded(result, "no dragons then");
        var requests = server.Model.Requests.Select(ModelRequestView.From).ToList();
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[1].ToolOutputs, Is.EqualTo(new[] { ("call_x", "unsupported call: summon_dragon") }));
    }

    [Test]
    public async Task Codex_WithoutIncludePlanTool_UpdatePlanIsNotOfferedAndACallToItIsUnsupported()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Call("update_plan", PlanArguments, "call_plan_2"), ScriptedReply.Text("fine")),
            timeout.Token);

        var result = await server.CodexAsync("make a plan", timeout.Token);

        CallAssert.Succeeded(result, "fine");
        Assert.That(CallAssert.Of<PlanUpdateEvent>(result.Events), Is.Empty);
        var requests = server.Model.Requests.Select(ModelRequestView.From).ToList();
        Assert.That(requests[0].ToolNames, Does.Not.Contain("update_plan"));
        Assert.That(requests[1].ToolOutputs, Is.EqualTo(new[] { ("call_plan_2", "unsupported call: update_plan") }));
    }
}
