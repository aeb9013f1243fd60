using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Customers;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Privacy;

namespace Rapport.Core.Marketing.Journeys;

/// <summary>Journeys: the definition (entry audience and steps, editable while a draft), the status, enrolment on
/// activation (once per customer, in the activating user's record scope, only with consent when the journey sends
/// email) and the per-step counts. The journey job (<see cref="JourneyRunner"/>) moves the members.</summary>
public sealed class JourneyService(RapportDbContext db, ICurrentUser user, TimeProvider clock, SettingsService settings, ConsentGate gate, IServiceProvider services)
{
    private const int Chunk = 1000;

    public async Task<JourneyDto> CreateAsync(JourneyInput input, CancellationToken ct)
    {
        user.Require(Permissions.CampaignsManage);
        var journey = new Journey { Name = "" };
        await ApplyAsync(journey, input, ct);
        journey.OwnerId = input.OwnerId ?? user.Id;
        db.Journeys.Add(journey);
        await db.SaveChangesAsync(ct);
        return await GetAsync(journey.Id, ct);
    }

    public async Task<JourneyDto> GetAsync(Guid id, CancellationToken ct)
    {
        var j = await user.FindToReadAsync(db.Journeys.Include(x => x.Steps), id, Permissions.CampaignsRead, ct);
        var members = await db.JourneyMembers.Where(m => m.JourneyId == id).GroupBy(m => new { m.State, m.Step })
            .Select(g => new { g.Key.State, g.Key.Step, Count = g.Count() }).ToListAsync(ct);
        var passed = await db.JourneyStepRuns.Where(r => r.JourneyId == id).GroupBy(r => r.Step)
            .Select(g => new { Step = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Step, x => x.Count, ct);
        int Count(JourneyMemberState state) => members.Where(m => m.State == state).Sum(m => m.Count);
        return new JourneyDto(j.Id, j.Name, j.SegmentId, j.CampaignId, j.OwnerId, j.Status, j.ActivatedAt, j.FinishedAt,
            [.. j.Steps.OrderBy(s => s.Number).Select(s => ToDto(s, members.Where(m => m.State == JourneyMemberState.Active && m.Step == s.Number).Sum(m => m.Count),
                passed.GetValueOrDefault(s.Number)))],
            members.Sum(m => m.Count), Count(JourneyMemberState.Active), Count(JourneyMemberState.Done), Count(JourneyMemberState.Stopped), j.CreatedAt, j.Version);
    }

    public async Task<Page<JourneyDto>> ListAsync(JourneyStatus? status, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.CampaignsRead);
        var size = Keyset.ClampPageSize(limit);
        var source = db.Journeys.AsNoTracking().Include(j => j.Steps).AsQueryable();
        if (status is { } s) source = source.Where(j => j.Status == s);
        var rows = await Keyset.Seek(source, j => j.CreatedAt, j => j.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, j => j.CreatedAt, j => j.Id);
        var ids = items.Select(j => j.Id).ToList();
        var counts = await db.JourneyMembers.Where(m => ids.Contains(m.JourneyId)).GroupBy(m => new { m.JourneyId, m.State })
            .Select(g => new { g.Key.JourneyId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        int Count(Guid id, JourneyMemberState? state) => counts.Where(c => c.JourneyId == id && (state is null || c.State == state)).Sum(c => c.Count);
        return new Page<JourneyDto>([.. items.Select(j => new JourneyDto(j.Id, j.Name, j.SegmentId, j.CampaignId, j.OwnerId, j.Status, j.ActivatedAt, j.FinishedAt,
            [.. j.Steps.OrderBy(x => x.Number).Select(x => ToDto(x, 0, 0))], Count(j.Id, null), Count(j.Id, JourneyMemberState.Active),
            Count(j.Id, JourneyMemberState.Done), Count(j.Id, JourneyMemberState.Stopped), j.CreatedAt, j.Version))], next);
    }

    /// <summary>Replaces the definition while the journey is a draft.</summary>
    public async Task<JourneyDto> UpdateAsync(Guid id, JourneyInput input, long? expectedVersion, CancellationToken ct)
    {
        var j = await user.FindToChangeAsync(db.Journeys.Include(x => x.Steps), id, Permissions.CampaignsManage, expectedVersion, ct);
        j.RequireDraft();
        await ApplyAsync(j, input, ct);
        if (input.OwnerId is { } owner) j.OwnerId = owner;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>A draft, or a finished journey, is deleted with its members (the campaigns of its emails stay).</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var j = await user.FindToChangeAsync(db.Journeys, id, Permissions.CampaignsManage, expectedVersion, ct);
        if (j.Status is not (JourneyStatus.Draft or JourneyStatus.Finished)) throw RapportValidationException.For("status", "Journey.Running");
        db.Journeys.Remove(j);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Starts (or resumes) the journey: each email step gets its campaign, and the entry audience's customers
    /// not yet in it are enrolled at step 1, due now.</summary>
    public async Task<JourneyDto> ActivateAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var j = await user.FindToChangeAsync(db.Journeys.Include(x => x.Steps), id, Permissions.CampaignsManage, expectedVersion, ct);
        if (j.SegmentId is null && j.CampaignId is null) throw RapportValidationException.For("segmentId", "Journey.NoAudience");
        var now = clock.GetUtcNow().UtcDateTime;
        j.Activate(now);
        await AddCampaignsAsync(j, now, ct);
        var audience = await AudienceAsync(j, ct);
        await db.SaveChangesAsync(ct);
        await EnrolAsync(j.Id, audience, j.Steps.Any(s => s.Kind == JourneyStepKind.Email), now, ct);
        return await GetAsync(id, ct);
    }

    public Task<JourneyDto> PauseAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, j => j.Pause(), ct);

    public Task<JourneyDto> FinishAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, j => j.Finish(clock.GetUtcNow().UtcDateTime), ct);

