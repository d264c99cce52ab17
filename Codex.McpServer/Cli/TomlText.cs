using System.Globalization;
using System.Text;

namespace Codex.McpServer.Cli;

/// <summary>TOML text for values the <c>mcp add</c> command writes.</summary>
internal static class TomlText
{
    public static string String(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : String(key);

    public static string Array(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";

    public static string InlineTable(IEnumerable<KeyValuePair<string, string>> values) =>
        "{ " + string.Join(", ", values.Select(p => Key(p.Key) + " = " + String(p.Value))) + " }";
}
