namespace Codex.Engine.Sandbox;

/// <summary>One line of <c>/proc/self/mountinfo</c>: where a mount sits and whether it is read-only.</summary>
/// <param name="MountPoint">The absolute mount point, unescaped.</param>
/// <param name="ReadOnly">True when the per-mount options say <c>ro</c>.</param>
internal sealed record MountEntry(string MountPoint, bool ReadOnly)
{
    /// <summary>Parses <c>/proc/self/mountinfo</c>, in the kernel's order (parents before children).</summary>
    public static IReadOnlyList<MountEntry> ReadCurrent() =>
        File.ReadLines("/proc/self/mountinfo").Select(Parse).ToArray();

    /// <summary>Parses one mountinfo line: <c>id parent major:minor root mount-point options …</c>.</summary>
    public static MountEntry Parse(string line)
    {
        string[] fields = line.Split(' ');
        if (fields.Length < 6)
        {
            throw new FormatException($"malformed mountinfo line: {line}");
        }

        bool readOnly = fields[5].Split(',').Contains("ro", StringComparer.Ordinal);
        return new MountEntry(Unescape(fields[4]), readOnly);
    }

    /// <summary>True when this mount is <paramref name="directory"/> or lies beneath it.</summary>
    public bool IsAtOrBelow(string directory) =>
        directory == "/" || MountPoint == directory || MountPoint.StartsWith(directory + "/", StringComparison.Ordinal);

    // The kernel writes space, tab, newline and backslash in mount points as \ooo octal escapes.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.Add((byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
