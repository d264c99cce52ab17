using Codex.Engine.Auth;
using Codex.Engine.Config.Toml;
using Codex.Engine.Exec;
using Codex.Engine.McpClients;
using Codex.Engine.Sandbox;
using Codex.Protocol;

namespace Codex.Engine.Config;

/// <summary>
/// Resolves a <see cref="CodexConfig"/>. Precedence, highest first: tool arguments, the
/// <c>config</c> argument, the server's <c>-c</c> overrides, the profile, config.toml, defaults.
/// The <c>config</c> argument and <c>-c</c> can also set tables (for example
/// <c>model_providers.mock.base_url</c>): those are merged into config.toml's tree.
/// </summary>
public sealed class ConfigLoader
{
    private static readonly IReadOnlyDictionary<string, AskForApproval> ApprovalValues = new Dictionary<string, AskForApproval>
    {
        ["untrusted"] = AskForApproval.Untrusted,
        ["on-failure"] = AskForApproval.OnFailure,
        ["on-request"] = AskForApproval.OnRequest,
        ["never"] = AskForApproval.Never,
    };

    private static readonly IReadOnlyDictionary<string, SandboxMode> SandboxValues = new Dictionary<string, SandboxMode>
    {
        ["read-only"] = SandboxMode.ReadOnly,
        ["workspace-write"] = SandboxMode.WorkspaceWrite,
        ["danger-full-access"] = SandboxMode.DangerFullAccess,
    };

    private static readonly IReadOnlyDictionary<string, ShellEnvironmentInherit> InheritValues = new Dictionary<string, ShellEnvironmentInherit>
    {
        ["all"] = ShellEnvironmentInherit.All,
        ["core"] = ShellEnvironmentInherit.Core,
        ["none"] = ShellEnvironmentInherit.None,
    };

