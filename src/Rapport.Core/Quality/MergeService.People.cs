using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;
using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Leads;

namespace Rapport.Core.Quality;

/// <summary>Merging duplicate contacts (of one customer) and leads, and undoing it: the same moves as a customer merge,
/// found in the model the same way. A merged-away contact is deleted and kept whole on the merge, so undo makes it
/// again with its id; a merged-away lead is disqualified with a note of the survivor, and undo gives it back its
/// status. Either undo is possible within the recycle bin's retention.</summary>
public sealed partial class MergeService
{
    /// <summary>The fields a contact merge can take from the loser (phones and emails are always united).</summary>
    public static readonly IReadOnlyList<string> ContactFields = ["name", "title", "department", "isPrimary"];

    /// <summary>The fields a lead merge can take from the loser.</summary>
    public static readonly IReadOnlyList<string> LeadFields =
        ["name", "company", "title", "email", "phone", "source", "industry", "region", "country", "city", "notes", "owner"];

    /// <summary>Merges contact <see cref="MergeInput.LoserId"/> into contact <paramref name="survivorId"/> of
    /// <paramref name="customerId"/>. Both must belong to that customer: a pair found across customers is merged by
    /// merging the customers first (their contacts then share one).</summary>
    public async Task<CustomerMergeDto> MergeContactAsync(Guid customerId, Guid survivorId, MergeInput input, long? expectedVersion, CancellationToken ct)
    {
        var (survivor, loser) = await BothAsync(db.Contacts.Where(c => c.CustomerId == customerId), db.Contacts, survivorId, input, expectedVersion, ct);
        if (loser.CustomerId != survivor.CustomerId) throw RapportValidationException.For("loserId", "Quality.MergeOtherCustomer");
        var take = Chosen(input, ContactFields);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = ContactSnapshot.Of(survivor);
        var gone = ContactSnapshot.Of(loser);
        var moved = await MoveAllAsync(ContactChildColumns(db.Model), loser.Id, survivor.Id, ct);

        if (take.Contains("name")) survivor.Name = loser.Name;
        if (take.Contains("title")) survivor.Title = loser.Title;
        if (take.Contains("department")) survivor.Department = loser.Department;
        if (take.Contains("isPrimary")) survivor.IsPrimary = loser.IsPrimary;
        survivor.Phones = [.. survivor.Phones.Union(loser.Phones, StringComparer.Ordinal)];
        survivor.Emails = [.. survivor.Emails.Union(loser.Emails, StringComparer.OrdinalIgnoreCase)];
        Touch(survivor);
        db.Contacts.Remove(loser);
        var merge = new CustomerMerge
        {
            Kind = DuplicateKind.Contact, SurvivorId = survivor.Id, LoserId = loser.Id, Taken = string.Join(',', take),
            SurvivorBefore = JsonSerializer.Serialize(before), LoserBefore = JsonSerializer.Serialize(gone), Moved = JsonSerializer.Serialize(moved),
        };
        return await MergedAsync(tx, merge, moved, clock.GetUtcNow().UtcDateTime, AuditActions.ContactMerged, "contact",
            new { merge = merge.Id, loser = loser.Id, customer = survivor.CustomerId, taken = take, moved = Counts(moved) }, ct);
    }

    /// <summary>Merges lead <see cref="MergeInput.LoserId"/> into lead <paramref name="survivorId"/>: both must be open;
    /// the loser's activities (and any deal that names it as its source) move, the loser is disqualified as merged, and
    /// both are scored again.</summary>
    public async Task<CustomerMergeDto> MergeLeadAsync(Guid survivorId, MergeInput input, long? expectedVersion, CancellationToken ct)
    {
        var (survivor, loser) = await BothAsync(db.Leads, db.Leads, survivorId, input, expectedVersion, ct);
        var take = Chosen(input, LeadFields);
        if (take.Contains("owner")) user.RequireToAssign(Permissions.LeadsAssign, loser.OwnerId, survivor.OwnerId);
        survivor.CheckOpen();
        loser.CheckOpen();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = LeadSnapshot.Of(survivor);
        var was = new LeadStatusBefore(loser.Status, loser.DisqualifyReason);
        var moved = await MoveAllAsync(LeadChildColumns(db.Model), loser.Id, survivor.Id, ct);
        var activities = moved.GetValueOrDefault(nameof(LeadActivity))?.Count ?? 0;

        TakeLead(survivor, loser, take);
        survivor.ActivityCount += activities;
        loser.ActivityCount = Math.Max(0, loser.ActivityCount - activities);
        loser.Disqualify(MergedNote(survivor.Name));
        await RescoreAsync(survivor, ct);
        await RescoreAsync(loser, ct);
        Touch(survivor);
        var merge = new CustomerMerge
        {
            Kind = DuplicateKind.Lead, SurvivorId = survivor.Id, LoserId = loser.Id, Taken = string.Join(',', take),
            SurvivorBefore = JsonSerializer.Serialize(before), LoserBefore = JsonSerializer.Serialize(was), Moved = JsonSerializer.Serialize(moved),
        };
        return await MergedAsync(tx, merge, moved, clock.GetUtcNow().UtcDateTime, AuditActions.LeadMerged, "lead",
            new { merge = merge.Id, loser = loser.Id, taken = take, moved = Counts(moved) }, ct);
    }

