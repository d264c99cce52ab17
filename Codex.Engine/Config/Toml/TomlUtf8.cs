using System.Buffers;
using System.Text;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// Strict UTF-8 decoding for TOML files: any malformed sequence, including encoded surrogates,
/// is an error at its line and column rather than being replaced with U+FFFD.
/// </summary>
internal static class TomlUtf8
{
    public static string Decode(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        int line = 1;
        int column = 1;
        int index = utf8.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (index < utf8.Length)
        {
            byte b = utf8[index];
            if (b < 0x80)
            {
                // ASCII fast path; line feeds start a new line.
                (line, column) = b == (byte)'\n' ? (line + 1, 1) : (line, column + 1);
                index++;
                continue;
            }

            OperationStatus status = Rune.DecodeFromUtf8(utf8[index..], out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                throw new TomlException($"invalid UTF-8: byte 0x{b:X2} does not start a valid sequence (TOML files must be UTF-8)", sourceName, line, column);
            }

            index += consumed;
            column++;
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
