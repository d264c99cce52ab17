using System.Buffers.Binary;
using System.Text.Json;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>Small real images, and what the model was sent of them, on either wire.</summary>
internal static class TestImages
{
    /// <summary>A valid 1×1 PNG.</summary>
    public const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /// <summary>A valid 1×1 GIF.</summary>
    public const string GifBase64 = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

    public static string PngDataUrl => $"data:image/png;base64,{PngBase64}";

    public static string GifDataUrl => $"data:image/gif;base64,{GifBase64}";

    public static string WritePng(string path)
    {
        File.WriteAllBytes(path, Convert.FromBase64String(PngBase64));
        return path;
    }

    /// <summary>The 1×1 PNG with its header saying <paramref name="width"/>×<paramref name="height"/>: only the header is read before the size check.</summary>
    public static string WritePngClaiming(string path, int width, int height)
    {
        var bytes = Convert.FromBase64String(PngBase64);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// The image URLs and texts of every user message of a request, in order, as (kind, value):
    /// ("image", url) or ("text", text). Responses <c>input_image</c> and Chat <c>image_url</c> parts read the same.
    /// </summary>
    public static List<List<(string Kind, string Value)>> UserMessages(RecordedRequest request)
    {
        var body = request.Json!.Value;
        var result = new List<List<(string, string)>>();
        var items = request.IsChat ? body.GetProperty("messages") : body.GetProperty("input");
        foreach (var item in items.EnumerateArray())
        {
            if (!item.TryGetProperty("role", out var role) || role.GetString() != "user")
            {
                continue;
            }

            var parts = new List<(string, string)>();
            var content = item.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                parts.Add(("text", content.GetString()!));
            }
            else
            {
                foreach (var part in content.EnumerateArray())
                {
                    parts.Add(part.GetProperty("type").GetString() switch
                    {
                        "input_image" => ("image", part.GetProperty("image_url").GetString()!),
                        "image_url" => ("image", part.GetProperty("image_url").GetProperty("url").GetString()!),
                        _ => ("text", part.GetProperty("text").GetString()!),
                    });
                }
            }

            result.Add(parts);
        }

        return result;
    }
}
