using Rapport.Core.Knowledge;
using Rapport.Core.ServiceDesk;
using Rapport.Server.ServiceDesk;

namespace Rapport.Components.Tests.ServiceDesk;

/// <summary>The case page's conversation: newest first, internal notes set apart, and the composer that sends a
/// reply or a note and starts from a macro.</summary>
public class CaseConversationTests : UiContext
{
    private static readonly Guid CaseId = Guid.NewGuid();
    private static readonly DateTime At = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    private static CaseMessageDto Message(CaseMessageKind kind, string body, int minutes, Guid? caseId = null, string number = "CS-2026-00001") =>
        new(Guid.CreateVersion7(), caseId ?? CaseId, number, kind, body, kind == CaseMessageKind.CustomerMessage ? null : Guid.NewGuid(),
            kind == CaseMessageKind.CustomerMessage ? null : "Wang Fang", kind == CaseMessageKind.CustomerMessage ? "li@example.com" : null,
            At.AddMinutes(minutes), DeliveryState.None, []);

    [Fact]
    public void The_conversation_shows_the_newest_first_and_marks_internal_notes_and_merged_messages()
    {
        var messages = new[]
        {
            Message(CaseMessageKind.CustomerMessage, "The printer jams.", 0),
            Message(CaseMessageKind.InternalNote, "Roller worn, order a new one.", 10),
            Message(CaseMessageKind.PublicReply, "A technician comes tomorrow.", 20),
            Message(CaseMessageKind.CustomerMessage, "Same here!", 5, Guid.NewGuid(), "CS-2026-00002"),
        };
        var cut = RenderWithPopovers<CaseConversation>(p => p.Add(c => c.CaseId, CaseId).Add(c => c.Messages, messages));

        var shown = cut.FindAll("[data-testid=message]");
        Assert.Equal(["A technician comes tomorrow.", "Roller worn, order a new one.", "Same here!", "The printer jams."],
            shown.Select(m => m.QuerySelector("div[style*=pre-wrap]")!.TextContent));
        Assert.Equal("InternalNote", shown[1].GetAttribute("data-kind"));
        Assert.Contains("case-message-internalnote", shown[1].ClassName, StringComparison.Ordinal);
        Assert.Contains("Internal note", shown[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("From CS-2026-00002", shown[2].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=composer]"));
    }

    [Fact]
    public async Task The_composer_sends_an_internal_note_and_empties_and_a_macro_fills_it()
    {
        CaseMessageInput? sent = null;
        var macro = new MacroDto(Guid.NewGuid(), "Thanks", "Dear {{ customer.name }}", "en", true, 1);
        var cut = RenderWithPopovers<CaseConversation>(p => p.Add(c => c.CaseId, CaseId).Add(c => c.Messages, Array.Empty<CaseMessageDto>())
            .Add(c => c.CanReply, true).Add(c => c.Macros, new[] { macro })
            .Add(c => c.OnSend, input => { sent = input; return Task.FromResult(true); })
            .Add(c => c.RenderMacro, id => Task.FromResult<string?>(id == macro.Id ? "Dear Acme Ltd" : null)));
        Assert.Contains("No messages yet", cut.Markup, StringComparison.Ordinal);

        var picker = cut.FindComponents<MudSelect<Guid?>>().Single();
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(macro.Id));
        Assert.Equal("Dear Acme Ltd", cut.Find("#case-reply-body").GetAttribute("value") ?? cut.Find("#case-reply-body").TextContent);

        cut.Find("[data-testid=kind-note]").Click();
        cut.Find("#case-reply-body").Input("Dear Acme Ltd — checked the logs.");
        cut.Find("[data-testid=send-message]").Click();

        Assert.Equal(new CaseMessageInput(CaseMessageKind.InternalNote, "Dear Acme Ltd — checked the logs."), sent);
        cut.WaitForAssertion(() => Assert.True(string.IsNullOrEmpty(cut.Find("#case-reply-body").GetAttribute("value"))));
    }

    [Fact]
    public void Beside_the_composer_articles_are_suggested_for_the_case_and_inserting_one_fills_the_reply_in_one_click()
    {
        var asked = new List<(string Text, string? Language)>();
        var votes = new List<ArticleFeedbackInput>();
        var reset = new ArticleSuggestion(Guid.NewGuid(), "Reset your password", "reset-password", "Use the link on the sign-in page.", "en", ArticleVisibility.Public, 2);
        var runbook = new ArticleSuggestion(Guid.NewGuid(), "Unlock an account", "unlock", null, "en", ArticleVisibility.Internal, 1);
        var cut = RenderWithPopovers<CaseConversation>(p => p.Add(c => c.CaseId, CaseId).Add(c => c.Messages, Array.Empty<CaseMessageDto>())
            .Add(c => c.CanReply, true)
            .Add(c => c.SuggestFor, "Locked out\nCannot sign in after the reset")
            .Add(c => c.SuggestLanguage, "en")
            .Add(c => c.SuggestionSource, (text, language, _) =>
            {
                asked.Add((text, language));
                return Task.FromResult<IReadOnlyList<ArticleSuggestion>>([reset, runbook]);
            })
            .Add(c => c.SuggestionVote, (_, input, _) =>
            {
                votes.Add(input);
                return Task.CompletedTask;
            })
            .Add(c => c.ArticleText, a => Task.FromResult<string?>(a.Id == runbook.Id ? "1. Open Users. 2. Press Unlock." : null)));

        Assert.Equal(("Locked out\nCannot sign in after the reset", (string?)"en"), Assert.Single(asked));
        cut.FindAll("[data-testid=insert-suggestion]")[0].Click();
        Assert.Equal("Reset your password: Use the link on the sign-in page.\nhttp://localhost/help/reset-password", Body(cut));

        cut.FindAll("[data-testid=insert-suggestion]")[1].Click();
        Assert.EndsWith("/help/reset-password\n\n1. Open Users. 2. Press Unlock.", Body(cut), StringComparison.Ordinal);

        cut.FindAll("[data-testid=helpful-suggestion]")[1].Click();
        Assert.Equal(CaseId, Assert.Single(votes).CaseId);
    }

    private static string Body(IRenderedComponent<CaseConversation> cut) =>
        cut.Find("#case-reply-body").GetAttribute("value") ?? cut.Find("#case-reply-body").TextContent;
}

public class CaseConversationInChineseTests() : UiContext("zh-CN")
{
    [Fact]
    public void The_composer_speaks_chinese()
    {
        var cut = RenderWithPopovers<CaseConversation>(p => p.Add(c => c.CaseId, Guid.NewGuid()).Add(c => c.Messages, Array.Empty<CaseMessageDto>()).Add(c => c.CanReply, true));
        Assert.Contains("回复客户", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("内部备注", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("发送", cut.Markup, StringComparison.Ordinal);
    }
}