    private readonly string _codexHome;
    private readonly IReadOnlyList<string> _serverOverrides;
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a loader.</summary>
    /// <param name="codexHome">CODEX_HOME.</param>
    /// <param name="serverOverrides">The server's <c>-c key=value</c> arguments.</param>
    /// <param name="environment">Reads environment variables; the process environment by default.</param>
    public ConfigLoader(string codexHome, IReadOnlyList<string>? serverOverrides = null, Func<string, string?>? environment = null)
    {
        _codexHome = codexHome;
        _serverOverrides = serverOverrides ?? [];
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>The path of config.toml.</summary>
    public string ConfigPath => Path.Combine(_codexHome, "config.toml");

    /// <summary>config.toml and the server's <c>-c</c> overrides, for settings outside the engine.</summary>
    /// <exception cref="ConfigException">Bad TOML, a bad override, or an unreadable file.</exception>
    public ConfigValues ReadValues() => new(ReadLayers(null).Settings);

    /// <summary>
    /// The agent tools the MCP server also offers directly (<c>mcp_server.expose_tools</c>): <c>true</c>
    /// for all, an array for some, absent or <c>false</c> for none.
    /// </summary>
    /// <param name="all">Every tool name, returned for <c>true</c>.</param>
    /// <exception cref="ConfigException">Bad TOML, a value of the wrong type, or an unknown tool name.</exception>
    public IReadOnlyList<string> LoadExposedTools(IReadOnlyList<string> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var settings = ReadLayers(null).Settings;
        if (Read(settings, ["mcp_server", "expose_tools"]).SubTable("mcp_server") is not { } server)
        {
            return [];
        }

        var source = settings.SourceOf(["mcp_server", "expose_tools"]);
        var names = server.Table.TryGetValue("expose_tools", out var value) && value is bool flag
            ? (flag ? all : [])
            : server.StringList("expose_tools") ?? [];
        foreach (var name in names)
        {
            if (!all.Contains(name, StringComparer.Ordinal))
            {
                throw new ConfigException($"{source}: `mcp_server.expose_tools` names the unknown tool `{name}`; the tools are {string.Join(", ", all)} (or `true` for all).");
            }
        }

        return names;
    }

    /// <summary>Resolves the configuration of a new conversation.</summary>
    /// <exception cref="ConfigException">Bad TOML, a bad value, an unknown profile or provider, or an unreadable file.</exception>
    public CodexConfig Load(ConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RejectPolicyOverrides(request.Overrides);
        var (settings, document) = ReadLayers(request.Overrides);
        var root = new TomlRead(settings.Merged, settings.SourceOf(["model"]), string.Empty);

        var profileName = request.Profile ?? Read(settings, ["profile"]).String("profile");
        TomlRead? profile = null;
        if (!string.IsNullOrEmpty(profileName))
        {
            var profiles = Read(settings, ["profiles"]).SubTable("profiles");
            profile = profiles?.SubTable(profileName)
                ?? throw new ConfigException($"config profile `{profileName}` not found in {ConfigPath}{(request.Profile is null ? string.Empty : " (named by the `profile` argument)")}.");
        }

        string? Profiled(string key) => Override<string>(settings, key) ?? profile?.String(key) ?? Read(settings, [key]).String(key);

        var cwd = ResolveCwd(request.Cwd);
        var model = request.Model ?? Profiled("model") ?? CodexConfig.DefaultModel;
        var providerId = Profiled("model_provider") ?? BuiltInProviders.OpenAiId;
        var provider = ResolveProvider(settings, providerId);
        string? chatGptModelBaseUrl = null;
        if (providerId == BuiltInProviders.OpenAiId)
        {
            (provider, chatGptModelBaseUrl) = ResolveOpenAiBaseUrls(settings, provider);
        }

        var approval = request.ApprovalPolicy
            ?? OverrideEnum(settings, "approval_policy", ApprovalValues)
            ?? profile?.Enum("approval_policy", ApprovalValues)
            ?? Read(settings, ["approval_policy"]).Enum("approval_policy", ApprovalValues)
            ?? AskForApproval.OnRequest;

        var sandboxMode = request.Sandbox
            ?? Read(settings, ["sandbox_mode"]).Enum("sandbox_mode", SandboxValues)
            ?? (IsTrustedProject(settings, cwd) ? SandboxMode.WorkspaceWrite : SandboxMode.ReadOnly);

        var baseInstructions = request.BaseInstructions;
        if (baseInstructions is null && Profiled("experimental_instructions_file") is { } instructionsFile)
        {
            baseInstructions = ReadInstructionsFile(Path.GetFullPath(instructionsFile, cwd), settings.SourceOf(["experimental_instructions_file"]));
        }

        var includePlanTool = request.IncludePlanTool
            ?? Override<bool>(settings, "include_plan_tool")
            ?? profile?.Bool("include_plan_tool")
            ?? Read(settings, ["include_plan_tool"]).Bool("include_plan_tool")
            ?? FeatureFlag(settings, profile, "plan_tool")
            ?? false;

        // As upstream: the [features] table wins over the legacy [tools] keys, which win over the defaults.
        var legacyTools = Read(settings, ["tools"]).SubTable("tools");
        var viewImageTool = FeatureFlag(settings, profile, "view_image_tool")
            ?? legacyTools?.Bool("view_image")
            ?? Read(settings, ["include_view_image_tool"]).Bool("include_view_image_tool")
            ?? true;
        var webSearch = FeatureFlag(settings, profile, "web_search_request")
            ?? legacyTools?.Bool("web_search")
            ?? legacyTools?.Bool("web_search_request")
            ?? Read(settings, ["tools_web_search"]).Bool("tools_web_search")
            ?? false;

        var contextWindow = Read(settings, ["model_context_window"]).Integer("model_context_window") ?? ModelFamilies.ContextWindow(model);
        return new CodexConfig
        {
            CodexHome = _codexHome,
            Model = model,
            ModelProviderId = providerId,
            ModelProvider = provider,
            ApprovalPolicy = approval,
            SandboxPolicy = ResolveSandbox(settings, sandboxMode),
            ShellEnvironmentPolicy = ResolveShellEnvironment(settings),
            CredentialVariables = ResolveCredentialVariables(settings, provider),
            ChatGptModelBaseUrl = chatGptModelBaseUrl,
            LoginRestrictions = ReadLoginRestrictions(settings),
            Cwd = cwd,
            BaseInstructions = baseInstructions,
            DeveloperInstructions = request.DeveloperInstructions,
            UserInstructions = ProjectDocs.Load(_codexHome, cwd, Read(settings, ["project_doc_max_bytes"]).Integer("project_doc_max_bytes") ?? ProjectDocs.DefaultMaxBytes),
            CompactPrompt = request.CompactPrompt,
            IncludePlanTool = includePlanTool,
            UnifiedExec = FeatureFlag(settings, profile, "unified_exec")
                ?? Read(settings, ["experimental_use_unified_exec_tool"]).Bool("experimental_use_unified_exec_tool")
                ?? Read(settings, ["experimental_use_exec_command_tool"]).Bool("experimental_use_exec_command_tool")
                ?? ModelFamilies.DefaultsToUnifiedExec(model),
            BackgroundTerminalMaxTimeoutMs = BackgroundTerminalMaxTimeout(settings),
            ReasoningEffort = request.ReasoningEffort is { } effort
                ? ReasoningNames.Name(effort)
                : OneOfProfiled(settings, profile, "model_reasoning_effort", [.. ReasoningNames.Efforts]),
            ReasoningSummary = request.ReasoningSummary is { } summary
                ? ReasoningNames.Name(summary)
                : OneOfProfiled(settings, profile, "model_reasoning_summary", [.. ReasoningNames.Summaries]) ?? "auto",
            Verbosity = OneOfProfiled(settings, profile, "model_verbosity", "low", "medium", "high"),
            ShowRawAgentReasoning = Read(settings, ["show_raw_agent_reasoning"]).Bool("show_raw_agent_reasoning") ?? false,
            HideAgentReasoning = Read(settings, ["hide_agent_reasoning"]).Bool("hide_agent_reasoning") ?? false,
            ModelContextWindow = contextWindow,
            AutoCompactTokenLimit = Read(settings, ["model_auto_compact_token_limit"]).Integer("model_auto_compact_token_limit") is { } compactLimit
                ? (compactLimit > 0 ? compactLimit : throw new ConfigException($"{settings.SourceOf(["model_auto_compact_token_limit"])}: `model_auto_compact_token_limit` must be a positive number of tokens, not {compactLimit}."))
                : contextWindow * 9 / 10,
            ApprovalTimeout = TimeSpan.FromMilliseconds(PositiveOrDefault(settings, "approval_timeout_ms", 600_000)),
            Profile = string.IsNullOrEmpty(profileName) ? null : profileName,
            McpServers = ReadMcpServers(settings, document),
            Notify = Read(settings, ["notify"]).StringList("notify"),
            ViewImageTool = viewImageTool,
            WebSearch = webSearch,
        };
    }

    /// <summary><c>forced_login_method</c> and <c>forced_chatgpt_workspace_id</c> from config.toml and the server's <c>-c</c>.</summary>
    /// <exception cref="ConfigException">Bad TOML or a bad value of either key.</exception>
    public LoginRestrictions LoadLoginRestrictions() => ReadLoginRestrictions(ReadLayers(null).Settings);

    // A sign-in policy is the server's (config.toml, -c): the MCP client's `config` argument may not lift it.
    private void RejectPolicyOverrides(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? overrides)
    {
        foreach (var key in overrides?.Keys ?? [])
        {
            var root = key.Split('.')[0].Trim().Trim('"');
            if (root is ForcedLoginMethodKey or ForcedWorkspaceKey)
            {
                throw new ConfigException($"The `config` argument may not set `{root}`: it is a sign-in policy of the server; set it in {ConfigPath} or with the server's -c.");
            }
        }
    }

    private const string ForcedLoginMethodKey = "forced_login_method";
    private const string ForcedWorkspaceKey = "forced_chatgpt_workspace_id";

    private static LoginRestrictions ReadLoginRestrictions(LayeredSettings settings)
    {
        var method = Read(settings, [ForcedLoginMethodKey]).OneOf(ForcedLoginMethodKey, "chatgpt", "api") switch
        {
            "chatgpt" => ForcedLoginMethod.ChatGpt,
            "api" => ForcedLoginMethod.Api,
            _ => (ForcedLoginMethod?)null,
        };

        // Upstream takes one id or a list; a comma-separated string is refused, and blank ids count as unset.
        var source = settings.SourceOf([ForcedWorkspaceKey]);
        settings.Merged.TryGetValue(ForcedWorkspaceKey, out var value);
        IReadOnlyList<string>? ids = value switch
        {
            null => null,
            string single when single.Contains(',', StringComparison.Ordinal) => throw new ConfigException(
                $"{source}: `{ForcedWorkspaceKey}` must be a single workspace id or a list of ids, not a comma-separated string; write {ForcedWorkspaceKey} = [\"id-1\", \"id-2\"]."),
            string single => [single],
            TomlArray => Read(settings, [ForcedWorkspaceKey]).StringList(ForcedWorkspaceKey),
            _ => throw new ConfigException($"{source}: `{ForcedWorkspaceKey}` must be a workspace id (a string) or a list of them, not {(value is TomlTable ? "a table" : value.GetType().Name switch { "Int64" => "an integer", "Boolean" => "a boolean", var other => other })}."),
        };
        var trimmed = ids?.Select(id => id.Trim()).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new LoginRestrictions { Method = method, WorkspaceIds = trimmed is { Count: > 0 } ? trimmed : null };
    }

    /// <summary>The key read by <see cref="LoadCallTimeout"/>.</summary>
    public const string CallTimeoutKey = "mcp_server.call_timeout_seconds";

    /// <summary>
    /// <c>mcp_server.call_timeout_seconds</c> from config.toml and the server's <c>-c</c>: how long a
    /// foreground <c>tools/call</c> waits before it answers <c>running</c>; null (the default) for no limit.
    /// </summary>
    /// <exception cref="ConfigException">Bad TOML or a value that is not a positive integer.</exception>
    public TimeSpan? LoadCallTimeout()
    {
        var (settings, _) = ReadLayers(null);
        var value = Read(settings, ["mcp_server"]).SubTable("mcp_server")?.Integer("call_timeout_seconds");
        return value switch
        {
            null => null,
            > 0 => TimeSpan.FromSeconds(value.Value),
            _ => throw new ConfigException($"{settings.SourceOf(["mcp_server", "call_timeout_seconds"])}: `{CallTimeoutKey}` must be a positive number of seconds, not {value}.") { Key = CallTimeoutKey },
        };
    }

    /// <summary>The <c>[mcp_servers.*]</c> entries of config.toml and the server's <c>-c</c> overrides.</summary>
    /// <exception cref="ConfigException">Bad TOML or a bad entry.</exception>
    public IReadOnlyDictionary<string, McpServerConfig> LoadMcpServers()
    {
        var (settings, document) = ReadLayers(null);
        return ReadMcpServers(settings, document);
    }

    private (LayeredSettings Settings, Tomlyn.Syntax.DocumentSyntax? Document) ReadLayers(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? toolOverrides)
    {
        var file = ReadConfigFile();
        var layers = new List<ConfigLayer> { new(ConfigPath, file?.Table ?? new TomlTable()) };
        if (_serverOverrides.Count > 0)
        {
            layers.Add(new ConfigLayer("the server's -c overrides", ParseServerOverrides(_serverOverrides)));
        }

        if (toolOverrides is { Count: > 0 } overrides)
        {
            layers.Add(new ConfigLayer("the `config` argument", JsonToToml.FromDottedKeys(overrides)));
        }

        return (new LayeredSettings(layers), file?.Syntax);
    }

    /// <summary>MCP server entries; errors name the file with line:col when the key was written in config.toml.</summary>
    private IReadOnlyDictionary<string, McpServerConfig> ReadMcpServers(LayeredSettings settings, Tomlyn.Syntax.DocumentSyntax? document) =>
        McpServersReader.Read(settings.Merged, path =>
        {
            var source = settings.SourceOf(path);
            return source == ConfigPath && document is not null && TomlKeyLocator.Find(document, path) is var (line, column)
                ? $"{source}:{line}:{column}"
                : source;
        });

    private static TomlRead Read(LayeredSettings settings, IReadOnlyList<string> path) => new(settings.Merged, settings.SourceOf(path), string.Empty);

    private static T? Override<T>(LayeredSettings settings, string key)
        where T : class => settings.TryGetOverride([key], out var value, out var source)
            ? value as T ?? throw new ConfigException($"{source}: `{key}` must be {(typeof(T) == typeof(string) ? "a string" : typeof(T).Name)}.")
            : null;

    private static bool? Override<T>(LayeredSettings settings, string key, bool _ = false)
        where T : struct => settings.TryGetOverride([key], out var value, out var source)
            ? value as bool? ?? throw new ConfigException($"{source}: `{key}` must be a boolean (true or false).")
            : null;

    private static T? OverrideEnum<T>(LayeredSettings settings, string key, IReadOnlyDictionary<string, T> values)
        where T : struct
    {
        if (!settings.TryGetOverride([key], out var value, out var source))
        {
            return null;
        }

        var table = new TomlTable();
        table.Set(key, value);
        return new TomlRead(table, source, string.Empty).Enum(key, values);
    }

    private static string? OneOfProfiled(LayeredSettings settings, TomlRead? profile, string key, params string[] values)
    {
        if (settings.TryGetOverride([key], out var value, out var source))
        {
            var table = new TomlTable();
            table.Set(key, value);
            return new TomlRead(table, source, string.Empty).OneOf(key, values);
        }

        return profile?.OneOf(key, values) ?? Read(settings, [key]).OneOf(key, values);
    }

    private static bool? FeatureFlag(LayeredSettings settings, TomlRead? profile, string feature) =>
        profile?.SubTable("features")?.Bool(feature) ?? Read(settings, ["features", feature]).SubTable("features")?.Bool(feature);

    /// <summary>As upstream: any non-negative number of ms, raised to the 5000 ms floor of an empty poll.</summary>
    private static long BackgroundTerminalMaxTimeout(LayeredSettings settings)
    {
        const string Key = "background_terminal_max_timeout";
        var value = Read(settings, [Key]).Integer(Key) ?? CodexConfig.DefaultBackgroundTerminalMaxTimeoutMs;
        return value >= 0
            ? Math.Max(value, CodexConfig.MinEmptyPollMs)
            : throw new ConfigException($"{settings.SourceOf([Key])}: `{Key}` must be a non-negative number of milliseconds, not {value}.");
    }

    private static long PositiveOrDefault(LayeredSettings settings, string key, long fallback)
    {
        var value = Read(settings, [key]).Integer(key);
        if (value is null)
        {
            return fallback;
        }

        return value > 0 ? value.Value : throw new ConfigException($"{settings.SourceOf([key])}: `{key}` must be a positive number of milliseconds, not {value}.");
    }

    private TomlDocument? ReadConfigFile()
    {
        byte[] bytes;
        try
        {
            // Bytes, not text: the TOML reader decodes strictly so that bad UTF-8 is an error at its position.
            bytes = File.ReadAllBytes(ConfigPath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Cannot read {ConfigPath}: {ex.Message}", ex);
        }

        try
        {
            return TomlParser.ParseDocument(bytes, ConfigPath);
        }
        catch (TomlException ex)
        {
            throw new ConfigException($"Invalid TOML in {ex.Message}", ex);
        }
    }

    private static TomlTable ParseServerOverrides(IReadOnlyList<string> overrides)
    {
        var table = new TomlTable();
        foreach (var entry in overrides)
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ConfigException($"Invalid -c override `{entry}`: expected key=value, e.g. -c model=\"o4-mini\".");
            }

            var keyText = entry[..separator].Trim();
            var valueText = entry[(separator + 1)..].Trim();
            IReadOnlyList<string> path;
            try
            {
                path = TomlParser.ParseKeyPath(keyText, "-c");
            }
            catch (TomlException ex)
            {
                throw new ConfigException($"Invalid key in -c override `{entry}`: {ex.Reason}", ex);
            }

            object value;
            try
            {
                value = TomlParser.ParseValue(valueText, "-c");
            }
            catch (TomlException)
            {
                // As the original: a value that is not valid TOML is taken as a plain string.
                value = valueText;
            }

            table.SetPath(path, value);
        }

        return table;
    }

