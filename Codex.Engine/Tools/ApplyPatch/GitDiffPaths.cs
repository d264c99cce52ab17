using System.Text;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>How a path is named in a git-style diff header.</summary>
internal static class GitDiffPaths
{
    /// <summary>
    /// The path relative to the git repository holding it (the nearest ancestor with a <c>.git</c> directory
    /// or file), else relative to <paramref name="cwd"/> when inside it, else the absolute path; always with
    /// <c>/</c> separators.
    /// </summary>
    public static string Display(string absolutePath, string cwd, Func<string, string?> repositoryRootOf)
    {
        var directory = Path.GetDirectoryName(absolutePath);
        var root = directory is null ? null : repositoryRootOf(directory);
        root ??= IsInside(absolutePath, cwd) ? cwd : null;
        var display = root is null ? absolutePath : Path.GetRelativePath(root, absolutePath);
        return display.Replace('\\', '/');
    }

    /// <summary>The nearest directory at or above <paramref name="directory"/> that holds <c>.git</c>, or null.</summary>
    public static string? FindRepositoryRoot(string directory)
    {
        for (var dir = directory; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var marker = Path.Combine(dir, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="prefix"/> + <paramref name="path"/>, C-quoted the way git quotes names that hold
    /// quotes, backslashes, control characters or non-ASCII bytes, so <c>git apply</c> reads them back.
    /// </summary>
    public static string Quote(string prefix, string path)
    {
        var name = prefix + path;
        if (!name.Any(NeedsQuoting))
        {
            return name;
        }

        var quoted = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            switch (b)
            {
                case (byte)'"': quoted.Append("\\\""); break;
                case (byte)'\\': quoted.Append("\\\\"); break;
                case (byte)'\a': quoted.Append("\\a"); break;
                case (byte)'\b': quoted.Append("\\b"); break;
                case (byte)'\t': quoted.Append("\\t"); break;
                case (byte)'\n': quoted.Append("\\n"); break;
                case (byte)'\v': quoted.Append("\\v"); break;
                case (byte)'\f': quoted.Append("\\f"); break;
                case (byte)'\r': quoted.Append("\\r"); break;
                case < 0x20 or >= 0x7F:
                    quoted.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
                default: quoted.Append((char)b); break;
            }
        }

        return quoted.Append('"').ToString();
    }

    private static bool NeedsQuoting(char c) => c is '"' or '\\' or < ' ' or >= '\u007F';

    private static bool IsInside(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return relative != "."
            && relative != ".."
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }
}
