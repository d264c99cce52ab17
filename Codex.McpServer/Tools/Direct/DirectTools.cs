using System.Text.Json;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools.Direct;

/// <summary>
/// Codex's own tools for clients whose model wants them directly (opt-in with
/// <c>mcp_server.expose_tools</c>). Each becomes a call of the agent's <c>shell</c> or
/// <c>apply_patch</c>; the read tools run under the read-only sandbox and only inside the call's cwd.
/// </summary>
internal static class DirectTools
{
    /// <summary>Every direct tool's name, in listing order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["shell", "apply_patch", "read_file", "list_dir", "grep", "git_status", "git_diff"];

    private const string Policy = """
        "cwd": { "type": "string", "description": "The working directory (absolute); default: the server's." },
        "sandbox": { "type": "string", "enum": ["read-only", "workspace-write", "danger-full-access"], "description": "The sandbox; default from config.toml." },
        "approval-policy": { "type": "string", "enum": ["untrusted", "on-failure", "on-request", "never"], "description": "When to ask for approval (through elicitation); default from config.toml." }
        """;

    private const string Cwd = """
        "cwd": { "type": "string", "description": "The working directory (absolute) and the readable root; default: the server's." }
        """;

    /// <summary>The named tools, in listing order.</summary>
    public static IReadOnlyList<IMcpTool> Create(EngineHost host, IReadOnlyList<string> names) =>
        [.. Names.Where(names.Contains).Select(name => Tool(host, name))];