    private async Task<JourneyDto> ChangeAsync(Guid id, long? expectedVersion, Action<Journey> change, CancellationToken ct)
    {
        var j = await user.FindToChangeAsync(db.Journeys, id, Permissions.CampaignsManage, expectedVersion, ct);
        change(j);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Each email step's own campaign (running from now, one variant holding the step's email), so its sends,
    /// deliveries, opens and clicks are tracked and counted as a campaign's.</summary>
    private async Task AddCampaignsAsync(Journey j, DateTime now, CancellationToken ct)
    {
        var steps = j.Steps.Where(s => s.Kind == JourneyStepKind.Email && s.CampaignId is null).ToList();
        if (steps.Count == 0) return;
        var currency = (await settings.GetAsync<Sales.SalesSettings>(ct)).DefaultCurrency;
        foreach (var step in steps)
        {
            var name = j.Name.Length > Campaign.NameMax - 20 ? j.Name[..(Campaign.NameMax - 20)] : j.Name;
            // The job sends outside any request: the links in its mail are made absolute with the address the journey was
            // activated from (Notifications:PublicUrl wins when set), as a campaign's are with the address it was sent from.
            var campaign = new Campaign
            {
                Name = $"{name} · {step.Number}", Objective = "Journey", Currency = currency, OwnerId = j.OwnerId,
                LinkBase = services.GetService<ICampaignLinks>()?.CurrentBase,
            };
            campaign.Variants.Add(new CampaignVariant
            {
                CampaignId = campaign.Id, Label = "A", FromName = step.FromName, Subject = step.Subject!, SubjectZh = step.SubjectZh,
                Html = step.Html, HtmlZh = step.HtmlZh, Text = step.Text!, TextZh = step.TextZh,
            });
            campaign.Start(now);
            db.Campaigns.Add(campaign);
            step.CampaignId = campaign.Id;
        }
    }

    /// <summary>The customers who enter: a segment's (in the caller's scope) or a campaign's members (those in scope).</summary>
    private async Task<List<Guid>> AudienceAsync(Journey j, CancellationToken ct)
    {
        IQueryable<Guid>? ids;
        if (j.SegmentId is { } segment)
            ids = services.GetService<IAudienceSource>() is { } source ? await source.CustomerIdsAsync(segment, ct) : null;
        else
            ids = db.CampaignMembers.Where(m => m.CampaignId == j.CampaignId).Select(m => m.CustomerId).Where(c => db.Customers.Any(x => x.Id == c));
        if (ids is null) throw RapportValidationException.For("segmentId", "Journey.AudienceUnknown");
        return await ids.Distinct().ToListAsync(ct);
    }

