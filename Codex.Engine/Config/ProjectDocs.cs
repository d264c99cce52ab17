using System.Text;

namespace Codex.Engine.Config;

/// <summary>
/// AGENTS.md-style instructions (spec §6.1): CODEX_HOME's <c>AGENTS.override.md</c> or
/// <c>AGENTS.md</c>, then every project doc from the git root down to the cwd, joined with the
/// original's separator and capped at <c>project_doc_max_bytes</c>.
/// </summary>
internal static class ProjectDocs
{
    public const long DefaultMaxBytes = 32 * 1024;
    private const string Separator = "\n\n--- project-doc ---\n\n";
    private static readonly string[] FileNames = ["AGENTS.override.md", "AGENTS.md"];

    public static string? Load(string codexHome, string cwd, long maxBytes)
    {
        var global = FirstNonEmpty(codexHome);
        var project = maxBytes > 0 ? ProjectDoc(cwd, maxBytes) : null;
        var parts = new[] { global, project }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count == 0 ? null : string.Join(Separator, parts);
    }

    private static string? ProjectDoc(string cwd, long maxBytes)
    {
        var directories = new List<string>();
        for (var dir = new DirectoryInfo(cwd); dir is not null; dir = dir.Parent)
        {
            directories.Add(dir.FullName);
            if (Path.Exists(Path.Combine(dir.FullName, ".git")))
            {
                break;
            }

            if (dir.Parent is null)
            {
                // No repository above cwd: only cwd's own doc counts.
                directories = [cwd];
            }
        }

        directories.Reverse();
        var builder = new StringBuilder();
        long remaining = maxBytes;
        foreach (var doc in directories.Select(FirstNonEmpty).Where(d => d is not null))
        {
            var bytes = Encoding.UTF8.GetByteCount(doc!);
            var text = bytes <= remaining ? doc! : Truncate(doc!, remaining);
            if (builder.Length > 0)
            {
                builder.Append("\n\n");
            }

            builder.Append(text);
            remaining -= Math.Min(bytes, remaining);
            if (remaining <= 0)
            {
                break;
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static string? FirstNonEmpty(string directory)
    {
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            try
            {
                if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An unreadable doc is skipped, as a missing one would be.
            }
        }

        return null;
    }

    private static string Truncate(string text, long maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = (int)Math.Min(bytes.Length, maxBytes);
        while (length > 0 && length < bytes.Length && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }

        return Encoding.UTF8.GetString(bytes, 0, length);
    }
}
