namespace Codex.TestMcpServer;

/// <summary>
/// Files the server leaves in <c>TEST_MCP_MARKERS</c> (when set) so a test can see what happened
/// inside it: its pid, each call, a cancellation.
/// </summary>
internal static class Markers
{
    public static string? Directory => Environment.GetEnvironmentVariable("TEST_MCP_MARKERS");

    public static void Write(string name, string content)
    {
        if (Directory is { } dir)
        {
            System.IO.Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name), content);
        }
    }

    public static void Append(string name, string line)
    {
        if (Directory is { } dir)
        {
            System.IO.Directory.CreateDirectory(dir);
            File.AppendAllText(Path.Combine(dir, name), line + "\n");
        }
    }
}
