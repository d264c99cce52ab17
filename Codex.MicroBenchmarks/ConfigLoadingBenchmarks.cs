using System.Text;
using BenchmarkDotNet.Attributes;
using Codex.Engine.Config;

namespace Codex.MicroBenchmarks;

/// <summary>
/// <see cref="ConfigLoader.Load"/> of a realistic config.toml (model, providers, profiles,
/// trusted projects, shell environment, MCP servers) with 1, 4 or 16 of each table, as done at
/// every conversation start and resume.
/// </summary>
[MemoryDiagnoser]
public class ConfigLoadingBenchmarks
{
    private string _home = string.Empty;
    private ConfigLoader _loader = null!;
    private ConfigRequest _request = null!;

    /// <summary>How many profiles, providers, projects and MCP servers.</summary>
    [Params(1, 4, 16)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _home = Directory.CreateTempSubdirectory("codex-microbench-").FullName;
        var workspace = Directory.CreateDirectory(Path.Combine(_home, "workspace")).FullName;
        File.WriteAllText(Path.Combine(_home, "config.toml"), ConfigText(Scale, workspace));
        _loader = new ConfigLoader(_home, [], name => name == "BENCH_API_KEY" ? "sk-bench" : null);
        _request = new ConfigRequest { Cwd = workspace, Profile = "profile0" };
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_home, recursive: true);

    [Benchmark(Description = "config.toml load")]
    public string Load() => _loader.Load(_request).Model;

    private static string ConfigText(int scale, string workspace)
    {
        var text = new StringBuilder();
        text.Append("""
            model = "gpt-5-codex"
            model_provider = "provider0"
            approval_policy = "on-request"
            sandbox_mode = "workspace-write"
            model_reasoning_effort = "medium"
            model_reasoning_summary = "auto"
            hide_agent_reasoning = false
            project_doc_max_bytes = 32768

            [sandbox_workspace_write]
            network_access = false
            writable_roots = ["/tmp/scratch"]

            [shell_environment_policy]
            inherit = "core"
            ignore_default_excludes = false
            exclude = ["AWS_*", "AZURE_*"]
            set = { CI = "1", PAGER = "cat" }

            """);
        for (var i = 0; i < scale; i++)
        {
            text.Append($$"""

                [model_providers.provider{{i}}]
                name = "Provider {{i}}"
                base_url = "http://127.0.0.1:{{8000 + i}}/v1"
                env_key = "BENCH_API_KEY"
                wire_api = "responses"
                request_max_retries = 4
                stream_max_retries = 5
                stream_idle_timeout_ms = 300000
                http_headers = { "X-Team" = "bench-{{i}}" }

                [profiles.profile{{i}}]
                model = "gpt-5-codex"
                model_provider = "provider{{i}}"
                approval_policy = "never"
                model_reasoning_effort = "high"

                [projects."{{workspace}}/p{{i}}"]
                trust_level = "trusted"

                [mcp_servers.server{{i}}]
                command = "npx"
                args = ["-y", "@acme/mcp-server-{{i}}"]
                env = { "LOG" = "warn" }

                """);
        }

        return text.ToString();
    }
}
