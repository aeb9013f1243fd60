using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Privacy.Requests;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>
/// One HTTP rule for every module (docs/api-guide.md): a response carrying one versioned record has
/// <c>ETag: "&lt;version&gt;"</c>; every PUT, DELETE and POST action on a versioned record honours If-Match (stale →
/// 412 with the current version and nothing changed; current → 2xx with the new ETag; none → allowed). The endpoints
/// it applies to are read from the app's <see cref="EndpointDataSource"/>, so a new one that returns or changes a
/// versioned record fails <see cref="Every_versioned_endpoint_is_held_to_the_rule"/> until it is listed here.
/// </summary>
public abstract partial class ETagRuleTests(RapportApp app)
{
    /// <summary>A write on an existing record: where the record is read back, and the request (made afresh per send).</summary>
    /// <param name="MovesOnInBackground">The write starts work that changes the record again after the response (a
    /// campaign's winner is sent to the rest of the audience), so a later read may carry a newer version.</param>
    private sealed record Write(string ReadUrl, Func<HttpRequestMessage> Request, bool ChangesRecord = true, bool MovesOnInBackground = false);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: Json.Options) };

    // ---- the records ----------------------------------------------------------------------------------------------

    private static async Task<T> CreatedAsync<T>(HttpClient admin, string url, object body)
    {
        var response = await admin.PostJsonAsync(url, body);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<T>();
    }

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<T>();
    }

    private static Task<ContactDto> ContactAsync(HttpClient admin, Guid customerId) =>
        CreatedAsync<ContactDto>(admin, $"{CustomersUrl}/{customerId}/contacts", new ContactInput { Name = "Li Lei " + Unique() });

    private static Task<InteractionDto> InteractionAsync(HttpClient admin, Guid customerId) =>
        CreatedAsync<InteractionDto>(admin, $"{CustomersUrl}/{customerId}/interactions", new InteractionInput { Kind = InteractionKind.Call, Subject = "Checked in" });

    private static LeadInput LeadSample() => new()
    {
        Name = "王芳",
        Company = "ETag Co " + Unique(),
        Email = $"lead.{Unique()}@example.com",
        Country = "China",
        City = "Shanghai",
        Source = "Website",
    };

    private static CampaignContentInput CampaignContent(int variants) =>
        new([.. Enumerable.Range(0, variants).Select(i => new CampaignVariantInput($"News {i} for {{{{ customer.name }}}}", "Hello", "<p>Hello</p>"))]);

    /// <summary>A draft journey (one wait step) whose audience is a new campaign's members; activated when asked.</summary>
    private static async Task<Rapport.Core.Marketing.Journeys.JourneyDto> JourneyAsync(HttpClient admin, bool activate = false)
    {
        var campaign = await CreatedAsync<CampaignDto>(admin, "/api/v1/campaigns", new CampaignInput("Audience " + Unique()));
        var j = await CreatedAsync<Rapport.Core.Marketing.Journeys.JourneyDto>(admin, "/api/v1/journeys", JourneySample(campaign.Id));
        return activate ? await OkAsync<Rapport.Core.Marketing.Journeys.JourneyDto>(await admin.PostAsync($"/api/v1/journeys/{j.Id}/activate", null, Ct)) : j;
    }

    private static Rapport.Core.Marketing.Journeys.JourneyInput JourneySample(Guid? campaignId = null) =>
        new("Journey " + Unique(), CampaignId: campaignId, Steps: [new(Rapport.Core.Marketing.Journeys.JourneyStepKind.Wait, WaitHours: 24)]);

    /// <summary>A campaign with content; with a member (a customer who consented to marketing email), and sent (an A/B
    /// test of half the members when it has two variants).</summary>
    private static async Task<CampaignDto> CampaignAsync(HttpClient admin, bool withMember = false, bool send = false, int variants = 1)
    {
        var c = await CreatedAsync<CampaignDto>(admin, "/api/v1/campaigns", new CampaignInput("Campaign " + Unique(), TestSharePercent: variants > 1 ? 50 : 0));
        c = await OkAsync<CampaignDto>(await admin.PostJsonAsync($"/api/v1/campaigns/{c.Id}/content", CampaignContent(variants)));
        if (!withMember) return c;
        for (var i = 0; i < variants; i++)
        {
            var email = $"etag{Unique()}@example.com";
            var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Emails = [email], Phones = null });
            await CreatedAsync<Rapport.Core.Privacy.ConsentEntryDto>(admin, $"{CustomersUrl}/{customer.Id}/consents",
                new Rapport.Core.Privacy.ConsentInput(Rapport.Core.Privacy.ConsentPurpose.MarketingEmail, true, Address: email));
            await OkAsync<AddMembersResult>(await admin.PostJsonAsync($"/api/v1/campaigns/{c.Id}/members", new AddMembersInput(CustomerIds: [customer.Id])));
        }
        return send ? await OkAsync<CampaignDto>(await admin.PostAsync($"/api/v1/campaigns/{c.Id}/send", null, Ct)) : c;
    }

    private static Rapport.Core.Imports.ImportTemplateInput TemplateSample() =>
        new("ETag " + Unique(), [new("Name", "name"), new($"ETag column {Unique()}", null)]);
    /// <summary>Waits (checking often, up to two minutes: a wake-up may go to another test host, then the job's minute
    /// schedule runs it) until the campaigns job has queued a sent campaign and it is running.</summary>
    private static async Task QueuedAsync(HttpClient admin, string url)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await admin.GetFromJsonAsync<CampaignDto>(url, Json.Options, Ct))!.Status == CampaignStatus.Sending)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The campaigns job did not queue the campaign.");
            await Task.Delay(100, Ct);
        }
    }

    private static MailboxInput MailboxSample() => new("Desk " + Unique(), "127.0.0.1", 1, MailSecurity.None, "desk", "pw", Active: false);

    private static Rapport.Core.Access.RoleInput RoleSample() => new("Role " + Unique(), null, false, [Rapport.Core.Access.Permissions.CustomersRead], null);

    private static Task<LeadDto> LeadAsync(HttpClient admin) => CreatedAsync<LeadDto>(admin, "/api/v1/leads?confirmDuplicate=true", LeadSample());

    private static async Task<OpportunityDto> DealAsync(HttpClient admin)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        return await CreatedAsync<OpportunityDto>(admin, "/api/v1/opportunities",
            new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, Amount = 1000m, ExpectedCloseDate = Today.AddDays(60) });
    }

    private static QuoteInput QuoteSample() => new(Today.AddDays(30), "Thanks", [new QuoteLineInput(null, "Consulting day", 2, 800m, 10, 6, "day")]);

    private static async Task<QuoteDto> QuoteAsync(HttpClient admin, bool sent = false)
    {
        var deal = await DealAsync(admin);
        var quote = await CreatedAsync<QuoteDto>(admin, $"/api/v1/opportunities/{deal.Id}/quotes", QuoteSample());
        return sent ? await OkAsync<QuoteDto>(await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)) : quote;
    }

    private static async Task<InvoiceDto> InvoiceAsync(HttpClient admin)
    {
        var quote = await QuoteAsync(admin, sent: true);
        var accepted = await OkAsync<QuoteDto>(await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput()));
        return await CreatedAsync<InvoiceDto>(admin, $"/api/v1/orders/{accepted.OrderId}/invoices", new InvoiceInput(Amount: 100));
    }

    private static ContractInput ContractSample(Guid customerId) =>
        new(customerId, "Support " + Unique(), 1000, "CNY", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), null, null, 30);

    /// <summary>A contract moved along by the actions named (draft when none).</summary>
    private static async Task<ContractDto> ContractAsync(HttpClient admin, params string[] actions)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contract = await CreatedAsync<ContractDto>(admin, "/api/v1/contracts", ContractSample(customer.Id));
        foreach (var action in actions)
            contract = await OkAsync<ContractDto>(await admin.PostJsonAsync($"/api/v1/contracts/{contract.Id}/{action}", new ContractEndInput("Plant closed")));
        return contract;
    }

    private static Rapport.Core.Reports.ReportInput ReportSample() =>
        new("Report " + Unique(), "Sales", new Rapport.Core.Reports.ReportDefinition("opportunities", [new("stage")]));

    private static Rapport.Core.Marketing.Segments.SegmentInput SegmentSample() =>
        new("Segment " + Unique(), Rule: Rapport.Core.Marketing.Segments.SegmentRule.When("tier", "eq", "high"));

    private static Task<Rapport.Core.Marketing.Segments.SegmentDto> SegmentAsync(HttpClient admin) =>
        CreatedAsync<Rapport.Core.Marketing.Segments.SegmentDto>(admin, "/api/v1/segments", SegmentSample());

    private static Task<Rapport.Core.Reports.ReportDto> ReportAsync(HttpClient admin) =>
        CreatedAsync<Rapport.Core.Reports.ReportDto>(admin, "/api/v1/reports", ReportSample());

    private static Rapport.Core.Reports.ReportScheduleInput ScheduleSample(Guid recipient) =>
        new("0 8 * * *", "UTC", Rapport.Core.Reports.ReportFileFormat.Pdf, [recipient]);

    private static Rapport.Core.Dashboards.DashboardInput DashboardSample() =>
        new("Dashboard " + Unique(), [new(Guid.NewGuid(), null, Rapport.Core.Dashboards.WidgetKind.Bar, Rapport.Core.Reports.StandardReports.All[0].Id)]);

    private static Task<Rapport.Core.Dashboards.DashboardDto> DashboardAsync(HttpClient admin) =>
        CreatedAsync<Rapport.Core.Dashboards.DashboardDto>(admin, "/api/v1/dashboards", DashboardSample());

    private static Rapport.Core.Reports.AnalysisDocumentInput AnalysisSample() =>
        new("Analysis " + Unique(), "Summary", Reports: [Rapport.Core.Reports.StandardReports.All[0].Id]);

    private static Task<Rapport.Core.Reports.AnalysisDocumentDto> AnalysisAsync(HttpClient admin) =>
        CreatedAsync<Rapport.Core.Reports.AnalysisDocumentDto>(admin, "/api/v1/reports/analyses", AnalysisSample());

    private static Rapport.Core.Knowledge.ArticleInput ArticleSample() =>
        new() { Title = "Reset a password " + Unique(), Body = "Open *Account security*.", Language = "en" };

    private static Rapport.Core.Knowledge.ArticleCategoryInput CategorySample() => new("Accounts " + Unique(), "账户 " + Unique());

    private static Task<Rapport.Core.Knowledge.ArticleDto> ArticleAsync(HttpClient admin) =>
        CreatedAsync<Rapport.Core.Knowledge.ArticleDto>(admin, "/api/v1/articles", ArticleSample());

    /// <summary>One customer merged into another.</summary>
    private static async Task<Rapport.Core.Quality.CustomerMergeDto> MergeAsync(HttpClient admin)
    {
        var survivor = await admin.CreateAsync(CustomerSamples.Valid());
        var loser = await admin.CreateAsync(CustomerSamples.Valid());
        return await OkAsync<Rapport.Core.Quality.CustomerMergeDto>(await admin.PostJsonAsync($"{CustomersUrl}/{survivor.Id}/merge", new Rapport.Core.Quality.MergeInput(loser.Id)));
    }

    private const string CasesUrl = "/api/v1/cases";

    /// <summary>A case moved along by the actions named (new when none).</summary>
    private static async Task<CaseDto> CaseAsync(HttpClient admin, params string[] actions)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var c = await CreatedAsync<CaseDto>(admin, CasesUrl, new CaseInput(customer.Id, "Invoice is wrong " + Unique()));
        foreach (var action in actions)
            c = await OkAsync<CaseDto>(await admin.PostJsonAsync($"{CasesUrl}/{c.Id}/{action}", new CaseResolveInput("Credited")));
        return c;
    }

    /// <summary>A write on a case at <c>/cases/{id}/{action}</c> (the case moved along by <paramref name="before"/> first).</summary>
    private static Func<HttpClient, Task<Write>> CaseAction(string action, object? body = null, params string[] before) => async a =>
    {
        var c = await CaseAsync(a, before);
        return new($"{CasesUrl}/{c.Id}", () => Send(HttpMethod.Post, $"{CasesUrl}/{c.Id}/{action}", body));
    };

    private const string RulesUrl = "/api/v1/assignment-rules";

    private static async Task<Rapport.Core.Access.TeamDto> TeamOfAsync(HttpClient admin) =>
        await (await admin.PostJsonAsync("/api/v1/teams", new Rapport.Core.Access.TeamInput("Desk " + Unique(), null))).ReadAsync<Rapport.Core.Access.TeamDto>();

    /// <summary>A rule on a keyword no other case has, so it routes nothing else of this class.</summary>
    private static async Task<AssignmentRuleInput> RuleSampleAsync(HttpClient admin) =>
        new("Rule " + Unique(), (await TeamOfAsync(admin)).Id, Keywords: ["never-" + Unique()]);

    private static MacroInput MacroSample() => new("Macro " + Unique(), "Dear {{ customer.name }}");

    private static BusinessCalendarInput CalendarSample() =>
        new("Calendar " + Unique(), "Asia/Shanghai", [new WorkingHoursDto(DayOfWeek.Monday, "09:00", "18:00")], [new CalendarDayDto(Today, "Holiday")]);

    private static Task<BusinessCalendarDto> CalendarAsync(HttpClient admin) => CreatedAsync<BusinessCalendarDto>(admin, "/api/v1/sla/calendars", CalendarSample());

    private static async Task<SlaPolicyInput> PolicySampleAsync(HttpClient admin) =>
        new("Policy " + Unique(), (await CalendarAsync(admin)).Id, true, [new SlaTarget(CasePriority.High, null, null, 30, 120, 480)], []);

    private static async Task<SlaPolicyDto> PolicyAsync(HttpClient admin) => await CreatedAsync<SlaPolicyDto>(admin, "/api/v1/sla/policies", await PolicySampleAsync(admin));

    private static ProductInput ProductSample() => new("SKU-" + Unique(), "Consulting day " + Unique(), "day");

    private static Task<ProductDto> ProductAsync(HttpClient admin) => CreatedAsync<ProductDto>(admin, "/api/v1/products", ProductSample());

    /// <summary>A price list in a currency no other test quotes in, over a product of its own, so it prices nothing else.</summary>
    private static async Task<PriceListInput> PriceListSampleAsync(HttpClient admin) =>
        new("Prices " + Unique(), "CHF", Today, null, [new PriceListItemInput((await ProductAsync(admin)).Id, 120m)]);

    private static async Task<PriceListDto> PriceListAsync(HttpClient admin) => await CreatedAsync<PriceListDto>(admin, "/api/v1/price-lists", await PriceListSampleAsync(admin));

    private static PipelineInput PipelineSample() => new("Pipeline " + Unique(),
        [new PipelineStageInput(null, "Talking", 20), new PipelineStageInput(null, "Won", 100, StageKind.Won), new PipelineStageInput(null, "Lost", 0, StageKind.Lost)]);

    private static Task<PipelineDto> PipelineAsync(HttpClient admin) => CreatedAsync<PipelineDto>(admin, "/api/v1/pipelines", PipelineSample());

    private static LeadFormInput LeadFormSample() => new("Form " + Unique(), "Website");

    private static Task<LeadFormDto> LeadFormAsync(HttpClient admin) => CreatedAsync<LeadFormDto>(admin, "/api/v1/lead-forms", LeadFormSample());

    private static async Task<string> SubjectRequestAsync(HttpClient admin, SubjectRequestType type = SubjectRequestType.Access)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        return $"/api/v1/privacy/requests/{(await CreatedAsync<SubjectRequestDto>(admin, "/api/v1/privacy/requests", new SubjectRequestInput(type, customer.Id))).Id}";
    }

    // ---- what the rule covers --------------------------------------------------------------------------------------

    /// <summary>Writes on an existing versioned record, by endpoint name: each must honour If-Match.</summary>
    private static readonly Dictionary<string, Func<HttpClient, Task<Write>>> Writes = new()
    {
        ["UpdateSubjectRequest"] = async a =>
        {
            var url = await SubjectRequestAsync(a);
            return new(url, () => Send(HttpMethod.Put, url, new SubjectRequestUpdate(null, "Called back")));
        },
        ["MoveSubjectRequest"] = async a =>
        {
            var url = await SubjectRequestAsync(a);
            return new(url, () => Send(HttpMethod.Post, $"{url}/move", new SubjectRequestMove(SubjectRequestStatus.Verifying)));
        },
        ["ExportSubjectData"] = async a =>
        {
            var url = await SubjectRequestAsync(a);
            // The answer moves the request on (its ETag checked by the answers' rule); the ZIP then lands on it in the
            // background, another version a read straight after may or may not see yet.
            return new(url, () => Send(HttpMethod.Post, $"{url}/export"), ChangesRecord: false);
        },
        ["EraseSubjectData"] = async a =>
        {
            var url = await SubjectRequestAsync(a, SubjectRequestType.Erasure);
            return new(url, () => Send(HttpMethod.Post, $"{url}/erase"));
        },
        ["RestrictSubjectProcessing"] = async a =>
        {
            var url = await SubjectRequestAsync(a, SubjectRequestType.Restriction);
            return new(url, () => Send(HttpMethod.Post, $"{url}/restrict"));
        },
        ["LiftSubjectRestriction"] = async a =>
        {
            var url = await SubjectRequestAsync(a, SubjectRequestType.Restriction);
            return new(url, () => Send(HttpMethod.Post, $"{url}/lift-restriction"));
        },
        ["MergeCustomers"] = async a =>
        {
            var survivor = await a.CreateAsync(CustomerSamples.Valid());
            var loser = await a.CreateAsync(CustomerSamples.Valid());
            return new($"{CustomersUrl}/{survivor.Id}", () => Send(HttpMethod.Post, $"{CustomersUrl}/{survivor.Id}/merge", new Rapport.Core.Quality.MergeInput(loser.Id)));
        },
        ["MergeContacts"] = async a =>
        {
            var customer = await a.CreateAsync(CustomerSamples.Valid());
            var survivor = await ContactAsync(a, customer.Id);
            var loser = await ContactAsync(a, customer.Id);
            return new($"{CustomersUrl}/{customer.Id}/contacts/{survivor.Id}",
                () => Send(HttpMethod.Post, $"{CustomersUrl}/{customer.Id}/contacts/{survivor.Id}/merge", new Rapport.Core.Quality.MergeInput(loser.Id)));
        },
        ["MergeLeads"] = async a =>
        {
            var survivor = await CreatedAsync<LeadDto>(a, "/api/v1/leads?confirmDuplicate=true", LeadSample());
            var loser = await CreatedAsync<LeadDto>(a, "/api/v1/leads?confirmDuplicate=true", LeadSample());
            return new($"/api/v1/leads/{survivor.Id}", () => Send(HttpMethod.Post, $"/api/v1/leads/{survivor.Id}/merge", new Rapport.Core.Quality.MergeInput(loser.Id)));
        },
        ["UndoCustomerMerge"] = async a =>
        {
            var merge = await MergeAsync(a);
            return new($"/api/v1/quality/merges/{merge.Id}", () => Send(HttpMethod.Post, $"/api/v1/quality/merges/{merge.Id}/undo"));
        },
        ["UpdateCase"] = async a =>
        {
            var c = await CaseAsync(a);
            return new($"{CasesUrl}/{c.Id}", () => Send(HttpMethod.Put, $"{CasesUrl}/{c.Id}", new CaseUpdateInput("Invoice still wrong", Priority: CasePriority.Urgent)));
        },
        ["DeleteCase"] = async a =>
        {
            var c = await CaseAsync(a);
            return new($"{CasesUrl}/{c.Id}", () => Send(HttpMethod.Delete, $"{CasesUrl}/{c.Id}"));
        },
        ["OpenCase"] = CaseAction("open"),
        ["WaitOnCustomer"] = CaseAction("wait"),
        ["ResolveCase"] = CaseAction("resolve", new CaseResolveInput("Credited")),
        ["CloseCase"] = CaseAction("close", null, "resolve"),
        ["ReopenCase"] = CaseAction("reopen", null, "resolve"),
        ["AssignCase"] = async a =>
        {
            var c = await CaseAsync(a);
            return new($"{CasesUrl}/{c.Id}", () => Send(HttpMethod.Post, $"{CasesUrl}/{c.Id}/assign", new CaseAssignInput(null, null)));
        },
        ["MergeCase"] = async a =>
        {
            var (c, target) = (await CaseAsync(a), await CaseAsync(a));
            return new($"{CasesUrl}/{c.Id}", () => Send(HttpMethod.Post, $"{CasesUrl}/{c.Id}/merge", new CaseMergeInput(target.Id)));
        },
        ["UpdateCaseCategory"] = async a =>
        {
            var c = await CreatedAsync<CaseCategoryDto>(a, "/api/v1/case-categories", new CaseCategoryInput("Billing " + Unique()));
            return new($"/api/v1/case-categories/{c.Id}", () => Send(HttpMethod.Put, $"/api/v1/case-categories/{c.Id}", new CaseCategoryInput("Invoices " + Unique())));
        },
        ["DeleteCaseCategory"] = async a =>
        {
            var c = await CreatedAsync<CaseCategoryDto>(a, "/api/v1/case-categories", new CaseCategoryInput("Billing " + Unique()));
            return new($"/api/v1/case-categories/{c.Id}", () => Send(HttpMethod.Delete, $"/api/v1/case-categories/{c.Id}"));
        },
        // The case sits in a queue named at creation; a rule made afterwards (on a keyword of its subject) routes it elsewhere.
        ["ReassignCase"] = async a =>
        {
            var keyword = "reroute-" + Unique();
            var c = await CreatedAsync<CaseDto>(a, CasesUrl, new CaseInput((await a.CreateAsync(CustomerSamples.Valid())).Id, "Please " + keyword,
                QueueId: (await TeamOfAsync(a)).Id));
            await CreatedAsync<AssignmentRuleDto>(a, RulesUrl, new AssignmentRuleInput("Reroute", (await TeamOfAsync(a)).Id, Keywords: [keyword]));
            return new($"{CasesUrl}/{c.Id}", () => Send(HttpMethod.Post, $"{CasesUrl}/{c.Id}/reassign"));
        },
        ["UpdateAssignmentRule"] = async a =>
        {
            var r = await CreatedAsync<AssignmentRuleDto>(a, RulesUrl, await RuleSampleAsync(a));
            return new($"{RulesUrl}/{r.Id}", () => Send(HttpMethod.Put, $"{RulesUrl}/{r.Id}", new AssignmentRuleInput("Renamed", r.QueueId, Keywords: [.. r.Keywords])));
        },
        ["DeleteAssignmentRule"] = async a =>
        {
            var r = await CreatedAsync<AssignmentRuleDto>(a, RulesUrl, await RuleSampleAsync(a));
            return new($"{RulesUrl}/{r.Id}", () => Send(HttpMethod.Delete, $"{RulesUrl}/{r.Id}"));
        },
        ["MoveAssignmentRule"] = async a =>
        {
            await CreatedAsync<AssignmentRuleDto>(a, RulesUrl, await RuleSampleAsync(a));
            var r = await CreatedAsync<AssignmentRuleDto>(a, RulesUrl, await RuleSampleAsync(a));
            return new($"{RulesUrl}/{r.Id}", () => Send(HttpMethod.Post, $"{RulesUrl}/{r.Id}/move", new AssignmentRuleMoveInput(0)));
        },
        ["UpdateCaseForm"] = async a =>
        {
            var f = await CreatedAsync<CaseFormDto>(a, "/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
            return new($"/api/v1/case-forms/{f.Id}", () => Send(HttpMethod.Put, $"/api/v1/case-forms/{f.Id}", new CaseFormInput("Help " + Unique())));
        },
        ["DeleteCaseForm"] = async a =>
        {
            var f = await CreatedAsync<CaseFormDto>(a, "/api/v1/case-forms", new CaseFormInput("Support " + Unique()));
            return new($"/api/v1/case-forms/{f.Id}", () => Send(HttpMethod.Delete, $"/api/v1/case-forms/{f.Id}"));
        },
        ["UpdateMacro"] = async a =>
        {
            var m = await CreatedAsync<MacroDto>(a, "/api/v1/macros", MacroSample());
            return new($"/api/v1/macros/{m.Id}", () => Send(HttpMethod.Put, $"/api/v1/macros/{m.Id}", MacroSample()));
        },
        ["DeleteMacro"] = async a =>
        {
            var m = await CreatedAsync<MacroDto>(a, "/api/v1/macros", MacroSample());
            return new($"/api/v1/macros/{m.Id}", () => Send(HttpMethod.Delete, $"/api/v1/macros/{m.Id}"));
        },
        ["UpdateCustomer"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            return new($"{CustomersUrl}/{c.Id}", () => Send(HttpMethod.Put, $"{CustomersUrl}/{c.Id}", CustomerSamples.Valid()));
        },
        ["DeleteCustomer"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            return new($"{CustomersUrl}/{c.Id}", () => Send(HttpMethod.Delete, $"{CustomersUrl}/{c.Id}"));
        },
        ["UpdateContact"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            var url = $"{CustomersUrl}/{c.Id}/contacts/{(await ContactAsync(a, c.Id)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, new ContactInput { Name = "Han Meimei" }));
        },
        ["DeleteContact"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            var url = $"{CustomersUrl}/{c.Id}/contacts/{(await ContactAsync(a, c.Id)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateInteraction"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            var url = $"{CustomersUrl}/{c.Id}/interactions/{(await InteractionAsync(a, c.Id)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, new InteractionInput { Kind = InteractionKind.Note, Subject = "Changed" }));
        },
        ["DeleteInteraction"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            var url = $"{CustomersUrl}/{c.Id}/interactions/{(await InteractionAsync(a, c.Id)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateLead"] = async a =>
        {
            var url = $"/api/v1/leads/{(await LeadAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, LeadSample()));
        },
        ["DeleteLead"] = async a =>
        {
            var url = $"/api/v1/leads/{(await LeadAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["SetLeadStatus"] = async a =>
        {
            var url = $"/api/v1/leads/{(await LeadAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/status", new LeadStatusInput(LeadStatus.Contacted)));
        },
        ["AssignLead"] = async a =>
        {
            // To a colleague: assigning a lead to the owner it already has changes nothing, so its version stays.
            var colleague = await (await a.PostJsonAsync("/api/v1/users/invitations",
                new InviteInput("etag-" + Unique(), "Colleague", null, [Roles.SalesRepresentative], null))).ReadAsync<Invitation>();
            var url = $"/api/v1/leads/{(await LeadAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/assign", new LeadAssignInput(colleague.User.Id)));
        },
        ["ConvertLead"] = async a =>
        {
            var url = $"/api/v1/leads/{(await LeadAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/convert",
                new LeadConvertInput(Opportunity: new LeadOpportunityInput("Converted deal", 100, "CNY", Today.AddDays(60)))));
        },
        ["UpdateOpportunity"] = async a =>
        {
            var d = await DealAsync(a);
            var url = $"/api/v1/opportunities/{d.Id}";
            return new(url, () => Send(HttpMethod.Put, url, new OpportunityInput { Name = "Renamed " + Unique(), CustomerId = d.CustomerId, Amount = 2000m }));
        },
        ["DeleteOpportunity"] = async a =>
        {
            var url = $"/api/v1/opportunities/{(await DealAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["MoveOpportunity"] = async a =>
        {
            var d = await DealAsync(a);
            var pipeline = await OkAsync<PipelineDto>(await a.GetAsync($"/api/v1/pipelines/{d.PipelineId}", Ct));
            var next = pipeline.Stages.First(s => s.Id != d.StageId && s.Kind == StageKind.Open);
            var url = $"/api/v1/opportunities/{d.Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/move", new OpportunityMoveInput(next.Id)));
        },
        ["UpdateQuote"] = async a =>
        {
            var url = $"/api/v1/quotes/{(await QuoteAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, QuoteSample() with { Notes = "Changed" }));
        },
        ["SendQuote"] = async a =>
        {
            var url = $"/api/v1/quotes/{(await QuoteAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/send"));
        },
        ["AcceptQuote"] = async a =>
        {
            var url = $"/api/v1/quotes/{(await QuoteAsync(a, sent: true)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/accept", new QuoteAcceptInput()));
        },
        ["RejectQuote"] = async a =>
        {
            var url = $"/api/v1/quotes/{(await QuoteAsync(a, sent: true)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/reject"));
        },
        // If-Match names the revision revised from, which stays as it was; the answer is the new revision.
        ["ReviseQuote"] = async a =>
        {
            var url = $"/api/v1/quotes/{(await QuoteAsync(a, sent: true)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/revise"), ChangesRecord: false);
        },
        ["UpdateReport"] = async a =>
        {
            var r = await ReportAsync(a);
            return new($"/api/v1/reports/{r.Id}", () => Send(HttpMethod.Put, $"/api/v1/reports/{r.Id}", ReportSample()));
        },
        ["DeleteReport"] = async a =>
        {
            var r = await ReportAsync(a);
            return new($"/api/v1/reports/{r.Id}", () => Send(HttpMethod.Delete, $"/api/v1/reports/{r.Id}"));
        },
        ["UpdateSegment"] = async a =>
        {
            var url = $"/api/v1/segments/{(await SegmentAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, SegmentSample()));
        },
        ["DeleteSegment"] = async a =>
        {
            var url = $"/api/v1/segments/{(await SegmentAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["DeleteReportSchedule"] = async a =>
        {
            var s = await CreatedAsync<Rapport.Core.Reports.ReportScheduleDto>(a, $"/api/v1/reports/{Rapport.Core.Reports.StandardReports.All[0].Id}/schedules", ScheduleSample(await a.MeAsync()));
            return new($"/api/v1/reports/schedules/{s.Id}", () => Send(HttpMethod.Delete, $"/api/v1/reports/schedules/{s.Id}"));
        },
        ["UpdateDashboard"] = async a =>
        {
            var d = await DashboardAsync(a);
            return new($"/api/v1/dashboards/{d.Id}", () => Send(HttpMethod.Put, $"/api/v1/dashboards/{d.Id}", DashboardSample()));
        },
        ["DeleteDashboard"] = async a =>
        {
            var d = await DashboardAsync(a);
            return new($"/api/v1/dashboards/{d.Id}", () => Send(HttpMethod.Delete, $"/api/v1/dashboards/{d.Id}"));
        },
        ["UpdateAnalysisDocument"] = async a =>
        {
            var d = await AnalysisAsync(a);
            return new($"/api/v1/reports/analyses/{d.Id}", () => Send(HttpMethod.Put, $"/api/v1/reports/analyses/{d.Id}", AnalysisSample()));
        },
        ["DeleteAnalysisDocument"] = async a =>
        {
            var d = await AnalysisAsync(a);
            return new($"/api/v1/reports/analyses/{d.Id}", () => Send(HttpMethod.Delete, $"/api/v1/reports/analyses/{d.Id}"));
        },
        ["UpdateCampaign"] = async a =>
        {
            var url = $"/api/v1/campaigns/{(await CampaignAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, new CampaignInput("Changed " + Unique(), Budget: 200)));
        },
        ["SetCampaignContent"] = async a =>
        {
            var url = $"/api/v1/campaigns/{(await CampaignAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/content", CampaignContent(2)));
        },
        ["ScheduleCampaign"] = async a =>
        {
            var url = $"/api/v1/campaigns/{(await CampaignAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/schedule", new CampaignScheduleInput(DateTime.UtcNow.AddDays(30))));
        },
        ["CancelCampaign"] = async a =>
        {
            var url = $"/api/v1/campaigns/{(await CampaignAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/cancel"));
        },
        ["SendCampaign"] = async a =>
        {
            var url = $"/api/v1/campaigns/{(await CampaignAsync(a, withMember: true)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/send"));
        },
        ["CompleteCampaign"] = async a =>
        {
            var url = $"/api/v1/campaigns/{(await CampaignAsync(a, withMember: true, send: true)).Id}";
            await QueuedAsync(a, url);
            return new(url, () => Send(HttpMethod.Post, $"{url}/complete"));
        },
        ["ChooseCampaignWinner"] = async a =>
        {
            var c = await CampaignAsync(a, withMember: true, send: true, variants: 2);
            var url = $"/api/v1/campaigns/{c.Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/winner", new CampaignWinnerInput(c.Variants[1].Id)), MovesOnInBackground: true);
        },
        ["UpdateJourney"] = async a =>
        {
            var url = $"/api/v1/journeys/{(await JourneyAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, JourneySample()));
        },
        ["DeleteJourney"] = async a =>
        {
            var url = $"/api/v1/journeys/{(await JourneyAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["ActivateJourney"] = async a =>
        {
            var url = $"/api/v1/journeys/{(await JourneyAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/activate"));
        },
        ["PauseJourney"] = async a =>
        {
            var url = $"/api/v1/journeys/{(await JourneyAsync(a, activate: true)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/pause"));
        },
        ["FinishJourney"] = async a =>
        {
            var url = $"/api/v1/journeys/{(await JourneyAsync(a, activate: true)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/finish"));
        },
        ["UpdateContract"] = async a =>
        {
            var c = await ContractAsync(a);
            var url = $"/api/v1/contracts/{c.Id}";
            return new(url, () => Send(HttpMethod.Put, url, ContractSample(c.CustomerId)));
        },
        ["ActivateContract"] = async a =>
        {
            var url = $"/api/v1/contracts/{(await ContractAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/activate"));
        },
        ["TerminateContract"] = async a =>
        {
            var url = $"/api/v1/contracts/{(await ContractAsync(a, "activate")).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/terminate", new ContractEndInput("Plant closed")));
        },
        ["ArchiveContract"] = async a =>
        {
            var url = $"/api/v1/contracts/{(await ContractAsync(a, "activate", "terminate")).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/archive"));
        },
        ["UpdateArticle"] = async a =>
        {
            var url = $"/api/v1/articles/{(await ArticleAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, ArticleSample() with { Title = "Changed " + Unique() }));
        },
        ["PublishArticle"] = async a =>
        {
            var url = $"/api/v1/articles/{(await ArticleAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/publish"));
        },
        ["ArchiveArticle"] = async a =>
        {
            var url = $"/api/v1/articles/{(await ArticleAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/archive"));
        },
        ["UpdateBusinessCalendar"] = async a =>
        {
            var url = $"/api/v1/sla/calendars/{(await CalendarAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, CalendarSample()));
        },
        ["DeleteBusinessCalendar"] = async a =>
        {
            var url = $"/api/v1/sla/calendars/{(await CalendarAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateSlaPolicy"] = async a =>
        {
            var p = await PolicyAsync(a);
            var url = $"/api/v1/sla/policies/{p.Id}";
            return new(url, () => Send(HttpMethod.Put, url, new SlaPolicyInput("Renamed " + Unique(), p.CalendarId, false, p.Targets, p.Escalations)));
        },
        ["DeleteSlaPolicy"] = async a =>
        {
            var url = $"/api/v1/sla/policies/{(await PolicyAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        // A payment is an action on its invoice: If-Match names the invoice's version.
        ["RecordPayment"] = async a =>
        {
            var url = $"/api/v1/invoices/{(await InvoiceAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Post, $"{url}/payments", new PaymentInput(10)));
        },
        ["UpdateImportTemplate"] = async a =>
        {
            var url = $"/api/v1/imports/templates/{(await CreatedAsync<Rapport.Core.Imports.ImportTemplateDto>(a, "/api/v1/imports/templates", TemplateSample())).Id}";
            return new(url, () => Send(HttpMethod.Put, url, TemplateSample()));
        },
        ["DeleteImportTemplate"] = async a =>
        {
            var url = $"/api/v1/imports/templates/{(await CreatedAsync<Rapport.Core.Imports.ImportTemplateDto>(a, "/api/v1/imports/templates", TemplateSample())).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateMailbox"] = async a =>
        {
            var url = $"/api/v1/admin/mailboxes/{(await CreatedAsync<MailboxDto>(a, "/api/v1/admin/mailboxes", MailboxSample())).Id}";
            return new(url, () => Send(HttpMethod.Put, url, MailboxSample()));
        },
        ["DeleteMailbox"] = async a =>
        {
            var url = $"/api/v1/admin/mailboxes/{(await CreatedAsync<MailboxDto>(a, "/api/v1/admin/mailboxes", MailboxSample())).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateRole"] = async a =>
        {
            var url = $"/api/v1/roles/{(await CreatedAsync<Rapport.Core.Access.RoleDto>(a, "/api/v1/roles", RoleSample())).Id}";
            return new(url, () => Send(HttpMethod.Put, url, RoleSample() with { Name = "Role " + Unique() }));
        },
        ["DeleteRole"] = async a =>
        {
            var url = $"/api/v1/roles/{(await CreatedAsync<Rapport.Core.Access.RoleDto>(a, "/api/v1/roles", RoleSample())).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateProduct"] = async a =>
        {
            var url = $"/api/v1/products/{(await ProductAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, ProductSample()));
        },
        ["UpdatePriceList"] = async a =>
        {
            var (url, input) = ($"/api/v1/price-lists/{(await PriceListAsync(a)).Id}", await PriceListSampleAsync(a));
            return new(url, () => Send(HttpMethod.Put, url, input));
        },
        ["UpdatePipeline"] = async a =>
        {
            var url = $"/api/v1/pipelines/{(await PipelineAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, PipelineSample()));
        },
        ["DeletePipeline"] = async a =>
        {
            var url = $"/api/v1/pipelines/{(await PipelineAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
        ["UpdateLeadForm"] = async a =>
        {
            var url = $"/api/v1/lead-forms/{(await LeadFormAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Put, url, LeadFormSample() with { Active = false }));
        },
        ["DeleteLeadForm"] = async a =>
        {
            var url = $"/api/v1/lead-forms/{(await LeadFormAsync(a)).Id}";
            return new(url, () => Send(HttpMethod.Delete, url));
        },
    };

    /// <summary>Other requests answered with one versioned record (reads, creates, restore): each must carry its ETag.</summary>
    private static readonly Dictionary<string, Func<HttpClient, Task<HttpRequestMessage>>> Answers = new()
    {
        ["CreateSubjectRequest"] = async a => Send(HttpMethod.Post, "/api/v1/privacy/requests",
            new SubjectRequestInput(SubjectRequestType.Access, (await a.CreateAsync(CustomerSamples.Valid())).Id)),
        ["GetSubjectRequest"] = async a => Send(HttpMethod.Get, await SubjectRequestAsync(a)),
        ["GetCustomerMerge"] = async a => Send(HttpMethod.Get, $"/api/v1/quality/merges/{(await MergeAsync(a)).Id}"),
        ["CreateCustomer"] = _ => Task.FromResult(Send(HttpMethod.Post, CustomersUrl, CustomerSamples.Valid())),
        ["GetCustomer"] = async a => Send(HttpMethod.Get, $"{CustomersUrl}/{(await a.CreateAsync(CustomerSamples.Valid())).Id}"),
        ["RestoreCustomer"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            await (await a.DeleteAsync($"{CustomersUrl}/{c.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
            return Send(HttpMethod.Post, $"/api/v1/recycle-bin/customers/{c.Id}/restore");
        },
        ["CreateContact"] = async a => Send(HttpMethod.Post, $"{CustomersUrl}/{(await a.CreateAsync(CustomerSamples.Valid())).Id}/contacts", new ContactInput { Name = "Li Lei" }),
        ["GetContact"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            return Send(HttpMethod.Get, $"{CustomersUrl}/{c.Id}/contacts/{(await ContactAsync(a, c.Id)).Id}");
        },
        ["CreateInteraction"] = async a =>
            Send(HttpMethod.Post, $"{CustomersUrl}/{(await a.CreateAsync(CustomerSamples.Valid())).Id}/interactions", new InteractionInput { Subject = "Hello" }),
        ["GetInteraction"] = async a =>
        {
            var c = await a.CreateAsync(CustomerSamples.Valid());
            return Send(HttpMethod.Get, $"{CustomersUrl}/{c.Id}/interactions/{(await InteractionAsync(a, c.Id)).Id}");
        },
        ["CreateLead"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/leads?confirmDuplicate=true", LeadSample())),
        ["GetLead"] = async a => Send(HttpMethod.Get, $"/api/v1/leads/{(await LeadAsync(a)).Id}"),
        ["CreateOpportunity"] = async a =>
            Send(HttpMethod.Post, "/api/v1/opportunities", new OpportunityInput { Name = "Deal", CustomerId = (await a.CreateAsync(CustomerSamples.Valid())).Id }),
        ["GetOpportunity"] = async a => Send(HttpMethod.Get, $"/api/v1/opportunities/{(await DealAsync(a)).Id}"),
        ["CreateQuote"] = async a => Send(HttpMethod.Post, $"/api/v1/opportunities/{(await DealAsync(a)).Id}/quotes", QuoteSample()),
        ["GetQuote"] = async a => Send(HttpMethod.Get, $"/api/v1/quotes/{(await QuoteAsync(a)).Id}"),
        ["CreateReport"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/reports", ReportSample())),
        ["GetReport"] = async a => Send(HttpMethod.Get, $"/api/v1/reports/{(await ReportAsync(a)).Id}"),
        ["CreateSegment"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/segments", SegmentSample())),
        ["GetSegment"] = async a => Send(HttpMethod.Get, $"/api/v1/segments/{(await SegmentAsync(a)).Id}"),
        ["CreateReportSchedule"] = async a => Send(HttpMethod.Post, $"/api/v1/reports/{Rapport.Core.Reports.StandardReports.All[0].Id}/schedules", ScheduleSample(await a.MeAsync())),
        ["GetReportSchedule"] = async a => Send(HttpMethod.Get,
            $"/api/v1/reports/schedules/{(await CreatedAsync<Rapport.Core.Reports.ReportScheduleDto>(a, $"/api/v1/reports/{Rapport.Core.Reports.StandardReports.All[0].Id}/schedules", ScheduleSample(await a.MeAsync()))).Id}"),
        ["CreateDashboard"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/dashboards", DashboardSample())),
        ["GetDashboard"] = async a => Send(HttpMethod.Get, $"/api/v1/dashboards/{(await DashboardAsync(a)).Id}"),
        ["CreateAnalysisDocument"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/reports/analyses", AnalysisSample())),
        ["GetAnalysisDocument"] = async a => Send(HttpMethod.Get, $"/api/v1/reports/analyses/{(await AnalysisAsync(a)).Id}"),
        ["CreateCampaign"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/campaigns", new CampaignInput("Campaign " + Unique()))),
        ["GetCampaign"] = async a => Send(HttpMethod.Get, $"/api/v1/campaigns/{(await CampaignAsync(a)).Id}"),
        ["CreateJourney"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/journeys", JourneySample())),
        ["GetJourney"] = async a => Send(HttpMethod.Get, $"/api/v1/journeys/{(await JourneyAsync(a)).Id}"),
        ["CreateContract"] = async a => Send(HttpMethod.Post, "/api/v1/contracts", ContractSample((await a.CreateAsync(CustomerSamples.Valid())).Id)),
        ["GetContract"] = async a => Send(HttpMethod.Get, $"/api/v1/contracts/{(await ContractAsync(a)).Id}"),
        ["InvoiceOrder"] = async a =>
        {
            var quote = await QuoteAsync(a, sent: true);
            var accepted = await OkAsync<QuoteDto>(await a.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput()));
            return Send(HttpMethod.Post, $"/api/v1/orders/{accepted.OrderId}/invoices", new InvoiceInput(Amount: 100));
        },
        ["GetInvoice"] = async a => Send(HttpMethod.Get, $"/api/v1/invoices/{(await InvoiceAsync(a)).Id}"),
        ["CreateArticle"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/articles", ArticleSample())),
        ["GetArticle"] = async a => Send(HttpMethod.Get, $"/api/v1/articles/{(await ArticleAsync(a)).Id}"),
        ["TranslateArticle"] = async a => Send(HttpMethod.Post, $"/api/v1/articles/{(await ArticleAsync(a)).Id}/translations", new Rapport.Core.Knowledge.ArticleTranslationInput()),
        ["CreateArticleCategory"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/article-categories", CategorySample())),
        // Categories have no read of their own (the list holds their versions); the update honours If-Match all the same.
        ["UpdateArticleCategory"] = async a =>
            Send(HttpMethod.Put, $"/api/v1/article-categories/{(await CreatedAsync<Rapport.Core.Knowledge.ArticleCategoryDto>(a, "/api/v1/article-categories", CategorySample())).Id}", CategorySample()),
        ["CreateCase"] = async a => Send(HttpMethod.Post, CasesUrl, new CaseInput((await a.CreateAsync(CustomerSamples.Valid())).Id, "Refund " + Unique())),
        ["GetCase"] = async a => Send(HttpMethod.Get, $"{CasesUrl}/{(await CaseAsync(a)).Id}"),
        ["CreateCaseCategory"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/case-categories", new CaseCategoryInput("Billing " + Unique()))),
        ["GetCaseCategory"] = async a =>
            Send(HttpMethod.Get, $"/api/v1/case-categories/{(await CreatedAsync<CaseCategoryDto>(a, "/api/v1/case-categories", new CaseCategoryInput("Billing " + Unique()))).Id}"),
        ["CreateAssignmentRule"] = async a => Send(HttpMethod.Post, RulesUrl, await RuleSampleAsync(a)),
        ["GetAssignmentRule"] = async a => Send(HttpMethod.Get, $"{RulesUrl}/{(await CreatedAsync<AssignmentRuleDto>(a, RulesUrl, await RuleSampleAsync(a))).Id}"),
        ["CreateCaseForm"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/case-forms", new CaseFormInput("Support " + Unique()))),
        ["GetCaseForm"] = async a => Send(HttpMethod.Get, $"/api/v1/case-forms/{(await CreatedAsync<CaseFormDto>(a, "/api/v1/case-forms", new CaseFormInput("Support " + Unique()))).Id}"),
        ["CreateMacro"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/macros", MacroSample())),
        ["GetMacro"] = async a => Send(HttpMethod.Get, $"/api/v1/macros/{(await CreatedAsync<MacroDto>(a, "/api/v1/macros", MacroSample())).Id}"),
        ["CreateBusinessCalendar"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/sla/calendars", CalendarSample())),
        ["GetBusinessCalendar"] = async a => Send(HttpMethod.Get, $"/api/v1/sla/calendars/{(await CalendarAsync(a)).Id}"),
        ["CreateSlaPolicy"] = async a => Send(HttpMethod.Post, "/api/v1/sla/policies", await PolicySampleAsync(a)),
        ["GetSlaPolicy"] = async a => Send(HttpMethod.Get, $"/api/v1/sla/policies/{(await PolicyAsync(a)).Id}"),
        ["SaveImportTemplateFromRun"] = async a =>
        {
            var run = await Rapport.Server.Tests.Imports.ImportApi.UploadCsvAsync(a, $"Name,Email\nETag {Unique()},e{Unique()}@example.com\n");
            return Send(HttpMethod.Post, $"/api/v1/imports/{run.Run.Id}/template", new Rapport.Core.Imports.ImportTemplateFromRunInput("ETag " + Unique()));
        },
        ["CreateImportTemplate"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/imports/templates", TemplateSample())),
        ["GetImportTemplate"] = async a => Send(HttpMethod.Get, $"/api/v1/imports/templates/{(await CreatedAsync<Rapport.Core.Imports.ImportTemplateDto>(a, "/api/v1/imports/templates", TemplateSample())).Id}"),
        ["CreateMailbox"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/admin/mailboxes", MailboxSample())),
        ["CreateRole"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/roles", RoleSample())),
        ["GetRole"] = async a => Send(HttpMethod.Get, $"/api/v1/roles/{(await CreatedAsync<Rapport.Core.Access.RoleDto>(a, "/api/v1/roles", RoleSample())).Id}"),
        ["GetMailbox"] = async a => Send(HttpMethod.Get, $"/api/v1/admin/mailboxes/{(await CreatedAsync<MailboxDto>(a, "/api/v1/admin/mailboxes", MailboxSample())).Id}"),
        ["CreateProduct"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/products", ProductSample())),
        ["GetProduct"] = async a => Send(HttpMethod.Get, $"/api/v1/products/{(await ProductAsync(a)).Id}"),
        ["CreatePriceList"] = async a => Send(HttpMethod.Post, "/api/v1/price-lists", await PriceListSampleAsync(a)),
        ["GetPriceList"] = async a => Send(HttpMethod.Get, $"/api/v1/price-lists/{(await PriceListAsync(a)).Id}"),
        ["CreatePipeline"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/pipelines", PipelineSample())),
        ["GetPipeline"] = async a => Send(HttpMethod.Get, $"/api/v1/pipelines/{(await PipelineAsync(a)).Id}"),
        ["CreateLeadForm"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/lead-forms", LeadFormSample())),
        ["GetLeadForm"] = async a => Send(HttpMethod.Get, $"/api/v1/lead-forms/{(await LeadFormAsync(a)).Id}"),
    };

    /// <summary>Endpoints under a versioned record that do not change it, with the reason.</summary>
    private static readonly Dictionary<string, string> NotAWriteOnTheRecord = new()
    {
        ["AddLeadActivity"] = "adds an activity to the lead's own list; the lead's fields are not replaced",
        ["AttachToContract"] = "stores a file beside the contract; the contract's terms are not changed",
        ["AddCampaignMembers"] = "adds member rows (set-based) beside the campaign; its plan and content are not changed",
        ["TestSendCampaign"] = "queues one test email; the campaign is not changed",
        ["RevealCustomerPii"] = "a read (POST only to keep the values out of URLs and logs)",
        ["CreateContact"] = "creates a contact under the customer (its own ETag is checked above)",
        ["CreateReportSchedule"] = "creates a schedule of the report, which is not changed (the schedule's own ETag is checked above)",
        ["CreateInteraction"] = "creates an interaction under the customer (its own ETag is checked above)",
        ["RecordConsent"] = "adds a line to the customer's consent ledger (lines are never changed); the customer's fields are not",
        ["CreateQuote"] = "creates a quote under the opportunity (its own ETag is checked above)",
        ["TranslateArticle"] = "creates the other-language version, a record of its own (its ETag is checked above)",
        ["ArticleFeedback"] = "a reader's vote: counted in the database, the article's text and version are not changed",
        ["AddCaseMessage"] = "adds to the case's conversation; the case's own fields are not replaced (a first reply stamps its first response)",
        ["LinkCase"] = "relates two cases; neither case's fields change",
        ["PollMailbox"] = "fetches the mailbox's mail; the administrator's settings are not changed (the poll position is not versioned)",
    };

    // ---- the tests ------------------------------------------------------------------------------------------------

    [Fact]
    public void Every_versioned_endpoint_is_held_to_the_rule()
    {
        var (answers, writes) = VersionedEndpoints();
        Assert.Contains("SendQuote", writes);
        Assert.Contains("GetInvoice", answers);

        Assert.Empty(NotAWriteOnTheRecord.Keys.Except(writes));
        var untagged = answers.Except(Writes.Keys).Except(Answers.Keys).Order().ToList();
        Assert.True(untagged.Count == 0, "Answer with a versioned record but have no ETag case here: " + string.Join(", ", untagged));
        var unguarded = writes.Except(Writes.Keys).Except(NotAWriteOnTheRecord.Keys).Order().ToList();
        Assert.True(unguarded.Count == 0, "Change a versioned record but have no If-Match case here: " + string.Join(", ", unguarded));
    }

    public static TheoryData<string> WriteNames => [.. Writes.Keys.Order()];
    public static TheoryData<string> AnswerNames => [.. Answers.Keys.Order()];

    [Theory]
    [MemberData(nameof(WriteNames))]
    public async Task A_stale_If_Match_is_refused_with_412_and_changes_nothing_and_a_current_one_succeeds_with_the_new_ETag(string endpoint)
    {
        var admin = await app.AdminClientAsync();
        var write = await Writes[endpoint](admin);
        var (before, etag) = await ReadAsync(admin, write.ReadUrl);
        var version = (long)before["version"]!;

        using var stale = await admin.SendAsync(write.Request().WithIfMatch($"\"{version + 7}\""), Ct);
        var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(version, (long?)problem["currentVersion"]);
        var (unchanged, _) = await ReadAsync(admin, write.ReadUrl);
        Assert.Equal(before.ToJsonString(), unchanged.ToJsonString());

        using var current = await admin.SendAsync(write.Request().WithIfMatch(etag), Ct);
        Assert.True(current.IsSuccessStatusCode, $"{endpoint} with a current If-Match: {(int)current.StatusCode} {await current.Content.ReadAsStringAsync(Ct)}");
        await ShouldCarryItsETagAsync(current);
        if (current.StatusCode == HttpStatusCode.NoContent)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(write.ReadUrl, Ct)).StatusCode);
            return;
        }
        var (after, afterETag) = await ReadAsync(admin, write.ReadUrl);
        if (write.ChangesRecord)
        {
            Assert.True((long)after["version"]! > version, $"{endpoint} did not move the version on");
            if (current.Content.Headers.ContentLength != 0 && (await current.ReadNodeAsync())["id"] is { } id && (string?)id == (string?)after["id"])
            {
                if (write.MovesOnInBackground)
                    Assert.True(long.Parse(afterETag!.Trim('"'), CultureInfo.InvariantCulture) >= long.Parse(current.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture),
                        $"{endpoint}: the record read back ({afterETag}) is older than the write's answer ({current.Headers.ETag?.Tag})");
                else
                    Assert.Equal(afterETag, current.Headers.ETag?.Tag);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task A_versioned_record_in_an_answer_carries_its_ETag(string endpoint)
    {
        var admin = await app.AdminClientAsync();
        using var response = await admin.SendAsync(await Answers[endpoint](admin), Ct);
        Assert.True(response.IsSuccessStatusCode, $"{endpoint}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.NotNull(response.Headers.ETag);
        await ShouldCarryItsETagAsync(response);
    }

    [Fact]
    public async Task Without_If_Match_a_write_goes_through()
    {
        var admin = await app.AdminClientAsync();
        var write = await Writes["SendQuote"](admin);
        using var response = await admin.SendAsync(write.Request(), Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        await ShouldCarryItsETagAsync(response);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static async Task<(JsonNode Body, string ETag)> ReadAsync(HttpClient admin, string url)
    {
        using var response = await admin.GetAsync(url, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var body = await response.ReadNodeAsync();
        Assert.Equal($"\"{(long)body["version"]!}\"", response.Headers.ETag?.Tag);
        return (body, response.Headers.ETag!.Tag);
    }

    /// <summary>A JSON answer with a <c>version</c> has the matching ETag.</summary>
    private static async Task ShouldCarryItsETagAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json") return;
        var body = await response.ReadNodeAsync();
        if (body is JsonObject o && o["version"] is { } v)
            Assert.Equal($"\"{(long)v}\"", response.Headers.ETag?.Tag);
    }

    /// <summary>By endpoint name: those answering with a versioned record, and those writing to one (PUT, DELETE or a
    /// POST action at the record's address, where a GET answers with a versioned record).</summary>
    private (HashSet<string> Answers, HashSet<string> Writes) VersionedEndpoints()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? "",
                Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [],
                Route: Parameter().Replace(e.RoutePattern.RawText!, "{}").TrimEnd('/'),
                Versioned: e.Metadata.OfType<IProducesResponseTypeMetadata>()
                    .Any(p => p.StatusCode is 200 or 201 && p.Type?.GetProperty("Version", typeof(long)) is not null)))
            .ToList();
        var records = endpoints.Where(e => e.Versioned && e.Methods.Contains("GET")).Select(e => e.Route).ToHashSet();
        var answers = endpoints.Where(e => e.Versioned).Select(e => e.Name).ToHashSet();
        var writes = endpoints.Where(e =>
                (e.Methods.Contains("PUT") || e.Methods.Contains("DELETE") || e.Methods.Contains("PATCH")) && records.Contains(e.Route)
                || e.Methods.Contains("POST") && e.Route.EndsWith('}') is false && records.Contains(e.Route[..e.Route.LastIndexOf('/')]))
            .Select(e => e.Name).ToHashSet();
        return (answers, writes);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}

public sealed class ETagRuleOnSqlite(SqliteApp app) : ETagRuleTests(app), IClassFixture<SqliteApp>;

public sealed class ETagRuleOnPostgres(PostgresApp app) : ETagRuleTests(app), IClassFixture<PostgresApp>;
