using System.Security.Cryptography;
using Codex.Engine.Model;

namespace Codex.Engine.Conversations;

/// <summary>
/// Keeps a rollout small when its messages carry images: each image's bytes are stored once, named by
/// their SHA-256, in a folder beside the rollout (<c>rollout-….images/</c>), and the rollout's item
/// refers to the file (<c>rollout-image:&lt;hash&gt;.png</c>). Resuming puts the <c>data:</c> URL back.
/// The file is written before the line that names it, so a rollout never names a missing image.
/// </summary>
internal static class RolloutImages
{
    private const string Scheme = "rollout-image:";

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = "png",
        ["image/jpeg"] = "jpg",
        ["image/gif"] = "gif",
        ["image/webp"] = "webp",
    };

    /// <summary>The item as the rollout stores it: base64 images replaced by references to their files.</summary>
    /// <exception cref="IOException">An image file could not be written.</exception>
    public static ResponseItem Externalize(ResponseItem item, string rolloutPath)
    {
        if (item is not MessageItem message || !message.Content.Any(IsInlineImage))
        {
            return item;
        }

        var content = new List<ContentItem>(message.Content.Count);
        foreach (var part in message.Content)
        {
            content.Add(part is InputImageContent image && IsInlineImage(image) ? new InputImageContent { ImageUrl = Store(image.ImageUrl, rolloutPath) } : part);
        }

        return message with { Content = content };
    }

    /// <summary>The item as the model needs it: image references replaced by <c>data:</c> URLs again.</summary>
    public static ResponseItem Restore(ResponseItem item, string rolloutPath)
    {
        if (item is not MessageItem message || !message.Content.Any(p => p is InputImageContent i && i.ImageUrl.StartsWith(Scheme, StringComparison.Ordinal)))
        {
            return item;
        }

        var content = new List<ContentItem>(message.Content.Count);
        foreach (var part in message.Content)
        {
            content.Add(part is InputImageContent image && image.ImageUrl.StartsWith(Scheme, StringComparison.Ordinal) ? Load(image.ImageUrl[Scheme.Length..], rolloutPath) : part);
        }

        return message with { Content = content };
    }

    private static bool IsInlineImage(ContentItem part) =>
        part is InputImageContent image && Mime(image.ImageUrl) is { } mime && Extensions.ContainsKey(mime);

    /// <summary>The mime type of a base64 <c>data:</c> URL, or null for anything else.</summary>
    private static string? Mime(string url)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        var marker = url.IndexOf(";base64,", StringComparison.Ordinal);
        return marker > 5 ? url[5..marker] : null;
    }

    private static string Directory(string rolloutPath) => Path.ChangeExtension(rolloutPath, ".images");

    private static string Store(string url, string rolloutPath)
    {
        var mime = Mime(url)!;
        var bytes = Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]);
        var name = $"{Convert.ToHexStringLower(SHA256.HashData(bytes))}.{Extensions[mime]}";
        var directory = Directory(rolloutPath);
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(directory);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }

        return Scheme + name;
    }

    private static ContentItem Load(string name, string rolloutPath)
    {
        var extension = Path.GetExtension(name).TrimStart('.');
        var mime = Extensions.FirstOrDefault(e => e.Value == extension).Key;
        try
        {
            if (mime is not null && name == Path.GetFileName(name))
            {
                return new InputImageContent { ImageUrl = $"data:{mime};base64,{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Directory(rolloutPath), name)))}" };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Falls through: the history stays valid without the image, and says so.
        }

        return new InputTextContent { Text = $"[image {name} is missing from the saved conversation]" };
    }
}