    private static string ResolveCwd(string? requested)
    {
        var cwd = string.IsNullOrWhiteSpace(requested) ? Environment.CurrentDirectory : Path.GetFullPath(requested, Environment.CurrentDirectory);
        if (!Directory.Exists(cwd))
        {
            throw new ConfigException($"The `cwd` argument names `{cwd}`, which is not an existing directory.");
        }

        return Path.TrimEndingDirectorySeparator(cwd);
    }

    /// <summary>
    /// The built-in <c>openai</c> provider's base URLs, in upstream's precedence: the <c>openai_base_url</c> key, then
    /// <c>OPENAI_BASE_URL</c>, serve API keys and ChatGPT tokens alike; without either, API keys go to the public API
    /// and ChatGPT tokens to <c>chatgpt_base_url</c> (default <c>https://chatgpt.com/backend-api/</c>) + <c>codex</c>.
    /// </summary>
    private (ModelProviderInfo Provider, string? ChatGptModelBaseUrl) ResolveOpenAiBaseUrls(LayeredSettings settings, ModelProviderInfo provider)
    {
        if (Read(settings, ["openai_base_url"]).String("openai_base_url") is { } configured && !string.IsNullOrWhiteSpace(configured))
        {
            return (provider with { BaseUrl = CheckedUrl(settings, "openai_base_url", configured) }, null);
        }

        if (!string.IsNullOrWhiteSpace(_environment("OPENAI_BASE_URL")))
        {
            return (provider, null);
        }

        var chatGpt = Read(settings, ["chatgpt_base_url"]).String("chatgpt_base_url") is { } c && !string.IsNullOrWhiteSpace(c)
            ? CheckedUrl(settings, "chatgpt_base_url", c)
            : OAuthEndpoints.DefaultChatGptBaseUrl;
        return (provider, chatGpt.TrimEnd('/') + "/codex");
    }

