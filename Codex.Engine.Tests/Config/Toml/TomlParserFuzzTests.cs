using Codex.Engine.Config.Toml;
using FsCheck;
using FsCheck.Fluent;

namespace Codex.Engine.Tests.Config.Toml;

/// <summary>
/// Damaged documents must be either accepted or rejected with a <see cref="TomlException"/>:
/// never another exception, never a hang. Mutating the valid corpus reaches deep parser states
/// that random text would not.
/// </summary>
[TestFixture]
public sealed class TomlParserFuzzTests
{
    private const string InterestingCharacters = "[]{}=.,\"'#\\\n\r\t 0123456789aeExXoObBTZz+-_:\u0000\u007F\u00E9\uFEFF\uD800";

    [Test]
    public void Parse_MutatedCorpusDocument_AcceptsOrThrowsTomlException()
    {
        string[] documents = [.. TomlCorpus.Cases(TomlCorpus.Toml11, "valid").Select(path => File.ReadAllText(TomlCorpus.Resolve(path)))];
        Gen<string> mutated =
            from index in Gen.Choose(0, documents.Length - 1)
            from at in Gen.Choose(0, documents[index].Length)
            from character in Gen.Elements(InterestingCharacters.ToCharArray())
            from operation in Gen.Choose(0, 3)
            from length in Gen.Choose(1, 40)
            select Mutate(documents[index], at, character, operation, length);

        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true), Prop.ForAll(mutated.ToArbitrary(), AssertAcceptedOrRejected));
    }

    [Test]
    public void Parse_ArbitraryText_AcceptsOrThrowsTomlException()
    {
        Gen<string> text =
            from characters in Gen.ArrayOf(Gen.Elements(InterestingCharacters.ToCharArray()))
            select new string(characters);

        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), Prop.ForAll(text.ToArbitrary(), AssertAcceptedOrRejected));
    }

    private static string Mutate(string original, int at, char character, int operation, int length) => operation switch
    {
        0 => original.Insert(at, character.ToString()),
        1 when at < original.Length => string.Concat(original.AsSpan(0, at), character.ToString(), original.AsSpan(at + 1)),
        2 when at < original.Length => original.Remove(at, 1),

        // Repeating a slice duplicates keys, headers and brackets: the redefinition rules' territory.
        _ => original.Insert(at, original.Substring(at, Math.Min(length, original.Length - at))),
    };

    private static void AssertAcceptedOrRejected(string text)
    {
        try
        {
            _ = TomlParser.Parse(text, "fuzz.toml");
        }
        catch (TomlException error)
        {
            Assert.That(error.Message, Does.StartWith($"fuzz.toml:{error.Line}:{error.Column}: "));
        }
    }
}
