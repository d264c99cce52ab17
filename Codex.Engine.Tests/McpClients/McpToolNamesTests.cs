using System.Security.Cryptography;
using System.Text;
using Codex.Engine.McpClients;

namespace Codex.Engine.Tests.McpClients;

public sealed class McpToolNamesTests
{
    [Test]
    public void Qualify_PlainNames_JoinedWithDoubleUnderscores() =>
        Assert.That(McpToolNames.Qualify("docs", "search-all_v2"), Is.EqualTo("mcp__docs__search-all_v2"));

    [Test]
    public void Qualify_CharactersTheApiRejects_BecomeUnderscores() =>
        Assert.That(McpToolNames.Qualify("my.server", "read file/é"), Is.EqualTo("mcp__my_server__read_file__"));

    [Test]
    public void Qualify_NameOver64_CutAndEndedWithSha1OfTheRawName()
    {
        var tool = new string('t', 80);
        var raw = "mcp__server.x__" + tool;
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(raw)));

        var name = McpToolNames.Qualify("server.x", tool);

        Assert.That(name, Has.Length.EqualTo(64));
        Assert.That(name, Is.EqualTo("mcp__server_x__ttttttttt" + sha1), "24 characters of the sanitized name, then 40 of hash");
    }

    [Test]
    public void Qualify_ExactlyAtTheLimit_Unchanged()
    {
        var tool = new string('a', 64 - "mcp__s__".Length);

        Assert.That(McpToolNames.Qualify("s", tool), Is.EqualTo("mcp__s__" + tool));
    }
}
