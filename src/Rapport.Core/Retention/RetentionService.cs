using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Imports;
using Rapport.Core.Leads;
using Rapport.Core.Mail;
using Rapport.Core.ServiceDesk;

namespace Rapport.Core.Retention;

/// <summary>Retention policies: what each would remove now (preview), applying one (by an administrator or the nightly
/// job), and the history of runs. Removal is set-based, <see cref="Batch"/> rows per statement, so SQLite's write lock
/// is released between batches. Each run writes one audit entry with its count. Invoices and payments are never
/// among the candidates (legal hold); see ADR-032.</summary>
public sealed class RetentionService(
    RapportDbContext db, ICurrentUser user, TimeProvider clock, SettingsService settings, AuditTrail trail, AuditChain chain,
    IOptions<ImportOptions> imports, IOptions<CaseOptions> cases, DatabaseOptions database)
{
    public const int Batch = 5000;
    public const int SampleSize = 10;

    /// <summary>Every policy as it would apply now.</summary>
    public async Task<IReadOnlyList<RetentionPreview>> PreviewAllAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var list = new List<RetentionPreview>();
        foreach (var policy in RetentionPolicies.All) list.Add(await PreviewAsync(policy, ct));
        return list;
    }

    /// <summary>What <paramref name="policy"/> would remove if applied now (whether or not it is enabled).</summary>
    public async Task<RetentionPreview> PreviewAsync(string policy, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var (rule, limit, cutoff) = await RuleAsync(policy, ct);
        var rows = Candidates(policy, cutoff);
        var (count, capped) = await Keyset.CappedCountAsync(rows, ct);
        var sample = await rows.OrderBy(r => r.At).ThenBy(r => r.Id).Take(SampleSize).ToListAsync(ct);
        return new RetentionPreview(policy, rule.Enabled, rule.After, limit.Unit, limit.Min, cutoff, count, capped,
            [.. sample.Select(r => new RetentionSample(r.Id, r.Label, r.At))]);
    }

    /// <summary>Applies <paramref name="policy"/> now, as the caller (an administrator's "apply now").</summary>
    public async Task<RetentionRunDto> ApplyAsync(string policy, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        return await RunAsync(policy, user.Id, ct);
    }

    /// <summary>The nightly run: every enabled policy but the audit trail's (the audit-prune job applies that one).</summary>
    public async Task<IReadOnlyList<RetentionRunDto>> ApplyEnabledAsync(CancellationToken ct)
    {
        var current = await settings.GetAsync<RetentionSettings>(ct);
        var runs = new List<RetentionRunDto>();
        foreach (var limit in RetentionSettings.Limits)
            if (current.RuleOf(limit.Policy) is { Enabled: true })
                runs.Add(await RunAsync(limit.Policy, null, ct));
        return runs;
    }

    /// <summary>The audit trail's retention as a recorded run (the audit-prune job).</summary>
    public Task<RetentionRunDto> ApplyAuditAsync(CancellationToken ct) => RunAsync(RetentionPolicies.Audit, null, ct);

    /// <summary>Runs, newest first, one keyset page at a time; optionally of one policy.</summary>
    public async Task<Page<RetentionRunDto>> HistoryAsync(string? policy, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var size = Keyset.ClampPageSize(limit);
        var query = db.RetentionRuns.AsNoTracking().Where(r => policy == null || r.Policy == policy);
        var rows = await Keyset.Seek(query, r => r.StartedAt, r => r.Id, true, cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, r => r.StartedAt, r => r.Id);
        return new Page<RetentionRunDto>([.. items.Select(ToDto)], next);
    }

    private async Task<RetentionRunDto> RunAsync(string policy, Guid? by, CancellationToken ct)
    {
        var (_, _, cutoff) = await RuleAsync(policy, ct);
        var run = new RetentionRun { Policy = policy, StartedAt = Now, Cutoff = cutoff, ById = by };
        run.Count = policy == RetentionPolicies.Audit
            ? await chain.PruneAsync((await settings.GetAsync<AuditSettings>(ct)).RetentionDays, ct)
            : await RemoveAsync(policy, cutoff, ct);
        run.FinishedAt = Now;
        db.RetentionRuns.Add(run);
        await db.SaveChangesAsync(ct);
        await trail.RecordAsync(AuditActions.RetentionApplied, "retention", policy,
            new { count = run.Count, cutoff, scheduled = by is null }, ct);
        return ToDto(run);
    }

    /// <summary>Removes the candidates batch by batch: each batch is one statement (and its own transaction).</summary>
    private async Task<int> RemoveAsync(string policy, DateTime cutoff, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var ids = await Candidates(policy, cutoff).OrderBy(r => r.Id).Select(r => r.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0) break;
            var removed = await RemoveBatchAsync(policy, ids, ct);
            total += removed;
            if (ids.Count < Batch || removed == 0) break;
        }
        return total;
    }

    private async Task<int> RemoveBatchAsync(string policy, List<Guid> ids, CancellationToken ct)
    {
        switch (policy)
        {
            case RetentionPolicies.Leads:
                return await db.Leads.IgnoreQueryFilters().Where(l => ids.Contains(l.Id)).ExecuteDeleteAsync(ct);
            case RetentionPolicies.Interactions:
                return await db.Interactions.IgnoreQueryFilters().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(ct);
            case RetentionPolicies.Cases:
                var removed = await db.Cases.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
                var store = CaseService.StoreOf(cases.Value, database);
                foreach (var id in ids) store.DeleteOwner(id);
                return removed;
            case RetentionPolicies.Mail:
                await db.Set<OutboxAttachment>().Where(a => ids.Contains(a.MessageId)).ExecuteDeleteAsync(ct);
                return await db.OutboxMessages.Where(m => ids.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.TextBody, "").SetProperty(m => m.HtmlBody, (string?)null), ct);
            default:
                var gone = await db.ImportRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
                var folder = ImportService.FolderOf(imports.Value, database);
                foreach (var id in ids) File.Delete(Path.Combine(folder, id.ToString("N")));
                return gone;
        }
    }

    /// <summary>The records a policy removes at <paramref name="cutoff"/>: the one definition preview and apply share.</summary>
    private IQueryable<Candidate> Candidates(string policy, DateTime cutoff) => policy switch
    {
        RetentionPolicies.Leads => db.Leads.IgnoreQueryFilters()
            .Where(l => l.Status != LeadStatus.Converted && l.UpdatedAt < cutoff)
            .Select(l => new Candidate { Id = l.Id, Label = l.Name, At = l.UpdatedAt }),
        // Closed: a logged interaction, or a task that is done. Open tasks stay, however old.
        RetentionPolicies.Interactions => db.Interactions.IgnoreQueryFilters()
            .Where(i => (i.Kind != InteractionKind.Task || i.Done) && i.OccurredAt < cutoff)
            .Select(i => new Candidate { Id = i.Id, Label = i.Subject, At = i.OccurredAt }),
        RetentionPolicies.Cases => db.Cases.IgnoreQueryFilters()
            .Where(c => c.Status == CaseStatus.Closed && c.ClosedAt < cutoff)
            .Select(c => new Candidate { Id = c.Id, Label = c.Number + " " + c.Subject, At = c.ClosedAt!.Value }),
        // Only finished messages lose their bodies; the envelope (to, subject, state) stays as the record of sending.
        RetentionPolicies.Mail => db.OutboxMessages
            .Where(m => (m.State == OutboxState.Sent || m.State == OutboxState.Failed || m.State == OutboxState.Suppressed)
                && m.CreatedAt < cutoff && (m.TextBody != "" || m.HtmlBody != null))
            .Select(m => new Candidate { Id = m.Id, Label = m.Subject, At = m.CreatedAt }),
        RetentionPolicies.Imports => db.ImportRuns
            .Where(r => r.Status != ImportStatus.Queued && r.Status != ImportStatus.Running && r.CreatedAt < cutoff)
            .Select(r => new Candidate { Id = r.Id, Label = r.FileName, At = r.CreatedAt }),
        // The entries the audit-prune job would delete: sealed and older than the audit section's retention.
        RetentionPolicies.Audit => db.AuditEntries
            .Where(e => e.ChainSeq != null && e.At < cutoff)
            .Select(e => new Candidate { Id = e.Id, Label = e.Action, At = e.At }),
        _ => throw Unknown(policy),
    };

    private async Task<(RetentionRule Rule, RetentionLimit Limit, DateTime Cutoff)> RuleAsync(string policy, CancellationToken ct)
    {
        if (policy == RetentionPolicies.Audit)
        {
            var days = (await settings.GetAsync<AuditSettings>(ct)).RetentionDays;
            return (new RetentionRule(true, days), new RetentionLimit(policy, RetentionUnit.Days, AuditSettings.MinDays, AuditSettings.MaxDays),
                Now.AddDays(-days));
        }
        var limit = RetentionSettings.Limits.FirstOrDefault(l => l.Policy == policy) ?? throw Unknown(policy);
        var rule = (await settings.GetAsync<RetentionSettings>(ct)).RuleOf(policy) ?? RetentionSettings.Defaults.RuleOf(policy)!;
        return (rule, limit, limit.Cutoff(Now, rule.After));
    }

    private static RapportValidationException Unknown(string policy) =>
        RapportValidationException.For("policy", "Retention.UnknownPolicy", string.Join(", ", RetentionPolicies.All));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static RetentionRunDto ToDto(RetentionRun r) => new(r.Id, r.Policy, r.StartedAt, r.FinishedAt, r.Cutoff, r.Count, r.ById);

    private sealed class Candidate
    {
        public Guid Id { get; init; }
        public string Label { get; init; } = "";
        public DateTime At { get; init; }
    }
}
