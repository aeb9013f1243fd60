using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Core.Customers;
using Rapport.Core.Identity;

namespace Rapport.Core.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every create, update and delete of audited data, in the same SaveChanges
/// (so in the same transaction) as the change itself, with field-level before/after values. Child rows (a
/// customer's phones, tags and addresses; a role's permissions; a user's roles) are folded into their parent's
/// entry. Sensitive values are written as <c>***</c>.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : BeforeSaveInterceptor
{
    public const string Masked = "***";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What the log calls an entity, how to find its id, and which properties are noise.</summary>
    private sealed record Rule(string Type, Func<EntityEntry, string> Id, string[] Ignore);

    /// <summary>A child row recorded as a field of its parent's entry.</summary>
    private sealed record ChildRule(string ParentType, Func<EntityEntry, string> ParentId, Func<EntityEntry, string> Field, Func<EntityEntry, JsonNode?> Value);

    /// <summary>The stamps of <see cref="Common.AuditedEntity"/> and other derived columns: never logged as changes.</summary>
    private static readonly string[] Bookkeeping = ["SearchText", "Version", "UpdatedAt", "UpdatedById", "CreatedAt", "CreatedById", "DeletedById", "PiiKeyId"];

    private static readonly Dictionary<Type, Rule> Roots = new()
    {
        [typeof(Customer)] = new("customer", e => Key(e, "Id"), [.. Bookkeeping, "MatchName", "MatchBlock"]),
        [typeof(Quality.CustomerMerge)] = new("customermerge", e => Key(e, "Id"), [.. Bookkeeping, "SurvivorBefore", "LoserBefore", "Moved"]),
        [typeof(Contact)] = new("contact", e => Key(e, "Id"), [.. Bookkeeping, "MatchName", "MatchEmail", "MatchPhone"]),
        [typeof(Interaction)] = new("interaction", e => Key(e, "Id"), Bookkeeping),
        [typeof(Privacy.ConsentEntry)] = new("consent", e => Key(e, "Id"), []),
        // The outcome is logged by the erasure itself (an entry per table); the export's file by its own entry.
        [typeof(Privacy.Requests.SubjectRequest)] = new("subjectrequest", e => Key(e, "Id"), [.. Bookkeeping, "Outcome", "ExportSize"]),
        [typeof(Team)] = new("team", e => Key(e, "Id"), []),
        [typeof(AppRole)] = new("role", e => Key(e, "Id"), ["ConcurrencyStamp", "NormalizedName", "Version"]),
        [typeof(AppUser)] = new("user", e => Key(e, "Id"),
            ["ConcurrencyStamp", "SecurityStamp", "NormalizedUserName", "NormalizedEmail", "AccessFailedCount", "LastSignInAt"]),
        [typeof(PersonalAccessToken)] = new("token", e => Key(e, "Id"), ["TokenHash", "LastUsedAt"]),
        [typeof(UserInvitation)] = new("invitation", e => Key(e, "Id"), ["TokenHash"]),
        [typeof(AppSetting)] = new("setting", e => Key(e, "Key"), ["UpdatedAt", "UpdatedById", "Data"]),
        [typeof(Preferences.SavedView)] = new("savedview", e => Key(e, "Id"), []),
        [typeof(Reports.Report)] = new("report", e => Key(e, "Id"), Bookkeeping),
        [typeof(Marketing.Segments.Segment)] = new("segment", e => Key(e, "Id"), Bookkeeping),
        [typeof(Dashboards.Dashboard)] = new("dashboard", e => Key(e, "Id"), Bookkeeping),
        [typeof(Reports.AnalysisDocument)] = new("analysis", e => Key(e, "Id"), Bookkeeping),
        // The job moves the next run and counts failures on every run: those are in the run history, not the trail.
        [typeof(Reports.ReportSchedule)] = new("report-schedule", e => Key(e, "Id"), [.. Bookkeeping, "NextRunAt", "Failures"]),
        [typeof(Notifications.NotificationSetting)] = new("notificationsetting", e => Key(e, "UserId"), []),
        // A lead's score follows from its other fields; the score itself is logged, its breakdown is not.
        [typeof(Leads.Lead)] = new("lead", e => Key(e, "Id"), [.. Bookkeeping, "CompanyKey", "ActivityCount", "MatchName"]),
        [typeof(Leads.LeadActivity)] = new("leadactivity", e => Key(e, "Id"), Bookkeeping),
        [typeof(Leads.LeadForm)] = new("leadform", e => Key(e, "Id"), [.. Bookkeeping, "SubmissionCount"]),
        [typeof(Sales.Opportunity)] = new("opportunity", e => Key(e, "Id"), [.. Bookkeeping, "StageEnteredAt"]),
        [typeof(Sales.Pipeline)] = new("pipeline", e => Key(e, "Id"), Bookkeeping),
        [typeof(Sales.PipelineStage)] = new("pipelinestage", e => Key(e, "Id"), []),
        [typeof(Sales.Product)] = new("product", e => Key(e, "Id"), Bookkeeping),
        [typeof(Sales.PriceList)] = new("pricelist", e => Key(e, "Id"), Bookkeeping),
        [typeof(Sales.Quote)] = new("quote", e => Key(e, "Id"), Bookkeeping),
        [typeof(Sales.Order)] = new("order", e => Key(e, "Id"), []),
        [typeof(Sales.Invoice)] = new("invoice", e => Key(e, "Id"), Bookkeeping),
        [typeof(Sales.Payment)] = new("payment", e => Key(e, "Id"), []),
        [typeof(Sales.Contract)] = new("contract", e => Key(e, "Id"), Bookkeeping),
        [typeof(Sales.ContractAttachment)] = new("contractattachment", e => Key(e, "Id"), []),
        [typeof(Sales.ContractAmendment)] = new("contractamendment", e => Key(e, "Id"), []),
        [typeof(ServiceDesk.Case)] = new("case", e => Key(e, "Id"), Bookkeeping),
        [typeof(ServiceDesk.CaseMessage)] = new("casemessage", e => Key(e, "Id"), []),
        [typeof(ServiceDesk.CaseAttachment)] = new("caseattachment", e => Key(e, "Id"), []),
        [typeof(ServiceDesk.CaseCategory)] = new("casecategory", e => Key(e, "Id"), Bookkeeping),
        [typeof(ServiceDesk.Macro)] = new("macro", e => Key(e, "Id"), Bookkeeping),
        // The round-robin turn moves with every routed case (by a conditional UPDATE the interceptor does not see anyway).
        [typeof(ServiceDesk.AssignmentRule)] = new("assignmentrule", e => Key(e, "Id"), [.. Bookkeeping, "RoundRobinNext"]),
        [typeof(ServiceDesk.CaseForm)] = new("caseform", e => Key(e, "Id"), Bookkeeping),
        // The rendered HTML and plain text follow from the Markdown body, which is logged.
        [typeof(Knowledge.Article)] = new("article", e => Key(e, "Id"), [.. Bookkeeping, "BodyHtml", "BodyText"]),
        [typeof(Knowledge.ArticleCategory)] = new("articlecategory", e => Key(e, "Id"), Bookkeeping),
        // Hours, holidays, the target matrix and escalations are JSON columns: each logged whole, before and after.
        [typeof(ServiceDesk.BusinessCalendar)] = new("businesscalendar", e => Key(e, "Id"), Bookkeeping),
        [typeof(ServiceDesk.SlaPolicy)] = new("slapolicy", e => Key(e, "Id"), Bookkeeping),
        // The password stays out of the log (even encrypted); so does the poll position, which only the poller moves.
        // The A/B progress is moved by the sending job and shown on the campaign; the plan and content are logged.
        [typeof(Marketing.Campaigns.Campaign)] = new("campaign", e => Key(e, "Id"), [.. Bookkeeping, "AbState", "TestSentAt", "SentAt"]),
        [typeof(Marketing.Campaigns.CampaignVariant)] = new("campaignvariant", e => Key(e, "Id"), []),
        [typeof(Imports.ImportTemplate)] = new("import-template", e => Key(e, "Id"), Bookkeeping),
        // The status's timestamps follow the logged status; the definition (steps) is logged step by step.
        [typeof(Marketing.Journeys.Journey)] = new("journey", e => Key(e, "Id"), [.. Bookkeeping, "ActivatedAt", "FinishedAt"]),
        [typeof(Marketing.Journeys.JourneyStep)] = new("journeystep", e => Key(e, "Id"), []),
        [typeof(Mail.Mailbox)] = new("mailbox", e => Key(e, "Id"), [.. Bookkeeping, "PasswordCipher", "UidValidity", "LastUid", "LastPolledAt", "LastError"]),
    };

    private static readonly Dictionary<Type, ChildRule> Children = new()
    {
        [typeof(Sales.QuoteLine)] = new("quote", e => Key(e, "QuoteId"), _ => "lines",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(Sales.OrderLine)] = new("order", e => Key(e, "OrderId"), _ => "lines",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(Sales.PriceListItem)] = new("pricelist", e => Key(e, "PriceListId"), _ => "items",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(CustomerChannel)] = new("customer", e => Key(e, "CustomerId"),
            e => ((CustomerChannel)e.Entity).Kind switch { ChannelKind.Phone => "phones", ChannelKind.Email => "emails", _ => "ims" },
            e => ((CustomerChannel)e.Entity).Value),
        [typeof(Reports.ReportShare)] = new("report", e => Key(e, "ReportId"), _ => "shares",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(Marketing.Segments.SegmentShare)] = new("segment", e => Key(e, "SegmentId"), _ => "shares",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(Marketing.Segments.SegmentMember)] = new("segment", e => Key(e, "SegmentId"), _ => "members", e => Key(e, "CustomerId")),
        [typeof(Dashboards.DashboardShare)] = new("dashboard", e => Key(e, "DashboardId"), _ => "shares",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(Reports.AnalysisDocumentShare)] = new("analysis", e => Key(e, "DocumentId"), _ => "shares",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(CustomerTag)] = new("customer", e => Key(e, "CustomerId"), _ => "tags", e => ((CustomerTag)e.Entity).Name),
        [typeof(ServiceDesk.CaseTag)] = new("case", e => Key(e, "CaseId"), _ => "tags", e => ((ServiceDesk.CaseTag)e.Entity).Name),
        [typeof(ServiceDesk.CaseLink)] = new("case", e => Key(e, "CaseId"), _ => "related", e => Key(e, "RelatedCaseId")),
        [typeof(Address)] = new("customer", e => Key(e, "CustomerId"), _ => "addresses",
            e => JsonSerializer.SerializeToNode(e.Entity, Json)),
        [typeof(IdentityRoleClaim<Guid>)] = new("role", e => Key(e, "RoleId"),
            e => ((IdentityRoleClaim<Guid>)e.Entity).ClaimType == AppRole.PermissionClaim ? "permissions" : ((IdentityRoleClaim<Guid>)e.Entity).ClaimType!,
            e => ((IdentityRoleClaim<Guid>)e.Entity).ClaimValue),
        [typeof(IdentityUserRole<Guid>)] = new("user", e => Key(e, "UserId"), _ => "roles", e => Key(e, "RoleId")),
        [typeof(IdentityUserToken<Guid>)] = new("user", e => Key(e, "UserId"),
            e => "secret:" + ((IdentityUserToken<Guid>)e.Entity).Name, _ => Masked),
        [typeof(IdentityUserPasskey<Guid>)] = new("user", e => Key(e, "UserId"), _ => "passkeys",
            e => Convert.ToBase64String(((IdentityUserPasskey<Guid>)e.Entity).CredentialId)[..12]),
    };

    /// <summary>Entities deliberately left out of the log, and why. A model test fails for an entity that is in none of
    /// <see cref="Roots"/>, <see cref="Children"/> or this table, so a new module cannot forget its audit trail.</summary>
    internal static readonly IReadOnlyDictionary<Type, string> NotAudited = new Dictionary<Type, string>
    {
        [typeof(AuditEntry)] = "the log itself",
        [typeof(AuditCheckpoint)] = "the chain's own bookkeeping, verified against the head file",
        [typeof(NumberSequence)] = "counters; each number is logged on the record it numbers",
        [typeof(PasswordHistoryEntry)] = "password hashes; the change is logged as an account event",
        [typeof(UserSession)] = "sign-ins and sign-outs are logged as account events (auth.signin, auth.signout)",
        [typeof(Mail.OutboxMessage)] = "delivery bookkeeping; what caused the message (a case reply, a campaign) is logged on that record",
        [typeof(Mail.OutboxAttachment)] = "a file of an outgoing message (delivery bookkeeping, as the message)",
        [typeof(Reports.ReportScheduleRun)] = "run history of a schedule, written by the job (the schedule itself is audited)",
        [typeof(Notifications.Notification)] = "a user's inbox; what caused a notification (an SLA escalation) is logged on that record or by the job",
        [typeof(Marketing.Campaigns.CampaignMember)] = "added set-based in thousands and moved by sending and tracking; adding members is logged on the campaign (campaign.members)",
        [typeof(Marketing.Journeys.JourneyMember)] = "enrolled in thousands on activation (logged on the journey) and moved by the journey job; what a step did is on the records it wrote (campaign member, task, tag)",
        [typeof(Marketing.Journeys.JourneyStepRun)] = "the journey job's once-only ledger of steps run, counted on the journey page",
        [typeof(Jobs.JobRun)] = "the scheduler's run history; what a run changed is logged on the records it changed",
        [typeof(Imports.ImportRun)] = "the run's bookkeeping; each batch it commits is logged as one import.batch entry naming the run",
        [typeof(Quality.QualitySnapshot)] = "aggregate figures recomputed from the records, no record's data; the job's run is in the job history",
        [typeof(Retention.RetentionRun)] = "each run is logged as one retention.applied entry with its count",
        [typeof(Quality.DuplicatePair)] = "candidates found by the scan; a dismissal is kept on the pair with who and when, a merge is logged on the customers",
        [typeof(Imports.ImportRunRow)] = "the trace of an import's rows, written with the batch's import.batch entry",
        [typeof(Observability.LogEntry)] = "the event log itself, written by the host's log sink and pruned by age",
        [typeof(Observability.Alert)] = "written by the alert evaluator from the rules' conditions; each opening and clearing is logged as an event",
        [typeof(Mail.InboundMessage)] = "the mailbox's own log of incoming mail; what a handler made of it is logged on that record",
        [typeof(Sales.OpportunityStageChange)] = "a move is logged on the opportunity's entry (stageId before and after)",
        [typeof(Reports.DealRollup)] = "counts and sums of deals kept by database triggers, no record's data; every deal change is logged on the deal",
        [typeof(Knowledge.ArticleFeedback)] = "readers' votes, counted on the article; not a change to company data",
        [typeof(Marketing.Classification.CustomerClassification)] = "computed set-based by the nightly job; every change of tier, stage or behaviour is a ClassificationChange row, and an override also changes the customer (logged)",
        [typeof(Marketing.Classification.ClassificationChange)] = "the classification history itself",
        [typeof(IdentityUserClaim<Guid>)] = "not used: Rapport keeps permissions as role claims",
        [typeof(IdentityUserLogin<Guid>)] = "not used: no external sign-in providers",
    };

    /// <summary>Whether changes to <paramref name="type"/> reach the log (as an entry of their own or in their parent's).</summary>
    internal static bool IsAudited(Type type) => Roots.ContainsKey(type) || Children.ContainsKey(type);

    private static string Key(EntityEntry e, string property) => Convert.ToString(e.Property(property).CurrentValue, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    // Only a save that wrote entries wakes the chainer. Waking it on every save made it run every second on an idle
    // server: each run records itself in the job history, and that save woke it again.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Wake(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Wake(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Wake(DbContext? context)
    {
        if (context is not RapportDbContext { AuditWritten: true } db) return;
        db.AuditWritten = false;
        AuditChain.Signal();
    }

    private sealed class Draft(string type, string id)
    {
        public string Type { get; } = type;
        public string Id { get; } = id;
        public string? Action { get; set; }
        public JsonObject Changes { get; } = [];
        public Dictionary<string, (JsonArray Before, JsonArray After)> ChildChanges { get; } = [];
    }

    protected override void BeforeSave(DbContext? context)
    {
        if (context is not RapportDbContext db) return;
        if (db.RowAuditDeferred)
        {
            db.AuditWritten = true; // the bulk writer adds its batch's entry itself
            return;
        }
        db.ChangeTracker.DetectChanges();
        var drafts = new Dictionary<(string, string), Draft>();
        Draft DraftFor(string type, string id) =>
            drafts.TryGetValue((type, id), out var d) ? d : drafts[(type, id)] = new Draft(type, id);

        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry is { Entity: AuditEntry, State: EntityState.Added }) db.AuditWritten = true; // one written by hand (AuditTrail)
            var type = entry.Entity.GetType();
            if (Roots.TryGetValue(type, out var rule))
                Describe(DraftFor(rule.Type, rule.Id(entry)), entry, rule);
            else if (Children.TryGetValue(type, out var child))
            {
                var draft = DraftFor(child.ParentType, child.ParentId(entry));
                var field = child.Field(entry);
                if (!draft.ChildChanges.TryGetValue(field, out var lists)) draft.ChildChanges[field] = lists = ([], []);
                if (entry.State is EntityState.Deleted or EntityState.Modified) lists.Before.Add(child.Value(entry)?.DeepClone());
                if (entry.State is EntityState.Added or EntityState.Modified) lists.After.Add(child.Value(entry));
            }
        }

        var caller = db.Caller;
        var at = AuditTrail.Truncate(clock.GetUtcNow().UtcDateTime);
        foreach (var d in drafts.Values)
        {
            foreach (var (field, (before, after)) in d.ChildChanges)
            {
                // Replacing a customer's channels deletes and re-adds the same values: only real differences count.
                var removed = before.Where(b => !after.Any(a => JsonNode.DeepEquals(a, b))).Select(n => n?.DeepClone()).ToArray();
                var added = after.Where(a => !before.Any(b => JsonNode.DeepEquals(a, b))).Select(n => n?.DeepClone()).ToArray();
                if (removed.Length + added.Length == 0) continue;
                d.Changes[field] = new JsonObject { ["removed"] = new JsonArray(removed), ["added"] = new JsonArray(added) };
            }
            // An update that touched only bookkeeping columns is not worth an entry; creates and deletes always are.
            if (d.Changes.Count == 0 && (d.Action is null || d.Action.EndsWith(AuditActions.Updated, StringComparison.Ordinal))) continue;
            db.AuditWritten = true;
            db.AuditEntries.Add(new AuditEntry
            {
                At = at, UserId = caller?.Id, UserName = caller?.UserName ?? "system",
                IpAddress = caller?.IpAddress, UserAgent = caller?.UserAgent,
                Action = d.Action ?? d.Type + AuditActions.Updated, EntityType = d.Type, EntityId = d.Id,
                Changes = d.Changes.ToJsonString(Json),
            });
        }
    }

    private static void Describe(Draft draft, EntityEntry entry, Rule rule)
    {
        draft.Action = rule.Type + entry.State switch
        {
            EntityState.Added => AuditActions.Created,
            EntityState.Deleted => AuditActions.Deleted,
            _ => AuditActions.Updated,
        };
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (rule.Ignore.Contains(name) || p.Metadata.IsShadowProperty()) continue;
            var before = entry.State == EntityState.Added ? null : p.OriginalValue;
            var after = entry.State == EntityState.Deleted ? null : p.CurrentValue;
            if (entry.State == EntityState.Modified && (!p.IsModified || Equals(before, after) || SameJson(before, after))) continue;
            if (entry.State != EntityState.Modified && (entry.State == EntityState.Added ? after : before) is null) continue;
            if (name == "DeletedAt" && entry.State == EntityState.Modified)
                draft.Action = rule.Type + (after is null ? AuditActions.Restored : AuditActions.Deleted);
            var sensitive = IsSensitive(p.Metadata.PropertyInfo, name);
            draft.Changes[Camel(name)] = new JsonObject
            {
                ["before"] = sensitive && before is not null ? Masked : JsonSerializer.SerializeToNode(before, Json),
                ["after"] = sensitive && after is not null ? Masked : JsonSerializer.SerializeToNode(after, Json),
            };
        }
    }

    private static bool SameJson(object? a, object? b) =>
        a is System.Collections.IEnumerable && b is System.Collections.IEnumerable && a is not string
        && JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);

    internal static bool IsSensitive(PropertyInfo? property, string name) =>
        property?.GetCustomAttribute<SensitiveAttribute>() is not null
        || name == nameof(AppUser.PasswordHash)
        || name.EndsWith("Cipher", StringComparison.Ordinal) || name.EndsWith("BlindIndex", StringComparison.Ordinal);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
