using System.Text.Json;
using Codex.Protocol;

namespace Codex.Engine.Sandbox;

/// <summary>
/// What a command may touch (spec §5.1). Its JSON form, tagged by <c>mode</c>, is what the
/// sandbox launcher receives on its command line.
/// </summary>
public sealed record SandboxPolicy
{
    /// <summary>Read everything, write nothing but <c>/dev/null</c>, no network.</summary>
    public static SandboxPolicy ReadOnly { get; } = new() { Mode = SandboxMode.ReadOnly };

    /// <summary>No sandbox at all.</summary>
    public static SandboxPolicy DangerFullAccess { get; } = new() { Mode = SandboxMode.DangerFullAccess };

    /// <summary>The sandbox mode.</summary>
    public required SandboxMode Mode { get; init; }

    /// <summary>Extra writable directories (workspace-write only); relative ones resolve against the cwd.</summary>
    public IReadOnlyList<string> WritableRoots { get; init; } = [];

    /// <summary>Whether network access is allowed (workspace-write only).</summary>
    public bool NetworkAccess { get; init; }

    /// <summary>When true, <c>$TMPDIR</c> is not a writable root.</summary>
    public bool ExcludeTmpdirEnvVar { get; init; }

    /// <summary>When true, <c>/tmp</c> is not a writable root.</summary>
    public bool ExcludeSlashTmp { get; init; }

    /// <summary>A workspace-write policy.</summary>
    public static SandboxPolicy WorkspaceWrite(
        IReadOnlyList<string>? writableRoots = null,
        bool networkAccess = false,
        bool excludeTmpdirEnvVar = false,
        bool excludeSlashTmp = false) => new()
    {
        Mode = SandboxMode.WorkspaceWrite,
        WritableRoots = writableRoots ?? [],
        NetworkAccess = networkAccess,
        ExcludeTmpdirEnvVar = excludeTmpdirEnvVar,
        ExcludeSlashTmp = excludeSlashTmp,
    };

    /// <summary>True when nothing on disk is restricted (danger-full-access).</summary>
    public bool HasFullDiskWriteAccess => Mode == SandboxMode.DangerFullAccess;

    /// <summary>True when the network is reachable.</summary>
    public bool HasFullNetworkAccess => Mode switch
    {
        SandboxMode.DangerFullAccess => true,
        SandboxMode.WorkspaceWrite => NetworkAccess,
        _ => false,
    };

    /// <summary>
    /// The writable roots for a command running in <paramref name="cwd"/>, using this process's
    /// <c>TMPDIR</c>. Empty for read-only and for danger-full-access (which needs no list).
    /// </summary>
    public IReadOnlyList<WritableRoot> GetWritableRoots(string cwd) =>
        GetWritableRoots(cwd, Environment.GetEnvironmentVariable("TMPDIR"));

    /// <summary>
    /// The writable roots (spec §5.1): the extra roots, <paramref name="cwd"/>, <c>/tmp</c> (if it
    /// exists, unless excluded) and <paramref name="tmpdir"/> (if non-empty, unless excluded). Each
    /// root's top-level <c>.git</c>, when it exists, is listed as read-only.
    /// </summary>
    public IReadOnlyList<WritableRoot> GetWritableRoots(string cwd, string? tmpdir)
    {
        ArgumentException.ThrowIfNullOrEmpty(cwd);
        if (Mode != SandboxMode.WorkspaceWrite)
        {
            return [];
        }

        string absoluteCwd = Path.GetFullPath(cwd);
        var roots = new List<string>();
        roots.AddRange(WritableRoots.Select(root => Path.GetFullPath(root, absoluteCwd)));
        roots.Add(absoluteCwd);
        if (!ExcludeSlashTmp && Directory.Exists("/tmp"))
        {
            roots.Add("/tmp");
        }

        if (!ExcludeTmpdirEnvVar && !string.IsNullOrEmpty(tmpdir))
        {
            roots.Add(Path.GetFullPath(tmpdir, absoluteCwd));
        }

        return roots
            .Select(root => Path.TrimEndingDirectorySeparator(root) is { Length: > 0 } trimmed ? trimmed : "/")
            .Distinct(StringComparer.Ordinal)
            .Select(root => new WritableRoot(root, ReadOnlySubpathsOf(root)))
            .ToArray();
    }

    private static string[] ReadOnlySubpathsOf(string root)
    {
        string git = Path.Combine(root, ".git");
        return Directory.Exists(git) || File.Exists(git) ? [git] : [];
    }

    /// <summary>The JSON form of spec §5.1 (<c>writable_roots</c> omitted when empty).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("mode", ModeName(Mode));
            if (Mode == SandboxMode.WorkspaceWrite)
            {
                if (WritableRoots.Count > 0)
                {
                    writer.WriteStartArray("writable_roots");
                    foreach (string root in WritableRoots)
                    {
                        writer.WriteStringValue(root);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteBoolean("network_access", NetworkAccess);
                writer.WriteBoolean("exclude_tmpdir_env_var", ExcludeTmpdirEnvVar);
                writer.WriteBoolean("exclude_slash_tmp", ExcludeSlashTmp);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses the JSON form; throws <see cref="FormatException"/> with a clear message on bad input.</summary>
    public static SandboxPolicy FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("sandbox policy must be a JSON object");
            }

            if (!root.TryGetProperty("mode", out JsonElement modeElement) || modeElement.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("sandbox policy needs a string \"mode\"");
            }

            SandboxMode mode = modeElement.GetString() switch
            {
                "read-only" => SandboxMode.ReadOnly,
                "workspace-write" => SandboxMode.WorkspaceWrite,
                "danger-full-access" => SandboxMode.DangerFullAccess,
                var other => throw new FormatException($"unknown sandbox mode \"{other}\""),
            };

            var roots = new List<string>();
            if (root.TryGetProperty("writable_roots", out JsonElement rootsElement))
            {
                if (rootsElement.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException("\"writable_roots\" must be an array of strings");
                }

                foreach (JsonElement item in rootsElement.EnumerateArray())
                {
                    roots.Add(item.ValueKind == JsonValueKind.String
                        ? item.GetString()!
                        : throw new FormatException("\"writable_roots\" must be an array of strings"));
                }
            }

            return new SandboxPolicy
            {
                Mode = mode,
                WritableRoots = roots,
                NetworkAccess = ReadBoolean(root, "network_access"),
                ExcludeTmpdirEnvVar = ReadBoolean(root, "exclude_tmpdir_env_var"),
                ExcludeSlashTmp = ReadBoolean(root, "exclude_slash_tmp"),
            };
        }
        catch (JsonException e)
        {
            throw new FormatException($"sandbox policy is not valid JSON: {e.Message}", e);
        }
    }

    private static bool ReadBoolean(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement element))
        {
            return false;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"\"{name}\" must be a boolean"),
        };
    }

    private static string ModeName(SandboxMode mode) => mode switch
    {
        SandboxMode.ReadOnly => "read-only",
        SandboxMode.WorkspaceWrite => "workspace-write",
        SandboxMode.DangerFullAccess => "danger-full-access",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown sandbox mode"),
    };
}
