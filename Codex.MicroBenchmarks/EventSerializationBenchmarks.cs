using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;

namespace Codex.MicroBenchmarks;

/// <summary>
/// One <c>codex/event</c> notification (an <c>agent_message</c> of 1, 4 or 16 KiB, as a long
/// answer is) turned into its JSON-RPC line, and the same line sent through a
/// <see cref="JsonRpcConnection"/> the way the server writes stdout.
/// </summary>
[MemoryDiagnoser]
public class EventSerializationBenchmarks
{
    private CodexEvent _event = null!;
    private JsonRpcConnection _connection = null!;

    /// <summary>The message size in KiB.</summary>
    [Params(1, 4, 16)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = string.Concat(Enumerable.Repeat("The tests pass; `dotnet build` is clean and the \"patch\" applied.\n", Scale * 1024 / 64 + 1))[..(Scale * 1024)];
        _event = new CodexEvent
        {
            Meta = new CodexEventMeta { RequestId = new RequestId(42), ThreadId = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10" },
            Id = "42",
            Msg = new AgentMessageEvent { Message = text },
        };
        _connection = new JsonRpcConnection(PipeReader.Create(Stream.Null), Stream.Null);
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "codex/event to a line")]
    public int WriteNotification() =>
        JsonRpcMessageCodec.WriteNotification(CodexEvent.Method, _event, ProtocolJsonContext.Default.CodexEvent).Length;

    [Benchmark(Description = "codex/event through the connection")]
    public Task SendNotification() =>
        _connection.SendNotificationAsync(CodexEvent.Method, _event, ProtocolJsonContext.Default.CodexEvent);
}