    private static string CheckedUrl(LayeredSettings settings, string key, string value)
    {
        var text = value.Trim();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text
            : throw new ConfigException($"{settings.SourceOf([key])}: `{key}` must be an absolute http(s) URL, not `{text}`.");
    }

    private ModelProviderInfo ResolveProvider(LayeredSettings settings, string providerId)
    {
        var builtIns = BuiltInProviders.Create(_environment);
        if (builtIns.TryGetValue(providerId, out var builtIn))
        {
            return builtIn;
        }

        var providers = Read(settings, ["model_providers"]).SubTable("model_providers");
        var entry = providers?.SubTable(providerId);
        if (entry is not { } p)
        {
            var known = builtIns.Keys.Concat(providers?.Table.Keys ?? []).Distinct().Select(k => $"`{k}`");
            throw new ConfigException($"Model provider `{providerId}` not found; known providers: {string.Join(", ", known)}. Define it as [model_providers.{providerId}] in {ConfigPath}.");
        }

        var source = settings.SourceOf(["model_providers", providerId]);
        p = p with { Source = source };
        try
        {
            var provider = new ModelProviderInfo
            {
                Name = p.String("name") ?? providerId,
                BaseUrl = p.String("base_url"),
                EnvKey = p.String("env_key"),
                EnvKeyInstructions = p.String("env_key_instructions"),
                WireApi = p.OneOf("wire_api", "responses", "chat") == "responses" ? WireApi.Responses : WireApi.Chat,
                QueryParams = p.StringMap("query_params"),
                HttpHeaders = p.StringMap("http_headers"),
                EnvHttpHeaders = p.StringMap("env_http_headers"),
                RequiresOpenAiAuth = p.Bool("requires_openai_auth") ?? false,
            };
            if (p.Integer("request_max_retries") is { } requestRetries)
            {
                provider = provider with { RequestMaxRetries = RetryCount(p, "request_max_retries", requestRetries) };
            }

            if (p.Integer("stream_max_retries") is { } streamRetries)
            {
                provider = provider with { StreamMaxRetries = RetryCount(p, "stream_max_retries", streamRetries) };
            }

            if (p.Integer("response_headers_timeout_ms") is { } headers)
            {
                provider = provider with
                {
                    ResponseHeadersTimeout = headers > 0
                        ? TimeSpan.FromMilliseconds(Math.Min(headers, ModelProviderInfo.MaxResponseHeadersTimeoutMs))
                        : throw new ConfigException($"{source}: `{p.Qualify("response_headers_timeout_ms")}` must be a positive number of milliseconds, not {headers}."),
                };
            }

            if (p.Integer("stream_idle_timeout_ms") is { } idle)
            {
                provider = provider with
                {
                    StreamIdleTimeout = idle > 0
                        ? TimeSpan.FromMilliseconds(idle)
                        : throw new ConfigException($"{source}: `{p.Qualify("stream_idle_timeout_ms")}` must be a positive number of milliseconds, not {idle}."),
                };
            }

            provider.ResolveBaseUrl();
            return provider;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new ConfigException($"{source}: [model_providers.{providerId}] is invalid: {ex.Message}", ex);
        }
    }