    /// <summary>Adds the customers not yet in the journey, a thousand at a time; a journey that sends email takes only
    /// those with an address whose marketing-email consent holds now (as campaign members).</summary>
    private async Task EnrolAsync(Guid journeyId, List<Guid> audience, bool sendsEmail, DateTime now, CancellationToken ct)
    {
        foreach (var chunk in audience.Order().Chunk(Chunk))
        {
            var enrolled = (await db.JourneyMembers.Where(m => m.JourneyId == journeyId && chunk.Contains(m.CustomerId)).Select(m => m.CustomerId).ToListAsync(ct)).ToHashSet();
            var fresh = chunk.Where(c => !enrolled.Contains(c)).ToList();
            var emails = (await db.CustomerChannels.Where(ch => fresh.Contains(ch.CustomerId) && ch.Kind == ChannelKind.Email)
                    .Select(ch => new { ch.CustomerId, ch.Value, ch.IsPrimary }).ToListAsync(ct))
                .GroupBy(ch => ch.CustomerId)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(ch => ch.IsPrimary).ThenBy(ch => ch.Value, StringComparer.Ordinal).First().Value);
            var refused = sendsEmail ? await gate.RefusedAsync([.. emails.Values.Distinct(StringComparer.Ordinal)], ConsentPurpose.MarketingEmail, ct) : new HashSet<string>();
            foreach (var customer in fresh)
            {
                var email = emails.GetValueOrDefault(customer);
                if (sendsEmail && (email is null || refused.Contains(email))) continue;
                db.JourneyMembers.Add(new JourneyMember { JourneyId = journeyId, CustomerId = customer, Email = email, EnrolledAt = now, NextRunAt = now });
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task ApplyAsync(Journey j, JourneyInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name);
        if (name is null) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, Journey.NameMax);
        if (input.SegmentId is not null && input.CampaignId is not null) errors.Add(new("campaignId", "Journey.OneAudience"));
        else if (input.SegmentId is { } segment && !await db.Segments.AnyAsync(s => s.Id == segment, ct)) errors.Add(new("segmentId", "Journey.AudienceUnknown"));
        else if (input.CampaignId is { } campaign && !await db.Campaigns.AnyAsync(c => c.Id == campaign, ct)) errors.Add(new("campaignId", "Journey.AudienceUnknown"));
        var steps = input.Steps ?? [];
        if (steps.Count > Journey.StepsMax) errors.Add(new("steps", "Validation.TooMany", Journey.StepsMax));
        for (var i = 0; i < steps.Count && i < Journey.StepsMax; i++) Check(errors, i, steps[i], steps.Count);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        j.Name = name!;
        (j.SegmentId, j.CampaignId) = (input.SegmentId, input.CampaignId);
        j.Steps.Clear();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var email = s.Kind == JourneyStepKind.Email ? s.Email : null;
            j.Steps.Add(new JourneyStep
            {
                JourneyId = j.Id, Number = i + 1, Kind = s.Kind,
                FromName = TextInput.Clean(email?.FromName), Subject = email?.Subject?.Trim(), SubjectZh = TextInput.Clean(email?.SubjectZh),
                Text = email?.Text, TextZh = TextInput.Clean(email?.TextZh),
                Html = CampaignTemplate.Sanitize(email?.Html), HtmlZh = CampaignTemplate.Sanitize(email?.HtmlZh),
                WaitHours = s.Kind == JourneyStepKind.Wait ? s.WaitHours : null,
                Condition = s.Kind == JourneyStepKind.Branch ? s.Condition : null,
                Then = s.Kind == JourneyStepKind.Branch ? s.Then : null,
                Else = s.Kind == JourneyStepKind.Branch ? s.Else : null,
                TaskSubject = s.Kind == JourneyStepKind.Task ? TextInput.Clean(s.TaskSubject) : null,
                TaskDueDays = s.Kind == JourneyStepKind.Task ? s.TaskDueDays ?? 1 : null,
                Tag = s.Kind is JourneyStepKind.AddTag or JourneyStepKind.RemoveTag ? TextInput.Clean(s.Tag) : null,
            });
        }
    }

    private static void Check(List<FieldError> errors, int i, JourneyStepInput? s, int count)
    {
        var at = $"steps[{i}]";
        if (s is null)
        {
            errors.Add(new(at, "Validation.Required"));
            return;
        }
        var number = i + 1;
        switch (s.Kind)
        {
            case JourneyStepKind.Email when s.Email is null:
                errors.Add(new($"{at}.email", "Validation.Required"));
                break;
            case JourneyStepKind.Email:
                CampaignService.Check(errors, $"{at}.email", s.Email);
                break;
            case JourneyStepKind.Wait when s.WaitHours is not (>= 1 and <= JourneyStep.WaitHoursMax):
                errors.Add(new($"{at}.waitHours", "Validation.Range", 1, JourneyStep.WaitHoursMax));
                break;
            case JourneyStepKind.Branch:
                if (s.Condition is not { } c || !Enum.IsDefined(c)) errors.Add(new($"{at}.condition", "Validation.Invalid"));
                // Forward only: every member's walk ends.
                foreach (var (field, target) in new[] { ("then", s.Then), ("else", s.Else) })
                    if (target is not { } t || t <= number || t > count) errors.Add(new($"{at}.{field}", "Journey.BranchTarget", number + 1, count));
                break;
            case JourneyStepKind.Task:
                if (TextInput.Clean(s.TaskSubject) is not { } subject) errors.Add(new($"{at}.taskSubject", "Validation.Required"));
                else TextInput.CheckLength(errors, $"{at}.taskSubject", subject, JourneyStep.TaskSubjectMax);
                if (s.TaskDueDays is < 0 or > 365) errors.Add(new($"{at}.taskDueDays", "Validation.Range", 0, 365));
                break;
            case JourneyStepKind.AddTag or JourneyStepKind.RemoveTag:
                if (TextInput.Clean(s.Tag) is not { } tag) errors.Add(new($"{at}.tag", "Validation.Required"));
                else TextInput.CheckLength(errors, $"{at}.tag", tag, JourneyStep.TagMax);
                break;
            case JourneyStepKind.Wait or JourneyStepKind.End:
                break;
            default:
                errors.Add(new($"{at}.kind", "Validation.Invalid"));
                break;
        }
    }

    private static JourneyStepDto ToDto(JourneyStep s, int at, int passed) => new(
        s.Number, s.Kind,
        s.Kind == JourneyStepKind.Email ? new CampaignVariantInput(s.Subject, s.Text, s.Html, s.SubjectZh, s.TextZh, s.HtmlZh, s.FromName) : null,
        s.WaitHours, s.Condition, s.Then, s.Else, s.TaskSubject, s.TaskDueDays, s.Tag, s.CampaignId, at, passed);
}
