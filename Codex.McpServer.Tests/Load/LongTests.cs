namespace Codex.McpServer.Tests.Load;

/// <summary>
/// The load tests run short by default, so the suite stays quick; with <c>CODEX_LONG_TESTS=1</c>
/// they run the full benchmark sizes (as build/bench-load.sh does from the console).
/// </summary>
internal static class LongTests
{
    public const string Variable = "CODEX_LONG_TESTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";
}
