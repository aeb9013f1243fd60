using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Core.Knowledge;
using Rapport.Server.Tests.Mail;

namespace Rapport.Server.Tests.ServiceDesk;

/// <summary>Customers reach the desk without an account: a public case form files a case with the form's defaults for
/// the customer the visitor's email belongs to and emails a portal link; the portal shows the case and its public
/// conversation (never internal notes), takes replies and, once resolved, a rating; an altered or expired link shows
/// the "expired" page, from which a fresh link can be emailed.</summary>
public abstract partial class CasePortalTests(MailApp app)
{
    private HttpClient Visitor(string? language = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    /// <summary>A fresh token each time: tokens expire by the app's clock, which one test moves a month on.</summary>
    private async Task<HttpClient> AdminAsync() => app.ClientWithToken(await app.CreateTokenAsync("admin"));

    private static FormUrlEncodedContent Fields(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldBeAsync(expected);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private async Task<List<OutboxMessage>> OutboxToAsync(string email) =>
        await app.WithAsync(sp => sp.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.To.Contains(email)).OrderBy(m => m.Id).ToListAsync(Ct));

    [GeneratedRegex(@"/portal/([A-Za-z0-9_-]+)")]
    private static partial Regex PortalLink();

    private static string TokenIn(OutboxMessage mail) => PortalLink().Match(mail.TextBody) is { Success: true } m ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException("No portal link in: " + mail.TextBody);

    private async Task<CaseDto> CaseNumberedAsync(HttpClient admin, string number)
    {
        var item = Assert.Single((await admin.GetPageAsync<CaseListItem>($"/api/v1/cases?q={Uri.EscapeDataString(number)}&sort=created")).Items);
        return await (await admin.GetAsync($"/api/v1/cases/{item.Id}", Ct)).ReadAsync<CaseDto>();
    }

    /// <summary>Files a case through a fresh form as a stranger; answers the case and the portal token emailed for it.</summary>
    private async Task<(HttpClient Admin, CaseDto Case, string Email, string Token)> FiledAsync()
    {
        var admin = await AdminAsync();
        var form = await admin.PostCreatedAsync<CaseFormDto>("/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
        var email = $"visitor.{Unique()}@example.com";
        var html = await HtmlAsync(await Visitor().PostAsync($"/support/{form.Token}", Fields(("name", "Ana Visitor"), ("email", email), ("phone", ""), ("country", "China"), ("city", "Shanghai"),
            ("subject", "Printer jams " + Unique()), ("description", "Every morning."), ("website", ""), ("action", "file")), Ct), HttpStatusCode.OK);
        var number = Regex.Match(html, @"data-testid=""case-filed"">[^<]*?(CS-\d{4}-\d+)").Groups[1].Value;
        var c = await CaseNumberedAsync(admin, number);
        return (admin, c, email, TokenIn(Assert.Single(await OutboxToAsync(email))));
    }

    [Fact]
    public async Task A_visitor_files_a_case_with_the_forms_defaults_for_their_contact_and_the_portal_link_reaches_them()
    {
        await using var receiver = SmtpReceiver.Start();
        var admin = await AdminAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/mail/smtp", new SmtpSettingsInput("127.0.0.1", receiver.Port, MailSecurity.None, null, null,
            "desk@rapport.example.com", "Rapport Desk"))).ShouldBeAsync(HttpStatusCode.OK);
        var category = await admin.PostCreatedAsync<CaseCategoryDto>("/api/v1/case-categories", new CaseCategoryInput("Hardware " + Unique()));
        var form = await admin.PostCreatedAsync<CaseFormDto>("/api/v1/case-forms",
            new CaseFormInput("Support " + Unique(), CaseType.Incident, category.Id, CasePriority.High));
        var company = await admin.CreateAsync(CustomerSamples.Valid());
        var email = $"li.lei.{Unique()}@example.com";
        var contact = await admin.PostCreatedAsync<ContactDto>($"/api/v1/customers/{company.Id}/contacts", new ContactInput { Name = "Li Lei", Emails = [email] });

