using System.Text.Json;
using Rapport.Core.Audit;

namespace Rapport.Core.Privacy.Requests;

/// <summary>
/// Erasure (GDPR art. 17, PIPL art. 47): the subject's rows are anonymised in place — names become "Erased 7f3a",
/// emails, phones, addresses and protected values are cleared, free text about them replaced — while what the law
/// requires is kept (invoices and payments: accounting records, legal hold) and the audit trail is never rewritten
/// (its chain must verify; it keeps references). Big tables are updated set-based; every table touched gets one
/// audit entry naming the request and the row count, and the request records what changed and what was kept and why.
/// </summary>
public sealed class SubjectErasure(RapportDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const string Replaced = "[erased]";

    /// <summary>Erases the subject's rows; returns the case attachment files to delete once the caller has committed.</summary>
    public async Task<IReadOnlyList<AttachmentFile>> EraseAsync(SubjectRequest request, CancellationToken ct)
    {
        var who = await SubjectRecords.FindAsync(db, request, ct);
        var (customers, contacts, leads, cases) = (who.Customers, who.Contacts, who.Leads, who.Cases);
        var label = "Erased " + request.Id.ToString("N")[^4..];
        var changed = new List<OutcomeLine>();
        var (email, phone) = (request.Email, request.Phone);

        async Task Touched(string table, int rows)
        {
            if (rows == 0) return;
            changed.Add(new OutcomeLine(table, rows));
            await audit.RecordAsync(AuditActions.SubjectErased, table, null, new { request = request.Number, rows }, ct);
        }

        // The customers are few (the subject): loaded and saved, so the search text and match keys follow the new name.
        var rows = await db.Customers.IgnoreQueryFilters().Include(c => c.Channels).Include(c => c.Tags)
            .Where(c => customers.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in rows)
        {
            c.Name = label;
            (c.Notes, c.Industry, c.Source) = (null, null, null);
            (c.NationalIdCipher, c.NationalIdBlindIndex, c.BankAccountCipher, c.BankAccountBlindIndex, c.DateOfBirthCipher, c.PiiKeyId) =
                (null, null, null, null, null, null);
            c.Addresses = [];
            c.ReplaceChannels([]);
            c.ReplaceTags([]);
        }
        db.RowAuditDeferred = true;
        try { await db.SaveChangesAsync(ct); }
        finally { db.RowAuditDeferred = false; }
        await Touched("customers", rows.Count);

        var contactRows = await db.Contacts.IgnoreQueryFilters().Where(c => contacts.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in contactRows)
        {
            (c.Name, c.Title, c.Department, c.Phones, c.Emails) = (label, null, null, [], []);
        }
        db.RowAuditDeferred = true;
        try { await db.SaveChangesAsync(ct); }
        finally { db.RowAuditDeferred = false; }
        await Touched("contacts", contactRows.Count);

        // ToLower() below is SQL lower() in the database, not .NET's culture (CA1304/CA1311 do not apply); the search text
        // follows the anonymised fields as the entities' own RefreshSearchText would.
#pragma warning disable CA1304, CA1311
        // A new version, as a save would give: an import's undo (which checks the version) then refuses to restore the lead.
        await Touched("leads", await db.Leads.IgnoreQueryFilters().Where(l => leads.Contains(l.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Version, l => l.Version + 1)
            .SetProperty(l => l.Name, label).SetProperty(l => l.Email, (string?)null).SetProperty(l => l.Phone, (string?)null)
            .SetProperty(l => l.Title, (string?)null).SetProperty(l => l.City, (string?)null).SetProperty(l => l.Notes, (string?)null)
            // The duplicate finder's company-and-name key holds the person's name too (the scan computes it again from
            // the pseudonym).
            .SetProperty(l => EF.Property<string?>(l, Quality.LeadMatchConfiguration.MatchName), (string?)null)
            .SetProperty(l => l.SearchText, l => (label + " " + (l.Company ?? "")).ToLower()), ct));
        await Touched("lead_activities", await db.LeadActivities.IgnoreQueryFilters().Where(a => leads.Contains(a.LeadId)).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Subject, Replaced).SetProperty(a => a.Content, (string?)null), ct));
        await Touched("interactions", await db.Interactions.IgnoreQueryFilters()
            .Where(i => customers.Contains(i.CustomerId) || (i.ContactId != null && contacts.Contains(i.ContactId.Value)))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Subject, Replaced).SetProperty(i => i.Content, (string?)null)
                .SetProperty(i => i.Outcome, (string?)null), ct));
        // A new version, as for leads: an import's undo then leaves the case alone.
        await Touched("cases", await db.Cases.IgnoreQueryFilters().Where(c => cases.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Version, c => c.Version + 1)
            .SetProperty(c => c.Subject, Replaced).SetProperty(c => c.SearchText, c => c.Number.ToLower() + " " + Replaced)
            .SetProperty(c => c.Description, (string?)null)
            .SetProperty(c => c.ResolutionNote, (string?)null).SetProperty(c => c.RatingComment, (string?)null), ct));
