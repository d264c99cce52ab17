using Codex.Engine.Conversations;

namespace Codex.Engine.Tests.Conversations;

public sealed class TurnNotifierTests
{
    [Test]
    public void AgentTurnCompleteJson_UpstreamsExample_SameTextAsUpstream()
    {
        var json = TurnNotifier.AgentTurnCompleteJson(
            "b5f6c1c2-1111-2222-3333-444455556666", "12345", "/Users/example/project", ["Rename `foo` to `bar` and update the callsites."], "Rename complete and verified `cargo build` succeeds.");

        // The serialisation upstream's own unit test expects, byte for byte.
        Assert.That(json, Is.EqualTo("""{"type":"agent-turn-complete","thread-id":"b5f6c1c2-1111-2222-3333-444455556666","turn-id":"12345","cwd":"/Users/example/project","input-messages":["Rename `foo` to `bar` and update the callsites."],"last-assistant-message":"Rename complete and verified `cargo build` succeeds."}"""));
    }

    [Test]
    public void AgentTurnCompleteJson_NoAssistantMessage_Null()
    {
        var json = TurnNotifier.AgentTurnCompleteJson("t", "0", "/w", ["hi"], null);

        Assert.That(json, Does.EndWith("\"last-assistant-message\":null}"));
    }
}
