using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Codex.Protocol.Mcp;

namespace Codex.McpServer;

/// <summary>Who this server says it is: <c>serverInfo</c> and the HTTP user agent (spec §1.3).</summary>
internal static class ServerIdentity
{
    public const string Name = "codex-mcp-server";
    public const string Title = "Codex";

    public static string Version { get; } =
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>
    /// <c>codex_cli_rs/&lt;version&gt; (&lt;OS&gt; &lt;version&gt;; &lt;arch&gt;) &lt;terminal&gt; (&lt;client&gt;; &lt;version&gt;)</c>.
    /// The originator stays <c>codex_cli_rs</c> (overridable) because clients match on that prefix.
    /// </summary>
    public static string UserAgent(Implementation? client)
    {
        var originator = Environment.GetEnvironmentVariable("CODEX_INTERNAL_ORIGINATOR_OVERRIDE") is { Length: > 0 } o ? o : "codex_cli_rs";
        var agent = $"{originator}/{Version} ({OsDescription()}; {Architecture()}) {TerminalToken()}";
        if (client is not null)
        {
            agent += $" ({client.Name}; {client.Version})";
        }

        return Sanitize(agent);
    }

    private static string OsDescription()
    {
        try
        {
            var fields = File.ReadAllLines("/etc/os-release")
                .Select(l => l.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1].Trim('"'));
            var name = fields.GetValueOrDefault("NAME", "Linux").Split(' ')[0];
            var version = fields.GetValueOrDefault("VERSION_ID", Environment.OSVersion.Version.ToString());
            var parts = version.Split('.').ToList();
            while (parts.Count < 3)
            {
                parts.Add("0");
            }

            return $"{name} {string.Join('.', parts)}";
        }
        catch (IOException)
        {
            return $"{RuntimeInformation.OSDescription}";
        }
        catch (UnauthorizedAccessException)
        {
            return $"{RuntimeInformation.OSDescription}";
        }
    }

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string TerminalToken()
    {
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        string token;
        if (Env("TERM_PROGRAM") is { } program)
        {
            token = Env("TERM_PROGRAM_VERSION") is { } version ? $"{program}/{version}" : program;
        }
        else if (Env("WEZTERM_VERSION") is { } wez)
        {
            token = $"WezTerm/{wez}";
        }
        else if (Env("KITTY_WINDOW_ID") is not null || Env("TERM")?.Contains("kitty", StringComparison.Ordinal) == true)
        {
            token = "kitty";
        }
        else if (Env("ALACRITTY_SOCKET") is not null || Env("TERM") == "alacritty")
        {
            token = "Alacritty";
        }
        else if (Env("KONSOLE_VERSION") is { } konsole)
        {
            token = $"Konsole/{konsole}";
        }
        else if (Env("GNOME_TERMINAL_SCREEN") is not null)
        {
            token = "gnome-terminal";
        }
        else if (Env("VTE_VERSION") is { } vte)
        {
            token = $"VTE/{vte}";
        }
        else if (Env("WT_SESSION") is not null)
        {
            token = "WindowsTerminal";
        }
        else
        {
            token = Env("TERM") ?? "unknown";
        }

        var builder = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' ? c : '_');
        }

        return builder.ToString();
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '_');
        }

        return builder.ToString();
    }
}
