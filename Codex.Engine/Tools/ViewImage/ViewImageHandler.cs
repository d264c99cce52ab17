using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Images;
using Codex.Engine.Model;
using Codex.Protocol;

namespace Codex.Engine.Tools.ViewImage;

/// <summary>
/// <c>view_image {path}</c> (spec §7.5): the model asks to see an image file of the workspace; it is
/// checked like an <c>images</c> argument and attached, as a user message, to the next request. Only
/// files under the conversation's readable roots are shown: the cwd and the configured writable roots
/// (anywhere under <c>danger-full-access</c>), never CODEX_HOME's credential files; symlinks are
/// followed before the check.
/// </summary>
internal sealed class ViewImageHandler : IToolHandler
{
    /// <summary>What the model gets when the image is attached (upstream's text).</summary>
    public const string AttachedOutput = "attached local image path";

    private const string DefinitionJson = """
        {
          "type": "function",
          "name": "view_image",
          "description": "Attach a local image (by filesystem path) to the conversation context for this turn.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "path": {"type": "string", "description": "Local filesystem path to an image file"}
            },
            "required": ["path"],
            "additionalProperties": false
          }
        }
        """;

    public string Name => "view_image";

    public JsonElement Definition { get; } = ToolDefinitions.Parse(DefinitionJson);

    // Reading a file changes nothing.
    public bool IsReadOnly(ToolCall call, TurnContext context) => true;

    public Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        if (!TryParsePath(call.Arguments ?? string.Empty, out var requested, out var error))
        {
            return Task.FromResult(ToolDefinitions.ArgumentError(error));
        }

        var config = context.Config;
        var path = Path.GetFullPath(requested, config.Cwd);
        if (Directory.Exists(path))
        {
            return Task.FromResult($"image path `{path}` is not a file");
        }

        if (!File.Exists(path))
        {
            return Task.FromResult($"unable to locate image at `{path}`: No such file or directory");
        }

        if (!IsReadable(path, config, out var roots))
        {
            return Task.FromResult($"view_image refused: `{path}` is outside the readable roots of this conversation ({string.Join(", ", roots)}).");
        }

        InputImageContent image;
        try
        {
            image = ImageLoader.Load(path, config.Cwd);
        }
        catch (ImageInputException ex)
        {
            return Task.FromResult(ex.Message);
        }

        context.PendingInput.Enqueue((call.CallId, new MessageItem { Role = "user", Content = [image] }));
        context.Emit(new ViewImageToolCallEvent { CallId = call.CallId, Path = path });
        return Task.FromResult(AttachedOutput);
    }

    private static bool TryParsePath(string arguments, out string path, out string error)
    {
        path = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(arguments);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("path", out var value))
            {
                error = "missing field `path`";
                return false;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
            {
                error = "`path` must be a non-empty string";
                return false;
            }

            path = value.GetString()!;
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static bool IsReadable(string path, CodexConfig config, out IReadOnlyList<string> roots)
    {
        var real = PhysicalPath.Resolve(path);
        if (CodexHome.CredentialFiles(config.CodexHome).Select(PhysicalPath.Resolve).Contains(real, StringComparer.Ordinal))
        {
            roots = ["never CODEX_HOME's credential files"];
            return false;
        }

        if (config.SandboxPolicy.HasFullDiskWriteAccess)
        {
            roots = ["/"];
            return true;
        }

        roots = [.. new[] { config.Cwd }
            .Concat(config.SandboxPolicy.GetWritableRoots(config.Cwd).Select(r => r.Root))
            .Select(PhysicalPath.Resolve)
            .Distinct(StringComparer.Ordinal)];
        return roots.Any(root => real == root || real.StartsWith(root == "/" ? root : root + "/", StringComparison.Ordinal));
    }
}
