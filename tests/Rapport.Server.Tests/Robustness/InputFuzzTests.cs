using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Rapport.Core.Preferences;

namespace Rapport.Server.Tests.Robustness;

/// <summary>
/// Property-based: generated bodies and query strings (wrong types, NUL and other control characters, lone
/// surrogates, huge numbers, extreme dates, deep nesting, duplicate keys) thrown at every write endpoint and every
/// list filter the app maps (read from its <see cref="EndpointDataSource"/>, so a new endpoint is covered without
/// anyone adding it here). Bodies start from a valid sample of the endpoint's request type and change one field
/// at a time, or are random altogether. The properties: never a 5xx, and a 4xx writes nothing (the audit trail,
/// which records every change in the same transaction, does not grow). Seeded, so a failure repeats.
/// </summary>
public abstract class InputFuzzTests(RapportApp app)
{
    // RAPPORT_FUZZ_SEED and RAPPORT_FUZZ_SCALE explore further (another seed, n times the cases); CI keeps the defaults.
    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("RAPPORT_FUZZ_SEED"), out var s) ? s : 20261129;
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("RAPPORT_FUZZ_SCALE"), out var n) && n > 0 ? n : 1;
    private static readonly int ValuesPerField = 4 * Scale;
    private static readonly int ValuesPerQueryParameter = 4 * Scale;
    private static readonly int RandomBodiesPerEndpoint = 3 * Scale;

    /// <summary>Endpoints left out, with the reason: they end the very session the test runs in.</summary>
    private static readonly HashSet<string> Excluded =
    [
        "POST /api/v1/account/logout",
        "POST /api/v1/account/sessions/revoke-all",
    ];

    private sealed record Target(string Method, string Route, Type? Body, IReadOnlyList<(string Name, Type Type)> Query, bool Anonymous)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    private sealed record Case(Target Target, string What, string Url, string? Body);

    /// <summary>The records the route parameters point at.</summary>
    private sealed record World(Guid Admin, Guid User, Guid Customer, Guid Contact, Guid Interaction, Guid Lead, Guid LeadForm, string FormToken,
        Guid Deal, Guid Stage, Guid Quote, Guid Order, Guid Invoice, Guid Contract, Guid Product, Guid PriceList, Guid Pipeline, Guid Team, Guid Role,
        Guid Article, Guid Category, Guid Case = default, Guid Macro = default, Guid CaseCategory = default, Guid Calendar = default, Guid Policy = default);

    [Fact]
    public async Task Generated_input_never_answers_5xx_and_a_4xx_writes_nothing()
    {
        var admin = await app.AdminClientAsync();
        var anonymous = app.CreateClient();
        var world = await BuildWorldAsync(admin);
        var targets = Targets();
        Assert.NotEmpty(targets);
        var cases = Cases(targets, world);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();

        foreach (var c in cases)
        {
            var before = await AuditCountAsync();
            using var request = new HttpRequestMessage(new HttpMethod(c.Target.Method), c.Url);
            if (c.Body is not null) request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
            using var response = await (c.Target.Anonymous ? anonymous : admin).SendAsync(request, Ct);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
                failures.Add($"{status} {c.Target} [{c.What}] {c.Url} {Shorten(c.Body)}");
            // A refused sign-in or password check is written to the audit trail on purpose (and counts towards lockout);
            // every other refusal writes nothing.
            else if (status >= 400 && !(c.Target.Anonymous && status == 401) && !ChecksPassword(c.Target.ToString()) && await AuditCountAsync() != before)
                failures.Add($"{status} but wrote: {c.Target} [{c.What}] {c.Url} {Shorten(c.Body)}");
        }

        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"input-fuzz-{app.Provider}.txt"),
            $"targets={targets.Count} cases={cases.Count} statuses={string.Join(",", statuses.Select(s => $"{s.Key}:{s.Value}"))} failures={failures.Count}\n", Ct);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Distinct().Take(200)));
    }

    private static bool ChecksPassword(string target) => target is "POST /api/v1/account/password" or "POST /api/v1/account/mfa/disable";

    [Fact]
    public void Every_write_endpoint_and_list_filter_is_fuzzed()
    {
        var targets = Targets();

        Assert.Contains(targets, t => t.ToString() == "POST /api/v1/orders/{id:guid}/invoices" && t.Body == typeof(InvoiceInput));
        Assert.Contains(targets, t => t.ToString() == "GET /api/v1/opportunities/forecast" && t.Query.Any(q => q.Name == "from"));
        Assert.Contains(targets, t => t.ToString() == "GET /api/v1/customers" && t.Query.Any(q => q.Name == "q"));
        // Every JSON write endpoint gets a body; only the excluded ones are missing.
        var writes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && JsonBody(e) is not null)
            .SelectMany(e => Methods(e).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"));
        Assert.Empty(writes.Except(targets.Select(t => t.ToString())).Except(Excluded));
    }

    private async Task<long> AuditCountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        return await db.AuditEntries.IgnoreQueryFilters().LongCountAsync(Ct);
    }

    private static string Shorten(string? body) => body is null ? "" : body.Length > 300 ? body[..300] + "…" : body;

    // ---- what to call ------------------------------------------------------------------------------------------

    private List<Target> Targets()
    {
        var targets = new List<Target>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = e.RoutePattern.RawText?.TrimEnd('/');
            if (route is null || !route.StartsWith("/api/v1/", StringComparison.Ordinal)) continue;
            var routeNames = e.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var query = e.Metadata.OfType<IParameterBindingMetadata>()
                .Where(p => !routeNames.Contains(p.Name) && IsSimple(p.ParameterInfo.ParameterType)
                            && !p.ParameterInfo.GetCustomAttributes().Any(a => a.GetType().Name is "FromServicesAttribute" or "FromBodyAttribute" or "FromHeaderAttribute"))
                .Select(p => (p.Name, p.ParameterInfo.ParameterType)).ToList();
            var body = JsonBody(e);
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in Methods(e))
            {
                var t = new Target(method, route, body, query, anonymous);
                if (Excluded.Contains(t.ToString())) continue;
                if (method == "GET" ? query.Count == 0 : body is null && query.Count == 0) continue;
                if (method is "GET" or "POST" or "PUT" or "PATCH") targets.Add(t);
            }
        }
        return targets.OrderBy(t => t.Route, StringComparer.Ordinal).ThenBy(t => t.Method, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Methods(RouteEndpoint e) => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];

    private static Type? JsonBody(RouteEndpoint e) =>
        e.Metadata.OfType<IAcceptsMetadata>().FirstOrDefault(a => a.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase)))?.RequestType;

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateOnly)
               || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeOnly);
    }

    /// <summary>Route parameters point at the records of the world, by the path segment before them.</summary>
    private static string Url(string route, World w)
    {
        var segments = route.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{')) continue;
            var previous = i > 0 ? segments[i - 1] : "";
            segments[i] = previous switch
            {
                "customers" => w.Customer.ToString(),
                "contacts" => w.Contact.ToString(),
                "interactions" => w.Interaction.ToString(),
                "leads" => w.Lead.ToString(),
                "lead-forms" when route.Contains("/public/", StringComparison.Ordinal) => w.FormToken,
                "lead-forms" => w.LeadForm.ToString(),
                "opportunities" => w.Deal.ToString(),
                "quotes" => w.Quote.ToString(),
                "orders" => w.Order.ToString(),
                "invoices" => w.Invoice.ToString(),
                "contracts" => w.Contract.ToString(),
                "articles" => w.Article.ToString(),
                "article-categories" => w.Category.ToString(),
                "products" => w.Product.ToString(),
                "price-lists" => w.PriceList.ToString(),
                "pipelines" => w.Pipeline.ToString(),
                "teams" => w.Team.ToString(),
                "roles" => w.Role.ToString(),
                "calendars" => w.Calendar.ToString(),
                "policies" => w.Policy.ToString(),
                "users" => w.User.ToString(),
                "cases" => w.Case.ToString(),
                "macros" => w.Macro.ToString(),
                "case-categories" => w.CaseCategory.ToString(),
                _ => Guid.NewGuid().ToString(),
            };
        }
        return string.Join('/', segments);
    }

    private async Task<World> BuildWorldAsync(HttpClient admin)
    {
        var adminId = await admin.MeAsync();
        var (_, userId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var contact = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/contacts",
            new ContactInput { Name = "Li Lei", Phones = [CustomerSamples.ChinaMobile()] })).ReadAsync<ContactDto>();
        var interaction = await (await admin.PostJsonAsync($"{CustomersUrl}/{customer.Id}/interactions",
            new InteractionInput { Kind = InteractionKind.Call, Subject = "Checked in" })).ReadAsync<InteractionDto>();
        var lead = await (await admin.PostJsonAsync("/api/v1/leads?confirmDuplicate=true", SampleLead())).ReadAsync<LeadDto>();
        var form = await (await admin.PostJsonAsync("/api/v1/lead-forms", new LeadFormInput("Fuzz form"))).ReadAsync<LeadFormDto>();
        var pipelines = await (await admin.GetAsync("/api/v1/pipelines", Ct)).ReadAsync<List<PipelineDto>>();
        var standard = pipelines.Single(p => p.IsDefault);
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "Fuzz deal", CustomerId = customer.Id })).ReadAsync<OpportunityDto>();
        var product = await (await admin.PostJsonAsync("/api/v1/products", new ProductInput("FUZZ-1", "Widget"))).ReadAsync<ProductDto>();
        var priceList = await (await admin.PostJsonAsync("/api/v1/price-lists",
            new PriceListInput("Fuzz prices", "CNY", new DateOnly(2020, 1, 1), null, [new(product.Id, 10)]))).ReadAsync<PriceListDto>();
        // One quote accepted into an order with an invoice; another left as a draft to edit.
        var sold = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes", SampleQuote(null))).ReadAsync<QuoteDto>();
        await (await admin.PostAsync($"/api/v1/quotes/{sold.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{sold.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();
        var invoice = await (await admin.PostJsonAsync($"/api/v1/orders/{accepted.OrderId}/invoices", new InvoiceInput(Amount: 100))).ReadAsync<InvoiceDto>();
        var draft = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes", SampleQuote(product.Id))).ReadAsync<QuoteDto>();
        var contract = await (await admin.PostJsonAsync("/api/v1/contracts", SampleContract(customer.Id))).ReadAsync<ContractDto>();
        var pipeline = await (await admin.PostJsonAsync("/api/v1/pipelines", SamplePipeline())).ReadAsync<PipelineDto>();
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new TeamInput("Fuzz team", null))).ReadAsync<TeamDto>();
        var role = await (await admin.PostJsonAsync("/api/v1/roles", SampleRole())).ReadAsync<RoleDto>();
        var article = await (await admin.PostJsonAsync("/api/v1/articles", SampleArticle())).ReadAsync<Rapport.Core.Knowledge.ArticleDto>();
        await (await admin.PostAsync($"/api/v1/articles/{article.Id}/publish", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var category = await (await admin.PostJsonAsync("/api/v1/article-categories", new Rapport.Core.Knowledge.ArticleCategoryInput("Fuzz", "模糊"))).ReadAsync<Rapport.Core.Knowledge.ArticleCategoryDto>();
        var @case = await (await admin.PostJsonAsync("/api/v1/cases", new CaseInput(customer.Id, "Fuzz case"))).ReadAsync<CaseDto>();
        var macro = await (await admin.PostJsonAsync("/api/v1/macros", new MacroInput("Fuzz macro", "Hello {{ customer.name }}"))).ReadAsync<MacroDto>();
        var caseCategory = await (await admin.PostJsonAsync("/api/v1/case-categories", new CaseCategoryInput("Fuzz category"))).ReadAsync<CaseCategoryDto>();
        var calendar = await (await admin.PostJsonAsync("/api/v1/sla/calendars", SampleCalendar())).ReadAsync<BusinessCalendarDto>();
        var policy = await (await admin.PostJsonAsync("/api/v1/sla/policies", SamplePolicy(calendar.Id))).ReadAsync<SlaPolicyDto>();
        return new World(adminId, userId, customer.Id, contact.Id, interaction.Id, lead.Id, form.Id, form.Token, deal.Id, standard.Stages[1].Id,
            draft.Id, accepted.OrderId!.Value, invoice.Id, contract.Id, product.Id, priceList.Id, pipeline.Id, team.Id, role.Id,
            article.Id, category.Id, @case.Id, macro.Id, caseCategory.Id, calendar.Id, policy.Id);
    }

    private static LeadInput SampleLead() => new()
    {
        Name = "王芳", Company = "Fuzz Co " + Guid.NewGuid().ToString("N")[..6], Email = "fuzz@example.com", Country = "China", City = "Shanghai", Source = "Website",
    };

    private static QuoteInput SampleQuote(Guid? product) => new(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), "Thanks",
        [new QuoteLineInput(product, "Consulting day", 2, 800m, 10, 6, "day")]);

    private static ContractInput SampleContract(Guid customer) =>
        new(customer, "Fuzz contract", 1000, "CNY", new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), null, null, 30);

    private static Rapport.Core.Knowledge.ArticleInput SampleArticle() => new()
    {
        Title = "Fuzz article", Summary = "About fuzz", Body = "Some **Markdown**.", Language = "en",
        Visibility = Rapport.Core.Knowledge.ArticleVisibility.Public, Tags = ["fuzz"],
    };

    private static PipelineInput SamplePipeline() => new("Fuzz pipeline", [new(null, "Open", 10, StageKind.Open, ["amount"]), new(null, "Won", 100, StageKind.Won)]);

    private static BusinessCalendarInput SampleCalendar() => new("Fuzz calendar", "Asia/Shanghai",
        [new WorkingHoursDto(DayOfWeek.Monday, "09:00", "12:00"), new WorkingHoursDto(DayOfWeek.Monday, "13:00", "18:00")],
        [new CalendarDayDto(new DateOnly(2026, 10, 1), "国庆节"), new CalendarDayDto(new DateOnly(2026, 10, 10), "调休", true)]);

    private static SlaPolicyInput SamplePolicy(Guid calendar) => new("Fuzz policy", calendar, true,
        [new SlaTarget(CasePriority.High, ValueTier.High, null, 30, 120, 480, 75)],
        [new SlaEscalation(SlaTargetKind.Resolution, SlaEscalationTrigger.Breach, SlaEscalationAction.RaisePriority)]);

    private static RoleInput SampleRole() => new("Fuzz role", null, false, [Permissions.CustomersRead],
        new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own });

    private static readonly Rapport.Core.Marketing.Segments.SegmentRule FuzzSegment = Rapport.Core.Marketing.Segments.SegmentRule.All(
        Rapport.Core.Marketing.Segments.SegmentRule.When("tier", "in", null, "high", "medium"), Rapport.Core.Marketing.Segments.SegmentRule.When("orders", "withinDays", "90"));

    private static readonly Rapport.Core.Reports.ReportDefinition FuzzReport = new("opportunities", [new("stage")], new("createdAt"),
        [new(Rapport.Core.Reports.MeasureFunction.Sum, "amount")], [new("outcome", Rapport.Core.Reports.FilterOp.Eq, "open")]);

    /// <summary>A valid body of each request type; types not listed get one built from their properties.</summary>
    private static object? Sample(Type type, World w)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        object? sample = type.Name switch
        {
            nameof(CustomerInput) => CustomerSamples.Valid() with { DateOfBirth = "1980-05-01", Notes = "notes" },
            nameof(CustomerBulkInput) => new CustomerBulkInput([w.Customer], CustomerBulkAction.AddTag, Tag: "fuzz"),
            nameof(ContactInput) => new ContactInput { Name = "Han Meimei", Title = "CTO", Phones = [CustomerSamples.ChinaMobile()], Emails = ["hm@example.com"] },
            nameof(InteractionInput) => new InteractionInput
            {
                Kind = InteractionKind.Task, Subject = "Follow up", Content = "Call back", OccurredAt = DateTime.UtcNow, FollowUpOn = today.AddDays(3),
                DueAt = DateTime.UtcNow.AddDays(2), Participants = ["Li Lei"], Outcome = "ok",
            },
            nameof(LeadInput) => SampleLead(),
            nameof(LeadStatusInput) => new LeadStatusInput(LeadStatus.Qualified),
            nameof(LeadAssignInput) => new LeadAssignInput(w.Admin),
            nameof(LeadConvertInput) => new LeadConvertInput(Opportunity: new LeadOpportunityInput("Converted deal", 100, "CNY", today.AddDays(60))),
            nameof(LeadActivityInput) => new LeadActivityInput { Kind = InteractionKind.Call, Subject = "Intro", Content = "Talked", OccurredAt = DateTime.UtcNow },
            nameof(LeadFormInput) => new LeadFormInput("Form", "Website", "https://example.com/thanks"),
            nameof(LeadFormSubmission) => new LeadFormSubmission { Name = "Visitor", Company = "Visiting Co", Email = "v@example.com", Message = "Hello" },
            nameof(OpportunityInput) => new OpportunityInput
            {
                Name = "Deal", CustomerId = w.Customer, ContactId = w.Contact, Amount = 1000, Currency = "CNY", ExpectedCloseDate = today.AddDays(30),
                Probability = 40, Competitors = "Other", NextStep = "Call",
            },
            nameof(OpportunityMoveInput) => new OpportunityMoveInput(w.Stage),
            nameof(PipelineInput) => SamplePipeline(),
            nameof(ProductInput) => new ProductInput("SKU-" + Guid.NewGuid().ToString("N")[..6], "Gadget", "pc", "Hardware"),
            nameof(PriceListInput) => new PriceListInput("Prices", "CNY", today, today.AddYears(1), [new(w.Product, 12.5m)]),
            nameof(QuoteInput) => SampleQuote(w.Product),
            nameof(QuoteAcceptInput) => new QuoteAcceptInput(),
            nameof(InvoiceInput) => new InvoiceInput(10, 30, today),
            nameof(PaymentInput) => new PaymentInput(1, today, "wire", "REF-1"),
            nameof(ContractInput) => SampleContract(w.Customer),
            nameof(ContractEndInput) => new ContractEndInput("Ended"),
            nameof(Rapport.Core.Knowledge.ArticleInput) => SampleArticle() with { Slug = "fuzz-" + Guid.NewGuid().ToString("N")[..8] },
            nameof(Rapport.Core.Knowledge.ArticleFeedbackInput) => new Rapport.Core.Knowledge.ArticleFeedbackInput(true, "Helped"),
            nameof(Rapport.Core.Knowledge.ArticleCategoryInput) => new Rapport.Core.Knowledge.ArticleCategoryInput("Cat " + Guid.NewGuid().ToString("N")[..6], "类 " + Guid.NewGuid().ToString("N")[..6]),
            nameof(CaseInput) => new CaseInput(w.Customer, "Fuzz case", "Details", CaseType.Complaint, CaseChannel.Email, CasePriority.High, w.Contact, Tags: ["fuzz"]),
            nameof(CaseUpdateInput) => new CaseUpdateInput("Fuzz case", "Details", CaseType.Request, Tags: ["fuzz"]),
            nameof(CaseAssignInput) => new CaseAssignInput(w.Admin, w.Team),
            nameof(CaseMessageInput) => new CaseMessageInput(CaseMessageKind.InternalNote, "Checked"),
            nameof(CaseResolveInput) => new CaseResolveInput("Fixed"),
            nameof(MacroInput) => new MacroInput("Macro " + Guid.NewGuid().ToString("N")[..6], "Dear {{ contact.name }}", "zh-CN"),
            nameof(CaseCategoryInput) => new CaseCategoryInput("Category " + Guid.NewGuid().ToString("N")[..6], "类别 " + Guid.NewGuid().ToString("N")[..6], null, 5),
            nameof(AssignmentRuleInput) => new AssignmentRuleInput("Rule", w.Team, AssignmentMethod.RoundRobin, Keywords: ["never-fuzz"]),
            nameof(AssignmentRuleMoveInput) => new AssignmentRuleMoveInput(0),
            nameof(RoleInput) => SampleRole(),
            nameof(BusinessCalendarInput) => SampleCalendar(),
            nameof(SlaPolicyInput) => SamplePolicy(w.Calendar),
            nameof(SlaPreviewInput) => new SlaPreviewInput(w.Calendar, new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc), 600,
                [new SlaPause(new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc), null)]),
            nameof(TeamInput) => new TeamInput("Team", null),
            nameof(UserAccessInput) => new UserAccessInput([Roles.SalesRepresentative], null, null),
            nameof(InviteInput) => new InviteInput("invitee", "Invitee", "invitee@example.com", [Roles.SalesRepresentative], null),
            nameof(OffboardInput) => new OffboardInput(w.Admin),
            nameof(UserProfileInput) => new UserProfileInput("Fuzz Person", "fuzz@example.com", "Engineer", "en", "Asia/Shanghai"),
            nameof(TokenInput) => new TokenInput("fuzz", 1),
            nameof(PreferencesInput) => new PreferencesInput("en", "dark"),
            nameof(SavedViewInput) => new SavedViewInput("customers", "View", "{\"tier\":\"vip\"}", null),
            nameof(PasswordChangeInput) => new PasswordChangeInput("not-the-password", "Fresh&Unusual-2031"),
            nameof(MfaDisableInput) => new MfaDisableInput("123456", "not-the-password"),
            // Mail servers on a closed loopback port: a test email or a poll fails at once instead of waiting on a network.
            nameof(SmtpSettingsInput) => new SmtpSettingsInput("127.0.0.1", 1, MailSecurity.None, "desk", "pw", "desk@example.com", "Desk"),
            nameof(SmtpTestInput) => new SmtpTestInput("it@example.com"),
            nameof(MailboxInput) => new MailboxInput("Fuzz desk", "127.0.0.1", 1, MailSecurity.None, "desk", "pw", "INBOX", false, "cases"),
            nameof(Rapport.Core.Reports.ReportDefinition) => FuzzReport,
            nameof(Rapport.Core.Reports.ReportInput) => new Rapport.Core.Reports.ReportInput("Fuzz report", "Fuzz", FuzzReport),
            nameof(Rapport.Core.Marketing.Segments.SegmentInput) => new Rapport.Core.Marketing.Segments.SegmentInput("Fuzz segment", "Fuzz", FuzzSegment),
            nameof(Rapport.Core.Marketing.Segments.SegmentPreviewInput) => new Rapport.Core.Marketing.Segments.SegmentPreviewInput(FuzzSegment),
            nameof(Rapport.Core.Reports.ReportScheduleInput) => new Rapport.Core.Reports.ReportScheduleInput("0 8 * * *", "UTC", Rapport.Core.Reports.ReportFileFormat.Xlsx, [w.Admin]),
            nameof(Rapport.Core.Dashboards.DashboardInput) => new Rapport.Core.Dashboards.DashboardInput("Fuzz dashboard",
                [new(Guid.NewGuid(), "Tile", Rapport.Core.Dashboards.WidgetKind.Heatmap, Rapport.Core.Reports.StandardReports.All[^1].Id)]),
            _ => null,
        };
        // Settings sections: their defaults.
        sample ??= type.GetProperty("Defaults", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return sample;
    }

    private static JsonNode BodyOf(Type type, World w) =>
        Sample(type, w) is { } s ? JsonSerializer.SerializeToNode(s, type, Json.Options)! : FromProperties(type, 0);

    /// <summary>A body with a plausible value for each property, for request types without a sample.</summary>
    private static JsonNode FromProperties(Type type, int depth)
    {
        var o = new JsonObject();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.GetMethod?.IsPublic == true))
        {
            if (p.Name == "EqualityContract") continue;
            o[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = Plausible(p.PropertyType, depth);
        }
        return o;
    }

    private static JsonNode? Plausible(Type t, int depth)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(string)) return "x";
        if (t == typeof(bool)) return true;
        if (t == typeof(Guid)) return Guid.NewGuid().ToString();
        if (t == typeof(DateOnly)) return "2026-06-01";
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return "2026-06-01T10:00:00Z";
        if (t.IsEnum) return JsonNamingPolicy.CamelCase.ConvertName(Enum.GetNames(t)[0]);
        if (t.IsPrimitive || t == typeof(decimal)) return 1;
        if (t == typeof(JsonElement) || t == typeof(JsonNode) || t == typeof(object)) return new JsonObject();
        if (t.IsArray || (t.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(t)))
        {
            var item = t.IsArray ? t.GetElementType()! : t.GetGenericArguments()[^1];
            return depth > 2 ? new JsonArray() : new JsonArray(Plausible(item, depth + 1));
        }
        return depth > 2 ? new JsonObject() : FromProperties(t, depth + 1);
    }

    // ---- what to send ------------------------------------------------------------------------------------------

    private const string Marker = "\"@@fuzz@@\"";

    private static readonly Gen<string> Control = Gen.Char['\0', '\u001F'].Select(c => $"\\u{(int)c:x4}");

    /// <summary>Text as raw JSON string literals: control characters, lone surrogates, long, odd Unicode, syntax.</summary>
    private static readonly Gen<string> Texts = Gen.Frequency(
        (3, Gen.Select(Gen.String[0, 8], Control, Gen.String[0, 8], (a, c, b) => JsonSerializer.Serialize(a)[..^1] + c + JsonSerializer.Serialize(b)[1..])),
        (2, Gen.OneOf("\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0001\\u0002\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\udbff\\udbff\"", "\"\\ud83d\"")),
        (2, Gen.String[0, 40].Select(s => JsonSerializer.Serialize(s))),
        (1, Gen.Int[1_000, 20_000].Select(n => "\"" + new string('长', n) + "\"")),
        (1, Gen.OneOf("\"\"", "\"   \"", "\"\\\"\"", "\"NEAR(a b)\"", "\"' OR 1=1 --\"", "\"%_\\\\\"", "\"\\u202e\\u200b\"", "\"😀👍🏽\"", "\"\\n\\r\\t\"")));

    /// <summary>Numbers as raw JSON: past every C# numeric range, at the edges of them, and ordinary ones.</summary>
    private static readonly Gen<string> Numbers = Gen.Frequency(
        (3, Gen.OneOf("1e400", "-1e400", "1e30", "-1e30", "79228162514264337593543950336", "79228162514264337593543950335", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "92233720368547758.07", "2147483647", "2147483648", "-2147483649", "1e-400",
            "0.000000000000000000000000000001", "123456789012345678901234567890.123", "-0", "0", "-1", "1.5", "100000000000.01", "99999999999.999")),
        (1, Gen.Decimal.Select(d => d.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>Dates and times as raw JSON strings: the ends of the calendar, just outside the business range, odd forms.</summary>
    private static readonly Gen<string> Dates = Gen.Frequency(
        (3, Gen.OneOf("\"9999-12-31\"", "\"0001-01-01\"", "\"1899-12-31\"", "\"1900-01-01\"", "\"2199-12-31\"", "\"2200-01-01\"", "\"9999-12-01\"",
            "\"9999-12-31T23:59:59.9999999Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59+14:00\"", "\"0001-01-01T00:00:00-14:00\"",
            "\"0001-01-01T00:00:00+14:00\"", "\"2026-02-30\"", "\"2026-13-01\"", "\"+275760-09-13\"", "\"2026-06-01T25:00:00\"", "\"1970-01-01\"")),
        (1, Gen.DateOnly.Select(d => $"\"{d:yyyy-MM-dd}\"")),
        (1, Gen.DateTime.Select(d => $"\"{d:yyyy-MM-ddTHH:mm:ss.fffffffZ}\"")));

    /// <summary>Wrong shapes: other types, null, nesting past the parser's depth limit.</summary>
    private static readonly Gen<string> Shapes = Gen.OneOf("true", "false", "null", "[]", "{}", "[1,\"a\",null]", "{\"a\":1}", "[[[]]]",
        "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"", "\"" + Guid.NewGuid() + "\"",
        new string('[', 100) + new string(']', 100), Nest(70));

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static readonly Gen<string> Anything = Gen.Frequency((3, Texts), (3, Numbers), (2, Dates), (2, Shapes));

    /// <summary>Values for one field, leaning on what the field holds.</summary>
    private static Gen<string> For(JsonNode? sample, Type? declared)
    {
        var t = declared is null ? null : Nullable.GetUnderlyingType(declared) ?? declared;
        Gen<string> kind =
            t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || (sample is JsonValue v && v.TryGetValue<string>(out var s) && LooksLikeDate(s))
                ? Dates
                : t is not null && (t == typeof(decimal) || (t.IsPrimitive && t != typeof(bool))) || sample is JsonValue n && n.GetValueKind() == JsonValueKind.Number
                    ? Numbers
                    : t == typeof(string) || sample is JsonValue { } sv && sv.GetValueKind() == JsonValueKind.String
                        ? Texts
                        : Shapes;
        return Gen.Frequency((3, kind), (1, Anything));
    }

    private static bool LooksLikeDate(string s) => s.Length >= 10 && char.IsAsciiDigit(s[0]) && s[4] == '-' && s[7] == '-';

    /// <summary>Random JSON documents, a few levels deep, with the request type's own property names among the keys.</summary>
    private static Gen<string> RandomJson(IReadOnlyList<string> names, int depth) => depth == 0
        ? Anything
        : Gen.Frequency(
            (2, Anything),
            (2, Gen.Select(Gen.OneOf([.. names, "extra", "$type", ""]), RandomJson(names, depth - 1)).Array[0, 5]
                .Select(kvs => "{" + string.Join(",", kvs.Select(kv => JsonSerializer.Serialize(kv.Item1) + ":" + kv.Item2)) + "}")),
            (1, RandomJson(names, depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")));

    /// <summary>(path, sample value, declared type) of every field of a body, nested ones and array items included.</summary>
    private static IEnumerable<(string Path, JsonNode? Sample, Type? Type)> Fields(JsonNode body, Type type)
    {
        var seen = new HashSet<string>();
        foreach (var f in Walk(body, "", type))
            if (seen.Add(f.Path)) yield return f;
        // Properties the sample leaves out are fields a caller may send too.
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            if (p.Name != "EqualityContract" && seen.Add(name)) yield return (name, null, p.PropertyType);
        }
    }

    private static IEnumerable<(string Path, JsonNode? Sample, Type? Type)> Walk(JsonNode? node, string path, Type? type)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    var p = type?.GetProperties().FirstOrDefault(x => string.Equals(x.Name, key, StringComparison.OrdinalIgnoreCase));
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    yield return (childPath, child, p?.PropertyType);
                    foreach (var f in Walk(child, childPath, p?.PropertyType)) yield return f;
                }
                break;
            case JsonArray { Count: > 0 } a:
                var item = type is null ? null : type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[^1] : null;
                yield return ($"{path}[0]", a[0], item);
                foreach (var f in Walk(a[0], $"{path}[0]", item)) yield return f;
                break;
        }
    }

    /// <summary>The body with the field at <paramref name="path"/> replaced by raw JSON <paramref name="raw"/>.</summary>
    private static string Replace(JsonNode body, string path, string raw)
    {
        var copy = body.DeepClone();
        var parts = path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.');
        JsonNode? parent = copy;
        for (var i = 0; i < parts.Length - 1; i++)
            parent = parts[i] == "[0]" ? parent?.AsArray()[0] : parent?[parts[i]];
        var last = parts[^1];
        if (parent is JsonArray arr && last == "[0]") arr[0] = "@@fuzz@@";
        else if (parent is JsonObject obj) obj[last] = "@@fuzz@@";
        return copy.ToJsonString().Replace(Marker, raw, StringComparison.Ordinal);
    }

    /// <summary>Query values, already percent-encoded: bad UTF-8 and overlong NUL too, which no string can hold.</summary>
    private static readonly Gen<string> QueryTexts = Gen.Frequency(
        (3, Gen.OneOf("%00", "a%00b", "%01", "%1F", "%0A", "%ED%A0%80", "%C0%80", "%FF", "%E2%80%AE", "%22", "%22%22", "NEAR(a%20b)", "a*",
            "%27%20OR%201%3D1%20--", "%25", "_", "%5C", "-", "%2B", "%20", "x" + new string('y', 3000))),
        (1, Gen.String[0, 20].Select(Uri.EscapeDataString)),
        (1, Gen.Select(Gen.String[0, 6], Gen.Char['\0', '\u001F'], (s, c) => Uri.EscapeDataString(s + c))));

    private static readonly Gen<string> QueryDates = Gen.OneOf("9999-12-31", "9999-12-01", "0001-01-01", "1899-12-31", "2200-01-01",
        "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-14:00", "2026-02-30", "yesterday", "%00");

    private static readonly Gen<string> QueryNumbers = Gen.OneOf("99999999999999999999", "-1", "0", "2147483648", "-2147483649", "1e3", "1.5",
        "NaN", "%00", "");

    private static Gen<string> QueryValues(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        var kind = t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) ? QueryDates
            : t.IsPrimitive && t != typeof(bool) || t == typeof(decimal) ? QueryNumbers
            : QueryTexts;
        return Gen.Frequency((3, kind), (1, QueryTexts), (1, QueryDates), (1, QueryNumbers));
    }

    private static List<Case> Cases(List<Target> targets, World w)
    {
        var pcg = new PCG(1, Seed);
        string One(Gen<string> gen) => gen.Generate(pcg, null, out _);
        var cases = new List<Case>();
        foreach (var t in targets)
        {
            var url = Url(t.Route, w);
            foreach (var (name, type) in t.Query)
                for (var i = 0; i < ValuesPerQueryParameter; i++)
                    cases.Add(new Case(t, $"?{name}", $"{url}?{name}={One(QueryValues(type))}", t.Body is null ? null : BodyOf(t.Body, w).ToJsonString(Json.Options)));
            if (t.Query.Count > 1)
                cases.Add(new Case(t, "all query", url + "?" + string.Join("&", t.Query.Select(q => $"{q.Name}={One(QueryValues(q.Type))}")),
                    t.Body is null ? null : BodyOf(t.Body, w).ToJsonString(Json.Options)));
            if (t.Body is null) continue;

            var body = BodyOf(t.Body, w);
            foreach (var (path, sample, type) in Fields(body, t.Body))
                for (var i = 0; i < ValuesPerField; i++)
                {
                    var value = One(For(sample, type));
                    cases.Add(new Case(t, path, url, Replace(body, path, value)));
                }
            var names = t.Body.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
            for (var i = 0; i < RandomBodiesPerEndpoint; i++)
                cases.Add(new Case(t, "random body", url, One(RandomJson(names, 3))));
            // Duplicate keys: the first property again, with a bad value, before the good one and after it.
            if (body is JsonObject { Count: > 0 } o)
            {
                var first = o.First().Key;
                var bad = One(For(o[first], null));
                var json = body.ToJsonString(Json.Options);
                cases.Add(new Case(t, "duplicate key first", url, "{" + JsonSerializer.Serialize(first) + ":" + bad + "," + json[1..]));
                cases.Add(new Case(t, "duplicate key last", url, json[..^1] + (o.Count > 0 ? "," : "") + JsonSerializer.Serialize(first) + ":" + bad + "}"));
            }
            cases.Add(new Case(t, "deep nesting", url, Nest(200)));
        }
        return cases;
    }
}

public sealed class InputFuzzOnSqlite(SqliteApp app) : InputFuzzTests(app), IClassFixture<SqliteApp>;

public sealed class InputFuzzOnPostgres(PostgresApp app) : InputFuzzTests(app), IClassFixture<PostgresApp>;
