using System.Globalization;
using System.Security.Cryptography;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>Git object ids of file contents, computed in-process.</summary>
internal static class GitBlob
{
    /// <summary>The id git uses for a side that does not exist.</summary>
    public const string NullId = "0000000000000000000000000000000000000000";

    /// <summary>What <c>git hash-object</c> prints: SHA-1 of <c>blob &lt;length&gt;\0</c> followed by the bytes.</summary>
    public static string Id(ReadOnlySpan<byte> content)
    {
        var header = System.Text.Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"blob {content.Length}\0"));
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(header);
        sha1.AppendData(content);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}
