using Codex.Protocol.Mcp;

namespace Codex.McpServer;

/// <summary>What the client said about itself in <c>initialize</c>; read by the tools and the approval gateway.</summary>
internal sealed class ClientSession
{
    private volatile InitializeRequestParams? _client;

    /// <summary>The <c>initialize</c> params, or null before the handshake.</summary>
    public InitializeRequestParams? Client => _client;

    /// <summary>Whether the client declared the <c>elicitation</c> capability.</summary>
    public bool SupportsElicitation => _client?.Capabilities.SupportsElicitation == true;

    public void Initialize(InitializeRequestParams client) => _client = client;
}
