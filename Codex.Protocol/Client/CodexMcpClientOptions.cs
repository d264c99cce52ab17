using Codex.Protocol.Mcp;

namespace Codex.Protocol.Client;

/// <summary>Answers an approval request; return the user's decision.</summary>
public delegate ValueTask<ApprovalAnswer> ApprovalHandler(ApprovalRequest request, CancellationToken cancellationToken);

/// <summary>An approval the server asks for, with the raw elicitation params.</summary>
/// <param name="Kind"><see cref="CodexElicitationKinds.ExecApproval"/> or <see cref="CodexElicitationKinds.PatchApproval"/>.</param>
/// <param name="Exec">The params of an exec approval.</param>
/// <param name="Patch">The params of a patch approval.</param>
/// <param name="Raw">The params as received.</param>
public sealed record ApprovalRequest(string Kind, ExecApprovalElicitRequestParams? Exec, PatchApprovalElicitRequestParams? Patch, System.Text.Json.JsonElement Raw);

/// <summary>Settings of a <see cref="CodexMcpClient"/>.</summary>
public sealed record CodexMcpClientOptions
{
    /// <summary>Who the client says it is.</summary>
    public Implementation ClientInfo { get; init; } = new() { Name = "codex-dotnet-client", Version = "0.1.0" };

    /// <summary>The protocol revision to ask for.</summary>
    public string ProtocolVersion { get; init; } = McpProtocolVersions.Latest;

    /// <summary>
    /// Answers approvals. When set, the client declares the elicitation capability; when null,
    /// it does not, and a Codex server denies actions that would need approval.
    /// </summary>
    public ApprovalHandler? ApprovalHandler { get; init; }

    /// <summary>Receives every <c>codex/event</c>, of every call.</summary>
    public Action<CodexEvent>? OnEvent { get; init; }

    /// <summary>Receives the server's stderr lines (when the client started the process).</summary>
    public Action<string>? OnStderrLine { get; init; }

    /// <summary>How long a plain request (not a tool call) may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How to start a server process.</summary>
public sealed record CodexServerProcessOptions
{
    /// <summary>The executable, e.g. <c>codex-mcp-server</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The working directory, or null for the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Environment variables to set (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}
