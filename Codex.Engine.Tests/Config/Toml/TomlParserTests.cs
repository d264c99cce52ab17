using System.Text;
using Codex.Engine.Config.Toml;
using Tomlyn.Syntax;
using TomlDateTime = Tomlyn.TomlDateTime;
using TomlDateTimeKind = Tomlyn.TomlDateTimeKind;

namespace Codex.Engine.Tests.Config.Toml;

[TestFixture]
public sealed class TomlParserTests
{
    [Test]
    public void Parse_DuplicateKeyOnKnownLine_ReportsThatLineAndColumn()
    {
        const string text = "a = 1\nb = 2\n  a = 3\n";

        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse(text, "config.toml"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Line, Is.EqualTo(3));
            Assert.That(error.Column, Is.EqualTo(3));
            Assert.That(error.SourceName, Is.EqualTo("config.toml"));
            Assert.That(error.Message, Is.EqualTo("config.toml:3:3: The key `a` is already defined at 1:1 and cannot be redefined"));
        }
    }

    [Test]
    public void Parse_NoSourceName_MessageStartsWithLineAndColumn()
    {
        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse("x = 1\ny = tru\n"));

        Assert.That(error.Message, Is.EqualTo("2:5: Unexpected token `tru` for a value"));
    }

    [Test]
    public void Parse_ErrorAfterMultibyteCharacters_CountsColumnsInCodePoints()
    {
        // "😀" is two UTF-16 units but one column.
        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse("s = \"😀\" x\n"));

        Assert.That((error.Line, error.Column), Is.EqualTo((1, 9)));
    }

    [Test]
    public void Parse_CrlfDocument_ParsesLikeLfAndKeepsLineBreaksInsideMultilineStrings()
    {
        const string lf = "[server]\nname = \"a\" # c\nlist = [\n  1,\n  2,\n]\ntext = \"\"\"\none\ntwo\"\"\"\n";
        string crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        TomlTable fromLf = TomlParser.Parse(lf);
        TomlTable fromCrlf = TomlParser.Parse(crlf);

        Assert.That(fromCrlf.TryGetPath(["server", "text"], out object? text), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Is.EqualTo("one\r\ntwo"));
            Assert.That(fromCrlf.TryGetPath(["server", "name"], out object? name) ? name : null, Is.EqualTo("a"));
            Assert.That(((TomlArray)((TomlTable)fromCrlf["server"])["list"]).ToArray(), Is.EqualTo(new object[] { 1L, 2L }));
            Assert.That(((TomlTable)fromLf["server"])["text"], Is.EqualTo("one\ntwo"));
        }
    }

    [Test]
    public void Parse_LoneCarriageReturn_ThrowsAtItsPosition()
    {
        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1\rb = 2\n"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((error.Line, error.Column), Is.EqualTo((1, 6)));
            Assert.That(error.Reason, Does.Contain("\\r not followed by \\n"));
        }
    }

    [Test]
    public void Parse_Utf8BytesWithBom_IgnoresBom()
    {
        byte[] bytes = [.. "\uFEFF"u8, .. "model = \"o3\"\n"u8];

        TomlTable document = TomlParser.Parse(bytes, "config.toml");

        Assert.That(document["model"], Is.EqualTo("o3"));
    }

    [Test]
    public void Parse_InvalidUtf8_ReportsLineAndColumnOfBadByte()
    {
        byte[] bytes = [.. "a = 1\nb = \""u8, 0xC3, .. "\"\n"u8];

        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse(bytes, "bad.toml"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((error.Line, error.Column), Is.EqualTo((2, 6)));
            Assert.That(error.Message, Does.StartWith("bad.toml:2:6: invalid UTF-8"));
        }
    }

    [Test]
    public void Parse_DeeplyNestedArrays_ThrowsAtTheBracketThatGoesTooDeep()
    {
        string text = "a = " + new string('[', 100_000);

        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse(text, "deep.toml"));

        // The document is level 1, so the bracket at index MaxDepth - 1 opens level MaxDepth + 1.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Reason, Does.Contain("maximum depth"));
            Assert.That((error.Line, error.Column), Is.EqualTo((1, "a = ".Length + TomlParser.MaxDepth)));
            Assert.That(error.Message, Does.StartWith($"deep.toml:1:{"a = ".Length + TomlParser.MaxDepth}: "));
        }
    }

    [Test]
    public void Parse_NestingAtTheLimit_ParsesAndOneLevelMoreFails()
    {
        static string Nested(int arrays) => "a = " + new string('[', arrays) + new string(']', arrays) + "\n";

        TomlTable document = TomlParser.Parse(Nested(TomlParser.MaxDepth - 1));

        Assert.That(document["a"], Is.TypeOf<TomlArray>());
        Assert.That(() => TomlParser.Parse(Nested(TomlParser.MaxDepth)), Throws.TypeOf<TomlException>());
    }

    [Test]
    public void Parse_CodexStyleConfig_ReadsProvidersAndProfiles()
    {
        const string text = """
            model = "o3"
            approval_policy = "on-request"

            [model_providers.ollama]
            name = "Ollama"
            base_url = "http://localhost:11434/v1"
            env_http_headers = { "X-Key" = "OLLAMA_KEY" }

            [profiles.fast]
            model = "gpt-4.1-mini"
            model_reasoning_effort = "low"
            sandbox.network_access = false
            """;

        TomlTable document = TomlParser.Parse(text, "config.toml");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(document.TryGet("model", out string? model) ? model : null, Is.EqualTo("o3"));
            Assert.That(document.TryGetPath(["model_providers", "ollama", "base_url"], out object? url) ? url : null, Is.EqualTo("http://localhost:11434/v1"));
            Assert.That(document.TryGetPath(["model_providers", "ollama", "env_http_headers", "X-Key"], out object? header) ? header : null, Is.EqualTo("OLLAMA_KEY"));
            Assert.That(document.TryGetPath(["profiles", "fast", "sandbox", "network_access"], out object? network) ? network : null, Is.EqualTo(false));
            Assert.That(document.Keys, Is.EqualTo(new[] { "model", "approval_policy", "model_providers", "profiles" }));
        }
    }

    [Test]
    public void Parse_OffsetDateTime_KeepsKindOffsetAndPrecision()
    {
        TomlTable document = TomlParser.Parse("t = 1979-05-27 07:32:00.50-07:00\nd = 2024-02-29\nl = 07:32:00\n");

        var time = (TomlDateTime)document["t"];
        var date = (TomlDateTime)document["d"];
        var local = (TomlDateTime)document["l"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(time.Kind, Is.EqualTo(TomlDateTimeKind.OffsetDateTimeByNumber));
            Assert.That(time.SecondPrecision, Is.EqualTo(2));
            Assert.That(time.ToString(), Is.EqualTo("1979-05-27T07:32:00.50-07:00"));
            Assert.That(time.DateTime, Is.EqualTo(new DateTimeOffset(1979, 5, 27, 14, 32, 0, 500, TimeSpan.Zero)));
            Assert.That(time.DateTime.Offset, Is.EqualTo(TimeSpan.FromHours(-7)));
            Assert.That((date.Kind, DateOnly.FromDateTime(date.DateTime.DateTime)), Is.EqualTo((TomlDateTimeKind.LocalDate, new DateOnly(2024, 2, 29))));
            Assert.That((local.Kind, local.DateTime.TimeOfDay), Is.EqualTo((TomlDateTimeKind.LocalTime, new TimeSpan(7, 32, 0))));
        }
    }

    // Tomlyn holds date-times in DateTimeOffset, so it rejects what that type cannot represent
    // (offsets beyond ±14:00, more than seven fraction digits) although TOML allows both; the
    // rejection is still a positioned error.
    [TestCase("t = 2000-01-01T23:00:00+23:00\n")]
    [TestCase("t = 00:00:00.123456789\n")]
    public void Parse_DateTimeBeyondDateTimeOffset_ThrowsAtTheValue(string text)
    {
        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse(text, "time.toml"));

        Assert.That(error.Message, Does.StartWith("time.toml:1:5: "));
    }

    [Test]
    public void Parse_Toml11Additions_AreAccepted()
    {
        const string text = "t = 07:32\nk = \"caf\\xE9\"\ni = { a = 1,\n  b = 2, }\n";

        TomlTable document = TomlParser.Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(((TomlDateTime)document["t"]).DateTime.TimeOfDay, Is.EqualTo(new TimeSpan(7, 32, 0)));
            Assert.That(document["k"], Is.EqualTo("café"));
            Assert.That(((TomlTable)document["i"]).Keys, Is.EqualTo(new[] { "a", "b" }));
        }
    }

    [Test]
    public void ParseValue_OverrideValues_ReturnTomlTypes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TomlParser.ParseValue("\"o3\""), Is.EqualTo("o3"));
            Assert.That(TomlParser.ParseValue("0x10"), Is.EqualTo(16L));
            Assert.That(TomlParser.ParseValue("-inf"), Is.EqualTo(double.NegativeInfinity));
            Assert.That(TomlParser.ParseValue("true"), Is.EqualTo(true));
            Assert.That(((TomlArray)TomlParser.ParseValue("[1, 'a', [2]]")).Count, Is.EqualTo(3));
            Assert.That(((TomlTable)TomlParser.ParseValue("{ a.b = 1 }")).TryGetPath(["a", "b"], out object? nested) ? nested : null, Is.EqualTo(1L));
        }
    }

    [TestCase("1 2")]
    [TestCase("")]
    [TestCase("o3")]
    [TestCase("\"a\"\n")]
    public void ParseValue_NotExactlyOneValue_ThrowsTomlException(string text)
    {
        Assert.That(() => TomlParser.ParseValue(text, "override"), Throws.TypeOf<TomlException>().With.Message.StartsWith("override:1:"));
    }

    [Test]
    public void ParseKeyPath_QuotedAndBareSegments_SplitsOnUnquotedDots()
    {
        IReadOnlyList<string> path = TomlParser.ParseKeyPath("model_providers . \"my.host\".'base url'");

        Assert.That(path, Is.EqualTo(new[] { "model_providers", "my.host", "base url" }));
    }

    [TestCase("a..b")]
    [TestCase("a.")]
    [TestCase("a b")]
    [TestCase("")]
    [TestCase("a = 1 #")]
    [TestCase("# just a comment")]
    [TestCase("a\nb")]
    public void ParseKeyPath_Malformed_ThrowsTomlException(string text)
    {
        Assert.That(() => TomlParser.ParseKeyPath(text), Throws.TypeOf<TomlException>());
    }

    [Test]
    public void Parse_DottedKeysAndSubTableHeaders_FollowTheSpecRules()
    {
        const string text = "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n";

        TomlTable document = TomlParser.Parse(text);

        Assert.That(document.TryGetPath(["fruit", "apple", "texture", "smooth"], out object? smooth) ? smooth : null, Is.EqualTo(true));
        Assert.That(
            () => TomlParser.Parse(text + "[fruit.apple]\n"),
            Throws.TypeOf<TomlException>().With.Property(nameof(TomlException.Line)).EqualTo(6));
    }

    [Test]
    public void Parse_ControlCharacterInComment_ReportsIt()
    {
        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1 # bell \u0007\n"));

        Assert.That((error.Column, error.Reason), Is.EqualTo((14, "Invalid control character U+0007 in comment")));
    }

    [Test]
    public void Parse_UnpairedSurrogateInString_ThrowsTomlException()
    {
        Assert.That(() => TomlParser.Parse("a = \"\uD800\"\n"), Throws.TypeOf<TomlException>());
    }

    [Test]
    public void Parse_TruncatedEscapeThatCrashesTomlyn_ThrowsTomlExceptionAtTheString()
    {
        // A backslash at the end of the input makes Tomlyn's lexer throw ArgumentOutOfRangeException
        // (found by the fuzz tests); the reader turns that into a positioned error.
        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse("a = 1\nb = \"x\\", "s.toml"));

        Assert.That(error.Message, Does.StartWith("s.toml:2:5: cannot be read from here on (Tomlyn failed: "));
    }

    [Test]
    public void Parse_Utf8Bytes_RoundTripsNonAsciiText()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("name = \"Grüße 😀\" # ünïcode comment\n");

        Assert.That(TomlParser.Parse(bytes)["name"], Is.EqualTo("Grüße 😀"));
    }

    [Test]
    public void ParseDocument_SyntaxTreeEditedAndWritten_KeepsCommentsAndReadsBack()
    {
        const string text = "# my settings\nmodel = \"o3\" # the default\n\n[mcp_servers.docs]\ncommand = \"docs-server\"\n";

        TomlDocument document = TomlParser.ParseDocument(text, "config.toml");
        Assert.That(document.Syntax.ToString(), Is.EqualTo(text));

        // What `mcp add` will do: append a table to the tree and write the tree out.
        var added = new TableSyntax(new KeySyntax("mcp_servers", "search"));
        added.Items.Add(new KeyValueSyntax("command", new StringValueSyntax("search-server")));
        document.Syntax.Tables.Add(added);
        string written = document.Syntax.ToString();
        TomlTable reread = TomlParser.Parse(written, "config.toml");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Does.StartWith(text));
            Assert.That(written, Does.Contain("# the default"));
            Assert.That(reread.TryGetPath(["mcp_servers", "search", "command"], out object? command) ? command : null, Is.EqualTo("search-server"));
            Assert.That(reread.TryGetPath(["mcp_servers", "docs", "command"], out object? docs) ? docs : null, Is.EqualTo("docs-server"));
            Assert.That(document.Table.TryGetPath(["mcp_servers", "search"], out _), Is.False, "the table is the document as parsed");
        }
    }
}
