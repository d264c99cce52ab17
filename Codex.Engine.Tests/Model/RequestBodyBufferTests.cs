using System.Text;
using System.Text.Json;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;
using static Codex.Engine.Tests.Model.ModelTestSupport;

namespace Codex.Engine.Tests.Model;

/// <summary>The pooled request body and the per-item JSON cache behind it.</summary>
public sealed class RequestBodyBufferTests
{
    [Test]
    public void PooledBufferWriter_WritesAcrossSegments_KeepsEveryByteInOrder()
    {
        using var writer = new PooledBufferWriter(16);
        var expected = new List<byte>();
        for (var i = 0; i < 50_000; i++)
        {
            var span = writer.GetSpan(3);
            span[0] = (byte)i;
            span[1] = (byte)(i >> 8);
            span[2] = 0xAB;
            writer.Advance(3);
            expected.AddRange([(byte)i, (byte)(i >> 8), 0xAB]);
        }

        Assert.That(writer.WrittenCount, Is.EqualTo(150_000));
        Assert.That(writer.ToArray(), Is.EqualTo(expected.ToArray()));
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        Assert.That(stream.ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public async Task PooledBufferWriter_ValueLargerThanASegment_WrittenWholeAfterWhatCameBefore()
    {
        using var writer = new PooledBufferWriter(16);
        writer.GetSpan(5)[..5].Fill((byte)'a');
        writer.Advance(5);
        var big = PooledBufferWriter.SegmentSize * 2 + 7;
        writer.GetSpan(big)[..big].Fill((byte)'b');
        writer.Advance(big);

        using var stream = new MemoryStream();
        await writer.WriteToAsync(stream, CancellationToken.None);

        Assert.That(stream.ToArray(), Is.EqualTo(Enumerable.Repeat((byte)'a', 5).Concat(Enumerable.Repeat((byte)'b', big)).ToArray()));
    }

    [Test]
    public void PooledBufferWriter_AdvancePastTheBuffer_Throws()
    {
        using var writer = new PooledBufferWriter(16);
        var length = writer.GetSpan().Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
        Assert.That(writer.WrittenCount, Is.Zero);
    }

    [Test]
    public void PooledBufferWriter_AfterDispose_RefusesToWrite()
    {
        var writer = new PooledBufferWriter(16);
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan(1));
    }

    [Test]
    public void HistoryJsonCache_ItemWithId_StrippedUnlessKeptAndAsItsOwnSerialization()
    {
        var item = MessageItem.Assistant("done") with { Id = "msg_9" };

        var stripped = Items(new HistoryJsonCache(keepIds: false), [item]);
        var kept = Items(new HistoryJsonCache(keepIds: true), [item]);

        Assert.That(stripped, Is.EqualTo("[" + (item with { Id = null }).ToJson() + "]"));
        Assert.That(kept, Is.EqualTo("[" + item.ToJson() + "]"));
        Assert.That(kept, Does.Contain("\"id\":\"msg_9\""));
        Assert.That(stripped, Does.Not.Contain("msg_9"));
    }

    [Test]
    public void HistoryJsonCache_GrowingHistory_SerializesOnlyTheNewItems()
    {
        var cache = new HistoryJsonCache(keepIds: false);
        var history = new List<ResponseItem> { MessageItem.User("one"), MessageItem.Assistant("two") };
        Items(cache, history);
        history.Add(new FunctionCallOutputItem { CallId = "call_1", Output = "é \"quoted\" `tick`" });

        var json = Items(cache, history);

        Assert.That(cache.SerializedCount, Is.EqualTo(3));
        Assert.That(json, Is.EqualTo("[" + string.Join(",", history.Select(i => i.ToJson())) + "]"));
    }

    [Test]
    public void HistoryJsonCache_HistoryReplaced_SendsTheNewItemsNotTheCachedOnes()
    {
        var cache = new HistoryJsonCache(keepIds: false);
        var first = MessageItem.User("kept");
        Items(cache, [first, MessageItem.User("old tail"), MessageItem.Assistant("old answer")]);
        var replaced = new List<ResponseItem> { first, MessageItem.User("summary of what happened") };

        var json = Items(cache, replaced);

        Assert.That(json, Is.EqualTo("[" + string.Join(",", replaced.Select(i => i.ToJson())) + "]"));
        Assert.That(cache.SerializedCount, Is.EqualTo(4));
        Assert.That(Items(cache, []), Is.EqualTo("[]"));
    }

    [Test]
    public async Task StreamAsync_SameHistoryToAzureThenOpenAi_EachGetsItsOwnShape()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("a"), ScriptedReply.Text("b")), cts.Token);
        var request = Request() with { Input = [MessageItem.Assistant("earlier") with { Id = "msg_1" }, MessageItem.User("next")] };
        var azure = Client(Provider(server, WireApi.Responses) with { Name = "azure", QueryParams = new Dictionary<string, string> { ["api-version"] = "2025-04-01-preview" } });
        var openAi = Client(Provider(server, WireApi.Responses));

        await CollectAsync(azure.StreamAsync(request, cts.Token));
        await CollectAsync(openAi.StreamAsync(request, cts.Token));

        var azureInput = server.Requests[0].Json!.Value.GetProperty("input");
        var openAiInput = server.Requests[1].Json!.Value.GetProperty("input");
        Assert.That(azureInput[0].GetProperty("id").GetString(), Is.EqualTo("msg_1"));
        Assert.That(openAiInput[0].TryGetProperty("id", out _), Is.False);
        Assert.That(openAiInput[1].GetRawText(), Is.EqualTo(azureInput[1].GetRawText()));
    }

    [Test]
    public async Task StreamAsync_LongHistory_SendsEveryItemInOrderWithItsLength()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var input = Enumerable.Range(0, 3000).Select(i => (ResponseItem)MessageItem.User($"message {i} " + new string('x', 100))).ToList();
        var client = Client(Provider(server, WireApi.Responses));

        await CollectAsync(client.StreamAsync(Request() with { Input = input }, cts.Token));

        var recorded = server.Requests.Single();
        var sent = recorded.Json!.Value.GetProperty("input");
        Assert.That(sent.GetArrayLength(), Is.EqualTo(3000));
        Assert.That(sent[2999].GetProperty("content")[0].GetProperty("text").GetString(), Does.StartWith("message 2999 "));
        Assert.That(recorded.Header("Content-Length"), Is.EqualTo(Encoding.UTF8.GetByteCount(recorded.Body).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Items(HistoryJsonCache cache, IReadOnlyList<ResponseItem> items)
    {
        using var buffer = new PooledBufferWriter(64);
        using (var json = new Utf8JsonWriter(buffer, ModelJsonContext.WriterOptions))
        {
            json.WriteStartArray();
            cache.WriteItems(json, items);
            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
