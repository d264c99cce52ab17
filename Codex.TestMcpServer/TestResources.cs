using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Codex.TestMcpServer;

/// <summary>One fixed resource and one template.</summary>
[McpServerResourceType]
public sealed class TestResources
{
    [McpServerResource(UriTemplate = "test://greeting", Name = "greeting", MimeType = "text/plain"), Description("A fixed greeting.")]
    public static string Greeting() => "hello from the test resource";

    [McpServerResource(UriTemplate = "test://items/{id}", Name = "item", MimeType = "text/plain"), Description("An item by id.")]
    public static string Item(string id) => $"item {id}";
}
