using System.Text;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>Strict UTF-8 file reading and the OS-style error texts the original prints.</summary>
internal static class FileText
{
    /// <summary>UTF-8 without a BOM preamble that rejects invalid bytes, like Rust's <c>read_to_string</c>.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a whole file as UTF-8; a BOM, if any, stays in the text so it is written back.</summary>
    /// <exception cref="ApplyPatchException">Unreadable; the message is <c>&lt;context&gt;: &lt;reason&gt;</c>.</exception>
    public static string Read(string path, string errorContext)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new ApplyPatchException($"{errorContext}: Is a directory (os error 21)");
            }

            return StrictUtf8.GetString(File.ReadAllBytes(path));
        }
        catch (ApplyPatchException)
        {
            throw;
        }
        catch (DecoderFallbackException e)
        {
            throw new ApplyPatchException($"{errorContext}: stream did not contain valid UTF-8", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ApplyPatchException($"{errorContext}: {Describe(e)}", e);
        }
    }

    /// <summary>The reason part of an I/O error, worded as the Rust original words the common ones.</summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory (os error 2)",
        UnauthorizedAccessException => "Permission denied (os error 13)",
        _ => e.Message,
    };
}
