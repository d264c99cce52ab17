using System.Collections.Concurrent;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.McpServer.Tests.Infrastructure;

/// <summary>
/// One end-to-end setup: a scripted model on 127.0.0.1, a temporary CODEX_HOME whose config.toml
/// points at it, a temporary workspace, and the real <c>codex-mcp-server</c> binary driven over
/// stdio by <see cref="CodexMcpClient"/>. Everything is removed on dispose.
/// </summary>
internal sealed class E2eSession : IAsyncDisposable
{
    public const string ApiKeyVariable = "CODEX_E2E_API_KEY";
    public const string ApiKey = "sk-e2e-secret-0123456789abcdef";

    private readonly ConcurrentQueue<string> _stderr = new();

    private E2eSession(ScriptedModelServer model, string root)
    {
        Model = model;
        Root = root;
        CodexHome = System.IO.Path.Combine(root, "codex-home");
        Workspace = System.IO.Path.Combine(root, "workspace");
        Directory.CreateDirectory(CodexHome);
        Directory.CreateDirectory(Workspace);
    }

    public ScriptedModelServer Model { get; }

    public string Root { get; }

    public string CodexHome { get; }

    public string Workspace { get; }

    public CodexMcpClient Client { get; private set; } = null!;

    /// <summary>Every stderr line of the server so far.</summary>
    public IReadOnlyCollection<string> Stderr => _stderr;

    /// <summary>
    /// Starts the model and writes config.toml: provider <c>mock</c> on <paramref name="wireApi"/>
    /// with the API key in <see cref="ApiKeyVariable"/>. <paramref name="extraConfig"/> goes after
    /// the provider table, so it starts with its own <c>[table]</c> header;
    /// <paramref name="topLevelConfig"/> holds root keys (e.g. <c>approval_timeout_ms = 500</c>).
    /// Call <see cref="StartServerAsync"/> next.
    /// </summary>
    public static async Task<E2eSession> CreateAsync(ModelScript script, string wireApi = "responses", string extraConfig = "", CancellationToken cancellationToken = default, string topLevelConfig = "")
    {
        var model = await ScriptedModelServer.StartAsync(script, cancellationToken).ConfigureAwait(false);
        var root = Directory.CreateTempSubdirectory("codex-e2e-").FullName;
        var session = new E2eSession(model, root);
        session.WriteConfig(wireApi, extraConfig, topLevelConfig);
        return session;
    }

    /// <summary>Writes (or rewrites) config.toml; see <see cref="CreateAsync"/> for the two extra parts.</summary>
    public void WriteConfig(string wireApi = "responses", string extraConfig = "", string topLevelConfig = "")
    {
        File.WriteAllText(System.IO.Path.Combine(CodexHome, "config.toml"), $"""
            model = "mock-model"
            model_provider = "mock"
            {topLevelConfig}

            [model_providers.mock]
            name = "Scripted mock"
            base_url = "{Model.BaseUrl}"
            wire_api = "{wireApi}"
            env_key = "{ApiKeyVariable}"
            request_max_retries = 0
            stream_max_retries = 0
            stream_idle_timeout_ms = 20000

            {extraConfig}
            """);
    }

    /// <summary>Starts (or restarts) the server process and initializes it.</summary>
    public async Task StartServerAsync(CodexMcpClientOptions? options = null, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        if (Client is not null)
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }

        var env = ServerEnvironment(environment);
        options ??= new CodexMcpClientOptions();
        var onStderr = options.OnStderrLine;
        options = options with
        {
            OnStderrLine = line =>
            {
                _stderr.Enqueue(line);
                onStderr?.Invoke(line);
            },
        };
        Client = await CodexMcpClient.StartAsync(
            new CodexServerProcessOptions { FileName = ServerLocator.ServerPath(), Environment = env, WorkingDirectory = Workspace },
            options,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The server's environment: this session's CODEX_HOME and API key, debug logging, no
    /// OPENAI_API_KEY, then <paramref name="overrides"/> (a null value removes a variable).
    /// </summary>
    public Dictionary<string, string?> ServerEnvironment(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["CODEX_HOME"] = CodexHome,
            [ApiKeyVariable] = ApiKey,
            ["CODEX_LOG"] = "debug",
            ["OPENAI_API_KEY"] = null,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>How to start the server with raw stdio for this session (for tests that bypass the typed client).</summary>
    public System.Diagnostics.ProcessStartInfo ServerStartInfo(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(ServerLocator.ServerPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Workspace,
        };
        foreach (var (name, value) in ServerEnvironment(overrides))
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    /// <summary>A <c>codex</c> call in the workspace with the given extra arguments.</summary>
    public Task<CodexCallResult> CodexAsync(string prompt, Func<CodexToolCallParam, CodexToolCallParam>? configure = null, Action<CodexEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        var parameters = new CodexToolCallParam { Prompt = prompt, Cwd = Workspace };
        return Client.CodexAsync(configure is null ? parameters : configure(parameters), onEvent, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }

        await Model.DisposeAsync().ConfigureAwait(false);

        // The server may still be writing its rollout for a moment after it exits; retry briefly.
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
