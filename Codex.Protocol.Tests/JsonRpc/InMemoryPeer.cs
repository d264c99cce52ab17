using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Codex.Protocol.JsonRpc;

namespace Codex.Protocol.Tests.JsonRpc;

/// <summary>
/// The far end of an in-memory duplex: two <see cref="Pipe"/>s, one per direction. The connection
/// under test gets the streams <see cref="ConnectionInput"/> and <see cref="ConnectionOutput"/>;
/// the test writes raw lines to it and reads what it sends back, line by line.
/// </summary>
internal sealed class InMemoryPeer : IAsyncDisposable
{
    private readonly Pipe _toConnection = new();
    private readonly Pipe _fromConnection;
    private readonly LineFramer _framer;

    public InMemoryPeer(PipeOptions? fromConnectionOptions = null)
    {
        _fromConnection = new Pipe(fromConnectionOptions ?? PipeOptions.Default);
        ConnectionInput = _toConnection.Reader.AsStream();
        ConnectionOutput = _fromConnection.Writer.AsStream();
        _framer = new LineFramer(_fromConnection.Reader);
    }

    /// <summary>What the connection reads: the lines this peer sends.</summary>
    public Stream ConnectionInput { get; }

    /// <summary>Where the connection writes: the lines this peer reads.</summary>
    public Stream ConnectionOutput { get; }

    public JsonRpcConnection CreateConnection(JsonRpcConnectionOptions? options = null) => new(ConnectionInput, ConnectionOutput, options);

    /// <summary>Sends one line (the terminator is added).</summary>
    public async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        await _toConnection.Writer.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), cancellationToken);
    }

    /// <summary>Ends the connection's input, as a peer hanging up would.</summary>
    public ValueTask CloseInputAsync() => _toConnection.Writer.CompleteAsync();

    /// <summary>Reads the next line the connection wrote and parses it.</summary>
    public async Task<JsonElement> ReadAsync(CancellationToken cancellationToken)
    {
        var line = await _framer.ReadLineAsync(cancellationToken);
        if (line.Kind != FramedLineKind.Line)
        {
            throw new InvalidOperationException($"Expected a message from the connection, got {line.Kind}.");
        }

        using var document = JsonDocument.Parse(line.Bytes);
        return document.RootElement.Clone();
    }

    /// <summary>Reads the next raw line the connection wrote, without its terminator.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = await _framer.ReadLineAsync(cancellationToken);
        return line.Kind == FramedLineKind.Line ? Encoding.UTF8.GetString(line.Bytes.Span) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _toConnection.Writer.CompleteAsync();
        await _fromConnection.Reader.CompleteAsync();
        await ConnectionInput.DisposeAsync();
        await ConnectionOutput.DisposeAsync();
    }
}