#pragma warning restore CA1304, CA1311
        await Touched("case_messages", await db.CaseMessages.IgnoreQueryFilters().Where(m => cases.Contains(m.CaseId)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Body, Replaced).SetProperty(m => m.FromAddress, (string?)null), ct));
        // A file a customer sent is their data through and through: the rows go, and the caller removes the files once
        // the erasure is committed (a rollback must not leave rows whose files are gone).
        var files = await db.CaseAttachments.IgnoreQueryFilters().Where(a => cases.Contains(a.CaseId)).Select(a => new AttachmentFile(a.CaseId, a.Id)).ToListAsync(ct);
        await Touched("case_attachments", await db.CaseAttachments.IgnoreQueryFilters().Where(a => cases.Contains(a.CaseId)).ExecuteDeleteAsync(ct));
        await Touched("opportunities", await db.Opportunities.IgnoreQueryFilters().Where(o => customers.Contains(o.CustomerId)).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.NextStep, (string?)null).SetProperty(o => o.CloseReason, (string?)null).SetProperty(o => o.Competitors, (string?)null), ct));
        await Touched("quotes", await db.Quotes.IgnoreQueryFilters().Where(q => customers.Contains(q.CustomerId) && q.Notes != null).ExecuteUpdateAsync(s => s
            .SetProperty(q => q.Notes, (string?)null), ct));
        await Touched("consents", await db.ConsentEntries.IgnoreQueryFilters()
            .Where(e => (e.CustomerId != null && customers.Contains(e.CustomerId.Value)) || (email != null && e.Address == email) || (phone != null && e.Address == phone))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Address, (string?)null).SetProperty(e => e.Proof, Replaced), ct));
        await Touched("campaign_memberships", await db.CampaignMembers.IgnoreQueryFilters().Where(m => customers.Contains(m.CustomerId)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Email, (string?)null).SetProperty(m => m.Phone, (string?)null), ct));
        await Touched("segment_memberships", await db.SegmentMembers.IgnoreQueryFilters().Where(m => customers.Contains(m.CustomerId)).ExecuteDeleteAsync(ct));
        await Touched("subject_requests", await db.SubjectRequests.Where(r => r.Id != request.Id
                && (r.CustomerId != null && customers.Contains(r.CustomerId.Value) || (email != null && r.Email == email) || (phone != null && r.Phone == phone)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SubjectName, (string?)null).SetProperty(r => r.Email, (string?)null).SetProperty(r => r.Phone, (string?)null), ct));
        // An import keeps each updated record's before-image for its undo: the subject's go. (Every erased record has a
        // new version, so an undo refuses to restore it anyway.)
        var records = customers.Concat(contacts).Concat(leads).Concat(cases).ToList();
        await Touched("import_rows", await db.ImportRunRows.Where(r => r.RecordId != null && records.Contains(r.RecordId.Value) && r.BeforeJson != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.BeforeJson, (string?)null), ct));
        await Touched("customer_merges", await EraseMergesAsync(who, email, phone, ct));
        request.SubjectName = label;
        (request.Email, request.Phone) = (null, null);

        var ids = who.AllIds();
        var kept = new List<OutcomeLine>
        {
            new("invoices", await db.Invoices.IgnoreQueryFilters().CountAsync(i => customers.Contains(i.CustomerId), ct), "Privacy.Kept.LegalHold"),
            new("payments", await db.Payments.IgnoreQueryFilters().CountAsync(p => customers.Contains(p.Invoice!.CustomerId), ct), "Privacy.Kept.LegalHold"),
            new("orders", await db.Orders.IgnoreQueryFilters().CountAsync(o => customers.Contains(o.CustomerId), ct), "Privacy.Kept.Invoiced"),
            new("contracts", await db.Contracts.IgnoreQueryFilters().CountAsync(o => customers.Contains(o.CustomerId), ct), "Privacy.Kept.Contract"),
            new("audit_entries", await db.AuditEntries.CountAsync(a => a.EntityId != null && ids.Contains(a.EntityId), ct), "Privacy.Kept.AuditTrail"),
        };
        var outcome = new SubjectRequestOutcome(changed, [.. kept.Where(k => k.Rows > 0)]);
        request.RecordOutcome(JsonSerializer.Serialize(outcome, OutcomeJson));
        return files;
    }

    /// <summary>Merges of the subject's records, on either side (ADR-044): the survivor's fields before the merge and what
    /// was kept of the merged-away record (a deleted contact whole, a lead's former status) are cleared, and the merge is
    /// marked erased so it can no longer be undone (an undo would bring the data back). Found by the subject's records
    /// as survivor or loser, and by the email or phone inside the kept images — a merged-away contact is no row of its
    /// own, and the survivor may have dropped the address since. The row ids of what moved stay (references, as the
    /// audit trail keeps them).</summary>
    private async Task<int> EraseMergesAsync(SubjectRecords who, string? email, string? phone, CancellationToken ct)
    {
        var (customers, contacts, leads) = (who.Customers, who.Contacts, who.Leads);
        // The images are JSON written with the serializer's defaults: a value is found as that serializer writes it
        // (a phone's "+" is escaped there), quotes included, so only a whole value matches.
        var points = new[] { email, phone }.OfType<string>().Select(v => JsonSerializer.Serialize(v)).ToList();
        var (p1, p2) = (points.ElementAtOrDefault(0), points.ElementAtOrDefault(1));
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.CustomerMerges.IgnoreQueryFilters().Where(m => m.ErasedAt == null && (
                (m.Kind == Quality.DuplicateKind.Customer && (customers.Contains(m.SurvivorId) || customers.Contains(m.LoserId)))
                || (m.Kind == Quality.DuplicateKind.Contact && (contacts.Contains(m.SurvivorId) || contacts.Contains(m.LoserId)))
                || (m.Kind == Quality.DuplicateKind.Lead && (leads.Contains(m.SurvivorId) || leads.Contains(m.LoserId)))
                || (p1 != null && (m.SurvivorBefore.Contains(p1) || (m.LoserBefore != null && m.LoserBefore.Contains(p1))))
                || (p2 != null && (m.SurvivorBefore.Contains(p2) || (m.LoserBefore != null && m.LoserBefore.Contains(p2))))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Version, m => m.Version + 1)
                .SetProperty(m => m.SurvivorBefore, Quality.CustomerMerge.ErasedImage)
                .SetProperty(m => m.LoserBefore, (string?)null)
                .SetProperty(m => m.ErasedAt, (DateTime?)now), ct);
    }

    /// <summary>A stored file: its owner (the case) and its id, as <see cref="AttachmentStore"/> keys it.</summary>
    public sealed record AttachmentFile(Guid Owner, Guid Id);

    internal static readonly JsonSerializerOptions OutcomeJson = new(JsonSerializerDefaults.Web);
}
