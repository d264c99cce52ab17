using System.Security.Cryptography;
using System.Text;

namespace Codex.Engine.McpClients;

/// <summary>
/// The names the model calls MCP tools by, as upstream makes them: <c>mcp__SERVER__TOOL</c>, every
/// character outside <c>[A-Za-z0-9_-]</c> replaced by <c>_</c> (the Responses API's rule), and a
/// name over 64 characters cut to 24 and completed with the SHA-1 of the unsanitized name.
/// </summary>
public static class McpToolNames
{
    /// <summary>The model API's limit on a tool name.</summary>
    public const int MaxLength = 64;

    private const string Delimiter = "__";

    /// <summary>The qualified, sanitized name of <paramref name="tool"/> of <paramref name="server"/>.</summary>
    public static string Qualify(string server, string tool)
    {
        var raw = "mcp" + Delimiter + server + Delimiter + tool;
        var name = Sanitize(raw);
        if (name.Length > MaxLength)
        {
            var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(raw)));
            name = name[..(MaxLength - hash.Length)] + hash;
        }

        return name;
    }

    /// <summary>Replaces what the model API does not accept in a tool name.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.ToString();
    }
}
