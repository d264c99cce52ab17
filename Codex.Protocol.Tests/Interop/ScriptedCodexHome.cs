using Codex.Testing;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// A scripted model on 127.0.0.1 and a temporary CODEX_HOME whose config.toml points at it, plus
/// a workspace: what an interop test needs to run whole turns through the server binary.
/// </summary>
internal sealed class ScriptedCodexHome : IAsyncDisposable
{
    public const string ApiKeyVariable = "CODEX_INTEROP_API_KEY";

    private ScriptedCodexHome(ScriptedModelServer model, string root)
    {
        Model = model;
        Root = root;
        CodexHome = Path.Combine(root, "codex-home");
        Workspace = Path.Combine(root, "workspace");
        Directory.CreateDirectory(CodexHome);
        Directory.CreateDirectory(Workspace);
    }

    public ScriptedModelServer Model { get; }

    public string Root { get; }

    public string CodexHome { get; }

    public string Workspace { get; }

    /// <summary>The server's environment: this CODEX_HOME and the scripted model's key.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["CODEX_HOME"] = CodexHome,
        [ApiKeyVariable] = "sk-interop-0123456789",
        ["OPENAI_API_KEY"] = null,
    };

    /// <summary>Starts the model and writes config.toml; <paramref name="extraConfig"/> is appended (with its own table headers).</summary>
    public static async Task<ScriptedCodexHome> CreateAsync(ModelScript script, string extraConfig, CancellationToken cancellationToken)
    {
        var model = await ScriptedModelServer.StartAsync(script, cancellationToken);
        var home = new ScriptedCodexHome(model, Directory.CreateTempSubdirectory("codex-interop-").FullName);
        File.WriteAllText(Path.Combine(home.CodexHome, "config.toml"), $"""
            model = "mock-model"
            model_provider = "mock"

            [model_providers.mock]
            name = "Scripted mock"
            base_url = "{model.BaseUrl}"
            wire_api = "responses"
            env_key = "{ApiKeyVariable}"
            request_max_retries = 0
            stream_max_retries = 0

            {extraConfig}
            """);
        return home;
    }

    public async ValueTask DisposeAsync()
    {
        await Model.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The server may still be closing its rollout; a temp folder left behind is harmless.
        }
    }
}
