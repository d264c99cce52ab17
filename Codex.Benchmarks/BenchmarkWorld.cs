using System.Collections.Concurrent;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.Benchmarks;

/// <summary>
/// What every scenario runs in: a scripted model on 127.0.0.1, a temporary CODEX_HOME whose
/// config.toml points at it, and a temporary workspace. Removed on dispose.
/// </summary>
public sealed class BenchmarkWorld : IAsyncDisposable
{
    /// <summary>The variable that carries the fake API key to the server.</summary>
    public const string ApiKeyVariable = "CODEX_BENCH_API_KEY";

    private const int StderrTailLines = 200;
    private readonly ConcurrentQueue<string> _stderrTail = new();

    private BenchmarkWorld(ScriptedModelServer model, string root)
    {
        Model = model;
        Root = root;
        CodexHome = Path.Combine(root, "codex-home");
        Workspace = Path.Combine(root, "workspace");
        Directory.CreateDirectory(CodexHome);
        Directory.CreateDirectory(Workspace);
        WriteConfig(CodexHome);
    }

    /// <summary>The scripted model.</summary>
    public ScriptedModelServer Model { get; }

    /// <summary>The temporary directory holding everything else.</summary>
    public string Root { get; }

    /// <summary>The server's CODEX_HOME.</summary>
    public string CodexHome { get; }

    /// <summary>The cwd of every turn.</summary>
    public string Workspace { get; }

    /// <summary>The last stderr lines of a server started with <see cref="StartClientAsync"/>, for failure reports.</summary>
    public IReadOnlyList<string> StderrTail => [.. _stderrTail];

    /// <summary>
    /// The server's environment: this world's CODEX_HOME and key, warnings only on stderr (a
    /// benchmark measures the server, not its debug log), no OPENAI_API_KEY.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment => EnvironmentFor(CodexHome);

    /// <summary><see cref="ServerEnvironment"/> with another CODEX_HOME.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentFor(string codexHome) => new Dictionary<string, string?>
    {
        ["CODEX_HOME"] = codexHome,
        [ApiKeyVariable] = "sk-bench-0123456789abcdef",
        ["CODEX_LOG"] = "warn",
        ["RUST_LOG"] = null,
        ["OPENAI_API_KEY"] = null,
    };

    // The provider settings both the original Rust server and ours read from config.toml.
    private void WriteConfig(string codexHome) =>
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
            model = "mock-model"
            model_provider = "mock"

            [model_providers.mock]
            name = "Scripted mock"
            base_url = "{Model.BaseUrl}"
            wire_api = "responses"
            env_key = "{ApiKeyVariable}"
            request_max_retries = 0
            stream_max_retries = 0
            stream_idle_timeout_ms = 20000
            """);

    /// <summary>Starts the model with <paramref name="script"/> and prepares the directories.</summary>
    public static async Task<BenchmarkWorld> CreateAsync(ModelScript script, CancellationToken cancellationToken)
    {
        var model = await ScriptedModelServer.StartAsync(script, cancellationToken).ConfigureAwait(false);
        try
        {
            return new BenchmarkWorld(model, Directory.CreateTempSubdirectory("codex-bench-").FullName);
        }
        catch
        {
            await model.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts <paramref name="serverPath"/> through the typed client and initializes it.</summary>
    public Task<CodexMcpClient> StartClientAsync(string serverPath, Action<CodexEvent>? onEvent, CancellationToken cancellationToken) =>
        StartClientAsync(ServerUnderTest.Ours(serverPath), onEvent, cancellationToken);

    /// <summary>
    /// Starts <paramref name="server"/> through the typed client and initializes it, with this
    /// world's CODEX_HOME or <paramref name="codexHome"/> (see <see cref="NewCodexHome"/>).
    /// </summary>
    public Task<CodexMcpClient> StartClientAsync(ServerUnderTest server, Action<CodexEvent>? onEvent, CancellationToken cancellationToken, string? codexHome = null) =>
        CodexMcpClient.StartAsync(
            new CodexServerProcessOptions { FileName = server.FileName, Arguments = server.Arguments, Environment = EnvironmentFor(codexHome ?? CodexHome), WorkingDirectory = Workspace },
            new CodexMcpClientOptions
            {
                OnEvent = onEvent,
                OnStderrLine = line =>
                {
                    _stderrTail.Enqueue(line);
                    while (_stderrTail.Count > StderrTailLines && _stderrTail.TryDequeue(out _))
                    {
                    }
                },
            },
            cancellationToken: cancellationToken);

    /// <summary>A new, empty CODEX_HOME under <see cref="Root"/> holding only the config.toml that points at the model.</summary>
    public string NewCodexHome()
    {
        var home = Path.Combine(Root, "codex-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        WriteConfig(home);
        return home;
    }

    /// <summary>Stops the model and removes the directories.</summary>
    public async ValueTask DisposeAsync()
    {
        await Model.DisposeAsync().ConfigureAwait(false);

        // A server that just exited may still be closing its rollout; retry briefly.
        for (var attempt = 0; attempt < 5 && Directory.Exists(Root); attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }
}