    /// <summary>A retry count as the provider takes it: negatives are an error naming the key, large values are capped later.</summary>
    private static int RetryCount(TomlRead provider, string key, long value) =>
        value >= 0
            ? (int)Math.Min(value, int.MaxValue)
            : throw new ConfigException($"{provider.Source}: `{provider.Qualify(key)}` must be 0 or more, not {value}.");

    /// <summary>
    /// Every variable any provider reads a credential from: the built-ins', the selected provider's, and those
    /// of every other <c>model_providers</c> entry. Unused entries are read leniently: a malformed one adds
    /// what it can and is not an error here (it is reported when a conversation selects it).
    /// </summary>
    private CredentialVariables ResolveCredentialVariables(LayeredSettings settings, ModelProviderInfo selected)
    {
        var names = new List<string>();
        if (settings.Merged.TryGet<TomlTable>("model_providers", out var providers))
        {
            foreach (var (_, value) in providers)
            {
                if (value is not TomlTable entry)
                {
                    continue;
                }

                if (entry.TryGet<string>("env_key", out var envKey))
                {
                    names.Add(envKey);
                }

                if (entry.TryGet<TomlTable>("env_http_headers", out var headers))
                {
                    names.AddRange(headers.Values.OfType<string>());
                }
            }
        }

        return CredentialVariables.Create(BuiltInProviders.Create(_environment).Values.Append(selected), names);
    }