    private static IMcpTool Tool(EngineHost host, string name) => name switch
    {
        "shell" => new DirectTool(
            host,
            Define(name, "Shell", "Run a command in `cwd` under Codex's sandbox and approval policy; returns its output and exit code.", $$$"""
                {"type":"object","properties":{
                  "command": { "type": "array", "items": { "type": "string" }, "description": "The command as argv, e.g. [\"make\", \"test\"]." },
                  "timeout_ms": { "type": "integer", "minimum": 1, "description": "Kill the command after this many milliseconds." },
                  {{{Policy}}}
                },"required":["command"]}
                """),
            (arguments, cwd) => new DirectCall(
                DirectArguments.Request(arguments, cwd),
                "shell",
                DirectArguments.Shell(Argv(arguments), arguments.TryGetProperty("timeout_ms", out var t) && t.TryGetInt64(out var ms) ? ms : null))),
        "apply_patch" => new DirectTool(
            host,
            Define(name, "Apply patch", "Apply a Codex patch (*** Begin Patch … *** End Patch) in `cwd`, under the sandbox and approval policy.", $$$"""
                {"type":"object","properties":{
                  "patch": { "type": "string", "description": "The patch, in Codex's apply_patch format." },
                  {{{Policy}}}
                },"required":["patch"]}
                """),
            (arguments, cwd) => new DirectCall(DirectArguments.Request(arguments, cwd), "apply_patch", DirectArguments.Patch(DirectArguments.RequiredString(arguments, "patch")))),
        "read_file" => new DirectTool(
            host,
            Define(name, "Read file", "Read a text file inside `cwd`, optionally a range of lines.", $$$"""
                {"type":"object","properties":{
                  "path": { "type": "string", "description": "The file, relative to `cwd` or absolute inside it." },
                  "offset": { "type": "integer", "minimum": 1, "description": "The first line (1-based); default 1." },
                  "limit": { "type": "integer", "minimum": 1, "description": "How many lines; default all." },
                  {{{Cwd}}}
                },"required":["path"]}
                """),
            (arguments, cwd) =>
            {
                var path = Readable(arguments, cwd, "path");
                var first = Integer(arguments, "offset") ?? 1;
                var range = Integer(arguments, "limit") is { } limit ? $"{first},{first + limit - 1}p" : $"{first},$p";
                return ReadOnly(arguments, cwd, ["sed", "-n", range, "--", path]);
            }),
        "list_dir" => new DirectTool(
            host,
            Define(name, "List directory", "List a directory inside `cwd` (ls -la).", $$$"""
                {"type":"object","properties":{
                  "path": { "type": "string", "description": "The directory, relative to `cwd`; default `cwd`." },
                  {{{Cwd}}}
                }}
                """),
            (arguments, cwd) => ReadOnly(arguments, cwd, ["ls", "-la", "--", Readable(arguments, cwd, "path", ".")])),
        "grep" => new DirectTool(
            host,
            Define(name, "Grep", "Search files inside `cwd` for a regular expression (grep -rnI); no match is not an error.", $$$"""
                {"type":"object","properties":{
                  "pattern": { "type": "string", "description": "A basic regular expression." },
                  "path": { "type": "string", "description": "The file or directory to search, relative to `cwd`; default `cwd`." },
                  "ignore_case": { "type": "boolean" },
                  {{{Cwd}}}
                },"required":["pattern"]}
                """),
            (arguments, cwd) =>
            {
                var pattern = DirectArguments.RequiredString(arguments, "pattern");
                var path = Readable(arguments, cwd, "path", ".");
                string[] argv = DirectArguments.Flag(arguments, "ignore_case") ? ["grep", "-rnIi", "-e", pattern, "--", path] : ["grep", "-rnI", "-e", pattern, "--", path];
                return ReadOnly(arguments, cwd, argv) with { NoMatchIsSuccess = true };
            }),
        "git_status" => new DirectTool(
            host,
            Define(name, "Git status", "The git status of the repository at `cwd` (short format, with the branch).", $$$"""
                {"type":"object","properties":{ {{{Cwd}}} }}
                """),
            (arguments, cwd) => ReadOnly(arguments, cwd, ["git", "--no-optional-locks", "status", "--short", "--branch"])),
        "git_diff" => new DirectTool(
            host,
            Define(name, "Git diff", "The git diff of the repository at `cwd`: unstaged changes, the staged ones, or against a commit.", $$$"""
                {"type":"object","properties":{
                  "staged": { "type": "boolean", "description": "Show the staged changes." },
                  "ref": { "type": "string", "description": "Compare the work tree with this commit or branch." },
                  {{{Cwd}}}
                }}
                """),
            (arguments, cwd) =>
            {
                var argv = new List<string> { "git", "--no-optional-locks", "diff" };
                if (DirectArguments.Flag(arguments, "staged"))
                {
                    argv.Add("--staged");
                }

                if (DirectArguments.OptionalString(arguments, "ref") is { Length: > 0 } reference)
                {
                    if (reference.StartsWith('-'))
                    {
                        throw new DirectArgumentException("`ref` must name a commit or branch, not an option.");
                    }

                    argv.Add(reference);
                }

                argv.Add("--");
                return ReadOnly(arguments, cwd, argv);
            }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown direct tool."),
    };

    private static Tool Define(string name, string title, string description, string inputSchema)
    {
        using var schema = JsonDocument.Parse(inputSchema);
        return new Tool { Name = name, Title = title, Description = description, InputSchema = schema.RootElement.Clone() };
    }

    /// <summary>A read tool's call: the agent's shell under the read-only sandbox, with the configured approval policy.</summary>
    private static DirectCall ReadOnly(JsonElement arguments, string? cwd, IReadOnlyList<string> argv) =>
        new(DirectArguments.Request(arguments, cwd, SandboxMode.ReadOnly), "shell", DirectArguments.Shell(argv));

    private static string Readable(JsonElement arguments, string? cwd, string name, string? fallback = null)
    {
        var path = (fallback is null ? DirectArguments.RequiredString(arguments, name) : DirectArguments.OptionalString(arguments, name)) ?? fallback!;
        return ReadableRoots.Resolve(cwd ?? Directory.GetCurrentDirectory(), path, out var error) ?? throw new DirectArgumentException(error!);
    }

    private static long? Integer(JsonElement arguments, string name) =>
        !arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.TryGetInt64(out var number) && number >= 1 ? number
        : throw new DirectArgumentException($"`{name}` must be a positive integer.");

    private static string[] Argv(JsonElement arguments) =>
        arguments.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.Array && command.GetArrayLength() > 0
            && command.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String)
            ? [.. command.EnumerateArray().Select(p => p.GetString()!)]
            : throw new DirectArgumentException("`command` must be a non-empty array of strings (argv).");
}
