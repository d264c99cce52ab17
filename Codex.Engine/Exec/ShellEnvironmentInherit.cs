namespace Codex.Engine.Exec;

/// <summary>Which of the server's environment variables a spawned command starts from (spec §6.6).</summary>
public enum ShellEnvironmentInherit
{
    /// <summary>The whole environment of the server (config value <c>all</c>, the default).</summary>
    All,

    /// <summary>Only HOME, LOGNAME, PATH, SHELL, USER, USERNAME, TMPDIR, TEMP and TMP (<c>core</c>).</summary>
    Core,

    /// <summary>Nothing (<c>none</c>).</summary>
    None,
}