    private static SandboxPolicy ResolveSandbox(LayeredSettings settings, SandboxMode mode)
    {
        if (mode != SandboxMode.WorkspaceWrite)
        {
            return mode == SandboxMode.ReadOnly ? SandboxPolicy.ReadOnly : SandboxPolicy.DangerFullAccess;
        }

        var table = Read(settings, ["sandbox_workspace_write"]).SubTable("sandbox_workspace_write");
        return SandboxPolicy.WorkspaceWrite(
            table?.StringList("writable_roots"),
            table?.Bool("network_access") ?? false,
            table?.Bool("exclude_tmpdir_env_var") ?? false,
            table?.Bool("exclude_slash_tmp") ?? false);
    }

    private static ShellEnvironmentPolicy ResolveShellEnvironment(LayeredSettings settings)
    {
        var table = Read(settings, ["shell_environment_policy"]).SubTable("shell_environment_policy");
        if (table is not { } t)
        {
            return ShellEnvironmentPolicy.Default;
        }

        return new ShellEnvironmentPolicy
        {
            Inherit = t.Enum("inherit", InheritValues) ?? ShellEnvironmentInherit.All,
            IgnoreDefaultExcludes = t.Bool("ignore_default_excludes") ?? false,
            Exclude = t.StringList("exclude") ?? [],
            Set = t.StringMap("set") ?? new Dictionary<string, string>(),
            IncludeOnly = t.StringList("include_only") ?? [],
        };
    }

    private static bool IsTrustedProject(LayeredSettings settings, string cwd)
    {
        var projects = Read(settings, ["projects"]).SubTable("projects");
        if (projects is not { } table)
        {
            return false;
        }

        var candidates = new[] { cwd, GitRoot(cwd) }.Where(c => c is not null).Cast<string>();
        return candidates.Any(path => table.SubTable(path)?.String("trust_level") == "trusted");
    }

    private static string? GitRoot(string cwd)
    {
        for (var dir = new DirectoryInfo(cwd); dir is not null; dir = dir.Parent)
        {
            if (Path.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string ReadInstructionsFile(string path, string source)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : throw new ConfigException($"{source}: `experimental_instructions_file` names {path}, which is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{source}: `experimental_instructions_file` names {path}, which cannot be read: {ex.Message}", ex);
        }
    }
}
