using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>Reads the log level from <c>CODEX_LOG</c>, or <c>RUST_LOG</c> for users of the original.</summary>
internal static class LogLevels
{
    public static LogLevel FromEnvironment()
    {
        var spec = Environment.GetEnvironmentVariable("CODEX_LOG");
        if (string.IsNullOrWhiteSpace(spec))
        {
            spec = Environment.GetEnvironmentVariable("RUST_LOG");
        }

        return Parse(spec) ?? LogLevel.Warning;
    }

    /// <summary>
    /// Understands a bare level (<c>debug</c>) and tracing's env-filter directives
    /// (<c>codex_core=debug,warn</c>): a bare directive wins, else the most verbose target level.
    /// </summary>
    public static LogLevel? Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return null;
        }

        LogLevel? bare = null;
        LogLevel? mostVerbose = null;
        foreach (var directive in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = directive.LastIndexOf('=');
            var level = ParseOne(separator >= 0 ? directive[(separator + 1)..] : directive);
            if (level is null)
            {
                continue;
            }

            if (separator < 0)
            {
                bare = level;
            }
            else if (mostVerbose is null || level < mostVerbose)
            {
                mostVerbose = level;
            }
        }

        return bare ?? mostVerbose;
    }

    private static LogLevel? ParseOne(string text) => text.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "off" or "none" => LogLevel.None,
        _ => null,
    };
}
