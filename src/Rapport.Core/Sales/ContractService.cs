using System.Text.Json;
using Rapport.Core.Customers;

namespace Rapport.Core.Sales;

/// <summary>Contracts: their life from draft to archive, their attachments (the shared <see cref="AttachmentStore"/>
/// checks: size-limited, and only the file kinds a contract comes in, checked by their first bytes), and the daily job that
/// expires ended contracts and reminds owners to renew. Contracts follow their customer's record scope.</summary>
public sealed class ContractService(RapportDbContext db, TimeProvider clock, ICurrentUser user, SettingsService settings,
    IOptions<ContractOptions> options, DatabaseOptions database)
{
    public const string NumberPattern = "CT-{yyyy}-{seq:00000}";

    private AttachmentStore Store => new(options.Value.AttachmentDirectory is { Length: > 0 } dir ? dir : Path.Combine(database.DataDirectory, "attachments"));

    public async Task<ContractDto> CreateAsync(ContractInput input, CancellationToken ct)
    {
        user.Require(Permissions.ContractsManage);
        // Contracts have no assign permission of their own: they follow their customer, so handing one to someone
        // else takes what handing the customer over takes.
        user.RequireToAssign(Permissions.CustomersAssign, input.OwnerId, user.Id);
        var (title, value, currency) = await ValidateAsync(input, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var contract = new Contract
        {
            Number = await Sequences.NextNumberAsync(db, NumberPattern, now, ct), CustomerId = input.CustomerId, Title = title, Currency = currency,
        };
        Apply(contract, input, value);
        contract.OwnerId = input.OwnerId ?? user.Id;
        db.Contracts.Add(contract);
        await db.SaveChangesAsync(ct);
        return await GetAsync(contract.Id, ct);
    }

    public async Task<ContractDto> GetAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Contracts.AsNoTracking().Include(x => x.Customer).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Contract", id);
        user.Require(Permissions.ContractsRead);
        return ToDto(c);
    }

    public async Task<Page<ContractDto>> ListAsync(Guid? customerId, ContractStatus? status, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.ContractsRead);
        var size = Keyset.ClampPageSize(limit);
        var source = db.Contracts.AsNoTracking().Include(c => c.Customer).AsQueryable();
        if (customerId is { } customer) source = source.Where(c => c.CustomerId == customer);
        if (status is { } s) source = source.Where(c => c.Status == s);
        var rows = await Keyset.Seek(source, c => c.CreatedAt, c => c.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, c => c.CreatedAt, c => c.Id);
        return new Page<ContractDto>(items.Select(ToDto).ToList(), next);
    }

    /// <summary>Changes a draft contract's terms freely; an active (signed) contract's only as an amendment, with a
    /// reason and an effective date, kept in its history with each changed term's before and after. Handing it to
    /// another owner alone is no amendment.</summary>
    public async Task<ContractDto> UpdateAsync(Guid id, ContractInput input, long? expectedVersion, CancellationToken ct)
    {
        var c = await FindAsync(id, ct);
        user.Require(Permissions.ContractsManage);
        if (c.Status is not (ContractStatus.Draft or ContractStatus.Active)) throw RapportValidationException.For("status", "Validation.ContractClosed");
        user.RequireToAssign(Permissions.CustomersAssign, input.OwnerId, c.OwnerId);
        c.ExpectVersion(expectedVersion, "Contract", id);
        var (title, value, currency) = await ValidateAsync(input with { CustomerId = c.CustomerId }, ct);
        if (c.Status == ContractStatus.Active) await AmendAsync(c, input, title, value, currency, ct);
        (c.Title, c.Currency) = (title, currency);
        Apply(c, input, value);
        if (input.OwnerId is not null) c.OwnerId = input.OwnerId;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Records the amendment an update of an active contract makes (nothing when no term changes).</summary>
    private async Task AmendAsync(Contract c, ContractInput input, string title, long value, string currency, CancellationToken ct)
    {
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static string Money(long minor, string cur) =>
            Currency.FromMinor(minor, cur).ToString("F" + Currency.Exponent(cur).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + cur;
        var changes = new List<ContractChange>();
        void Compare(string field, string before, string after)
        {
            if (before != after) changes.Add(new ContractChange(field, before, after));
        }
        Compare("title", c.Title, title);
        Compare("value", Money(c.ValueMinor, c.Currency), Money(value, currency));
        Compare("startDate", Day(c.StartDate), Day(input.StartDate));
        Compare("endDate", Day(c.EndDate), Day(input.EndDate));
        Compare("renewalNoticeDays", c.RenewalNoticeDays.ToString(CultureInfo.InvariantCulture), input.RenewalNoticeDays.ToString(CultureInfo.InvariantCulture));
        if (changes.Count == 0) return;

        var errors = new List<FieldError>();
        var reason = TextInput.Clean(input.AmendmentReason);
        if (reason is null) errors.Add(new("amendmentReason", "Validation.AmendmentReason"));
        TextInput.CheckLength(errors, "amendmentReason", reason, ContractAmendment.ReasonMax);
        var effective = input.EffectiveDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (effective < input.StartDate || effective > input.EndDate) errors.Add(new("effectiveDate", "Validation.EffectiveInPeriod"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var last = await db.ContractAmendments.Where(a => a.ContractId == c.Id).MaxAsync(a => (int?)a.Sequence, ct) ?? 0;
        db.ContractAmendments.Add(new ContractAmendment
        {
            ContractId = c.Id, Sequence = last + 1, EffectiveDate = effective, Reason = reason!, Changes = JsonSerializer.Serialize(changes, Json),
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedById = user.Id,
        });
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An active contract's amendments, oldest first.</summary>
    public async Task<IReadOnlyList<ContractAmendmentDto>> AmendmentsAsync(Guid id, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.ContractsRead);
        var rows = await db.ContractAmendments.AsNoTracking().Where(a => a.ContractId == id).OrderBy(a => a.Sequence)
            .Select(a => new { a.Id, a.Sequence, a.EffectiveDate, a.Reason, a.Changes, a.CreatedAt, By = db.Users.Where(u => u.Id == a.CreatedById).Select(u => u.DisplayName ?? u.UserName).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(a => new ContractAmendmentDto(a.Id, a.Sequence, a.EffectiveDate, a.Reason,
            JsonSerializer.Deserialize<List<ContractChange>>(a.Changes, Json) ?? [], a.CreatedAt, a.By)).ToList();
    }

    public Task<ContractDto> ActivateAsync(Guid id, long? expectedVersion, CancellationToken ct) => MoveAsync(id, c => c.Activate(), expectedVersion, ct);

    public Task<ContractDto> TerminateAsync(Guid id, ContractEndInput input, long? expectedVersion, CancellationToken ct) =>
        MoveAsync(id, c => c.Terminate(input.Reason), expectedVersion, ct);

    public Task<ContractDto> ArchiveAsync(Guid id, long? expectedVersion, CancellationToken ct) => MoveAsync(id, c => c.Archive(), expectedVersion, ct);

    private async Task<ContractDto> MoveAsync(Guid id, Action<Contract> move, long? expectedVersion, CancellationToken ct)
    {
        var c = await FindAsync(id, ct);
        user.Require(Permissions.ContractsManage);
        c.ExpectVersion(expectedVersion, "Contract", id);
        move(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Stores a file on disk after the shared checks (<see cref="AttachmentStore"/>); the row and the file
    /// appear together or not at all.</summary>
    public async Task<ContractAttachmentDto> AttachAsync(Guid id, string fileName, string contentType, Stream content, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.ContractsManage);
        return await Store.AttachAsync(id, fileName, contentType, content, options.Value.MaxAttachmentBytes, async file =>
        {
            var stored = new ContractAttachment
            {
                Id = file.Id, ContractId = id, FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, Sha256 = file.Sha256,
                UploadedAt = clock.GetUtcNow().UtcDateTime, UploadedById = user.Id,
            };
            db.ContractAttachments.Add(stored);
            await db.SaveChangesAsync(ct);
            return ToDto(stored);
        }, ct);
    }

    public async Task<IReadOnlyList<ContractAttachmentDto>> AttachmentsAsync(Guid id, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.ContractsRead);
        var rows = await db.ContractAttachments.AsNoTracking().Where(a => a.ContractId == id).OrderBy(a => a.UploadedAt).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    /// <summary>An attachment's details and a stream of its bytes (the caller disposes it).</summary>
    public async Task<(ContractAttachmentDto Attachment, Stream Content)> OpenAttachmentAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.ContractsRead);
        var a = await db.ContractAttachments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.ContractId == id, ct)
            ?? throw new NotFoundException("ContractAttachment", attachmentId);
        return (ToDto(a), Store.Open(id, a.Id) ?? throw new NotFoundException("ContractAttachment", attachmentId));
    }

    public async Task DeleteAttachmentAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.ContractsManage);
        var a = await db.ContractAttachments.FirstOrDefaultAsync(x => x.Id == attachmentId && x.ContractId == id, ct)
            ?? throw new NotFoundException("ContractAttachment", attachmentId);
        db.ContractAttachments.Remove(a);
        await db.SaveChangesAsync(ct);
        Store.Delete(id, a.Id);
    }

    /// <summary>
    /// The daily job (as the system): active contracts whose end date has passed become expired; active contracts
    /// within their renewal notice get one renewal task on the customer's timeline, owned by the contract's owner
    /// (so it is on their "my day" list), due on the end date. Returns (expired, reminded).
    /// </summary>
    public async Task<(int Expired, int Reminded)> RunDailyAsync(Func<Contract, string> subject, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var expired = await db.Contracts.Where(c => c.Status == ContractStatus.Active && c.EndDate < today).ToListAsync(ct);
        foreach (var c in expired)
        {
            c.Expire();
        }
        // Within its notice: the end date is no later than today + the contract's own notice (date arithmetic in SQL).
        var remind = await db.Contracts
            .Where(c => c.Status == ContractStatus.Active && c.RenewalReminderAt == null && c.EndDate >= today && c.EndDate <= today.AddDays(c.RenewalNoticeDays))
            .ToListAsync(ct);
        foreach (var c in remind)
        {
            c.RenewalReminderAt = now;
            db.Interactions.Add(new Interaction
            {
                CustomerId = c.CustomerId, Kind = InteractionKind.Task, Subject = subject(c), OccurredAt = now,
                DueAt = c.EndDate.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), CreatedById = c.OwnerId,
            });
        }
        await db.SaveChangesAsync(ct);
        return (expired.Count, remind.Count);
    }

    private async Task<(string Title, long Value, string Currency)> ValidateAsync(ContractInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add(new("title", "Validation.Required"));
        TextInput.CheckLength(errors, "title", title, OpportunityRules.NameMax);
        var currency = string.IsNullOrWhiteSpace(input.Currency) ? (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency : Currency.Normalize(input.Currency);
        if (!Currency.IsAmount(input.Value, currency ?? "")) errors.Add(new("value", "Validation.Price"));
        if (currency is null) errors.Add(new("currency", "Validation.Currency"));
        if (input.EndDate < input.StartDate) errors.Add(new("endDate", "Validation.EndBeforeStart"));
        Ranges.CheckDate(errors, "startDate", input.StartDate);
        Ranges.CheckDate(errors, "endDate", input.EndDate);
        if (input.RenewalNoticeDays is < 0 or > 365) errors.Add(new("renewalNoticeDays", "Validation.Between", 0, 365));
        if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct)) errors.Add(new("customerId", "Validation.UnknownCustomer"));
        if (input.OpportunityId is { } deal && !await db.Opportunities.AnyAsync(o => o.Id == deal && o.CustomerId == input.CustomerId, ct))
            errors.Add(new("opportunityId", "Validation.UnknownOpportunity"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        await Owners.EnsureExistsAsync(db, input.OwnerId, ct);
        return (title, Currency.ToMinor(input.Value, currency!), currency!);
    }

    private static void Apply(Contract c, ContractInput input, long value)
    {
        c.ValueMinor = value;
        c.StartDate = input.StartDate;
        c.EndDate = input.EndDate;
        c.OpportunityId = input.OpportunityId;
        c.RenewalNoticeDays = input.RenewalNoticeDays;
    }

    private async Task<Contract> FindAsync(Guid id, CancellationToken ct) =>
        await db.Contracts.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Contract", id);

    private static ContractDto ToDto(Contract c) => new(c.Id, c.Number, c.CustomerId, c.Customer?.Name ?? "", c.OpportunityId, c.OwnerId, c.Title,
        Currency.FromMinor(c.ValueMinor, c.Currency), c.Currency, c.StartDate, c.EndDate, c.Status, c.RenewalNoticeDays, c.RenewalReminderAt, c.EndReason, c.CreatedAt, c.Version);

    private static ContractAttachmentDto ToDto(ContractAttachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt);
}