    private async Task<CustomerMergeDto> UndoContactAsync(CustomerMerge merge, CancellationToken ct)
    {
        MarkUndone(merge);
        var survivor = await db.Contacts.FirstAsync(c => c.Id == merge.SurvivorId, ct);
        var gone = JsonSerializer.Deserialize<ContactSnapshot>(merge.LoserBefore!)!;
        if (await db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.Id == gone.Id, ct)) throw RapportValidationException.For("merge", "Quality.LoserGone");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The contact exists again before any row points back at it.
        db.Contacts.Add(gone.Recreate());
        await db.SaveChangesAsync(ct);
        var moved = await MoveAllBackAsync(ContactChildColumns(db.Model), merge, survivor.Id, gone.Id, ct);
        JsonSerializer.Deserialize<ContactSnapshot>(merge.SurvivorBefore)!.Restore(survivor);
        Touch(survivor);
        return await UndoneAsync(tx, merge, gone.Id, moved, AuditActions.ContactMergeUndone, "contact", ct);
    }

    private async Task<CustomerMergeDto> UndoLeadAsync(CustomerMerge merge, CancellationToken ct)
    {
        MarkUndone(merge);
        var survivor = await db.Leads.FirstAsync(l => l.Id == merge.SurvivorId, ct);
        var loser = await db.Leads.FirstOrDefaultAsync(l => l.Id == merge.LoserId, ct) ?? throw RapportValidationException.For("merge", "Quality.LoserGone");
        // Reopened (or converted) since: the lead has a life of its own again and is not put back.
        if (loser.Status != LeadStatus.Disqualified) throw RapportValidationException.For("merge", "Quality.LoserReopened");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await MoveAllBackAsync(LeadChildColumns(db.Model), merge, survivor.Id, loser.Id, ct);
        var activities = await db.LeadActivities.IgnoreQueryFilters().CountAsync(a => a.LeadId == loser.Id, ct);
        JsonSerializer.Deserialize<LeadSnapshot>(merge.SurvivorBefore)!.Restore(survivor);
        var back = Math.Max(0, activities - loser.ActivityCount);
        survivor.ActivityCount = Math.Max(0, survivor.ActivityCount - back);
        loser.ActivityCount = activities;
        var was = JsonSerializer.Deserialize<LeadStatusBefore>(merge.LoserBefore!)!;
        loser.ReturnAfterMerge(was.Status, was.DisqualifyReason);
        await RescoreAsync(survivor, ct);
        await RescoreAsync(loser, ct);
        Touch(survivor);
        return await UndoneAsync(tx, merge, loser.Id, moved, AuditActions.LeadMergeUndone, "lead", ct);
    }

    /// <summary>Rows that name a contact: foreign keys to Contacts and copies named ContactId (a consent line's, a
    /// converted lead's).</summary>
    internal static IReadOnlyList<(IEntityType Type, IProperty Column)> ContactChildColumns(IModel model) =>
        ChildColumns(model, typeof(Contact), "ContactId", []);

    /// <summary>Rows that name a lead: its activities and the deals it was converted into (foreign keys only; a team's
    /// LeadId is a person, not a lead).</summary>
    internal static IReadOnlyList<(IEntityType Type, IProperty Column)> LeadChildColumns(IModel model) =>
        ChildColumns(model, typeof(Lead), null, []);

    /// <summary>Undo is possible for as long as a deleted customer would wait in the recycle bin.</summary>
    private void CheckWithinRetention(CustomerMerge merge, DateTime now)
    {
        if (merge.CreatedAt < now.AddDays(-customerOptions.Value.RecycleBinRetentionDays))
            throw RapportValidationException.For("merge", "Quality.UndoExpired");
    }

    /// <summary>A merge changes the survivor even when no field of its own does (rows moved to it): a new version.</summary>
    private void Touch<T>(T survivor) where T : AuditedEntity
    {
        var entry = db.Entry(survivor);
        if (entry.State == EntityState.Unchanged) entry.Property(nameof(AuditedEntity.UpdatedAt)).IsModified = true;
    }

    private async Task RescoreAsync(Lead lead, CancellationToken ct)
    {
        var (score, parts) = (await settings.GetAsync<LeadScoring>(ct)).Score(lead);
        lead.Score = score;
        lead.ScoreParts = parts;
    }

    /// <summary>The merged-away lead's disqualification reason, in both languages (it is stored text).</summary>
    private static string MergedNote(string survivor) => $"Merged into {survivor} · 已合并到 {survivor}";

    private static void TakeLead(Lead survivor, Lead loser, List<string> take)
    {
        if (take.Contains("name")) survivor.Name = loser.Name;
        if (take.Contains("company")) (survivor.Company, survivor.CompanyKey) = (loser.Company, loser.CompanyKey);
        if (take.Contains("title")) survivor.Title = loser.Title;
        if (take.Contains("email")) survivor.Email = loser.Email;
        if (take.Contains("phone")) survivor.Phone = loser.Phone;
        if (take.Contains("source")) survivor.Source = loser.Source;
        if (take.Contains("industry")) survivor.Industry = loser.Industry;
        if (take.Contains("region")) survivor.Region = loser.Region;
        if (take.Contains("country")) survivor.Country = loser.Country;
        if (take.Contains("city")) survivor.City = loser.City;
        if (take.Contains("notes")) survivor.Notes = loser.Notes;
        if (take.Contains("owner")) survivor.OwnerId = loser.OwnerId;
    }

    /// <summary>A contact as it was: the survivor's fields before a merge, or the whole merged-away contact.</summary>
    private sealed record ContactSnapshot(Guid Id, Guid CustomerId, string Name, string? Title, string? Department, List<string> Phones,
        List<string> Emails, bool IsPrimary, DateTime CreatedAt, Guid? CreatedById)
    {
        public static ContactSnapshot Of(Contact c) =>
            new(c.Id, c.CustomerId, c.Name, c.Title, c.Department, [.. c.Phones], [.. c.Emails], c.IsPrimary, c.CreatedAt, c.CreatedById);

        public void Restore(Contact c)
        {
            c.Name = Name; c.Title = Title; c.Department = Department; c.Phones = [.. Phones]; c.Emails = [.. Emails]; c.IsPrimary = IsPrimary;
        }

        public Contact Recreate()
        {
            var c = new Contact { Id = Id, CustomerId = CustomerId, Name = Name, CreatedAt = CreatedAt, CreatedById = CreatedById };
            Restore(c);
            return c;
        }
    }

    /// <summary>The survivor lead's fields a merge may overwrite, as they were.</summary>
    private sealed record LeadSnapshot(string Name, string? Company, string? CompanyKey, string? Title, string? Email, string? Phone, string? Source,
        string? Industry, string? Region, string? Country, string? City, string? Notes, Guid? OwnerId)
    {
        public static LeadSnapshot Of(Lead l) => new(l.Name, l.Company, l.CompanyKey, l.Title, l.Email, l.Phone, l.Source, l.Industry, l.Region,
            l.Country, l.City, l.Notes, l.OwnerId);

        public void Restore(Lead l)
        {
            l.Name = Name; l.Company = Company; l.CompanyKey = CompanyKey; l.Title = Title; l.Email = Email; l.Phone = Phone; l.Source = Source;
            l.Industry = Industry; l.Region = Region; l.Country = Country; l.City = City; l.Notes = Notes; l.OwnerId = OwnerId;
        }
    }

    private sealed record LeadStatusBefore(LeadStatus Status, string? DisqualifyReason);
}
