using System.Buffers.Binary;
using Codex.Engine.Images;

namespace Codex.Engine.Tests.Images;

/// <summary>Type and size come from the bytes of each format the model APIs take.</summary>
public sealed class ImageHeaderTests
{
    [Test]
    public void Read_Png_SizeFromIhdr()
    {
        var bytes = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

        Assert.That(ImageHeader.Read(bytes), Is.EqualTo(new ImageHeader("image/png", 1, 1)));
    }

    [Test]
    public void Read_Gif_SizeLittleEndian()
    {
        byte[] bytes = [.. "GIF89a"u8, 0x40, 0x01, 0xF0, 0x00, 0, 0, 0];

        Assert.That(ImageHeader.Read(bytes), Is.EqualTo(new ImageHeader("image/gif", 320, 240)));
    }

    [Test]
    public void Read_JpegWithAnApp0SegmentFirst_SizeFromSof0()
    {
        // SOI, APP0 (16 bytes incl. length), SOF0: length 17, precision 8, height 480, width 640.
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. new byte[14], 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, .. new byte[9]];

        Assert.That(ImageHeader.Read(bytes), Is.EqualTo(new ImageHeader("image/jpeg", 640, 480)));
    }

    [Test]
    public void Read_JpegWithHuffmanTableBeforeTheFrame_SkipsIt()
    {
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, .. new byte[9]];

        Assert.That(ImageHeader.Read(bytes), Is.EqualTo(new ImageHeader("image/jpeg", 32, 16)));
    }

    [Test]
    public void Read_WebPExtended_SizeFrom24BitFields()
    {
        var bytes = WebP("VP8X", 30);
        bytes[24] = 0xFF; // width - 1 = 1023 → 1024
        bytes[25] = 0x03;
        bytes[27] = 0x57; // height - 1 = 599 → 600
        bytes[28] = 0x02;

        Assert.That(ImageHeader.Read(bytes), Is.EqualTo(new ImageHeader("image/webp", 1024, 600)));
    }

    [Test]
    public void Read_WebPLossless_SizeFrom14BitFields()
    {
        var bytes = WebP("VP8L", 30);
        bytes[20] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(21), (uint)((100 - 1) | ((50 - 1) << 14)));

        Assert.That(ImageHeader.Read(bytes), Is.EqualTo(new ImageHeader("image/webp", 100, 50)));
    }

    [TestCase("not an image at all, just some text")]
    [TestCase("GIF8")]
    public void Read_OtherBytes_Null(string text)
    {
        Assert.That(ImageHeader.Read(System.Text.Encoding.ASCII.GetBytes(text)), Is.Null);
    }

    [Test]
    public void Read_TruncatedJpeg_NullNotAnException()
    {
        Assert.That(ImageHeader.Read([0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF, 0, 0, 0, 0, 0, 0]), Is.Null);
    }

    private static byte[] WebP(string chunk, int length)
    {
        var bytes = new byte[length];
        "RIFF"u8.CopyTo(bytes);
        "WEBP"u8.CopyTo(bytes.AsSpan(8));
        System.Text.Encoding.ASCII.GetBytes(chunk).CopyTo(bytes.AsSpan(12));
        return bytes;
    }
}