        var visitor = Visitor();
        var page = await HtmlAsync(await visitor.GetAsync($"/support/{form.Token}", Ct), HttpStatusCode.OK);
        Assert.Contains(WebUtility.HtmlEncode(form.Name), page, StringComparison.Ordinal);
        Assert.Contains("name=\"website\"", page, StringComparison.Ordinal);
        var subject = "Printer jams " + Unique();
        var thanks = await HtmlAsync(await visitor.PostAsync($"/support/{form.Token}", Fields(("name", "Li Lei"), ("email", email.ToUpperInvariant()),
            ("phone", ""), ("subject", subject), ("description", "Every morning at nine."), ("website", ""), ("action", "file")), Ct), HttpStatusCode.OK);

        var c = await CaseNumberedAsync(admin, subject);
        Assert.Contains(c.Number, thanks, StringComparison.Ordinal);
        Assert.Contains("emailed you a link", thanks, StringComparison.Ordinal);
        Assert.Equal((CaseChannel.WebForm, CaseType.Incident, CasePriority.High, (Guid?)category.Id, company.Id, (Guid?)contact.Id, CaseStatus.New, "Every morning at nine."),
            (c.Channel, c.Type, c.Priority, c.CategoryId, c.CustomerId, c.ContactId, c.Status, c.Description));
        var forms = await admin.GetFromJsonAsync<List<CaseFormDto>>("/api/v1/case-forms", Json.Options, Ct);
        Assert.Equal(1, forms!.Single(f => f.Id == form.Id).SubmissionCount);

