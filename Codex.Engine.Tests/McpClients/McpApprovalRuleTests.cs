using Codex.Engine.McpClients;
using ModelContextProtocol.Protocol;

namespace Codex.Engine.Tests.McpClients;

public sealed class McpApprovalRuleTests
{
    [TestCase(null, null, null, true, TestName = "NeedsApproval_NoAnnotations_Asks")]
    [TestCase(true, null, null, false, TestName = "NeedsApproval_ReadOnly_DoesNotAsk")]
    [TestCase(true, true, null, true, TestName = "NeedsApproval_DestructiveEvenIfReadOnly_Asks")]
    [TestCase(false, false, false, false, TestName = "NeedsApproval_NeitherDestructiveNorOpenWorld_DoesNotAsk")]
    [TestCase(false, false, true, true, TestName = "NeedsApproval_OpenWorld_Asks")]
    [TestCase(false, false, null, true, TestName = "NeedsApproval_OpenWorldUnsaid_TakesMcpDefaultAndAsks")]
    public void NeedsApproval_Annotations_FollowUpstream(bool? readOnly, bool? destructive, bool? openWorld, bool expected)
    {
        var annotations = readOnly is null && destructive is null && openWorld is null
            ? null
            : new ToolAnnotations { ReadOnlyHint = readOnly, DestructiveHint = destructive, OpenWorldHint = openWorld };

        Assert.That(McpToolHandler.NeedsApproval(annotations), Is.EqualTo(expected));
    }
}
