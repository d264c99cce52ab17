using Codex.Engine.McpClients;

namespace Codex.Engine.Tests.McpClients;

/// <summary>Which conversation and tool an elicitation from a shared MCP server is attributed to.</summary>
public sealed class McpCallScopeTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public void Attribute_NoCallInFlight_Null()
    {
        Assert.That(McpCallScope.Attribute([]), Is.Null);
    }

    [Test]
    public void Attribute_OneCall_ThatCall()
    {
        Assert.That(McpCallScope.Attribute([new("conv-a", "ask", Minute)]), Is.EqualTo(new McpCallScope("conv-a", "ask", Minute)));
    }

    [Test]
    public void Attribute_TwoToolsOfOneConversation_ConversationKnownToolNot()
    {
        var scope = McpCallScope.Attribute([new("conv-a", "ask", Minute), new("conv-a", "search", 2 * Minute)]);

        Assert.That(scope, Is.EqualTo(new McpCallScope("conv-a", null, 2 * Minute)), "the longest wait any of the calls allows");
    }

    [Test]
    public void Attribute_TwoConversationsInFlight_NoConversationRatherThanTheWrongOne()
    {
        var scope = McpCallScope.Attribute([new("conv-a", "ask", Minute), new("conv-b", "ask", Minute)]);

        Assert.That(scope, Is.EqualTo(new McpCallScope(null, "ask", Minute)));
    }

    [Test]
    public void Attribute_ThreeCallsWhereTheLastDiffers_NothingClaimed()
    {
        var scope = McpCallScope.Attribute([new("conv-a", "ask", Minute), new("conv-a", "ask", Minute), new("conv-b", "other", Minute)]);

        Assert.That(scope, Is.EqualTo(new McpCallScope(null, null, Minute)));
    }
}
