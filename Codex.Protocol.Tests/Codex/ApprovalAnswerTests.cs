using System.Text.Json;

namespace Codex.Protocol.Tests.Codex;

[TestFixture]
public sealed class ApprovalAnswerTests
{
    [TestCase("""{"decision":"approved"}""", ReviewDecision.Approved)]
    [TestCase("""{"decision":"approved_for_session"}""", ReviewDecision.ApprovedForSession)]
    [TestCase("""{"decision":"denied"}""", ReviewDecision.Denied)]
    [TestCase("""{"decision":"abort"}""", ReviewDecision.Abort)]
    [TestCase("\"approved\"", ReviewDecision.Approved)]
    [TestCase("\"approved_for_session\"", ReviewDecision.ApprovedForSession)]
    [TestCase("\"denied\"", ReviewDecision.Denied)]
    [TestCase("\"abort\"", ReviewDecision.Abort)]
    [TestCase("""{"action":"accept"}""", ReviewDecision.Approved)]
    [TestCase("""{"action":"decline"}""", ReviewDecision.Denied)]
    [TestCase("""{"action":"cancel"}""", ReviewDecision.Abort)]
    [TestCase("""{"action":"accept","content":{"decision":"approved_for_session"}}""", ReviewDecision.ApprovedForSession)]
    [TestCase("""{"action":"accept","content":{"decision":"denied"}}""", ReviewDecision.Denied)]
    [TestCase("""{"action":"accept","content":{}}""", ReviewDecision.Approved)]
    [TestCase("""{"decision":{"approved":{}}}""", ReviewDecision.Approved)]
    [TestCase("""{"decision":"approved","extra":1}""", ReviewDecision.Approved)]
    public void TryParse_AcceptedForm_ThatDecisionWithoutRejectionText(string json, ReviewDecision expected)
    {
        var answer = ApprovalAnswer.TryParse(Parse(json), out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.EqualTo(new ApprovalAnswer(expected)));
            Assert.That(error, Is.Null);
        }
    }

    [TestCase("""{"denied":{"rejection":"use the staging database"}}""")]
    [TestCase("""{"decision":{"denied":{"rejection":"use the staging database"}}}""")]
    public void TryParse_DeniedWithRejection_DeniedAndTheText(string json)
    {
        var answer = ApprovalAnswer.TryParse(Parse(json), out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.EqualTo(new ApprovalAnswer(ReviewDecision.Denied, "use the staging database")));
            Assert.That(error, Is.Null);
        }
    }

    [TestCase("""{"action":"accept","content":{"decision":"denied","reason":"use the staging database"}}""")]
    [TestCase("""{"action":"decline","content":{"reason":"use the staging database"}}""")]
    public void TryParse_FormDenialWithReason_DeniedAndTheReason(string json)
    {
        var answer = ApprovalAnswer.TryParse(Parse(json), out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.EqualTo(new ApprovalAnswer(ReviewDecision.Denied, "use the staging database")));
            Assert.That(error, Is.Null);
        }
    }

    // A reason only goes to the model with a denial; with any other decision it is not read.
    [TestCase("""{"action":"accept","content":{"decision":"approved","reason":"looks fine"}}""", ReviewDecision.Approved)]
    [TestCase("""{"action":"accept","content":{"decision":"approved_for_session","reason":"trusted"}}""", ReviewDecision.ApprovedForSession)]
    [TestCase("""{"action":"accept","content":{"decision":"abort","reason":"wrong task"}}""", ReviewDecision.Abort)]
    [TestCase("""{"action":"accept","content":{"decision":"denied","reason":"   "}}""", ReviewDecision.Denied)]
    [TestCase("""{"action":"accept","content":{"decision":"denied","reason":5}}""", ReviewDecision.Denied)]
    [TestCase("""{"action":"accept","content":{"reason":"no decision"}}""", ReviewDecision.Approved)]
    public void TryParse_FormAnswerWithoutADenialReason_ThatDecisionAlone(string json, ReviewDecision expected)
    {
        var answer = ApprovalAnswer.TryParse(Parse(json), out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.EqualTo(new ApprovalAnswer(expected)));
            Assert.That(error, Is.Null);
        }
    }

    [TestCase("""{"denied":{}}""")]
    [TestCase("""{"decision":{"denied":{}}}""")]
    public void TryParse_DeniedWithoutRejection_DeniedWithoutText(string json) =>
        Assert.That(ApprovalAnswer.TryParse(Parse(json), out _), Is.EqualTo(new ApprovalAnswer(ReviewDecision.Denied)));

    [Test]
    public void TryParse_TimedOut_DeniedWithAReason()
    {
        var answer = ApprovalAnswer.TryParse(Parse("""{"decision":"timed_out"}"""), out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer?.Decision, Is.EqualTo(ReviewDecision.Denied));
            Assert.That(answer?.Rejection, Is.Not.Empty);
            Assert.That(error, Is.Null);
        }
    }

    [TestCase("5", "number")]
    [TestCase("true", "true")]
    [TestCase("null", "null")]
    [TestCase("""["approved"]""", "array")]
    [TestCase("\"maybe\"", "unknown decision 'maybe'")]
    [TestCase("\"Approved\"", "unknown decision 'Approved'")]
    [TestCase("""{"decision":"maybe"}""", "unknown decision 'maybe'")]
    [TestCase("""{"decision":1}""", "unknown decision 1")]
    [TestCase("""{"decision":{"perhaps":{}}}""", "unknown decision")]
    [TestCase("""{"action":"later"}""", "unknown action 'later'")]
    [TestCase("""{"action":"accept","content":{"decision":"bogus"}}""", "unknown decision 'bogus'")]
    [TestCase("{}", "expected {\"decision\": …} or {\"action\": …}")]
    [TestCase("""{"result":"approved"}""", "expected {\"decision\": …} or {\"action\": …}")]
    public void TryParse_NotAnAcceptedForm_NullWithAnErrorMessage(string json, string expectedError)
    {
        var answer = ApprovalAnswer.TryParse(Parse(json), out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.Null);
            Assert.That(error, Does.Contain(expectedError));
        }
    }

    [Test]
    public void TryParse_UnknownName_ErrorListsTheAcceptedNames()
    {
        ApprovalAnswer.TryParse(Parse("\"yes\""), out var error);

        Assert.That(error, Does.Contain("approved").And.Contain("approved_for_session").And.Contain("denied").And.Contain("abort"));
    }

    [Test]
    public void Serialize_Answer_IsTheCodexDecisionObject()
    {
        var json = JsonSerializer.Serialize(new ApprovalAnswer(ReviewDecision.ApprovedForSession), ProtocolJsonContext.Default.ApprovalAnswer);

        Assert.That(json, Is.EqualTo("""{"decision":"approved_for_session"}"""));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
