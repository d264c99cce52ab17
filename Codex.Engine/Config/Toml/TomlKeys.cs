using System.Text;

namespace Codex.Engine.Config.Toml;

/// <summary>Writes key paths back in TOML syntax for messages, quoting segments that are not bare keys.</summary>
internal static class TomlKeys
{
    public static string Format(IEnumerable<string> keys)
    {
        var text = new StringBuilder();
        foreach (string key in keys)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            if (key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                text.Append(key);
                continue;
            }

            text.Append('"');
            foreach (char c in key)
            {
                _ = c switch
                {
                    '"' => text.Append("\\\""),
                    '\\' => text.Append("\\\\"),
                    < ' ' or '\u007F' => text.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)),
                    _ => text.Append(c),
                };
            }

            text.Append('"');
        }

        return text.ToString();
    }

    public static string Format(IReadOnlyList<TomlKeyPart> parts, int count) =>
        Format(parts.Take(count).Select(part => part.Name));
}
