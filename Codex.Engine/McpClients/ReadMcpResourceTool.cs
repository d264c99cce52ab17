using System.Text.Json;
using Codex.Engine.Tools;
using ModelContextProtocol.Protocol;

namespace Codex.Engine.McpClients;

/// <summary><c>read_mcp_resource</c>: <c>resources/read</c> of one URI on one server.</summary>
internal sealed class ReadMcpResourceTool(IReadOnlyList<McpServerSession> sessions) : McpResourceTool(sessions)
{
    private static readonly JsonElement DefinitionJson = ToolDefinitions.Parse("""
        {
          "type": "function",
          "name": "read_mcp_resource",
          "description": "Read a specific resource from an MCP server given the server name and resource URI.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "server": {"type": "string", "description": "MCP server name exactly as configured. Must match the 'server' field returned by list_mcp_resources."},
              "uri": {"type": "string", "description": "Resource URI to read. Must be one of the URIs returned by list_mcp_resources."}
            },
            "required": ["server", "uri"],
            "additionalProperties": false
          }
        }
        """);

    public override string Name => "read_mcp_resource";

    public override JsonElement Definition => DefinitionJson;

    protected override async Task<string> RunAsync(IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        var name = arguments.GetValueOrDefault("server") ?? throw new ArgumentException("`server` is required");
        var uri = arguments.GetValueOrDefault("uri") ?? throw new ArgumentException("`uri` is required");
        var session = Session(name);
        var result = await BoundedAsync(session, ct => session.Client.ReadResourceAsync(new ReadResourceRequestParams { Uri = uri }, ct), cancellationToken).ConfigureAwait(false);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("server", name);
            w.WriteString("uri", uri);
            w.WritePropertyName("contents");
            McpJson.ToElement(result.Contents).WriteTo(w);
            w.WriteEndObject();
        });
    }
}
