using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;

namespace Codex.McpServer.Cli;

/// <summary>A PKCE verifier and its S256 challenge (RFC 7636), from Duende's random source.</summary>
internal sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        // 64 random bytes, base64url: an 86-character verifier, as upstream makes.
        var verifier = CryptoRandom.CreateUniqueId(64, CryptoRandom.OutputFormat.Base64Url);
        return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public override string ToString() => "Pkce { [REDACTED] }";
}
