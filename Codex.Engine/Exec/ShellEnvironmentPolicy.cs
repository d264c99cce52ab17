namespace Codex.Engine.Exec;

/// <summary>
/// The <c>shell_environment_policy</c> config table (spec §6.6): how the environment of a spawned
/// command is built. The config loader fills it; <see cref="ShellEnvironment"/> applies it.
/// </summary>
public sealed record ShellEnvironmentPolicy
{
    /// <summary>The policy used when the config says nothing: inherit all, default excludes on.</summary>
    public static ShellEnvironmentPolicy Default { get; } = new();

    /// <summary>The starting set of variables.</summary>
    public ShellEnvironmentInherit Inherit { get; init; } = ShellEnvironmentInherit.All;

    /// <summary>When true, names matching <c>*KEY*</c>, <c>*SECRET*</c> or <c>*TOKEN*</c> are kept.</summary>
    public bool IgnoreDefaultExcludes { get; init; }

    /// <summary>Case-insensitive globs (<c>*</c>, <c>?</c>) of names to drop.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Variables to set, after the excludes.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = new Dictionary<string, string>();

    /// <summary>When non-empty, only names matching one of these globs survive (applied last).</summary>
    public IReadOnlyList<string> IncludeOnly { get; init; } = [];
}
