using System.Text.Json;
using Codex.Protocol.Mcp;
using Codex.Protocol.Tests.JsonRpc;

namespace Codex.Protocol.Tests.Mcp;

public sealed class ProgressNotificationTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task SendProgressAsync_StringToken_WritesTheMcpNotification()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);
        using var token = JsonDocument.Parse("\"tok-1\"");

        await connection.SendProgressAsync(token.RootElement, 2, total: 5, message: "patching", cts.Token);
        var sent = await peer.ReadAsync(cts.Token);

        Assert.That(sent.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok-1","progress":2,"total":5,"message":"patching"}}"""));
        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task SendProgressAsync_NumberTokenWithoutTotal_OmitsOptionalMembers()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);
        using var token = JsonDocument.Parse("7");

        await connection.SendProgressAsync(token.RootElement, 0.5, cancellationToken: cts.Token);
        var sent = await peer.ReadAsync(cts.Token);

        Assert.That(sent.GetProperty("params").GetRawText(), Is.EqualTo("""{"progressToken":7,"progress":0.5}"""));
        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public void SendProgressAsync_ObjectToken_IsRejected()
    {
        using var token = JsonDocument.Parse("{}");
        var connection = new global::Codex.Protocol.JsonRpc.JsonRpcConnection(new MemoryStream(), new MemoryStream());

        Assert.That(() => connection.SendProgressAsync(token.RootElement, 1), Throws.ArgumentException);
    }
}
