using System.Text.Json;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Tests.Support;

namespace Codex.Protocol.Tests.Codex;

/// <summary><c>_meta.seq</c>: written and read as a number; absent (null) from servers that do not send it.</summary>
[TestFixture]
public sealed class CodexEventSeqTests
{
    [Test]
    public void Serialize_MetaWithSeq_WritesSeqBesideTheIds()
    {
        var envelope = new CodexEvent
        {
            Meta = new CodexEventMeta { RequestId = new RequestId(3), ThreadId = "t", Seq = 41 },
            Id = "3",
            Msg = new AgentMessageDeltaEvent { Delta = "x" },
        };

        var json = JsonSerializer.Serialize(envelope, ProtocolJsonContext.Default.CodexEvent);

        Assert.That(JsonSemantic.Diff("""{"_meta":{"requestId":3,"threadId":"t","seq":41},"id":"3","msg":{"type":"agent_message_delta","delta":"x"}}""", json), Is.Null);
    }

    [TestCase("""{"_meta":{"requestId":1,"seq":0},"id":"1","msg":{"type":"task_started"}}""", 0L)]
    [TestCase("""{"_meta":{"requestId":1,"seq":12345678901},"id":"1","msg":{"type":"task_started"}}""", 12345678901L)]
    [TestCase("""{"_meta":{"requestId":1},"id":"1","msg":{"type":"task_started"}}""", null)]
    public void Deserialize_Meta_SeqAsSent(string json, long? expected) =>
        Assert.That(JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.CodexEvent)!.Meta.Seq, Is.EqualTo(expected));
}
