using System.Text;
using System.Text.Json;
using Codex.Protocol.JsonRpc;

namespace Codex.Protocol.Tests.JsonRpc;

[TestFixture]
public sealed class JsonRpcMessageCodecTests
{
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"m"}""", typeof(JsonRpcRequest))]
    [TestCase("""{"jsonrpc":"2.0","method":"m"}""", typeof(JsonRpcNotification))]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{}}""", typeof(JsonRpcResponse))]
    [TestCase("""{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"x"}}""", typeof(JsonRpcErrorResponse))]
    [TestCase("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}""", typeof(JsonRpcErrorResponse))]
    public void Parse_EachShape_ClassifiedAsThatKind(string line, Type expected) =>
        Assert.That(Parse(line).Message, Is.InstanceOf(expected));

    [Test]
    public void Parse_IdMethodAndResult_RequestWinsOverResponse() =>
        Assert.That(Parse("""{"id":1,"method":"m","result":{}}""").Message, Is.InstanceOf<JsonRpcRequest>());

    [Test]
    public void Parse_MethodAndResultWithoutId_NotificationWinsOverResponse() =>
        Assert.That(Parse("""{"method":"m","result":{}}""").Message, Is.InstanceOf<JsonRpcNotification>());

    [Test]
    public void Parse_ResultAndError_ResponseWinsOverError() =>
        Assert.That(Parse("""{"id":3,"result":1,"error":{"code":1,"message":"x"}}""").Message, Is.InstanceOf<JsonRpcResponse>());

    [Test]
    public void Parse_IntegerAndStringIds_KeepTheirJsonType()
    {
        var number = (JsonRpcRequest)Parse("""{"id":1,"method":"m"}""").Message!;
        var text = (JsonRpcRequest)Parse("""{"id":"1","method":"m"}""").Message!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(number.Id.IsString, Is.False);
            Assert.That(number.Id.AsNumber, Is.EqualTo(1));
            Assert.That(text.Id.IsString, Is.True);
            Assert.That(text.Id.AsString, Is.EqualTo("1"));
            Assert.That(number.Id, Is.Not.EqualTo(text.Id));
            Assert.That(Line(JsonRpcMessageCodec.Write(number)), Does.Contain("\"id\":1,"));
            Assert.That(Line(JsonRpcMessageCodec.Write(text)), Does.Contain("\"id\":\"1\","));
        }
    }

    [Test]
    public void Parse_ResponseIds_KeepTheirJsonType()
    {
        var response = (JsonRpcResponse)Parse("""{"id":"abc","result":{"x":1}}""").Message!;
        var error = (JsonRpcErrorResponse)Parse("""{"id":42,"error":{"code":-32000,"message":"boom","data":{"k":[1]}}}""").Message!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Id, Is.EqualTo(new RequestId("abc")));
            Assert.That(response.Result.GetProperty("x").GetInt32(), Is.EqualTo(1));
            Assert.That(error.Id, Is.EqualTo(new RequestId(42)));
            Assert.That(error.Error.Code, Is.EqualTo(-32000));
            Assert.That(error.Error.Message, Is.EqualTo("boom"));
            Assert.That(error.Error.Data?.GetRawText(), Is.EqualTo("""{"k":[1]}"""));
        }
    }

    [Test]
    public void Parse_InvalidUtf8_ParseError()
    {
        byte[] line = [.. "{\"method\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var parsed = JsonRpcMessageCodec.Parse(line);

        AssertError(parsed, JsonRpcErrorCodes.ParseError, expectedId: null);
    }

    [TestCase("{bad")]
    [TestCase("{\"id\":1,\"method\":\"m\"")]
    [TestCase("not json at all")]
    [TestCase("""{"id":1,"method":"m"} {"id":2,"method":"m"}""")]
    public void Parse_InvalidJson_ParseError(string line) =>
        AssertError(Parse(line), JsonRpcErrorCodes.ParseError, expectedId: null);

    [TestCase("""[{"id":1,"method":"m"}]""")]
    [TestCase("[]")]
    [TestCase("42")]
    [TestCase("\"ping\"")]
    [TestCase("null")]
    public void Parse_NotAnObject_InvalidRequest(string line) =>
        AssertError(Parse(line), JsonRpcErrorCodes.InvalidRequest, expectedId: null);

    [Test]
    public void Parse_IdWithoutMethodOrResult_InvalidRequestWithTheId()
    {
        AssertError(Parse("""{"jsonrpc":"2.0","id":5,"params":{}}"""), JsonRpcErrorCodes.InvalidRequest, new RequestId(5));
        AssertError(Parse("""{"jsonrpc":"2.0","id":"x"}"""), JsonRpcErrorCodes.InvalidRequest, new RequestId("x"));
    }

    [Test]
    public void Parse_MethodNotAString_InvalidRequestWithTheId() =>
        AssertError(Parse("""{"id":7,"method":12}"""), JsonRpcErrorCodes.InvalidRequest, new RequestId(7));

    [Test]
    public void Parse_ResultWithoutId_InvalidRequest() =>
        AssertError(Parse("""{"jsonrpc":"2.0","result":{}}"""), JsonRpcErrorCodes.InvalidRequest, expectedId: null);

    [TestCase("""{"id":1.5,"method":"m"}""")]
    [TestCase("""{"id":{},"method":"m"}""")]
    [TestCase("""{"id":true,"method":"m"}""")]
    public void Parse_IdNeitherStringNorInteger_InvalidRequest(string line) =>
        Assert.That(Parse(line).Error?.Code, Is.EqualTo(JsonRpcErrorCodes.InvalidRequest));

    [Test]
    public void Parse_ScalarParams_InvalidRequestWithTheId() =>
        AssertError(Parse("""{"id":2,"method":"m","params":"text"}"""), JsonRpcErrorCodes.InvalidRequest, new RequestId(2));

    [Test]
    public void Parse_JsonRpcMemberMissing_Accepted()
    {
        var parsed = Parse("""{"id":9,"method":"ping","params":{"a":1}}""");

        Assert.That(parsed.Message, Is.InstanceOf<JsonRpcRequest>());
        var request = (JsonRpcRequest)parsed.Message!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Error, Is.Null);
            Assert.That(request.Method, Is.EqualTo("ping"));
            Assert.That(request.Id, Is.EqualTo(new RequestId(9)));
            Assert.That(request.Params?.GetProperty("a").GetInt32(), Is.EqualTo(1));
        }
    }

    [Test]
    public void Parse_NullParams_TreatedAsAbsent() =>
        Assert.That(((JsonRpcNotification)Parse("""{"method":"n","params":null}""").Message!).Params, Is.Null);

    [Test]
    public void Parse_ArrayParams_Kept() =>
        Assert.That(((JsonRpcRequest)Parse("""{"id":1,"method":"n","params":[1,2]}""").Message!).Params?.GetArrayLength(), Is.EqualTo(2));

    [Test]
    public void Write_Request_OneCompactLineEndingInLf()
    {
        using var doc = JsonDocument.Parse("""
            {
              "text": "two\nlines",
              "list": [ 1, 2, { "deep": true } ],
              "quote": "it's `code` \"quoted\" é"
            }
            """);
        var message = new JsonRpcRequest { Id = new RequestId(3), Method = "tools/call", Params = doc.RootElement };

        var line = Line(JsonRpcMessageCodec.Write(message));

        Assert.That(line, Is.EqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"text\":\"two\\nlines\",\"list\":[1,2,{\"deep\":true}],\"quote\":\"it's `code` \\\"quoted\\\" é\"}}\n"));
    }

    [Test]
    public void Write_EveryKind_ExactlyOneTerminatorAtTheEnd()
    {
        using var doc = JsonDocument.Parse("""{"a":"x\ny"}""");
        JsonRpcMessage[] messages =
        [
            new JsonRpcRequest { Id = new RequestId("r"), Method = "m", Params = doc.RootElement },
            new JsonRpcNotification { Method = "n" },
            new JsonRpcResponse { Id = new RequestId(1), Result = doc.RootElement },
            new JsonRpcErrorResponse { Id = null, Error = new JsonRpcError { Code = -32700, Message = "bad\nline" } },
        ];

        var lines = messages.Select(m => Line(JsonRpcMessageCodec.Write(m))).ToList();

        Assert.That(lines, Has.All.Matches<string?>(l => l!.IndexOf('\n') == l.Length - 1 && !l.Contains('\r')));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"m\",\"params\":{\"a\":\"x\\ny\"}}\n",
            "{\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":\"x\\ny\"}}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"bad\\nline\"}}\n",
        }));
    }

    [Test]
    public void Write_ThenParse_RoundTrips()
    {
        var written = JsonRpcMessageCodec.WriteError(new RequestId("e-1"), new JsonRpcError { Code = JsonRpcErrorCodes.MethodNotFound, Message = "method not found: x" });

        var parsed = (JsonRpcErrorResponse)JsonRpcMessageCodec.Parse(written.AsSpan(0, written.Length - 1)).Message!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Id, Is.EqualTo(new RequestId("e-1")));
            Assert.That(parsed.Error, Is.EqualTo(new JsonRpcError { Code = -32601, Message = "method not found: x" }));
        }
    }

    private static ParsedLine Parse(string line) => JsonRpcMessageCodec.Parse(Encoding.UTF8.GetBytes(line));

    private static string Line(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static void AssertError(ParsedLine parsed, int expectedCode, RequestId? expectedId)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Message, Is.Null);
            Assert.That(parsed.Error?.Code, Is.EqualTo(expectedCode));
            Assert.That(parsed.Error?.Message, Is.Not.Empty);
            Assert.That(parsed.ErrorId, Is.EqualTo(expectedId));
        }
    }

    [Test]
    public void WriteNotification_IntoPooledLinesOneAfterAnother_EachLineWholeAndNothingCarriedOver()
    {
        var big = new CodexEvent { Meta = new CodexEventMeta { RequestId = new RequestId(7) }, Id = "7", Msg = new AgentMessageEvent { Message = new string('a', 10_000) + "é\"`" } };
        var small = new CodexEvent { Meta = new CodexEventMeta { RequestId = new RequestId("r") }, Id = "0", Msg = new TaskCompleteEvent() };

        string Pooled(CodexEvent e)
        {
            using var line = new PooledLineWriter(16);
            JsonRpcMessageCodec.WriteNotification(line, CodexEvent.Method, e, ProtocolJsonContext.Default.CodexEvent);
            return Encoding.UTF8.GetString(line.WrittenMemory.Span);
        }

        var first = Pooled(big);
        var second = Pooled(small);

        Assert.That(first, Is.EqualTo(Encoding.UTF8.GetString(JsonRpcMessageCodec.WriteNotification(CodexEvent.Method, big, ProtocolJsonContext.Default.CodexEvent))));
        Assert.That(second, Is.EqualTo(Encoding.UTF8.GetString(JsonRpcMessageCodec.WriteNotification(CodexEvent.Method, small, ProtocolJsonContext.Default.CodexEvent))));
        Assert.That(second, Does.EndWith("\n").And.Not.Contains("aaaa"));
        Assert.That(second.Count(c => c == '\n'), Is.EqualTo(1));
        using var document = JsonDocument.Parse(second);
        Assert.That(document.RootElement.GetProperty("params").GetProperty("msg").GetProperty("type").GetString(), Is.EqualTo("task_complete"));
    }
}
