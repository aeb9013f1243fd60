using Microsoft.Extensions.DependencyInjection;

namespace Rapport.Core.Marketing.Campaigns;

/// <summary>Campaigns: the plan and its status, the email content and A/B set-up, the members (added set-based, only
/// where consent for the campaign's messaging channels holds), responses, and the results.</summary>
public sealed class CampaignService(RapportDbContext db, ICurrentUser user, TimeProvider clock, SettingsService settings, IServiceProvider services,
    ICampaignLinks links)
{
    private const int MemberChunk = 1000;

    public async Task<CampaignDto> CreateAsync(CampaignInput input, CancellationToken ct)
    {
        user.Require(Permissions.CampaignsManage);
        var campaign = new Campaign { Name = "", Currency = "" };
        await ApplyAsync(campaign, input, ct);
        campaign.OwnerId = input.OwnerId ?? user.Id;
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return await GetAsync(campaign.Id, ct);
    }

    public async Task<CampaignDto> GetAsync(Guid id, CancellationToken ct)
    {
        var c = await user.FindToReadAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsRead, ct);
        return ToDto(c, (await CountsAsync(db, [id], ct)).GetValueOrDefault(id));
    }

    /// <summary>Each campaign's members, and how many of them the sending has dealt with.</summary>
    internal static Task<Dictionary<Guid, (int Members, int Dispatched)>> CountsAsync(RapportDbContext db, List<Guid> ids, CancellationToken ct) =>
        db.CampaignMembers.Where(m => ids.Contains(m.CampaignId)).GroupBy(m => m.CampaignId)
            .Select(g => new { g.Key, Count = g.Count(), Dispatched = g.Count(m => m.Status != MemberStatus.Targeted) })
            .ToDictionaryAsync(x => x.Key, x => (x.Count, x.Dispatched), ct);

    public async Task<Page<CampaignDto>> ListAsync(CampaignStatus? status, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.CampaignsRead);
        var size = Keyset.ClampPageSize(limit);
        var source = db.Campaigns.AsNoTracking().Include(c => c.Variants).AsQueryable();
        if (status is { } s) source = source.Where(c => c.Status == s);
        var rows = await Keyset.Seek(source, c => c.CreatedAt, c => c.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, c => c.CreatedAt, c => c.Id);
        var ids = items.Select(c => c.Id).ToList();
        var counts = await CountsAsync(db, ids, ct);
        return new Page<CampaignDto>([.. items.Select(c => ToDto(c, counts.GetValueOrDefault(c.Id)))], next);
    }

    public async Task<CampaignDto> UpdateAsync(Guid id, CampaignInput input, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsManage, expectedVersion, ct);
        // Cost keeps being recorded after the sending; the plan's other terms too (a report reads them), but not the
        // A/B set-up once a test has gone out.
        var ab = (c.TestSharePercent, c.TestWaitHours, c.WinnerMetric, c.ConfidenceLevel);
        await ApplyAsync(c, input, ct);
        if (c.AbState != AbState.None) (c.TestSharePercent, c.TestWaitHours, c.WinnerMetric, c.ConfidenceLevel) = ab;
        if (input.OwnerId is { } owner) c.OwnerId = owner;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public Task<CampaignDto> ScheduleAsync(Guid id, CampaignScheduleInput input, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, Permissions.CampaignsSend, expectedVersion, c =>
        {
            if (input.At.ToUniversalTime() < clock.GetUtcNow().UtcDateTime || !Ranges.IsBusinessDate(input.At))
                throw RapportValidationException.For("at", "Campaign.ScheduleInPast");
            RequireContent(c);
            c.Schedule(input.At.ToUniversalTime());
            c.LinkBase = links.CurrentBase ?? c.LinkBase;
        }, ct);

    /// <summary>Stops the campaign: the job queues no more of its members, and its messages still waiting in the
    /// outbox are taken back.</summary>
    public async Task<CampaignDto> CancelAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsManage, expectedVersion, ct);
        c.Cancel();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await CampaignSender.WithdrawQueuedAsync(db, id, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public Task<CampaignDto> CompleteAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, Permissions.CampaignsManage, expectedVersion, c => c.Complete(), ct);

    private async Task<CampaignDto> ChangeAsync(Guid id, string permission, long? expectedVersion, Action<Campaign> change, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Campaigns.Include(x => x.Variants), id, permission, expectedVersion, ct);
        change(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    internal static void RequireContent(Campaign c)
    {
        if (c.Uses(CampaignChannel.Email) && c.Variants.Count == 0) throw RapportValidationException.For("variants", "Campaign.NoContent");
    }

    /// <summary>Replaces the email's variants (labelled A, B, … in order; a variant keeps its id while its label stays),
    /// while the campaign has not gone out.</summary>
    public Task<CampaignDto> SetContentAsync(Guid id, CampaignContentInput input, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, Permissions.CampaignsManage, expectedVersion, c =>
        {
            if (c.Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled)) throw RapportValidationException.For("status", "Campaign.AlreadySent");
            var variants = input.Variants ?? [];
            var errors = new List<FieldError>();
            if (variants.Count is < 1 or > 5) errors.Add(new("variants", "Campaign.VariantCount", 1, 5));
            for (var i = 0; i < variants.Count && i < 5; i++) Check(errors, $"variants[{i}]", variants[i]);
            if (errors.Count > 0) throw new RapportValidationException(errors);
            for (var i = 0; i < variants.Count; i++)
            {
                var label = ((char)('A' + i)).ToString();
                var v = variants[i];
                var variant = c.Variants.FirstOrDefault(x => x.Label == label);
                if (variant is null)
                {
                    variant = new CampaignVariant { CampaignId = c.Id, Label = label, Subject = "", Text = "" };
                    c.Variants.Add(variant);
                }
                variant.Subject = v.Subject!.Trim();
                variant.SubjectZh = TextInput.Clean(v.SubjectZh);
                variant.Text = v.Text!;
                variant.TextZh = TextInput.Clean(v.TextZh);
                variant.Html = CampaignTemplate.Sanitize(v.Html);
                variant.HtmlZh = CampaignTemplate.Sanitize(v.HtmlZh);
                variant.FromName = TextInput.Clean(v.FromName);
            }
            c.Variants.RemoveAll(x => x.Label[0] - 'A' >= variants.Count);
        }, ct);

    internal static void Check(List<FieldError> errors, string at, CampaignVariantInput v)
    {
        if (string.IsNullOrWhiteSpace(v.Subject)) errors.Add(new($"{at}.subject", "Validation.Required"));
        if (string.IsNullOrWhiteSpace(v.Text)) errors.Add(new($"{at}.text", "Validation.Required"));
        if ((v.SubjectZh is null) != (v.TextZh is null)) errors.Add(new($"{at}.textZh", "Campaign.ZhIncomplete"));
        foreach (var (field, value, max) in new[]
                 {
                     ("subject", v.Subject, CampaignVariant.SubjectMax), ("subjectZh", v.SubjectZh, CampaignVariant.SubjectMax),
                     ("text", v.Text, CampaignVariant.BodyMax), ("textZh", v.TextZh, CampaignVariant.BodyMax),
                     ("html", v.Html, CampaignVariant.BodyMax), ("htmlZh", v.HtmlZh, CampaignVariant.BodyMax),
                     ("fromName", v.FromName, CampaignVariant.FromNameMax),
                 })
        {
            TextInput.CheckLength(errors, $"{at}.{field}", value, max);
            if (!CampaignTemplate.Parses(value)) errors.Add(new($"{at}.{field}", "Validation.MacroTemplate"));
        }
    }

    /// <summary>
    /// Adds customers as members, with one INSERT … SELECT per thousand candidates (never one entity per member):
    /// the candidates come from the caller's record scope (an audience, a tag, or ids), each is added once, and only
    /// when consent for every messaging channel the campaign uses (email: marketing email to their address; SMS:
    /// marketing SMS to their phone) is granted on the ledger's newest line. Unknown ids and customers without
    /// consent are left out without an error: the answer says how many were added.
    /// </summary>
    public async Task<AddMembersResult> AddMembersAsync(Guid id, AddMembersInput input, CancellationToken ct)
    {
        var c = await user.FindToReadAsync(db.Campaigns, id, Permissions.CampaignsManage, ct);
        if (c.Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled)) throw RapportValidationException.For("status", "Campaign.AlreadySent");
        var candidates = new HashSet<Guid>();
        if (input.AudienceId is { } audienceId)
        {
            var audience = services.GetService<IAudienceSource>() is { } source ? await source.CustomerIdsAsync(audienceId, ct) : null;
            if (audience is null) throw RapportValidationException.For("audienceId", "Campaign.AudienceUnknown");
            candidates.UnionWith(await audience.ToListAsync(ct));
        }
        if (TextInput.Clean(input.Tag) is { } tag)
            candidates.UnionWith(await db.Customers.Where(x => x.Tags.Any(t => t.Name == tag)).Select(x => x.Id).ToListAsync(ct));
        if (input.CustomerIds is { Count: > 0 } ids)
        {
            if (ids.Count > 10_000) throw RapportValidationException.For("customerIds", "Validation.TooMany", 10_000);
            foreach (var chunk in ids.Distinct().Chunk(MemberChunk))
                candidates.UnionWith(await db.Customers.Where(x => chunk.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
        }
        var added = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in candidates.Order().Chunk(MemberChunk))
            added += await db.Database.ExecuteSqlRawAsync(InsertMembersSql(c, chunk), [now], ct);
        var total = await db.CampaignMembers.CountAsync(m => m.CampaignId == id, ct);
        return new AddMembersResult(added, total);
    }

    /// <summary>The INSERT … SELECT for one chunk of candidate ids. The ids are Guids written by this code (no user
    /// text reaches the SQL); the only parameter is the time.</summary>
    private string InsertMembersSql(Campaign c, Guid[] ids)
    {
        string Literal(Guid g) => $"'{(db.IsPostgres ? g.ToString() : g.ToString().ToUpperInvariant())}'";
        static string Channel(string kind) =>
            $"(SELECT ch.\"Value\" FROM \"CustomerChannels\" ch WHERE ch.\"CustomerId\" = c.\"Id\" AND ch.\"Kind\" = '{kind}' ORDER BY ch.\"IsPrimary\" DESC, ch.\"Value\" LIMIT 1)";
        // The ledger's current state for an address: its newest line (by when it was given, then recorded) is a grant.
        static string Consented(string address, ConsentPurposeName purpose) =>
            $"""
            {address} IS NOT NULL AND EXISTS (SELECT 1 FROM "ConsentEntries" e WHERE e."Address" = {address} AND e."Purpose" = '{purpose}' AND e."Granted"
              AND NOT EXISTS (SELECT 1 FROM "ConsentEntries" n WHERE n."Address" = e."Address" AND n."Purpose" = e."Purpose"
                AND (n."At" > e."At" OR (n."At" = e."At" AND n."RecordedAt" > e."RecordedAt"))))
            """;
        var conditions = new List<string> { $"NOT EXISTS (SELECT 1 FROM \"CampaignMembers\" m WHERE m.\"CampaignId\" = {Literal(c.Id)} AND m.\"CustomerId\" = x.\"Id\")" };
        if (c.Uses(CampaignChannel.Email)) conditions.Add(Consented("x.\"Email\"", ConsentPurposeName.MarketingEmail));
        if (c.Uses(CampaignChannel.Sms)) conditions.Add(Consented("x.\"Phone\"", ConsentPurposeName.MarketingSms));
        var falseValue = db.IsPostgres ? "FALSE" : "0";
        return $"""
            INSERT INTO "CampaignMembers" ("CampaignId", "CustomerId", "Email", "Phone", "Status", "InTest", "AddedAt")
            SELECT {Literal(c.Id)}, x."Id", x."Email", x."Phone", '{nameof(MemberStatus.Targeted)}', {falseValue}, {"{0}"}
            FROM (SELECT c."Id", {Channel("Email")} AS "Email", {Channel("Phone")} AS "Phone" FROM "Customers" c
                  WHERE c."DeletedAt" IS NULL AND c."Id" IN ({string.Join(", ", ids.Select(Literal))})) x
            WHERE {string.Join(" AND ", conditions)}
            """;
    }

    private enum ConsentPurposeName { MarketingEmail, MarketingSms }

    public async Task<Page<CampaignMemberDto>> MembersAsync(Guid id, MemberStatus? status, string? cursor, int? limit, CancellationToken ct)
    {
        await user.FindToReadAsync(db.Campaigns, id, Permissions.CampaignsRead, ct);
        var size = Keyset.ClampPageSize(limit);
        var rows = Visible(db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == id));
        if (status is { } s) rows = rows.Where(m => m.Status == s);
        var page = await Rows(Keyset.Seek(rows, m => m.CustomerId, m => m.CustomerId, false, cursor, size)).ToListAsync(ct);
        var (items, next) = Keyset.Cut(page, size, m => m.CustomerId, m => m.CustomerId);
        long? total = null;
        var capped = false;
        if (cursor is null) (total, capped) = await Keyset.CappedCountAsync(rows, ct);
        return new Page<CampaignMemberDto>(items, next, total, capped);
    }

    /// <summary>Records a member's response (or conversion) by hand: a reply, a visit, a purchase.</summary>
    public async Task<CampaignMemberDto> RespondAsync(Guid id, Guid customerId, MemberResponseInput input, CancellationToken ct)
    {
        await user.FindToReadAsync(db.Campaigns, id, Permissions.CampaignsManage, ct);
        var member = await Visible(db.CampaignMembers).FirstOrDefaultAsync(m => m.CampaignId == id && m.CustomerId == customerId, ct)
            ?? throw new NotFoundException("CampaignMember", customerId);
        member.Respond(clock.GetUtcNow().UtcDateTime, input.Converted);
        await db.SaveChangesAsync(ct);
        return await Rows(db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == id && m.CustomerId == customerId)).SingleAsync(ct);
    }

    /// <summary>Members whose customer the reader may see (record scope).</summary>
    private IQueryable<CampaignMember> Visible(IQueryable<CampaignMember> rows) => rows.Where(m => db.Customers.Any(x => x.Id == m.CustomerId));

    /// <summary>Members as shown, with their customer's name and their variant's label.</summary>
    private IQueryable<CampaignMemberDto> Rows(IQueryable<CampaignMember> rows) =>
        rows.Select(m => new CampaignMemberDto(m.CustomerId, db.Customers.Where(x => x.Id == m.CustomerId).Select(x => x.Name).FirstOrDefault() ?? "", m.Email, m.Status,
            db.CampaignVariants.Where(v => v.Id == m.VariantId).Select(v => v.Label).FirstOrDefault(), m.InTest,
            m.SentAt, m.OpenedAt, m.ClickedAt, m.ConvertedAt, m.Error));

    /// <summary>The funnel, the figures per variant and the A/B comparison, all counted by the database.</summary>
    public async Task<CampaignResults> ResultsAsync(Guid id, CancellationToken ct)
    {
        var c = await user.FindToReadAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsRead, ct);
        return await ResultsOfAsync(db, c, ct) with { Attribution = await CampaignAttribution.ResultsOfAsync(db, c, ct) };
    }

    internal static async Task<CampaignResults> ResultsOfAsync(RapportDbContext db, Campaign c, CancellationToken ct)
    {
        var members = db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == c.Id);
        var totals = await members.GroupBy(_ => 1).Select(g => new
        {
            All = g.Count(),
            Sent = g.Count(m => m.SentAt != null),
            Delivered = g.Count(m => m.DeliveredAt != null),
            Opened = g.Count(m => m.OpenedAt != null),
            Clicked = g.Count(m => m.ClickedAt != null),
            Responded = g.Count(m => m.RespondedAt != null),
            Converted = g.Count(m => m.ConvertedAt != null),
            Unsubscribed = g.Count(m => m.Status == MemberStatus.Unsubscribed),
            Bounced = g.Count(m => m.Status == MemberStatus.Bounced),
        }).FirstOrDefaultAsync(ct);
        var funnel = new List<FunnelStage>
        {
            new("targeted", totals?.All ?? 0), new("sent", totals?.Sent ?? 0), new("delivered", totals?.Delivered ?? 0),
            new("opened", totals?.Opened ?? 0), new("clicked", totals?.Clicked ?? 0), new("responded", totals?.Responded ?? 0),
            new("converted", totals?.Converted ?? 0), new("unsubscribed", totals?.Unsubscribed ?? 0), new("bounced", totals?.Bounced ?? 0),
        };
        var byVariant = await members.Where(m => m.VariantId != null && m.SentAt != null).GroupBy(m => new { m.VariantId, m.InTest }).Select(g => new
        {
            g.Key.VariantId, g.Key.InTest, Sent = g.Count(),
            Opened = g.Count(m => m.OpenedAt != null), Clicked = g.Count(m => m.ClickedAt != null), Converted = g.Count(m => m.ConvertedAt != null),
        }).ToListAsync(ct);
        var variants = c.Variants.OrderBy(v => v.Label).Select(v =>
        {
            var rows = byVariant.Where(r => r.VariantId == v.Id).ToList();
            return new VariantResult(v.Id, v.Label, v.Subject, rows.Sum(r => r.Sent), rows.Where(r => r.InTest).Sum(r => r.Sent),
                rows.Sum(r => r.Opened), rows.Sum(r => r.Clicked), rows.Sum(r => r.Converted));
        }).ToList();
        AbComparison? comparison = null;
        if (c.AbState != AbState.None)
        {
            var test = c.Variants.OrderBy(v => v.Label).Select(v =>
            {
                var row = byVariant.FirstOrDefault(r => r.VariantId == v.Id && r.InTest);
                var successes = row is null ? 0 : c.WinnerMetric switch { AbMetric.Open => row.Opened, AbMetric.Click => row.Clicked, _ => row.Converted };
                return (successes, row?.Sent ?? 0);
            }).ToList();
            if (Significance.Leader(test, c.ConfidenceLevel) is { } lead)
            {
                static double Rate((int S, int N) x) => x.N == 0 ? 0 : (double)x.S / x.N;
                comparison = new AbComparison(c.WinnerMetric, variants[lead.Leader].Label, Rate(test[lead.Leader]), variants[lead.RunnerUp].Label,
                    Rate(test[lead.RunnerUp]), lead.Z, lead.P, lead.Alpha, lead.Significant);
            }
        }
        return new CampaignResults(totals?.All ?? 0, funnel, variants, comparison);
    }

    private async Task ApplyAsync(Campaign c, CampaignInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name);
        if (name is null) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, Campaign.NameMax);
        var objective = TextInput.Clean(input.Objective);
        TextInput.CheckLength(errors, "objective", objective, Campaign.ObjectiveMax);
        var channels = (input.Channels is { Count: > 0 } ch ? ch : [CampaignChannel.Email]).Distinct().Order().ToList();
        if (channels.Any(x => !Enum.IsDefined(x))) errors.Add(new("channels", "Validation.Invalid"));
        var currency = string.IsNullOrWhiteSpace(input.Currency) ? (await settings.GetAsync<Sales.SalesSettings>(ct)).DefaultCurrency : Currency.Normalize(input.Currency);
        if (currency is null) errors.Add(new("currency", "Validation.Currency"));
        foreach (var (field, amount) in new[] { ("budget", input.Budget), ("actualCost", input.ActualCost) })
            if (amount < 0 || currency is not null && !Currency.IsAmount(amount, currency)) errors.Add(new(field, "Campaign.Amount"));
        Ranges.CheckDate(errors, "startsOn", input.StartsOn);
        Ranges.CheckDate(errors, "endsOn", input.EndsOn);
        if (input.StartsOn is { } from && input.EndsOn is { } to && to < from) errors.Add(new("endsOn", "Validation.EndBeforeStart"));
        if (input.TestSharePercent is < 0 or > 50) errors.Add(new("testSharePercent", "Validation.Range", 0, 50));
        if (input.TestWaitHours is < 1 or > 24 * 14) errors.Add(new("testWaitHours", "Validation.Range", 1, 24 * 14));
        if (!Enum.IsDefined(input.WinnerMetric)) errors.Add(new("winnerMetric", "Validation.Invalid"));
        if (input.ConfidenceLevel is not (>= 0.8 and <= 0.999)) errors.Add(new("confidenceLevel", "Validation.Range", 0.8, 0.999));
        var utm = TextInput.Clean(input.UtmCampaign);
        TextInput.CheckLength(errors, "utmCampaign", utm, Campaign.UtmMax);
        if (utm is not null && await db.Campaigns.IgnoreQueryFilters().AnyAsync(x => x.UtmCampaign == utm && x.Id != c.Id, ct))
            errors.Add(new("utmCampaign", "Campaign.UtmTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        c.Name = name!;
        c.UtmCampaign = utm;
        c.Objective = objective;
        c.Channels = string.Join(',', channels.Select(x => x.ToString().ToLowerInvariant()));
        c.Currency = currency!;
        c.BudgetMinor = Currency.ToMinor(input.Budget, currency!);
        c.ActualCostMinor = Currency.ToMinor(input.ActualCost, currency!);
        (c.StartsOn, c.EndsOn) = (input.StartsOn, input.EndsOn);
        (c.TestSharePercent, c.TestWaitHours, c.WinnerMetric, c.ConfidenceLevel) = (input.TestSharePercent, input.TestWaitHours, input.WinnerMetric, input.ConfidenceLevel);
    }

    internal static CampaignDto ToDto(Campaign c, (int Members, int Dispatched) counts) => new(
        c.Id, c.Name, c.Objective, c.ChannelList, c.Currency, Currency.FromMinor(c.BudgetMinor, c.Currency), Currency.FromMinor(c.ActualCostMinor, c.Currency),
        c.StartsOn, c.EndsOn, c.OwnerId, c.Status, c.ScheduledAt, c.SentAt, c.TestSharePercent, c.TestWaitHours, c.WinnerMetric, c.ConfidenceLevel,
        c.AbState, c.TestSentAt, c.WinnerVariantId, c.WinnerChosenByHand,
        [.. c.Variants.OrderBy(v => v.Label).Select(v => new CampaignVariantDto(v.Id, v.Label, v.FromName, v.Subject, v.SubjectZh, v.Html, v.HtmlZh, v.Text, v.TextZh))],
        counts.Members, c.CreatedAt, c.Version, counts.Dispatched, c.UtmCampaign);
}
