namespace Rapport.Core.ServiceDesk;

/// <summary>Cases: create, read, list (queues by keyset), update, move through their states, assign, the
/// conversation with its files, related cases and merging duplicates. Cases are scoped by owner or queue
/// (<see cref="ScopedEntities.Cases"/>); a case out of scope answers 404 before a missing permission answers 403.</summary>
public sealed class CaseService(RapportDbContext db, TimeProvider clock, ICurrentUser user, IOptions<CaseOptions> options,
    DatabaseOptions database, ICaseReplySender sender, CaseRouting routing)
{
    /// <summary>Counter key prefix of case numbers.</summary>
    public const string Counter = "case:";

    private AttachmentStore Store => StoreOf(options.Value, database);

    /// <summary>Where cases' files are kept.</summary>
    public static AttachmentStore StoreOf(CaseOptions options, DatabaseOptions database) =>
        new(options.AttachmentDirectory is { Length: > 0 } dir ? dir : Path.Combine(database.DataDirectory, "attachments", "cases"));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CaseDto> CreateAsync(CaseInput input, CancellationToken ct)
    {
        user.Require(Permissions.CasesCreate);
        if (input.OwnerId is { } owner && owner != user.Id) user.Require(Permissions.CasesUpdate);
        var (subject, description, tags) = await ValidateAsync(input.CustomerId, input.Subject, input.Description, input.ContactId, input.CategoryId, input.Tags, ct);
        await CheckAssigneesAsync(input.OwnerId, input.QueueId, ct);
        var c = new Case
        {
            Number = await Sequences.NextNumberAsync(db, options.Value.NumberPattern, Now, ct, Counter), Subject = subject, CustomerId = input.CustomerId,
            Description = description, Type = input.Type, Channel = input.Channel, Priority = input.Priority, ContactId = input.ContactId,
            CategoryId = input.CategoryId, QueueId = input.QueueId, OwnerId = input.OwnerId,
        };
        // Neither owner nor queue named: the assignment rules route it; when none matches, taken down by an agent it is
        // theirs. Filed to a queue: the queue's, unassigned.
        if (input.OwnerId is null && input.QueueId is null && !await routing.RouteAsync(c, ct)) c.OwnerId = user.Id;
        c.ReplaceTags(tags);
        await TargetAsync(c, Now, ct);
        db.Cases.Add(c);
        await db.SaveChangesAsync(ct);
        return await GetUnscopedAsync(c.Id, ct);
    }

    public async Task<CaseDto> GetAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Include(x => x.Customer).Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Case", id);
        user.Require(Permissions.CasesRead);
        var owner = c.OwnerId is { } o ? await db.Users.Where(u => u.Id == o).Select(u => u.DisplayName ?? u.UserName).FirstOrDefaultAsync(ct) : null;
        var queue = c.QueueId is { } q ? await db.Teams.Where(t => t.Id == q).Select(t => t.Name).FirstOrDefaultAsync(ct) : null;
        return Dto(c, owner, queue, await SlaOfAsync(c, ct));
    }

    private static CaseDto Dto(Case c, string? owner, string? queue, SlaState? sla) =>
        new(c.Id, c.Number, c.Type, c.Subject, c.Description, c.CustomerId, c.Customer?.Name ?? "", c.ContactId, c.Channel, c.CategoryId,
            c.Priority, c.Status, c.OwnerId, owner, c.QueueId, queue, c.FirstResponseAt, c.ResolvedAt, c.ClosedAt, c.ResolutionNote, c.MergedIntoId,
            c.FirstResponseDueAt, c.ResolutionDueAt, c.FirstResponseBreachedAt, c.ResolutionBreachedAt, sla,
            c.Tags.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase).ToList(), c.CreatedAt, c.Version)
        {
            Rating = CaseRating.Of(c), NextUpdateDueAt = c.NextUpdateDueAt, NextUpdateBreachedAt = c.NextUpdateBreachedAt,
            NextUpdateBreaches = c.NextUpdateBreaches,
        };

    /// <summary>A page of cases in the caller's scope: in queue order (due time, priority, age) or newest first.</summary>
    public async Task<Page<CaseListItem>> ListAsync(CaseQuery query, CancellationToken ct)
    {
        var q = await FilteredAsync(query, ct);
        var size = Keyset.ClampPageSize(query.Limit);
        if (query.View == CaseView.BreachingSoon) return await BreachingSoonAsync(q, query.Cursor, size, ct);
        if (query.Sort == CaseSort.Created)
        {
            var rows = await Keyset.Seek(q, c => c.CreatedAt, c => c.Id, true, query.Cursor, size).Select(Item).ToListAsync(ct);
            var (items, next) = Keyset.Cut(rows, size, c => c.CreatedAt, c => c.Id);
            return new Page<CaseListItem>(await WithSlaAsync(items, ct), next);
        }
        // The stored queue order is derived from the due time and priority the item carries: the cursor is rebuilt from them.
        var queued = await Keyset.Seek(q, c => c.QueueOrder, c => c.Id, false, query.Cursor, size).Select(Item).ToListAsync(ct);
        var (page, cursor) = Keyset.Cut(queued, size, i => Case.OrderKey(i.ResolutionDueAt, i.Priority), i => i.Id);
        return new Page<CaseListItem>(await WithSlaAsync(page, ct), cursor);
    }

    /// <summary>The cases a view of the list and its filters select in the caller's scope (untracked, unordered): the rows
    /// the list pages through, for counting them (a background export's estimate). Needs cases.read.</summary>
    public async Task<IQueryable<Case>> FilteredAsync(CaseQuery query, CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        var source = string.IsNullOrWhiteSpace(query.Q) ? db.Cases : TextSearch.Matching(db, db.Cases, query.Q);
        var q = source.AsNoTracking();
        switch (query.View)
        {
            case CaseView.Mine:
                q = q.Where(c => c.OwnerId == user.Id);
                break;
            case CaseView.MyTeams:
                var teams = await MyTeamsAsync(ct);
                q = q.Where(c => c.QueueId != null && teams.Contains(c.QueueId.Value));
                break;
            case CaseView.Unassigned:
                q = q.Where(c => c.OwnerId == null);
                break;
        }
        if (query.QueueId is { } queue) q = q.Where(c => c.QueueId == queue);
        if (query.OwnerId is { } owner) q = q.Where(c => c.OwnerId == owner);
        if (query.Status is { } status) q = q.Where(c => c.Status == status);
        else if (query.ActiveOnly) q = q.Where(c => c.Status == CaseStatus.New || c.Status == CaseStatus.Open || c.Status == CaseStatus.PendingCustomer);
        if (query.Priority is { } priority) q = q.Where(c => c.Priority == priority);
        if (query.CategoryId is { } category) q = q.Where(c => c.CategoryId == category);
        if (query.CustomerId is { } customer) q = q.Where(c => c.CustomerId == customer);
        return q;
    }

    /// <summary>Every case the list's view and filters select, in its order, with the case import's other fields (the
    /// customer's number, the contact and category by name, tags, the resolution note): what the export writes so that
    /// its file imports back. A list page at a time, the rest by the page's ids.</summary>
    public IAsyncEnumerable<(CaseListItem Case, CaseExportDetails More)> ExportAsync(CaseQuery query, CancellationToken ct) =>
        Keyset.WithDetailsAsync(cursor => ListAsync(query with { Cursor = cursor, Limit = Keyset.MaxPageSize }, ct), c => c.Id,
            ids => db.Cases.AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id))
                .Select(c => new
                {
                    c.Id,
                    More = new CaseExportDetails(c.Description, c.Customer!.Number,
                        db.Contacts.Where(x => x.Id == c.ContactId).Select(x => x.Name).FirstOrDefault(), c.Channel,
                        db.CaseCategories.Where(x => x.Id == c.CategoryId).Select(x => x.Name).FirstOrDefault(),
                        c.Tags.Select(t => t.Name).ToList(), c.ResolutionNote),
                })
                .ToDictionaryAsync(c => c.Id, c => c.More, ct));

    /// <summary>The active cases (not waiting on the customer) whose resolution target is past its warning point or
    /// breached, in queue order. SQL seeks the active-cases queue-order index up to the latest due time any policy could
    /// already be warning about (its widest warning window, in business time, from now); each row's own state then decides,
    /// so the list agrees with the badges. A page reads on through rows that are not yet warning until it is full or the
    /// bound is reached, and its cursor is the last row read.</summary>
    private async Task<Page<CaseListItem>> BreachingSoonAsync(IQueryable<Case> q, string? cursor, int size, CancellationToken ct)
    {
        var now = Now;
        var policies = await PoliciesAsync(null, ct);
        var bound = policies.Values.Select(p => WarningFrom(p, now)).Max();
        if (bound is null) return new Page<CaseListItem>([], null);
        var last = Case.OrderKey(bound.Value.AddSeconds(1), CasePriority.Low);
#pragma warning disable CA1309 // translated to SQL "<" on a column of digits (the same order in any collation), never run in .NET
        q = q.Where(c => (c.Status == CaseStatus.New || c.Status == CaseStatus.Open || c.Status == CaseStatus.PendingCustomer)
            && c.PausedAt == null && string.Compare(c.QueueOrder, last) < 0);
#pragma warning restore CA1309
        var found = new List<CaseListItem>();
        while (true)
        {
            var rows = await Keyset.Seek(q, c => c.QueueOrder, c => c.Id, false, cursor, size).Select(Item).ToListAsync(ct);
            var (read, next) = Keyset.Cut(rows, size, i => Case.OrderKey(i.ResolutionDueAt, i.Priority), i => i.Id);
            foreach (var item in await WithSlaAsync(read, ct))
            {
                if (item.Sla?.Level is not (SlaLevel.Warning or SlaLevel.Breached)) continue;
                found.Add(item);
                if (found.Count == size) return new Page<CaseListItem>(found, Keyset.Encode(Case.OrderKey(item.ResolutionDueAt, item.Priority), item.Id));
            }
            if (next is null) return new Page<CaseListItem>(found, null);
            cursor = next;
        }
    }

    /// <summary>The latest resolution due time at which a case under <paramref name="policy"/> is already in its warning
    /// window now: now plus the policy's widest window (target × (100 − warning %)) in business time.</summary>
    private static DateTime? WarningFrom(SlaPolicy policy, DateTime now)
    {
        if (policy.Calendar is null) return null;
        var widest = policy.Targets.Where(t => t.ResolutionMinutes is not null)
            .Select(t => TimeSpan.FromMinutes(t.ResolutionMinutes!.Value * (100 - t.WarningPercent) / 100.0)).DefaultIfEmpty(TimeSpan.Zero).Max();
        return new SlaClock(new BusinessClock(policy.Calendar)).AddBusinessTime(now, widest) ?? now;
    }

    /// <summary>The items with where their resolution target stands (<see cref="SlaOf"/>), policies and tiers read once per page.</summary>
    private async Task<IReadOnlyList<CaseListItem>> WithSlaAsync(IReadOnlyList<CaseListItem> items, CancellationToken ct)
    {
        var ids = items.Where(i => i.ResolutionDueAt is not null).Select(i => i.Id).ToList();
        if (ids.Count == 0) return items;
        var facts = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.SlaPolicyId, c.CategoryId, c.PausedAt, c.Customer!.Tier }).ToDictionaryAsync(c => c.Id, ct);
        var policies = await PoliciesAsync(facts.Values.Where(f => f.SlaPolicyId is not null).Select(f => f.SlaPolicyId!.Value).Distinct().ToList(), ct);
        var now = Now;
        return items.Select(i => facts.TryGetValue(i.Id, out var f) && f.SlaPolicyId is { } p
            ? i with { Sla = SlaOf(policies.GetValueOrDefault(p), i.Status, i.ResolutionDueAt, f.PausedAt, i.Priority, f.Tier, f.CategoryId, now) }
            : i).ToList();
    }

    /// <summary>SLA policies with their calendars by id: those named, or every one (<paramref name="ids"/> null).</summary>
    private async Task<Dictionary<Guid, SlaPolicy>> PoliciesAsync(List<Guid>? ids, CancellationToken ct)
    {
        var q = db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).AsQueryable();
        if (ids is not null) q = q.Where(p => ids.Contains(p.Id));
        return await q.ToDictionaryAsync(p => p.Id, ct);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Case, CaseListItem>> Item = c => new CaseListItem(c.Id, c.Number, c.Subject, c.Type,
        c.Status, c.Priority, c.CustomerId, c.Customer!.Name, c.OwnerId, c.QueueId, c.ResolutionDueAt, c.CreatedAt);

    public async Task<CaseDto> UpdateAsync(Guid id, CaseUpdateInput input, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Cases.Include(x => x.Tags), id, Permissions.CasesUpdate, expectedVersion, ct);
        var (subject, description, tags) = await ValidateAsync(c.CustomerId, input.Subject, input.Description, input.ContactId, input.CategoryId, input.Tags, ct);
        var retarget = c.Priority != input.Priority || c.CategoryId != input.CategoryId;
        (c.Subject, c.Description, c.Type, c.Channel, c.Priority, c.ContactId, c.CategoryId) =
            (subject, description, input.Type, input.Channel, input.Priority, input.ContactId, input.CategoryId);
        c.ReplaceTags(tags);
        if (retarget)
        {
            await TargetAsync(c, c.CreatedAt, ct);
            // A case whose promise began before its start was recorded (NextUpdateFrom came with the UxFixes migration) keeps it.
            if (c.IsActive && c.NextUpdateFrom is not null) await PromiseUpdateAsync(c, ct);
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<CaseDto> OpenAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Cases, id, Permissions.CasesUpdate, expectedVersion, ct);
        await ResumeAsync(c, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public Task<CaseDto> WaitOnCustomerAsync(Guid id, long? expectedVersion, CancellationToken ct) => MoveAsync(id, c => c.WaitOnCustomer(Now), expectedVersion, ct);

    /// <summary>Picks the SLA policy of a case (the oldest active one: policies have no default flag) and sets its
    /// due times from <paramref name="start"/> for the customer's tier; no policy or no matching row clears them.</summary>
    private async Task TargetAsync(Case c, DateTime start, CancellationToken ct)
    {
        var policy = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).Where(p => p.IsActive)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).FirstOrDefaultAsync(ct);
        var tier = await db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.Tier).FirstOrDefaultAsync(ct);
        var due = policy is null ? null : SlaService.Targets(policy, c.Priority, tier, c.CategoryId, start, []);
        (c.SlaPolicyId, c.FirstResponseDueAt, c.ResolutionDueAt) = (due is null ? null : policy!.Id, due?.FirstResponseDueAt, due?.ResolutionDueAt);
        (c.FirstResponseWarnAt, c.ResolutionWarnAt) = (due?.FirstResponseWarnAt, due?.ResolutionWarnAt);
    }

    /// <summary>Where the resolution target stands now (null: none, or the case is no longer worked); a case waiting
    /// on the customer shows what it had left when the wait began.</summary>
    private async Task<SlaState?> SlaOfAsync(Case c, CancellationToken ct)
    {
        if (!c.IsActive || c.ResolutionDueAt is null || c.SlaPolicyId is not { } policyId) return null;
        var policy = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).FirstOrDefaultAsync(p => p.Id == policyId, ct);
        return SlaOf(policy, c.Status, c.ResolutionDueAt, c.PausedAt, c.Priority, c.Customer?.Tier ?? Customers.ValueTier.Medium, c.CategoryId, Now);
    }

    /// <summary>See <see cref="SlaOfAsync"/>: the same for a case's stored facts and its policy.</summary>
    private static SlaState? SlaOf(SlaPolicy? policy, CaseStatus status, DateTime? resolutionDueAt, DateTime? pausedAt, CasePriority priority,
        Customers.ValueTier tier, Guid? categoryId, DateTime now)
    {
        if (status is CaseStatus.Resolved or CaseStatus.Closed || resolutionDueAt is not { } due || policy?.Calendar is null) return null;
        var remaining = new SlaClock(new BusinessClock(policy.Calendar)).BusinessTimeBetween(pausedAt ?? now, due);
        // An escalation may have raised the priority past the policy's rows: the due time stands, and so does a breach.
        if (policy.TargetFor(priority, tier, categoryId) is not { ResolutionMinutes: { } minutes } row)
            return remaining <= TimeSpan.Zero ? new SlaState(SlaLevel.Breached, remaining) : null;
        var target = TimeSpan.FromMinutes(minutes);
        return SlaService.State(target, target - remaining, row.WarningPercent);
    }

    /// <summary>Starts a next-update period at <paramref name="from"/> (see <see cref="Case.NextUpdateDueAt"/>) once the
    /// case has had its first response, when its policy has a next-update time for it; otherwise the target does not run.</summary>
    private async Task RestartUpdateClockAsync(Case c, DateTime from, CancellationToken ct)
    {
        (c.NextUpdateWarnedAt, c.NextUpdateBreachedAt) = (null, null);
        c.NextUpdateFrom = c.FirstResponseAt is null ? null : from;
        await PromiseUpdateAsync(c, ct);
    }

    /// <summary>Sets the next-update due and warning times of the running period (from <see cref="Case.NextUpdateFrom"/>)
    /// by the case's policy, priority and category as they are now; its warning and breach stamps stand.</summary>
    private async Task PromiseUpdateAsync(Case c, CancellationToken ct)
    {
        (c.NextUpdateDueAt, c.NextUpdateWarnAt) = (null, null);
        if (c.NextUpdateFrom is not { } from || c.SlaPolicyId is not { } policyId) return;
        var policy = await db.SlaPolicies.AsNoTracking().Include(p => p.Calendar).FirstOrDefaultAsync(p => p.Id == policyId, ct);
        var tier = await db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.Tier).FirstOrDefaultAsync(ct);
        if (policy?.Calendar is null || policy.TargetFor(c.Priority, tier, c.CategoryId) is not { NextUpdateMinutes: { } minutes } row) return;
        var clock = new SlaClock(new BusinessClock(policy.Calendar));
        c.NextUpdateDueAt = clock.AddBusinessTime(from, TimeSpan.FromMinutes(minutes));
        c.NextUpdateWarnAt = clock.AddBusinessTime(from, TimeSpan.FromMinutes(minutes) * row.WarningPercent / 100);
    }

    /// <summary>Opens a case; one that waited on the customer has its resolution due time pushed on by the business
    /// time it waited (its SLA clock was paused), and its next-update period starts again.</summary>
    private async Task ResumeAsync(Case c, CancellationToken ct)
    {
        var (since, due, now) = (c.PausedAt, c.ResolutionDueAt, Now);
        c.Open();
        // The customer answered (or the agent took the case up again): they are owed an update from now.
        if (since is not null) await RestartUpdateClockAsync(c, now, ct);
        if (since is null || due is null || c.SlaPolicyId is not { } policyId) return;
        var calendar = await db.SlaPolicies.AsNoTracking().Where(p => p.Id == policyId).Select(p => p.Calendar).FirstOrDefaultAsync(ct);
        if (calendar is null) return;
        var clock = new SlaClock(new BusinessClock(calendar));
        var paused = clock.BusinessTimeBetween(since.Value, now);
        c.ResolutionDueAt = clock.AddBusinessTime(due.Value, paused) ?? due;
        if (c.ResolutionWarnAt is { } warn) c.ResolutionWarnAt = clock.AddBusinessTime(warn, paused) ?? warn;
    }

    public Task<CaseDto> ResolveAsync(Guid id, CaseResolveInput input, long? expectedVersion, CancellationToken ct) =>
        MoveAsync(id, c => c.Resolve(input.Note, Now), expectedVersion, ct);

    public Task<CaseDto> CloseAsync(Guid id, long? expectedVersion, CancellationToken ct) => MoveAsync(id, c => c.Close(Now), expectedVersion, ct);

    public Task<CaseDto> ReopenAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        MoveAsync(id, c => c.Reopen(Now, TimeSpan.FromDays(options.Value.ReopenWindowDays)), expectedVersion, ct);

    /// <summary>Hands the case to an owner and/or a queue (null clears either).</summary>
    public async Task<CaseDto> AssignAsync(Guid id, CaseAssignInput input, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Cases, id, Permissions.CasesUpdate, expectedVersion, ct);
        await CheckAssigneesAsync(input.OwnerId, input.QueueId, ct);
        (c.OwnerId, c.QueueId) = (input.OwnerId, input.QueueId);
        await db.SaveChangesAsync(ct);
        // The new owner or queue may be outside the caller's own scope: answer with what was saved.
        return await GetUnscopedAsync(id, ct);
    }

    /// <summary>Runs the assignment rules on the case again: the first matching rule sets its queue and owner (the owner
    /// cleared when the rule routes to the queue only); when no rule matches the case stays as it was.</summary>
    public async Task<CaseDto> ReassignAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Cases, id, Permissions.CasesUpdate, expectedVersion, ct);
        if (await routing.RouteAsync(c, ct)) await db.SaveChangesAsync(ct);
        return await GetUnscopedAsync(id, ct);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Cases, id, Permissions.CasesDelete, expectedVersion, ct);
        var files = await db.CaseAttachments.Where(a => a.CaseId == id).Select(a => a.Id).ToListAsync(ct);
        db.Cases.Remove(c);
        await db.SaveChangesAsync(ct);
        foreach (var f in files) Store.Delete(id, f);
    }

    /// <summary>Adds a public reply, an internal note or a customer's message. A public reply is the first response
    /// (if none yet) and goes to <see cref="ICaseReplySender"/> in the same save.</summary>
    public async Task<CaseMessageDto> AddMessageAsync(Guid id, CaseMessageInput input, CancellationToken ct)
    {
        var c = await FindAsync(id, ct);
        user.Require(Permissions.CasesUpdate);
        var body = input.Body?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (body.Length == 0) errors.Add(new("body", "Validation.Required"));
        TextInput.CheckLength(errors, "body", body, CaseMessage.BodyMax);
        if (!Enum.IsDefined(input.Kind)) errors.Add(new("kind", "Validation.Invalid"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        if (c.MergedIntoId is not null) throw RapportValidationException.For("status", "Validation.CaseMerged");
        var now = Now;
        var message = new CaseMessage
        {
            CaseId = id, Kind = input.Kind, Body = body, At = now,
            AuthorUserId = input.Kind == CaseMessageKind.CustomerMessage ? null : user.Id,
        };
        db.CaseMessages.Add(message);
        if (input.Kind == CaseMessageKind.PublicReply)
        {
            c.Responded(now);
            await RestartUpdateClockAsync(c, now, ct);
            message.Delivery(await sender.QueueAsync(new CaseReply(c.Id, c.Number, c.Subject, c.CustomerId, c.ContactId, message.Id, body), ct));
        }
        else if (input.Kind == CaseMessageKind.CustomerMessage && c.Status == CaseStatus.PendingCustomer)
        {
            await ResumeAsync(c, ct);
        }
        await db.SaveChangesAsync(ct);
        return (await MessagesOfAsync([id], [message.Id], ct)).Single();
    }

    /// <summary>A customer's email (<see cref="CaseMailHandler"/>), saved in the caller's transaction: a customer message on
    /// the case it answers (the case a duplicate was merged into), which opens a case waiting on the customer and reopens
    /// one resolved within the reopen window. Without a case, or one that may not reopen, a new case on the email
    /// channel, in no one's queue. Attachments go to the case's attachment store; a file it refuses is left out.</summary>
    public async Task<Guid> ReceiveEmailAsync(CaseEmail email, CancellationToken ct)
    {
        user.Require(Permissions.CasesUpdate);
        var now = Now;
        var c = email.CaseId is { } id ? await FindAsync(id, ct) : null;
        for (var depth = 0; depth < 10 && c?.MergedIntoId is { } target; depth++) c = await FindAsync(target, ct);
        // The customer's answer to a waiting case credits the wait to its resolution due time, like opening it by hand.
        if (c is { Status: CaseStatus.PendingCustomer }) await ResumeAsync(c, ct);
        else if (c is { IsActive: false })
        {
            try
            {
                c.Reopen(now, TimeSpan.FromDays(options.Value.ReopenWindowDays));
            }
            catch (RapportValidationException)
            {
                (email, c) = (email with { CustomerId = c.CustomerId, ContactId = c.ContactId }, null);
            }
        }
        if (c is null)
        {
            var subject = TextInput.Clean(email.Subject) ?? "(no subject)";
            c = new Case
            {
                Number = await Sequences.NextNumberAsync(db, options.Value.NumberPattern, now, ct, Counter),
                Subject = subject.Length > Case.SubjectMax ? subject[..Case.SubjectMax] : subject,
                CustomerId = email.CustomerId ?? throw new ArgumentException("A new case needs a customer.", nameof(email)),
                ContactId = email.ContactId, Channel = email.Channel,
            };
            // Routed by the assignment rules (keywords looked for in the mail's text too); none matching, it waits in no one's queue.
            await routing.RouteAsync(c, ct, email.Text);
            // Its SLA targets run from now, as for a case taken down by an agent or filed on a form.
            await TargetAsync(c, now, ct);
            db.Cases.Add(c);
        }
        var text = email.Text.Trim();
        var message = new CaseMessage
        {
            CaseId = c.Id, Kind = CaseMessageKind.CustomerMessage, At = now, FromAddress = email.From.Length == 0 ? null : email.From,
            MailMessageId = TextInput.Clean(email.MessageId)?.Trim('<', '>') is { Length: > 0 and <= CaseMessage.MailMessageIdMax } mid ? mid : null,
            Body = text.Length == 0 ? "(no text)" : text.Length > CaseMessage.BodyMax ? text[..CaseMessage.BodyMax] : text,
        };
        db.CaseMessages.Add(message);
        await db.SaveChangesAsync(ct);
        foreach (var file in email.Attachments)
        {
            try
            {
                await AttachAsync(c.Id, message.Id, file.FileName, file.ContentType, new MemoryStream(file.Content), ct);
            }
            catch (RapportValidationException)
            {
                // Too big or of a refused type: the message stays without it.
            }
        }
        return c.Id;
    }

    /// <summary>The conversation, newest first, with the messages of cases merged into this one.</summary>
    public async Task<Page<CaseMessageDto>> MessagesAsync(Guid id, string? cursor, int? limit, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.CasesRead);
        var size = Keyset.ClampPageSize(limit);
        var cases = await WithMergedAsync(id, ct);
        var rows = await Keyset.Seek(db.CaseMessages.AsNoTracking().Where(m => cases.Contains(m.CaseId)), m => m.At, m => m.Id, true, cursor, size)
            .Select(m => new { m.Id, m.At }).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, m => m.At, m => m.Id);
        var messages = await MessagesOfAsync(cases, items.Select(m => m.Id).ToList(), ct);
        return new Page<CaseMessageDto>(messages, next);
    }

    /// <summary>Attaches a file to a message of the case (the shared <see cref="AttachmentStore"/> checks).</summary>
    public async Task<CaseAttachmentDto> AttachAsync(Guid id, Guid messageId, string fileName, string contentType, Stream content, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.CasesUpdate);
        if (!await db.CaseMessages.AnyAsync(m => m.Id == messageId && m.CaseId == id, ct)) throw new NotFoundException("CaseMessage", messageId);
        return await Store.AttachAsync(id, fileName, contentType, content, options.Value.MaxAttachmentBytes, async file =>
        {
            var stored = new CaseAttachment
            {
                Id = file.Id, CaseId = id, MessageId = messageId, FileName = file.FileName, ContentType = file.ContentType, Size = file.Size,
                Sha256 = file.Sha256, UploadedAt = Now, UploadedById = user.Id,
            };
            db.CaseAttachments.Add(stored);
            await db.SaveChangesAsync(ct);
            return ToDto(stored);
        }, ct);
    }

    /// <summary>A file's details and a stream of its bytes (the caller disposes it). Files of a case merged into
    /// this one open from here too.</summary>
    public async Task<(CaseAttachmentDto Attachment, Stream Content)> OpenAttachmentAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.CasesRead);
        var cases = await WithMergedAsync(id, ct);
        var a = await db.CaseAttachments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && cases.Contains(x.CaseId), ct)
            ?? throw new NotFoundException("CaseAttachment", attachmentId);
        return (ToDto(a), Store.Open(a.CaseId, a.Id) ?? throw new NotFoundException("CaseAttachment", attachmentId));
    }

    /// <summary>Merges this case (a duplicate) into <see cref="CaseMergeInput.TargetId"/>: it is closed and marked
    /// merged; both conversations stay, and the target shows this one's messages too. Answers with the duplicate.</summary>
    public async Task<CaseDto> MergeAsync(Guid id, CaseMergeInput input, long? expectedVersion, CancellationToken ct)
    {
        var duplicate = await user.FindToChangeAsync(db.Cases, id, Permissions.CasesUpdate, expectedVersion, ct);
        var target = await db.Cases.FirstOrDefaultAsync(c => c.Id == input.TargetId, ct)
            ?? throw RapportValidationException.For("targetId", "Validation.UnknownCase");
        duplicate.MergeInto(target, Now);
        if (!await db.CaseLinks.AnyAsync(l => (l.CaseId == id && l.RelatedCaseId == target.Id) || (l.CaseId == target.Id && l.RelatedCaseId == id), ct))
            db.CaseLinks.Add(new CaseLink { CaseId = id, RelatedCaseId = target.Id, CreatedAt = Now, CreatedById = user.Id });
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Relates two cases (shown on both); relating them again changes nothing.</summary>
    public async Task<IReadOnlyList<CaseLinkDto>> LinkAsync(Guid id, CaseLinkInput input, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.CasesUpdate);
        if (input.RelatedCaseId == id) throw RapportValidationException.For("relatedCaseId", "Validation.CaseMergeSelf");
        if (!await db.Cases.AnyAsync(c => c.Id == input.RelatedCaseId, ct)) throw RapportValidationException.For("relatedCaseId", "Validation.UnknownCase");
        if (!await db.CaseLinks.IgnoreQueryFilters([QueryFilters.Scope])
                .AnyAsync(l => (l.CaseId == id && l.RelatedCaseId == input.RelatedCaseId) || (l.CaseId == input.RelatedCaseId && l.RelatedCaseId == id), ct))
        {
            db.CaseLinks.Add(new CaseLink { CaseId = id, RelatedCaseId = input.RelatedCaseId, CreatedAt = Now, CreatedById = user.Id });
            await db.SaveChangesAsync(ct);
        }
        return await LinksAsync(id, ct);
    }

    public async Task UnlinkAsync(Guid id, Guid relatedId, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.CasesUpdate);
        // The other case must be one the caller may see too, as when linking.
        if (!await db.Cases.AnyAsync(c => c.Id == relatedId, ct)) throw new NotFoundException("Case", relatedId);
        var links = await db.CaseLinks.IgnoreQueryFilters([QueryFilters.Scope])
            .Where(l => (l.CaseId == id && l.RelatedCaseId == relatedId) || (l.CaseId == relatedId && l.RelatedCaseId == id)).ToListAsync(ct);
        if (links.Count == 0) throw new NotFoundException("CaseLink", relatedId);
        db.CaseLinks.RemoveRange(links);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The cases related to this one that the caller may see.</summary>
    public async Task<IReadOnlyList<CaseLinkDto>> LinksAsync(Guid id, CancellationToken ct)
    {
        await FindAsync(id, ct);
        user.Require(Permissions.CasesRead);
        var related = await db.CaseLinks.IgnoreQueryFilters([QueryFilters.Scope]).Where(l => l.CaseId == id).Select(l => l.RelatedCaseId)
            .Concat(db.CaseLinks.IgnoreQueryFilters([QueryFilters.Scope]).Where(l => l.RelatedCaseId == id).Select(l => l.CaseId))
            .ToListAsync(ct);
        return await db.Cases.AsNoTracking().Where(c => related.Contains(c.Id)).OrderBy(c => c.Number)
            .Select(c => new CaseLinkDto(c.Id, c.Number, c.Subject, c.Status)).ToListAsync(ct);
    }

    private async Task<CaseDto> MoveAsync(Guid id, Action<Case> move, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Cases, id, Permissions.CasesUpdate, expectedVersion, ct);
        move(c);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<CaseDto> GetUnscopedAsync(Guid id, CancellationToken ct)
    {
        var visible = await db.Cases.AnyAsync(c => c.Id == id, ct);
        if (visible) return await GetAsync(id, ct);
        // Handed out of the caller's reach: they still learn what they did.
        var c = await db.Cases.IgnoreQueryFilters([QueryFilters.Scope]).AsNoTracking().Include(x => x.Customer).Include(x => x.Tags).FirstAsync(x => x.Id == id, ct);
        return Dto(c, null, null, await SlaOfAsync(c, ct));
    }

    /// <summary>The case and, transitively, the cases merged into it.</summary>
    private async Task<List<Guid>> WithMergedAsync(Guid id, CancellationToken ct)
    {
        List<Guid> all = [id];
        List<Guid> frontier = [id];
        for (var depth = 0; depth < 10 && frontier.Count > 0; depth++)
        {
            var ids = frontier;
            frontier = await db.Cases.Where(c => c.MergedIntoId != null && ids.Contains(c.MergedIntoId.Value)).Select(c => c.Id).ToListAsync(ct);
            frontier.RemoveAll(all.Contains);
            all.AddRange(frontier);
        }
        return all;
    }

    private async Task<List<CaseMessageDto>> MessagesOfAsync(List<Guid> cases, List<Guid> ids, CancellationToken ct)
    {
        var rows = await db.CaseMessages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.CaseId, m.Case!.Number, m.Kind, m.Body, m.AuthorUserId, m.FromAddress, m.At, m.DeliveryState })
            .ToListAsync(ct);
        var authors = rows.Where(r => r.AuthorUserId is not null).Select(r => r.AuthorUserId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => authors.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName })
            .ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var files = (await db.CaseAttachments.AsNoTracking().Where(a => cases.Contains(a.CaseId) && ids.Contains(a.MessageId)).OrderBy(a => a.UploadedAt).ToListAsync(ct))
            .ToLookup(a => a.MessageId);
        return rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Select(r => new CaseMessageDto(r.Id, r.CaseId, r.Number, r.Kind, r.Body, r.AuthorUserId, r.AuthorUserId is { } a ? names.GetValueOrDefault(a) : null,
                r.FromAddress, r.At, r.DeliveryState, files[r.Id].Select(ToDto).ToList()))
            .ToList();
    }

    private async Task<List<Guid>> MyTeamsAsync(CancellationToken ct)
    {
        if (user.TeamIds.Count > 0) return [.. user.TeamIds];
        var path = await db.Users.Where(u => u.Id == user.Id && u.TeamId != null)
            .Join(db.Teams, u => u.TeamId, t => t.Id, (_, t) => t.Path).FirstOrDefaultAsync(ct);
        return path is null ? [] : await db.Teams.Where(t => t.Path.StartsWith(path)).Select(t => t.Id).ToListAsync(ct);
    }

    private async Task<(string Subject, string? Description, List<string> Tags)> ValidateAsync(Guid customerId, string? subjectIn, string? descriptionIn,
        Guid? contactId, Guid? categoryId, List<string>? tagsIn, CancellationToken ct)
    {
        var (subject, description, tags, errors) = Check(subjectIn, descriptionIn, tagsIn);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) errors.Add(new("customerId", "Validation.UnknownCustomer"));
        if (contactId is { } contact && !await db.Contacts.AnyAsync(c => c.Id == contact && c.CustomerId == customerId, ct))
            errors.Add(new("contactId", "Validation.UnknownContact"));
        if (categoryId is { } category && !await db.CaseCategories.AnyAsync(c => c.Id == category && c.Active, ct))
            errors.Add(new("categoryId", "Validation.UnknownCategory"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (subject, description, tags);
    }

    /// <summary>The case's own fields as every way in checks them (the API, the forms, an import): a subject, lengths,
    /// tags; what needs the database (customer, contact, category) is the caller's.</summary>
    public static (string Subject, string? Description, List<string> Tags, List<FieldError> Errors) Check(string? subjectIn, string? descriptionIn, List<string>? tagsIn)
    {
        var errors = new List<FieldError>();
        var subject = subjectIn?.Trim() ?? "";
        if (subject.Length == 0) errors.Add(new("subject", "Validation.Required"));
        TextInput.CheckLength(errors, "subject", subject, Case.SubjectMax);
        var description = TextInput.Clean(descriptionIn);
        TextInput.CheckLength(errors, "description", description, Case.DescriptionMax);
        var tags = (tagsIn ?? []).Select(t => t?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > Case.TagsMax) errors.Add(new("tags", "Validation.TooMany", Case.TagsMax));
        if (tags.Any(t => t.Length is 0 or > Case.TagMax)) errors.Add(new("tags", "Validation.Tag", Case.TagMax));
        foreach (var t in tags) SafeText.Check(errors, "tags", t);
        return (subject, description, tags, errors);
    }

    private async Task CheckAssigneesAsync(Guid? ownerId, Guid? queueId, CancellationToken ct)
    {
        await Owners.EnsureExistsAsync(db, ownerId, ct);
        if (queueId is { } q && !await db.Teams.AnyAsync(t => t.Id == q, ct)) throw RapportValidationException.For("queueId", "Validation.UnknownTeam");
    }

    private async Task<Case> FindAsync(Guid id, CancellationToken ct) =>
        await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Case", id);

    private static CaseAttachmentDto ToDto(CaseAttachment a) => new(a.Id, a.MessageId, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt);
}
