using System.Runtime.CompilerServices;

namespace Rapport.Core.Customers;

/// <summary>Calls, emails, meetings, notes and tasks on a customer's timeline.</summary>
public sealed class InteractionService(RapportDbContext db, TimeProvider clock, ICurrentUser user)
{
    public async Task<InteractionDto> CreateAsync(Guid customerId, InteractionInput input, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) throw new NotFoundException("Customer", customerId);
        user.Require(Permissions.CustomersUpdate);
        await ValidateAsync(customerId, input, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var interaction = new Interaction { CustomerId = customerId, Subject = "" };
        Apply(interaction, input, now);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(ct);
        return ToDto(interaction);
    }

    public async Task<InteractionDto> GetAsync(Guid customerId, Guid id, CancellationToken ct)
    {
        var interaction = await user.FindToReadAsync(db.Interactions.Where(i => i.CustomerId == customerId), id, Permissions.CustomersRead, ct);
        return ToDto(interaction);
    }

    public async Task<InteractionDto> UpdateAsync(Guid customerId, Guid id, InteractionInput input, long? expectedVersion, CancellationToken ct)
    {
        var interaction = await user.FindToChangeAsync(db.Interactions.Where(i => i.CustomerId == customerId), id, Permissions.CustomersUpdate, expectedVersion, ct);
        await ValidateAsync(customerId, input, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(interaction, input, now);
        await db.SaveChangesAsync(ct);
        return ToDto(interaction);
    }

    public async Task DeleteAsync(Guid customerId, Guid id, long? expectedVersion, CancellationToken ct)
    {
        var interaction = await user.FindToChangeAsync(db.Interactions.Where(i => i.CustomerId == customerId), id, Permissions.CustomersUpdate, expectedVersion, ct);
        db.Interactions.Remove(interaction);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The customer's timeline, newest first, one keyset page at a time.</summary>
    public async Task<Page<InteractionDto>> TimelineAsync(Guid customerId, InteractionKind? kind, string? cursor, int? limit, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) throw new NotFoundException("Customer", customerId);
        user.Require(Permissions.CustomersRead);
        var size = Keyset.ClampPageSize(limit);
        var q = db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId);
        if (kind is { } k) q = q.Where(i => i.Kind == k);
        var rows = await Keyset.Seek(q, i => i.OccurredAt, i => i.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, i => i.OccurredAt, i => i.Id);
        return new Page<InteractionDto>(items.Select(ToDto).ToList(), next);
    }

    /// <summary>The customer's whole timeline (of one kind, if given), newest first, as the interaction import reads it
    /// back: a timeline page at a time, the contacts' names by the page's contact ids.</summary>
    public async IAsyncEnumerable<InteractionExportRow> ExportAsync(Guid customerId, InteractionKind? kind, [EnumeratorCancellation] CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Number, c.Name }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Customer", customerId);
        await foreach (var page in Keyset.PagesAsync<InteractionDto>(cursor => TimelineAsync(customerId, kind, cursor, Keyset.MaxPageSize, ct)).WithCancellation(ct))
        {
            var ids = page.Select(i => i.ContactId).OfType<Guid>().Distinct().ToList();
            var contacts = ids.Count == 0 ? [] : await db.Contacts.AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            foreach (var i in page)
                yield return new InteractionExportRow(customer.Number, customer.Name, i.ContactId is { } c ? contacts.GetValueOrDefault(c) : null, i.Kind, i.Direction,
                    i.Subject, i.Content, i.OccurredAt, i.Outcome);
        }
    }

    /// <summary>Open tasks the caller created that have a due date, soonest (so overdue) first: the reminders in the
    /// top bar and on the home page.</summary>
    public async Task<IReadOnlyList<MyTaskDto>> MyOpenTasksAsync(int? limit, CancellationToken ct)
    {
        user.Require(Permissions.CustomersRead);
        var me = user.Id;
        var size = Keyset.ClampPageSize(limit ?? 20);
        return await db.Interactions.AsNoTracking()
            .Where(i => i.CreatedById == me && !i.Done && i.Kind == InteractionKind.Task && i.DueAt != null)
            .OrderBy(i => i.DueAt).ThenBy(i => i.Id).Take(size)
            .Select(i => new MyTaskDto(i.Id, i.CustomerId, i.Customer!.Name, i.Subject, i.DueAt!.Value))
            .ToListAsync(ct);
    }

    private async Task ValidateAsync(Guid customerId, InteractionInput input, CancellationToken ct)
    {
        var errors = Check(input);
        if (input.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.CustomerId == customerId, ct))
            errors.Add(new("contactId", "Validation.UnknownContact"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
    }

    /// <summary>The rules that need no database (the contact is checked by the caller): also the interaction import's.</summary>
    internal static List<FieldError> Check(InteractionInput input)
    {
        var errors = new List<FieldError>();
        TimelineEntries.Check(errors, input.Subject, input.Content);
        TextInput.CheckLength(errors, "outcome", input.Outcome, 2000);
        if (input.Participants is { Count: > 50 }) errors.Add(new("participants", "Validation.TooMany", 50));
        if (input.Participants?.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 200) == true)
            errors.Add(new("participants", "Validation.TooLong", 200));
        Ranges.CheckDate(errors, "occurredAt", input.OccurredAt);
        Ranges.CheckDate(errors, "followUpOn", input.FollowUpOn);
        Ranges.CheckDate(errors, "dueAt", input.DueAt);
        return errors;
    }

    internal static void Apply(Interaction i, InteractionInput input, DateTime now)
    {
        i.Kind = input.Kind;
        i.ContactId = input.ContactId;
        // Left out on update, the time stays (marking a task done must not move it on the timeline).
        i.OccurredAt = input.OccurredAt?.ToUniversalTime() ?? (i.OccurredAt == default ? now : i.OccurredAt);
        i.Direction = input.Direction;
        i.Subject = input.Subject!.Trim();
        i.Content = TextInput.Clean(input.Content);
        i.Participants = (input.Participants ?? []).Select(p => p.Trim()).ToList();
        i.Outcome = TextInput.Clean(input.Outcome);
        i.FollowUpOn = input.FollowUpOn;
        i.DueAt = input.DueAt?.ToUniversalTime();
        i.Done = input.Done;
    }

    internal static InteractionDto ToDto(Interaction i) => new(
        i.Id, i.CustomerId, i.ContactId, i.Kind, i.OccurredAt, i.Direction, i.Subject, i.Content, i.Participants,
        i.Outcome, i.FollowUpOn, i.DueAt, i.Done, i.CreatedAt, i.CreatedById, i.Version);
}
