using System.Linq.Expressions;
using Rapport.Core.Customers;
using Rapport.Core.Identity;
using Rapport.Core.Privacy;

namespace Rapport.Core.Leads;

/// <summary>Lead use cases: capture, read, list, update, status, activities, assignment, duplicates and conversion.
/// Written by analogy with <see cref="CustomerService"/>: out of scope reads as missing (404), in scope without the
/// permission is 403, and every change goes through the audit interceptor.</summary>
public sealed class LeadService(
    RapportDbContext db, TimeProvider clock, ICurrentUser user, IOptions<CustomerOptions> options, SettingsService settings,
    CustomerService customers, ContactService contacts, Sales.OpportunityService opportunities)
{
    private readonly string _phoneRegion = options.Value.DefaultPhoneRegion;

    public async Task<LeadDto> CreateAsync(LeadInput input, bool confirmDuplicate, CancellationToken ct)
    {
        user.Require(Permissions.LeadsCreate);
        user.RequireToAssign(Permissions.LeadsAssign, input.OwnerId, user.Id);
        var n = LeadRules.Validate(input, _phoneRegion);
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
        if (!confirmDuplicate)
        {
            var matches = await FindDuplicatesAsync(n.Email, n.Phone, n.CompanyKey, n.Company, null, ct);
            var elsewhere = await FindDuplicatesOutOfScopeAsync(n.Email, n.Phone, n.CompanyKey, n.Company, ct);
            if (matches.Count + elsewhere.Count > 0) throw new DuplicateWarningException(matches, elsewhere);
        }
        var lead = await AddAsync(n, input.OwnerId, formId: null, fallbackOwner: user.Id, ct);
        return await LoadDtoAsync(lead.Id, ct);
    }

    /// <summary>A lead from a public web form: no caller, no duplicate prompt (matches show on the lead afterwards);
    /// the assignment rules decide the owner, or it stays unassigned.</summary>
    /// <summary>A web-form lead: the assignment rules decide its owner, else the form's default owner, else nobody.</summary>
    internal async Task<Lead> CaptureAsync(NormalizedLead n, Guid formId, Guid? defaultOwner, LeadOrigin? origin, CancellationToken ct) =>
        await AddAsync(n, null, formId, fallbackOwner: defaultOwner, ct, origin);

    private async Task<Lead> AddAsync(NormalizedLead n, Guid? owner, Guid? formId, Guid? fallbackOwner, CancellationToken ct, LeadOrigin? origin = null)
    {
        var lead = new Lead
        {
            Name = n.Name, FormId = formId, CampaignId = origin?.CampaignId,
            UtmSource = origin?.UtmSource, UtmMedium = origin?.UtmMedium, UtmContent = origin?.UtmContent,
        };
        Apply(lead, n);
        lead.OwnerId = owner ?? await AssignAsync(lead, ct) ?? fallbackOwner;
        await RescoreAsync(lead, ct);
        db.Leads.Add(lead);
        await db.SaveChangesAsync(ct);
        return lead;
    }

    public async Task<LeadDto> GetAsync(Guid id, CancellationToken ct)
    {
        var dto = await LoadDtoAsync(id, ct);
        user.Require(Permissions.LeadsRead);
        return dto;
    }

    public async Task<LeadDto> UpdateAsync(Guid id, LeadInput input, long? expectedVersion, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsUpdate);
        user.RequireToAssign(Permissions.LeadsAssign, input.OwnerId, lead.OwnerId);
        CheckNotConverted(lead);
        // As on customers: a masked email or phone the caller may not reveal stays as stored, whatever they send.
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        var reveal = user.HasPermission(Permissions.PiiReveal);
        input = input with
        {
            Email = SensitiveFields.Keep(mask.HiddenFrom(reveal, SensitiveFields.Emails), input.Email, lead.Email, SensitiveFields.Mask),
            Phone = SensitiveFields.Keep(mask.HiddenFrom(reveal, SensitiveFields.Phones), input.Phone, lead.Phone, SensitiveFields.Mask),
        };
        var n = LeadRules.Validate(input, _phoneRegion);
        lead.ExpectVersion(expectedVersion, "Lead", lead.Id);
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
        Apply(lead, n);
        if (input.OwnerId is not null) lead.OwnerId = input.OwnerId;
        await RescoreAsync(lead, ct);
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(id, ct);
    }

    /// <summary>Deletes a lead and its activities for good (the audit log keeps what it was).</summary>
    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsDelete);
        lead.ExpectVersion(expectedVersion, "Lead", lead.Id);
        db.Leads.Remove(lead);
        await db.SaveChangesAsync(ct);
    }

    public async Task<LeadDto> SetStatusAsync(Guid id, LeadStatusInput input, long? expectedVersion, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsUpdate);
        LeadRules.CheckMove(lead.Status, input);
        lead.ExpectVersion(expectedVersion, "Lead", lead.Id);
        lead.MoveTo(input);
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(id, ct);
    }

    /// <summary>Gives the lead to someone, or (no owner given) runs the assignment rules again.</summary>
    public async Task<LeadDto> AssignAsync(Guid id, LeadAssignInput input, long? expectedVersion, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsAssign);
        lead.ExpectVersion(expectedVersion, "Lead", lead.Id);
        CheckNotConverted(lead);
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
        var owner = input.OwnerId ?? await AssignAsync(lead, ct)
            ?? throw RapportValidationException.For("ownerId", "Validation.NoAssignmentRule");
        lead.OwnerId = owner;
        await db.SaveChangesAsync(ct);
        return await LoadDtoAsync(id, ct);
    }

    public async Task<Page<LeadListItem>> ListAsync(LeadQuery query, CancellationToken ct)
    {
        user.Require(Permissions.LeadsRead);
        var size = Keyset.ClampPageSize(query.Limit);
        var source = await FilteredAsync(query, ct);
        return query.Sort == LeadSort.Score
            ? await ListByAsync(source, query, size, l => l.Score, i => i.Score, ct)
            : await ListByAsync(source, query, size, l => l.CreatedAt, i => i.CreatedAt, ct);
    }

    /// <summary>Every lead the list's filters select, in its order and masking, with the import's other fields: what the
    /// export writes so that its file imports back. A list page at a time, the other fields by the page's ids.</summary>
    public IAsyncEnumerable<(LeadListItem Lead, LeadExportDetails More)> ExportAsync(LeadQuery query, CancellationToken ct) =>
        Keyset.WithDetailsAsync(cursor => ListAsync(query with { Cursor = cursor, Limit = Keyset.MaxPageSize }, ct), l => l.Id,
            ids => db.Leads.AsNoTracking().Where(l => EF.Parameter(ids).Contains(l.Id))
                .Select(l => new { l.Id, More = new LeadExportDetails(l.Title, l.Industry, l.Region, l.Country, l.City, l.Notes) })
                .ToDictionaryAsync(l => l.Id, l => l.More, ct));

    /// <summary>The leads the list's filters select in the caller's scope (untracked, unordered): the rows the list pages
    /// through, for counting them (a background export's estimate). Needs leads.read.</summary>
    public async Task<IQueryable<Lead>> FilteredAsync(LeadQuery query, CancellationToken ct)
    {
        user.Require(Permissions.LeadsRead);
        var source = (string.IsNullOrWhiteSpace(query.Q) ? db.Leads : (await TextSearch.ForListAsync(db, db.Leads, query.Q, null, ct)).Query).AsNoTracking();
        if (query.Status is { } status) source = source.Where(l => l.Status == status);
        if (query.OwnerId is { } ownerId) source = source.Where(l => l.OwnerId == ownerId);
        return source;
    }

    private async Task<Page<LeadListItem>> ListByAsync<TKey>(
        IQueryable<Lead> source, LeadQuery query, int size, Expression<Func<Lead, TKey>> key, Func<LeadListItem, TKey> itemKey, CancellationToken ct)
    {
        var rows = await Keyset.Seek(source, key, l => l.Id, query.Descending, query.Cursor, size)
            .Select(l => new LeadListItem(l.Id, l.Name, l.Company, l.Email, l.Phone, l.Source, l.Status, l.Score, l.OwnerId, l.CreatedAt))
            .ToListAsync(ct);
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        rows = rows.Select(r => r with { Email = mask.Apply(SensitiveFields.Emails, r.Email), Phone = mask.Apply(SensitiveFields.Phones, r.Phone) }).ToList();
        var (items, next) = Keyset.Cut(rows, size, itemKey, i => i.Id);
        if (query.Cursor is not null) return new Page<LeadListItem>(items, next);
        if (next is null) return new Page<LeadListItem>(items, null, items.Count);
        var (total, capped) = await Keyset.CappedCountAsync(source, ct);
        return new Page<LeadListItem>(items, next, total, capped);
    }

    public async Task<Page<LeadActivityDto>> ActivitiesAsync(Guid id, string? cursor, int? limit, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.LeadsRead);
        var size = Keyset.ClampPageSize(limit);
        var rows = await Keyset.Seek(db.LeadActivities.AsNoTracking().Where(a => a.LeadId == id), a => a.OccurredAt, a => a.Id, true, cursor, size)
            .Select(a => new LeadActivityDto(a.Id, a.Kind, a.Subject, a.Content, a.OccurredAt, a.CreatedById))
            .ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, a => a.OccurredAt, a => a.Id);
        return new Page<LeadActivityDto>(items, next);
    }

    /// <summary>Logs a call, email, meeting or note. Engagement counts towards the score, and reaching out to a new
    /// lead (anything but a note) marks it contacted.</summary>
    public async Task<LeadActivityDto> AddActivityAsync(Guid id, LeadActivityInput input, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsUpdate);
        CheckNotConverted(lead);
        var errors = new List<FieldError>();
        var subject = TimelineEntries.Check(errors, input.Subject, input.Content);
        if (!Enum.IsDefined(input.Kind) || input.Kind == InteractionKind.Task) errors.Add(new("kind", "Validation.ActivityKind"));
        Ranges.CheckDate(errors, "occurredAt", input.OccurredAt);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var activity = new LeadActivity
        {
            LeadId = id, Kind = input.Kind, Subject = subject, Content = TextInput.Clean(input.Content),
            OccurredAt = input.OccurredAt?.ToUniversalTime() ?? now, CreatedAt = now, CreatedById = user.Id,
        };
        db.LeadActivities.Add(activity);
        lead.ActivityCount++;
        if (input.Kind != InteractionKind.Note) lead.MarkContacted();
        await RescoreAsync(lead, ct);
        await db.SaveChangesAsync(ct);
        return new LeadActivityDto(activity.Id, activity.Kind, activity.Subject, activity.Content, activity.OccurredAt, activity.CreatedById);
    }

    /// <summary>Leads (in the caller's scope) and customers that share the lead's email, phone or company.</summary>
    public async Task<IReadOnlyList<DuplicateMatch>> DuplicatesAsync(Guid id, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsRead);
        return await FindDuplicatesAsync(lead.Email, lead.Phone, lead.CompanyKey, lead.Company, id, ct);
    }

    /// <summary>
    /// Turns an open lead into a customer in one transaction: a new customer (company or individual, from the lead's
    /// details) or an existing one, a contact for the person when the customer is a company, optionally an
    /// opportunity (remembering the lead it came from), and the lead's activities copied onto the customer's timeline. The lead stays, marked converted, with links to both.
    /// Creating the customer goes through <see cref="CustomerService"/>, so its rules, permissions and duplicate
    /// warning apply unchanged.
    /// </summary>
    public async Task<LeadConversion> ConvertAsync(Guid id, LeadConvertInput input, long? expectedVersion, CancellationToken ct)
    {
        var lead = await FindAsync(id, ct);
        user.Require(Permissions.LeadsConvert);
        lead.ExpectVersion(expectedVersion, "Lead", lead.Id);
        lead.CheckOpen();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Guid customerId;
        CustomerKind kind;
        var created = input.CustomerId is null;
        if (input.CustomerId is { } existing)
        {
            var found = await db.Customers.Where(c => c.Id == existing).Select(c => new { c.Kind }).FirstOrDefaultAsync(ct)
                ?? throw RapportValidationException.For("customerId", "Validation.UnknownCustomer");
            user.Require(Permissions.CustomersUpdate);
            (customerId, kind) = (existing, found.Kind);
        }
        else
        {
            var address = input.Address ?? (lead.Country is not null || lead.City is not null
                ? new AddressDto(lead.Country, lead.City, lead.Region) : null);
            kind = lead.Company is null ? CustomerKind.Individual : CustomerKind.Company;
            var customer = await customers.CreateAsync(new CustomerInput
            {
                Name = lead.Company ?? lead.Name, Kind = kind,
                Phones = lead.Phone is null ? [] : [lead.Phone], Emails = lead.Email is null ? [] : [lead.Email],
                Addresses = address is null ? [] : [address],
                Industry = lead.Industry, Source = lead.Source, OwnerId = lead.OwnerId ?? user.Id, Notes = lead.Notes,
            }, input.ConfirmDuplicate, ct);
            customerId = customer.Id;
        }

        Guid? contactId = null;
        if (kind == CustomerKind.Company && lead.Company is not null)
        {
            var contact = await contacts.CreateAsync(customerId, new ContactInput
            {
                Name = lead.Name, Title = lead.Title,
                Phones = lead.Phone is null ? [] : [lead.Phone], Emails = lead.Email is null ? [] : [lead.Email],
                IsPrimary = created,
            }, ct);
            contactId = contact.Id;
        }

        Guid? opportunityId = null;
        if (input.Opportunity is { } deal)
        {
            opportunityId = (await opportunities.CreateAsync(new Sales.OpportunityInput
            {
                Name = deal.Name, CustomerId = customerId, ContactId = contactId, OwnerId = lead.OwnerId ?? user.Id, Amount = deal.Amount,
                Currency = deal.Currency, ExpectedCloseDate = deal.ExpectedCloseDate, SourceLeadId = lead.Id,
            }, ct)).Id;
        }

        if (lead.CampaignId is { } campaign)
        {
            // Attribution follows the lead: the deal it opens (last touch), and the customer's first campaign if it had none.
            if (opportunityId is { } opened) await db.Opportunities.Where(o => o.Id == opened).ExecuteUpdateAsync(u => u.SetProperty(o => o.CampaignId, campaign), ct);
            await db.Customers.Where(c => c.Id == customerId && c.FirstCampaignId == null).ExecuteUpdateAsync(u => u.SetProperty(c => c.FirstCampaignId, campaign), ct);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var history = await db.LeadActivities.AsNoTracking().Where(a => a.LeadId == id).ToListAsync(ct);
        db.Interactions.AddRange(history.Select(a => new Interaction
        {
            CustomerId = customerId, ContactId = contactId, Kind = a.Kind, OccurredAt = a.OccurredAt, Subject = a.Subject, Content = a.Content,
            CreatedAt = a.CreatedAt, CreatedById = a.CreatedById, UpdatedAt = now, UpdatedById = user.Id,
        }));
        lead.MarkConverted(customerId, contactId, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new LeadConversion(id, customerId, contactId, created, opportunityId);
    }

    private async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(
        string? email, string? phone, string? companyKey, string? company, Guid? exceptId, CancellationToken ct)
    {
        var matches = new List<DuplicateMatch>();
        if (email is not null || phone is not null || companyKey is not null)
        {
            var leads = await db.Leads.AsNoTracking()
                .Where(l => l.Id != exceptId && ((email != null && l.Email == email) || (phone != null && l.Phone == phone)
                    || (companyKey != null && l.CompanyKey == companyKey)))
                .OrderByDescending(l => l.CreatedAt).Take(10)
                .Select(l => new { l.Id, l.Name, l.Company, l.Email, l.Phone, l.CompanyKey }).ToListAsync(ct);
            foreach (var l in leads)
            {
                var (on, value) = email is not null && l.Email == email ? ("email", email)
                    : phone is not null && l.Phone == phone ? ("phone", phone) : ("company", l.Company ?? "");
                matches.Add(new DuplicateMatch(l.Id, "", l.Name, on, value, "lead"));
            }
        }
        List<string> phones = phone is null ? [] : [phone], emails = email is null ? [] : [email];
        matches.AddRange(await customers.FindDuplicatesAsync(phones, emails, null, ct));
        if (company is not null)
        {
            var byName = await db.Customers.AsNoTracking().Where(c => c.Name == company).Take(10)
                .Select(c => new DuplicateMatch(c.Id, c.Number, c.Name, "company", c.Name, "customer")).ToListAsync(ct);
            matches.AddRange(byName.Where(m => matches.All(x => x.Id != m.Id)));
        }
        return matches;
    }

    /// <summary>Leads and customers outside the caller's scope sharing the email, phone or company: only what matched
    /// and who owns them.</summary>
    private async Task<IReadOnlyList<DuplicateElsewhere>> FindDuplicatesOutOfScopeAsync(
        string? email, string? phone, string? companyKey, string? company, CancellationToken ct)
    {
        var hits = new List<(string Kind, string MatchedOn, Guid? OwnerId)>();
        if (email is not null || phone is not null || companyKey is not null)
        {
            var leads = await db.Leads.IgnoreQueryFilters([QueryFilters.Scope]).AsNoTracking()
                .Where(l => (email != null && l.Email == email) || (phone != null && l.Phone == phone) || (companyKey != null && l.CompanyKey == companyKey))
                .OrderByDescending(l => l.CreatedAt).Take(50)
                .Select(l => new { l.Id, l.Email, l.Phone, l.OwnerId }).ToListAsync(ct);
            var visible = await CustomerService.VisibleAsync(db.Leads, leads.Select(l => l.Id), ct);
            hits.AddRange(leads.Where(l => !visible.Contains(l.Id)).Select(l => ("lead", email is not null && l.Email == email ? "email" : phone is not null && l.Phone == phone ? "phone" : "company", l.OwnerId)));
        }
        List<string> phones = phone is null ? [] : [phone], emails = email is null ? [] : [email];
        hits.AddRange(await customers.FindDuplicatesOutOfScopeAsync(phones, emails, ct));
        if (company is not null)
        {
            var named = await db.Customers.IgnoreQueryFilters([QueryFilters.Scope]).AsNoTracking()
                .Where(c => c.Name == company).Select(c => new { c.Id, c.OwnerId }).Take(50).ToListAsync(ct);
            var visible = await CustomerService.VisibleAsync(db.Customers, named.Select(c => c.Id), ct);
            hits.AddRange(named.Where(c => !visible.Contains(c.Id)).Select(c => ("customer", "company", c.OwnerId)));
        }
        return await Owners.ElsewhereAsync(db, hits, ct);
    }

    /// <summary>The owner the assignment rules give this lead: the first rule that matches and has people, round-robin
    /// among them (an atomic counter per rule, so concurrent captures and several app nodes take turns correctly).</summary>
    private async Task<Guid?> AssignAsync(Lead lead, CancellationToken ct)
    {
        var rules = (await settings.GetAsync<LeadAssignment>(ct)).Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!rule.Matches(lead)) continue;
            var candidates = rule.UserIds is { Count: > 0 } ids ? ids.ToList() : [];
            var pool = await db.Users.AsNoTracking()
                .Where(u => u.Status == UserStatus.Active
                    && (candidates.Count > 0 ? candidates.Contains(u.Id) : u.TeamId == rule.TeamId))
                .Select(u => u.Id).ToListAsync(ct);
            if (pool.Count == 0) continue;
            return LeadAssignment.Pick(pool, await Sequences.NextAsync(db, $"lead-assignment:{i}", ct));
        }
        return null;
    }

    private async Task RescoreAsync(Lead lead, CancellationToken ct)
    {
        var (score, parts) = (await settings.GetAsync<LeadScoring>(ct)).Score(lead);
        lead.Score = score;
        lead.ScoreParts = parts;
    }

    internal static void Apply(Lead lead, NormalizedLead n)
    {
        lead.Name = n.Name;
        lead.Company = n.Company;
        lead.CompanyKey = n.CompanyKey;
        lead.Title = n.Title;
        lead.Email = n.Email;
        lead.Phone = n.Phone;
        lead.Source = n.Source;
        lead.Industry = n.Industry;
        lead.Region = n.Region;
        lead.Country = n.Country;
        lead.City = n.City;
        lead.Notes = n.Notes;
    }

    private async Task<Lead> FindAsync(Guid id, CancellationToken ct) =>
        await db.Leads.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("Lead", id);

    private async Task<LeadDto> LoadDtoAsync(Guid id, CancellationToken ct)
    {
        var l = await db.Leads.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Lead", id);
        var ownerName = l.OwnerId is null ? null : await db.Users.Where(u => u.Id == l.OwnerId)
            .Select(u => u.DisplayName ?? u.UserName).FirstOrDefaultAsync(ct);
        var mask = await settings.GetAsync<SensitiveFields>(ct);
        return new LeadDto(l.Id, l.Name, l.Company, l.Title, mask.Apply(SensitiveFields.Emails, l.Email), mask.Apply(SensitiveFields.Phones, l.Phone),
            l.Source, l.Industry, l.Region, l.Country, l.City, l.Notes, l.OwnerId, ownerName, l.Status, l.DisqualifyReason,
            l.Score, l.ScoreParts.Select(p => new ScorePartDto(p.Rule, p.Value, p.Points)).ToList(), l.ActivityCount,
            l.FormId, l.CustomerId, l.ContactId, l.ConvertedAt, l.CreatedAt, l.CreatedById, l.UpdatedAt, l.Version,
            l.CampaignId, l.UtmSource, l.UtmMedium, l.UtmContent);
    }

    private static void CheckNotConverted(Lead lead)
    {
        if (lead.Status == LeadStatus.Converted) throw RapportValidationException.For("status", "Validation.LeadConverted");
    }
}
