using System.Globalization;

namespace Codex.Demo;

/// <summary>The demo's command line: <c>codex-demo --server PATH [--yes] [--model NAME] [--codex-home DIR]</c>.</summary>
internal sealed record DemoOptions
{
    public const string Usage = """
        usage: codex-demo --server <codex-mcp-server> [--yes] [--model <name>] [--codex-home <dir>]
          --server      the server binary to start (build/run.sh passes the NativeAOT one)
          --yes         approve every command and patch without asking (the default without a terminal)
          --model       the model to use with a real provider (OPENAI_API_KEY set)
          --codex-home  CODEX_HOME for the scripted model's configuration and sessions
        """;

    public required string ServerPath { get; init; }

    public bool AutoApprove { get; init; }

    public string? Model { get; init; }

    public string? CodexHome { get; init; }

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? server = Environment.GetEnvironmentVariable("CODEX_MCP_SERVER");
        var yes = false;
        string? model = null;
        string? home = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{args[i]} needs a value"));
            try
            {
                switch (args[i])
                {
                    case "--server": server = Value(); break;
                    case "--yes" or "-y": yes = true; break;
                    case "--model": model = Value(); break;
                    case "--codex-home": home = Value(); break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        if (string.IsNullOrWhiteSpace(server))
        {
            error = "--server is required (or set CODEX_MCP_SERVER)";
            return null;
        }

        if (!File.Exists(server))
        {
            error = $"no server binary at {server}";
            return null;
        }

        error = null;
        return new DemoOptions { ServerPath = Path.GetFullPath(server), AutoApprove = yes, Model = model, CodexHome = home };
    }
}
