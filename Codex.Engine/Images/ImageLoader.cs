using Codex.Engine.Model;

namespace Codex.Engine.Images;

/// <summary>
/// Turns an image argument (a local path, relative to the conversation's cwd or absolute, or a
/// <c>data:</c> URL) into an <c>input_image</c> with a <c>data:</c> URL, checking type, bytes and size.
/// Upstream downscales images larger than 2048×768 with an image library; there is no AOT-clean one
/// here, so images over <see cref="MaxSide"/> on a side are rejected with the limit named.
/// </summary>
internal static class ImageLoader
{
    /// <summary>At most this many images per tool call.</summary>
    public const int MaxCount = 8;

    /// <summary>At most this many bytes per image (before base64).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>At most this many pixels on either side (the API's own fit box for detailed images).</summary>
    public const int MaxSide = 2048;

    private const string Supported = "PNG, JPEG, GIF or WebP";

    /// <summary>Loads every image of one call, in order.</summary>
    /// <exception cref="ImageInputException">One image is unusable, or there are too many.</exception>
    public static IReadOnlyList<InputImageContent> LoadAll(IReadOnlyList<string>? images, string cwd)
    {
        if (images is not { Count: > 0 })
        {
            return [];
        }

        if (images.Count > MaxCount)
        {
            throw new ImageInputException($"Too many images: {images.Count} were given; at most {MaxCount} per call.");
        }

        return [.. images.Select(image => Load(image, cwd))];
    }

    /// <summary>Loads one image.</summary>
    /// <exception cref="ImageInputException">It is unusable.</exception>
    public static InputImageContent Load(string image, string cwd)
    {
        if (image.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return FromBytes(DecodeDataUrl(image), "the data: URL");
        }

        var path = Path.GetFullPath(image, cwd);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ImageInputException($"Image `{image}` not found: {path} is not a file.");
            }

            if (info.Length > MaxBytes)
            {
                throw new ImageInputException($"Image {path} is {info.Length} bytes; the limit is {MaxBytes} bytes ({MaxBytes / (1024 * 1024)} MiB).");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageInputException($"Image {path} cannot be read: {ex.Message}");
        }

        return FromBytes(bytes, path);
    }

    private static InputImageContent FromBytes(byte[] bytes, string source)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new ImageInputException($"Image {source} is {bytes.Length} bytes; the limit is {MaxBytes} bytes ({MaxBytes / (1024 * 1024)} MiB).");
        }

        if (ImageHeader.Read(bytes) is not { } header)
        {
            throw new ImageInputException($"Image {source} is not a {Supported} image.");
        }

        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new ImageInputException($"Image {source} has no valid size in its header.");
        }

        if (header.Width > MaxSide || header.Height > MaxSide)
        {
            throw new ImageInputException($"Image {source} is {header.Width}×{header.Height} pixels; the limit is {MaxSide}×{MaxSide} (images are not downscaled here, so scale it down first).");
        }

        return new InputImageContent { ImageUrl = $"data:{header.Mime};base64,{Convert.ToBase64String(bytes)}" };
    }

    private static byte[] DecodeDataUrl(string url)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var meta = comma > 5 ? url[5..comma] : string.Empty;
        if (comma < 0 || !meta.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImageInputException("An image data: URL must be base64, as in data:image/png;base64,iVBOR….");
        }

        // Each 4 base64 characters are 3 bytes: refuse an oversized URL before decoding it.
        var encoded = url.AsSpan(comma + 1);
        if ((long)encoded.Length / 4 * 3 > MaxBytes + 3)
        {
            throw new ImageInputException($"The image data: URL holds more than {MaxBytes} bytes ({MaxBytes / (1024 * 1024)} MiB), the limit.");
        }

        var buffer = new byte[encoded.Length / 4 * 3 + 3];
        return Convert.TryFromBase64Chars(encoded, buffer, out var written)
            ? buffer[..written]
            : throw new ImageInputException("The image data: URL is not valid base64.");
    }
}