        var mail = Assert.Single(await OutboxToAsync(email));
        Assert.Equal((CasePortalService.MailPurpose, $"case:{c.Id}"), (mail.Purpose, mail.Correlation));
        await app.SendDueAsync();
        var got = Assert.Single(receiver.Received, m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.StartsWith($"[#{c.Number}]", got.Subject, StringComparison.Ordinal);
        var portal = await HtmlAsync(await visitor.GetAsync($"/portal/{PortalLink().Match(got.TextBody ?? "").Groups[1].Value}", Ct), HttpStatusCode.OK);
        Assert.Contains(c.Number, portal, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"portal-status\">New<", portal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_becomes_a_new_customer_and_the_json_endpoint_files_alike()
    {
        var admin = await AdminAsync();
        var form = await admin.PostCreatedAsync<CaseFormDto>("/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
        var email = $"stranger.{Unique()}@example.com";
        var subject = "Refund missing " + Unique();
        // A new customer needs an address: a visitor nobody knows says where they are.
        var nowhere = await Visitor().PostAsJsonAsync($"/api/v1/public/case-forms/{form.Token}",
            new CaseFormSubmission { Name = "Wang Fang", Email = email, Subject = subject }, Json.Options, Ct);
        Assert.Contains("Validation.Required", (await nowhere.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("city"));
        var response = await Visitor().PostAsJsonAsync($"/api/v1/public/case-forms/{form.Token}",
            new CaseFormSubmission { Name = "Wang Fang", Email = email, Subject = subject, Description = "Order 42", Country = "China", City = "Beijing" }, Json.Options, Ct);
        await response.ShouldBeAsync(HttpStatusCode.Accepted);

        var c = await CaseNumberedAsync(admin, subject);
        var customer = await (await admin.GetAsync($"/api/v1/customers/{c.CustomerId}", Ct)).ReadAsync<CustomerDto>();
        Assert.Equal(("Wang Fang", CustomerKind.Individual, (Guid?)null, CaseChannel.WebForm), (customer.Name, customer.Kind, c.ContactId, c.Channel));
        Assert.Single(await OutboxToAsync(email));
    }

    [Fact]
    public async Task A_filled_honeypot_files_nothing_and_unknown_or_inactive_forms_are_not_found()
    {
        var admin = await AdminAsync();
        var form = await admin.PostCreatedAsync<CaseFormDto>("/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
        var visitor = Visitor();
        var email = $"bot.{Unique()}@example.com";
        var subject = "Cheap watches " + Unique();
        await HtmlAsync(await visitor.PostAsync($"/support/{form.Token}", Fields(("name", "Bot"), ("email", email), ("subject", subject),
            ("description", "spam"), ("website", "http://spam.example.com"), ("action", "file")), Ct), HttpStatusCode.OK);
        Assert.Empty((await admin.GetPageAsync<CaseListItem>($"/api/v1/cases?q={Uri.EscapeDataString(subject)}")).Items);
        Assert.Empty(await OutboxToAsync(email));

        await HtmlAsync(await visitor.GetAsync("/support/no-such-form", Ct), HttpStatusCode.NotFound);
        await HtmlAsync(await visitor.PostAsync("/support/no-such-form", Fields(("name", "A"), ("email", email), ("subject", "S")), Ct), HttpStatusCode.NotFound);
        await (await visitor.PostAsJsonAsync("/api/v1/public/case-forms/no-such-form", new CaseFormSubmission { Name = "A", Email = email, Subject = "S" }, Json.Options, Ct))
            .ShouldBeAsync(HttpStatusCode.NotFound);

        await (await admin.PutJsonAsync($"/api/v1/case-forms/{form.Id}", form.ToInput() with { Active = false })).ShouldBeAsync(HttpStatusCode.OK);
        await HtmlAsync(await visitor.GetAsync($"/support/{form.Token}", Ct), HttpStatusCode.NotFound);
        await HtmlAsync(await visitor.PostAsync($"/support/{form.Token}", Fields(("name", "A"), ("email", email), ("subject", subject), ("website", "")), Ct),
            HttpStatusCode.NotFound);
        Assert.Empty((await admin.GetPageAsync<CaseListItem>($"/api/v1/cases?q={Uri.EscapeDataString(subject)}")).Items);
    }

    [Fact]
    public async Task Mistakes_show_on_the_form_in_the_visitors_language_and_keep_what_was_typed()
    {
        var admin = await AdminAsync();
        var form = await admin.PostCreatedAsync<CaseFormDto>("/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
        var html = await HtmlAsync(await Visitor("zh-CN").PostAsync($"/support/{form.Token}", Fields(("name", "李雷"), ("email", "not-an-address"),
            ("subject", ""), ("description", "打印机卡纸"), ("website", ""), ("action", "file")), Ct), HttpStatusCode.BadRequest);
        Assert.Contains("不是有效的电子邮箱地址。", html, StringComparison.Ordinal);
        Assert.Contains("此字段为必填项。", html, StringComparison.Ordinal);
        Assert.Contains("打印机卡纸", html, StringComparison.Ordinal);
        Assert.Contains("提交工单", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_suggests_public_articles_before_filing_and_the_help_centre_sends_an_unanswered_question_to_the_form()
    {
        var admin = await AdminAsync();
        var word = "zq" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8).ToArray());
        var created = await admin.PostCreatedAsync<ArticleDto>("/api/v1/articles", new ArticleInput
        {
            Title = $"Replacing the printer drum {word}", Body = $"Open the front cover and pull the drum {word} out.", Language = "en",
            Visibility = ArticleVisibility.Public,
        });
        await (await admin.PostAsync($"/api/v1/articles/{created.Id}/publish", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var form = await admin.PostCreatedAsync<CaseFormDto>("/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
        var email = $"asker.{Unique()}@example.com";

        var visitor = Visitor();
        var asked = await HtmlAsync(await visitor.PostAsync($"/support/{form.Token}", Fields(("name", "Ana"), ("email", email), ("subject", $"printer drum {word}"),
            ("description", $"How do I replace the drum {word}?"), ("website", ""), ("action", "ask")), Ct), HttpStatusCode.OK);
        Assert.Contains($"href=\"/help/{created.Slug}\"", asked, StringComparison.Ordinal);
        Assert.Contains($"value=\"printer drum {word}\"", asked, StringComparison.Ordinal);
        Assert.Contains($"How do I replace the drum {word}?", asked, StringComparison.Ordinal);
        Assert.Empty(await OutboxToAsync(email));

        var help = await HtmlAsync(await visitor.GetAsync($"/help?ask=quantum+teapot+{Unique()}+{word}x", Ct), HttpStatusCode.OK);
        var contact = WebUtility.HtmlDecode(Regex.Match(help, "href=\"(/support/[^\"]+)\" data-testid=\"help-contact\"").Groups[1].Value);
        Assert.Contains("subject=quantum%20teapot", contact, StringComparison.Ordinal);
        var prefilled = await HtmlAsync(await visitor.GetAsync(contact, Ct), HttpStatusCode.OK);
        Assert.Contains("value=\"quantum teapot", prefilled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_shows_the_public_conversation_never_internal_notes_and_each_reply_email_carries_a_fresh_link()
    {
        var (admin, c, email, token) = await FiledAsync();
        await (await admin.PostJsonAsync($"/api/v1/cases/{c.Id}/messages", new CaseMessageInput(CaseMessageKind.PublicReply, "A technician comes tomorrow.")))
            .ShouldBeAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/v1/cases/{c.Id}/messages", new CaseMessageInput(CaseMessageKind.InternalNote, "Customer is on the cheap plan.")))
            .ShouldBeAsync(HttpStatusCode.Created);

        var html = await HtmlAsync(await Visitor().GetAsync($"/portal/{token}", Ct), HttpStatusCode.OK);
        Assert.Contains("A technician comes tomorrow.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cheap plan", html, StringComparison.Ordinal);
        Assert.Contains("Every morning.", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(c.Subject), html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"portal-status\">Open<", html, StringComparison.Ordinal);

        var reply = Assert.Single(await OutboxToAsync(email), m => m.Purpose == CaseMailReplySender.Purpose);
        Assert.Contains("A technician comes tomorrow.", reply.TextBody, StringComparison.Ordinal);
        var fresh = TokenIn(reply);
        Assert.NotEqual(token, fresh);
        await HtmlAsync(await Visitor().GetAsync($"/portal/{fresh}", Ct), HttpStatusCode.OK);
    }

    [Fact]
    public async Task On_the_portal_find_answers_suggests_public_articles_keeps_the_typed_reply_and_sends_nothing()
    {
        var (admin, c, _, token) = await FiledAsync();
        var word = "zp" + new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8).ToArray());
        var article = await admin.PostCreatedAsync<ArticleDto>("/api/v1/articles", new ArticleInput
        {
            Title = $"Clearing a paper jam {word}", Body = $"Lift the tray and take the sheet {word} out.", Language = "en",
            Visibility = ArticleVisibility.Public,
        });
        await (await admin.PostAsync($"/api/v1/articles/{article.Id}/publish", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var asked = await HtmlAsync(await Visitor().PostAsync($"/portal/{token}/reply", Fields(("body", $"paper jam {word} again"), ("action", "ask")), Ct),
            HttpStatusCode.OK);

        Assert.Contains("data-testid=\"portal-answers\"", asked, StringComparison.Ordinal);
        Assert.Contains($"href=\"/help/{article.Slug}\"", asked, StringComparison.Ordinal);
        Assert.Contains($"paper jam {word} again", asked, StringComparison.Ordinal);
        var messages = await (await admin.GetAsync($"/api/v1/cases/{c.Id}/messages", Ct)).ReadAsync<Page<CaseMessageDto>>();
        Assert.DoesNotContain(messages.Items, m => m.Body.Contains(word, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_through_the_portal_adds_a_customer_message_and_reopens_a_resolved_case()
    {
        var (admin, c, email, token) = await FiledAsync();
        await (await admin.PostJsonAsync($"/api/v1/cases/{c.Id}/resolve", new CaseResolveInput("Replaced the drum"))).ShouldBeAsync(HttpStatusCode.OK);

        var visitor = Visitor();
        var posted = await visitor.PostAsync($"/portal/{token}/reply", Fields(("body", "It jams again.")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/portal/{token}?done=reply", posted.Headers.Location!.OriginalString);

        var after = await (await admin.GetAsync($"/api/v1/cases/{c.Id}", Ct)).ReadAsync<CaseDto>();
        Assert.Equal(CaseStatus.Open, after.Status);
        var messages = (await admin.GetPageAsync<CaseMessageDto>($"/api/v1/cases/{c.Id}/messages")).Items;
        var message = Assert.Single(messages);
        Assert.Equal((CaseMessageKind.CustomerMessage, "It jams again.", email), (message.Kind, message.Body, message.FromAddress));
        Assert.Contains("It jams again.", await HtmlAsync(await visitor.GetAsync($"/portal/{token}", Ct), HttpStatusCode.OK), StringComparison.Ordinal);

        var empty = await HtmlAsync(await visitor.PostAsync($"/portal/{token}/reply", Fields(("body", "  ")), Ct), HttpStatusCode.BadRequest);
        Assert.Contains("This field is required.", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rating_is_refused_while_the_case_is_worked_and_stored_and_shown_once_resolved()
    {
        var (admin, c, _, token) = await FiledAsync();
        var visitor = Visitor();
        Assert.DoesNotContain("portal-rate", await HtmlAsync(await visitor.GetAsync($"/portal/{token}", Ct), HttpStatusCode.OK), StringComparison.Ordinal);
        var early = await HtmlAsync(await visitor.PostAsync($"/portal/{token}/rate", Fields(("rating", "5"), ("comment", "")), Ct), HttpStatusCode.BadRequest);
        Assert.Contains("once it is resolved or closed", early, StringComparison.Ordinal);
        Assert.Null((await (await admin.GetAsync($"/api/v1/cases/{c.Id}", Ct)).ReadAsync<CaseDto>()).Rating);

        await (await admin.PostJsonAsync($"/api/v1/cases/{c.Id}/resolve", new CaseResolveInput("Replaced the drum"))).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Contains("portal-rate", await HtmlAsync(await visitor.GetAsync($"/portal/{token}", Ct), HttpStatusCode.OK), StringComparison.Ordinal);
        await HtmlAsync(await visitor.PostAsync($"/portal/{token}/rate", Fields(("rating", "9"), ("comment", "")), Ct), HttpStatusCode.BadRequest);
        var rated = await visitor.PostAsync($"/portal/{token}/rate", Fields(("rating", "4"), ("comment", "Quick, thanks")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);

        var after = await (await admin.GetAsync($"/api/v1/cases/{c.Id}", Ct)).ReadAsync<CaseDto>();
        Assert.Equal((4, "Quick, thanks"), (after.Rating!.Stars, after.Rating.Comment));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, after.Rating.At, TimeSpan.FromMilliseconds(1));
        var audit = await admin.GetPageAsync<System.Text.Json.Nodes.JsonObject>($"/api/v1/audit?entityType=case&entityId={c.Id}");
        Assert.Contains(audit.Items, e => e["changes"]?.ToString().Contains("ratingComment", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Altered_and_expired_links_show_the_expired_page_which_emails_a_fresh_link_only_to_the_cases_address()
    {
        var (_, c, email, token) = await FiledAsync();
        var visitor = Visitor();
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var page = await HtmlAsync(await visitor.GetAsync($"/portal/{altered}", Ct), HttpStatusCode.NotFound);
        Assert.Contains("portal-expired", page, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Number, page, StringComparison.Ordinal);
        await HtmlAsync(await visitor.GetAsync("/portal/not-a-token", Ct), HttpStatusCode.NotFound);
        await HtmlAsync(await visitor.PostAsync($"/portal/{altered}/reply", Fields(("body", "Hello?")), Ct), HttpStatusCode.NotFound);

        await HtmlAsync(await visitor.GetAsync($"/portal/{token}", Ct), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var expired = await HtmlAsync(await visitor.GetAsync($"/portal/{token}", Ct), HttpStatusCode.NotFound);
        Assert.Contains("This link has expired", expired, StringComparison.Ordinal);
        await HtmlAsync(await visitor.PostAsync($"/portal/{token}/reply", Fields(("body", "Hello?")), Ct), HttpStatusCode.NotFound);

        var wrong = await HtmlAsync(await visitor.PostAsync("/portal/link", Fields(("number", c.Number), ("email", "someone.else@example.com")), Ct), HttpStatusCode.OK);
        var unknown = await HtmlAsync(await visitor.PostAsync("/portal/link", Fields(("number", "CS-1999-99999"), ("email", email)), Ct), HttpStatusCode.OK);
        var right = await HtmlAsync(await visitor.PostAsync("/portal/link", Fields(("number", c.Number), ("email", email.ToUpperInvariant())), Ct), HttpStatusCode.OK);
        Assert.Equal(wrong, right);
        Assert.Equal(unknown, right);
        var mails = await OutboxToAsync(email);
        Assert.Equal(2, mails.Count(m => m.Purpose == CasePortalService.MailPurpose));
        await HtmlAsync(await visitor.GetAsync($"/portal/{TokenIn(mails[^1])}", Ct), HttpStatusCode.OK);
    }
}

public sealed class CasePortalOnSqlite(MailSqliteApp app) : CasePortalTests(app), IClassFixture<MailSqliteApp>;

public sealed class CasePortalOnPostgres(MailPostgresApp app) : CasePortalTests(app), IClassFixture<MailPostgresApp>;
