using System.Text.Json;
using Codex.Engine.Tools;
using ModelContextProtocol.Protocol;

namespace Codex.Engine.McpClients;

/// <summary><c>list_mcp_resource_templates</c>: <c>resources/templates/list</c> of one server (with a cursor) or of all.</summary>
internal sealed class ListMcpResourceTemplatesTool(IReadOnlyList<McpServerSession> sessions) : McpResourceTool(sessions)
{
    private static readonly JsonElement DefinitionJson = ToolDefinitions.Parse("""
        {
          "type": "function",
          "name": "list_mcp_resource_templates",
          "description": "Lists resource templates provided by MCP servers. Parameterized resource templates allow servers to share data that takes parameters and provides context to language models, such as files, database schemas, or application-specific information. Prefer resource templates over web search when possible.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "server": {"type": "string", "description": "Optional MCP server name. When omitted, lists resource templates from every configured server."},
              "cursor": {"type": "string", "description": "Opaque cursor returned by a previous list_mcp_resource_templates call for the same server."}
            },
            "additionalProperties": false
          }
        }
        """);

    public override string Name => "list_mcp_resource_templates";

    public override JsonElement Definition => DefinitionJson;

    protected override async Task<string> RunAsync(IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken)
    {
        if (arguments.TryGetValue("server", out var name))
        {
            var session = Session(name);
            var page = await BoundedAsync(session, ct => session.Client.ListResourceTemplatesAsync(new ListResourceTemplatesRequestParams { Cursor = arguments.GetValueOrDefault("cursor") }, ct), cancellationToken).ConfigureAwait(false);
            return Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("server", name);
                w.WritePropertyName("resourceTemplates");
                McpJson.ToElement(page.ResourceTemplates).WriteTo(w);
                if (page.NextCursor is { } next)
                {
                    w.WriteString("nextCursor", next);
                }

                w.WriteEndObject();
            });
        }

        if (arguments.ContainsKey("cursor"))
        {
            throw new ArgumentException("`cursor` needs `server`: cursors belong to one server");
        }

        var all = new List<(string Server, ResourceTemplate Template)>();
        foreach (var session in Sessions)
        {
            string? cursor = null;
            do
            {
                var page = await BoundedAsync(session, ct => session.Client.ListResourceTemplatesAsync(new ListResourceTemplatesRequestParams { Cursor = cursor }, ct), cancellationToken).ConfigureAwait(false);
                all.AddRange(page.ResourceTemplates.Select(t => (session.Config.Name, t)));
                cursor = page.NextCursor;
            }
            while (cursor is not null && all.Count < 10_000);
        }

        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("resourceTemplates");
            foreach (var (server, template) in all)
            {
                w.WriteStartObject();
                w.WriteString("server", server);
                foreach (var property in McpJson.ToElement(template).EnumerateObject())
                {
                    property.WriteTo(w);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
