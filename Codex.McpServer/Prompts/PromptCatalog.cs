using Codex.Engine.Threads;
using Codex.McpServer.Resources;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Prompts;

/// <summary>
/// The prompt templates clients show as slash commands. Each expands into a ready request for the
/// <c>codex</c> tool (or, for <c>resume</c>, <c>codex-reply</c> on the newest thread of a cwd).
/// </summary>
internal sealed class PromptCatalog
{
    private static readonly PromptArgument CwdArgument = new() { Name = "cwd", Description = "The working directory (default: the server's)." };

    private readonly Dictionary<string, PromptTemplate> _byName;

    public PromptCatalog(Func<ThreadCatalog> threads)
    {
        Templates =
        [
            new(
                new Prompt
                {
                    Name = "review",
                    Title = "Review changes",
                    Description = "Ask Codex to review the uncommitted changes, a commit, or a branch against a base.",
                    Arguments =
                    [
                        new() { Name = "target", Description = "`uncommitted` (default), a commit, or a branch." },
                        new() { Name = "base", Description = "For a branch: the base to compare with (default `main`)." },
                        CwdArgument,
                    ],
                },
                Review),
            new(
                new Prompt
                {
                    Name = "fix-tests",
                    Title = "Fix failing tests",
                    Description = "Ask Codex to run a test command and fix the failures until it passes.",
                    Arguments = [new() { Name = "command", Description = "The test command, e.g. `dotnet test` or `npm test`.", Required = true }, CwdArgument],
                },
                FixTests),
            new(
                new Prompt
                {
                    Name = "explain",
                    Title = "Explain code",
                    Description = "Ask Codex to explain a file, a directory or a symbol.",
                    Arguments = [new() { Name = "target", Description = "A path or a symbol name.", Required = true }, CwdArgument],
                },
                Explain),
            new(
                new Prompt
                {
                    Name = "resume",
                    Title = "Resume the last thread",
                    Description = "Continue the newest saved Codex thread in a working directory with `codex-reply`.",
                    Arguments =
                    [
                        new() { Name = "cwd", Description = "The working directory whose newest thread to continue.", Required = true },
                        new() { Name = "prompt", Description = "What to say next (default: continue where it left off)." },
                    ],
                },
                arguments => Resume(threads(), arguments)),
        ];
        _byName = Templates.ToDictionary(t => t.Definition.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<PromptTemplate> Templates { get; }

    /// <exception cref="JsonRpcException">-32602 for an unknown prompt or a missing required argument.</exception>
    public GetPromptResult Get(string name, IReadOnlyDictionary<string, string>? values)
    {
        if (!_byName.TryGetValue(name, out var template))
        {
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"Unknown prompt '{name}'. This server has the prompts {string.Join(", ", Templates.Select(t => $"'{t.Definition.Name}'"))}.");
        }

        var arguments = new PromptArguments(values ?? new Dictionary<string, string>());
        foreach (var argument in template.Definition.Arguments ?? [])
        {
            if (argument.Required == true && arguments[argument.Name] is null)
            {
                throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"The prompt '{name}' needs the argument '{argument.Name}' ({argument.Description}).");
            }
        }

        return template.Expand(arguments);
    }

    private static GetPromptResult CodexRequest(string description, string cwd, string request) => new()
    {
        Description = description,
        Messages =
        [
            new PromptMessage
            {
                Role = "user",
                Content = new TextContentBlock { Text = $"Use the `codex` tool with `cwd` set to `{cwd}` and this prompt:\n\n{request}" },
            },
        ],
    };

    private static GetPromptResult Review(PromptArguments arguments)
    {
        var target = arguments["target"] ?? "uncommitted";
        var cwd = arguments.Cwd;
        var scope = target.Equals("uncommitted", StringComparison.OrdinalIgnoreCase)
            ? "the uncommitted changes (staged, unstaged and untracked files; see `git status` and `git diff HEAD`)"
            : arguments["base"] is { } explicitBase
                ? $"the changes of `{target}` against `{explicitBase}` (`git diff {explicitBase}...{target}`)"
                : $"`{target}`: if it is a commit, its changes (`git show {target}`); if it is a branch, its changes against `main` (`git diff main...{target}`)";
        var request = $"Review {scope} in this repository. Do not modify any file. Report, most serious first: bugs, " +
            "security problems, missing tests and unclear code, each with the file and line and a concrete fix. End with a one-line verdict.";
        return CodexRequest($"Review {target} in {cwd}", cwd, request);
    }

    private static GetPromptResult FixTests(PromptArguments arguments)
    {
        var command = arguments["command"]!;
        var cwd = arguments.Cwd;
        var request = $"Run the tests with `{command}`. If any fail, find the cause and fix the code (not the tests, unless a test is wrong), " +
            $"then run `{command}` again; repeat until it passes. Finish with what failed, why, and what you changed.";
        return CodexRequest($"Fix the failures of `{command}` in {cwd}", cwd, request);
    }

    private static GetPromptResult Explain(PromptArguments arguments)
    {
        var target = arguments["target"]!;
        var cwd = arguments.Cwd;
        var request = $"Explain `{target}` in this repository: what it is for, how it works, the important parts and how they connect, " +
            "and where it is used. Read the code; do not modify any file.";
        return CodexRequest($"Explain {target}", cwd, request);
    }

    private static GetPromptResult Resume(ThreadCatalog threads, PromptArguments arguments)
    {
        var cwd = arguments.Cwd;
        var thread = threads.FindNewest(cwd)
            ?? throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"No saved Codex thread was started in `{cwd}`; start one with the `codex` tool.");
        var next = arguments["prompt"] ?? "Continue where you left off.";
        return new GetPromptResult
        {
            Description = $"Continue thread {thread.Id} ({thread.Title})",
            Messages =
            [
                new PromptMessage
                {
                    Role = "user",
                    Content = new TextContentBlock
                    {
                        Text = $"Use the `codex-reply` tool with `threadId` set to `{thread.Id}` (the newest Codex thread in `{cwd}`, \"{thread.Title}\", last updated {thread.UpdatedAt:u}) and this prompt:\n\n{next}",
                    },
                },
                new PromptMessage
                {
                    Role = "user",
                    Content = new ResourceLinkContentBlock { Uri = ThreadUris.Transcript(thread.Id), Name = $"thread {thread.Id}", MimeType = ThreadUris.TranscriptMime },
                },
            ],
        };
    }
}
