using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Identity;
using Rapport.Core.Leads;

namespace Rapport.Core.Data;

/// <summary>
/// Which record scope (own / team / all, per <see cref="ScopedEntities"/>) guards each entity, how its owner is
/// reached, and whether it leaves the lists with a deleted customer. One table, applied as named query filters by
/// <see cref="RapportDbContext"/>: a new module adds a line here, or a line to <see cref="Unscoped"/> saying why its
/// entity is visible to everyone who holds the permission. A model test fails for an entity in neither.
/// </summary>
internal static class RecordScopes
{
    public static readonly IReadOnlyList<ScopedEntity> Scoped =
    [
        new ScopedEntity<Customer>(ScopedEntities.Customers, c => c.OwnerId, c => c.DeletedAt == null),
        new ScopedEntity<Contact>(ScopedEntities.Customers, c => c.Customer!.OwnerId, c => c.Customer!.DeletedAt == null),
        new ScopedEntity<Interaction>(ScopedEntities.Customers, i => i.Customer!.OwnerId, i => i.Customer!.DeletedAt == null),
        new ScopedEntity<Lead>(ScopedEntities.Leads, l => l.OwnerId),
        new ScopedEntity<LeadActivity>(ScopedEntities.Leads, a => a.Lead!.OwnerId),
        // A deal's customer may be deleted into the recycle bin; its deals leave the lists with it (asked of the few
        // customers in the bin on PostgreSQL, not of each deal's customer: see ScopedEntity<T>.WithCustomer).
        new ScopedEntity<Sales.Opportunity>(ScopedEntities.Opportunities, o => o.OwnerId, o => o.Customer!.DeletedAt == null) { WithCustomer = o => o.CustomerId },
        new ScopedEntity<Sales.OpportunityStageChange>(ScopedEntities.Opportunities, c => c.Opportunity!.OwnerId),
        // The deals' rollup is scoped by the same owner as the deals (no owner is the empty key, which no one is); the
        // deals of customers in the recycle bin are already left out of it by its triggers.
        new ScopedEntity<Reports.DealRollup>(ScopedEntities.Opportunities, r => (Guid?)r.OwnerKey),
        // Quotes follow their deal; orders, invoices, payments and contracts follow their customer.
        new ScopedEntity<Sales.Quote>(ScopedEntities.Opportunities, q => q.Opportunity!.OwnerId, q => q.Opportunity!.Customer!.DeletedAt == null),
        new ScopedEntity<Sales.Order>(ScopedEntities.Customers, o => o.Customer!.OwnerId, o => o.Customer!.DeletedAt == null),
        new ScopedEntity<Sales.Invoice>(ScopedEntities.Customers, i => i.Order!.Customer!.OwnerId, i => i.Order!.Customer!.DeletedAt == null),
        new ScopedEntity<Sales.Payment>(ScopedEntities.Customers, p => p.Invoice!.Order!.Customer!.OwnerId),
        new ScopedEntity<Sales.Contract>(ScopedEntities.Customers, c => c.Customer!.OwnerId, c => c.Customer!.DeletedAt == null),
        new ScopedEntity<Sales.ContractAttachment>(ScopedEntities.Customers, a => a.Contract!.Customer!.OwnerId),
        new ScopedEntity<Sales.ContractAmendment>(ScopedEntities.Customers, a => a.Contract!.Customer!.OwnerId),
        // Cases are reached by their owner or their queue (a team); the conversation, files and links follow the case.
        new ScopedEntity<ServiceDesk.Case>(ScopedEntities.Cases, c => c.OwnerId, c => c.Customer!.DeletedAt == null, c => c.QueueId) { WithCustomer = c => c.CustomerId },
        new ScopedEntity<ServiceDesk.CaseMessage>(ScopedEntities.Cases, m => m.Case!.OwnerId, queue: m => m.Case!.QueueId),
        new ScopedEntity<ServiceDesk.CaseAttachment>(ScopedEntities.Cases, a => a.Case!.OwnerId, queue: a => a.Case!.QueueId),
        // A customer's consent ledger follows the customer; lines for addresses nobody on file uses (an unsubscribe
        // from a list) have no customer and are read by the outbox's gate only, which ignores scope.
        new ScopedEntity<Privacy.ConsentEntry>(ScopedEntities.Customers, e => e.Customer!.OwnerId, e => e.Customer!.DeletedAt == null),
        new ScopedEntity<ServiceDesk.CaseLink>(ScopedEntities.Cases, l => l.Case!.OwnerId, queue: l => l.Case!.QueueId),
        // A customer's classification and its history follow the customer.
        new ScopedEntity<Marketing.Classification.CustomerClassification>(ScopedEntities.Customers, k => k.Customer!.OwnerId, k => k.Customer!.DeletedAt == null),
        new ScopedEntity<Marketing.Classification.ClassificationChange>(ScopedEntities.Customers, h => h.Customer!.OwnerId, h => h.Customer!.DeletedAt == null),
    ];

    /// <summary>Entities with no record scope, and why that is safe.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Unscoped = new Dictionary<Type, string>
    {
        [typeof(CustomerChannel)] = "a customer's own rows, read only through the customer (scoped)",
        [typeof(CustomerTag)] = "a customer's own rows, read only through the customer (scoped)",
        [typeof(Address)] = "a customer's own rows, read only through the customer (scoped)",
        [typeof(ServiceDesk.CaseTag)] = "a case's own rows, read only through the case (scoped)",
        [typeof(ServiceDesk.CaseCategory)] = "company-wide configuration (cases.admin)",
        [typeof(ServiceDesk.Macro)] = "the desk's shared canned responses (cases.admin)",
        [typeof(ServiceDesk.AssignmentRule)] = "company-wide configuration (cases.admin)",
        [typeof(ServiceDesk.CaseForm)] = "company-wide configuration: the public case forms (cases.admin)",
        [typeof(Sales.QuoteLine)] = "read only with its quote (scoped)",
        [typeof(Sales.OrderLine)] = "read only with its order (scoped)",
        [typeof(Sales.Pipeline)] = "company-wide configuration",
        [typeof(Marketing.Campaigns.Campaign)] = "company-wide marketing plans, for everyone who holds campaigns.read",
        [typeof(Marketing.Campaigns.CampaignVariant)] = "read only with its campaign",
        // Members are added from the adder's own scope; lists of them join the customer, which is scoped.
        [typeof(Marketing.Campaigns.CampaignMember)] = "read only through its campaign, with the customer (scoped) joined",
        [typeof(Marketing.Journeys.Journey)] = "company-wide marketing plans, for everyone who holds campaigns.read",
        [typeof(Marketing.Journeys.JourneyStep)] = "read only with its journey",
        [typeof(Marketing.Journeys.JourneyMember)] = "enrolled from the activating user's scope; only counted on its journey",
        [typeof(Marketing.Journeys.JourneyStepRun)] = "only counted on its journey",
        [typeof(Jobs.JobRun)] = "the scheduler's own run history, for the operators who manage settings (settings.manage)",
        [typeof(Sales.PipelineStage)] = "company-wide configuration",
        [typeof(Sales.Product)] = "the company's catalogue",
        [typeof(Sales.PriceList)] = "the company's catalogue",
        [typeof(Sales.PriceListItem)] = "the company's catalogue",
        [typeof(Knowledge.Article)] = "company-wide knowledge: every holder of kb.read reads every article; the help centre shows only published public ones",
        [typeof(Knowledge.ArticleCategory)] = "company-wide configuration (kb.admin)",
        [typeof(Knowledge.ArticleFeedback)] = "votes, only ever counted on their article",
        [typeof(ServiceDesk.BusinessCalendar)] = "company-wide configuration (sla.admin)",
        [typeof(ServiceDesk.SlaPolicy)] = "company-wide configuration (sla.admin)",
        [typeof(LeadForm)] = "company-wide configuration (leads.manage)",
        [typeof(Reports.Report)] = "definitions only, each user's own and those shared with them (the service filters); the figures come from the scoped sources",
        [typeof(Reports.ReportShare)] = "read only with its report",
        [typeof(Marketing.Segments.Segment)] = "definitions only, each user's own and those shared with them (the service filters); members come from the scoped customers",
        [typeof(Marketing.Segments.SegmentShare)] = "read only with its segment",
        [typeof(Marketing.Segments.SegmentMember)] = "a static list's ids, only ever joined to the scoped customers",
        [typeof(Dashboards.Dashboard)] = "layouts only, each user's own and those shared with them (the service filters); every widget runs its report in the viewer's scope",
        [typeof(Dashboards.DashboardShare)] = "read only with its dashboard",
        [typeof(Reports.AnalysisDocument)] = "text and a choice of reports, each user's own and those shared with them (the service filters); every report is run in the reader's scope at export",
        [typeof(Reports.AnalysisDocumentShare)] = "read only with its analysis document",
        [typeof(Preferences.SavedView)] = "each user's own; services filter by the caller's id",
        [typeof(Notifications.Notification)] = "each user's own; the service filters by the caller's id (another's answers 404)",
        [typeof(Observability.LogEntry)] = "the operator's event log: the service requires logs.read, which reaches every entry",
        [typeof(Observability.Alert)] = "operational alerts about the whole installation: the service requires logs.read",
        [typeof(Notifications.NotificationSetting)] = "each user's own; the service filters by the caller's id",
        [typeof(PersonalAccessToken)] = "each user's own; services filter by the caller's id",
        [typeof(UserSession)] = "each user's own sign-in sessions, found by the id in their cookie",
        [typeof(NumberSequence)] = "counters behind record numbers",
        [typeof(Imports.ImportRun)] = "company-wide import runs, for holders of imports.run (administrators)",
        [typeof(Imports.ImportTemplate)] = "company-wide saved import mappings, for holders of imports.run",
        [typeof(Retention.RetentionRun)] = "company-wide retention runs, for holders of settings.manage (administrators)",
        [typeof(Imports.ImportRunRow)] = "rows of an import run, read only through the run",
        [typeof(Quality.QualitySnapshot)] = "figures over every record, served only to callers whose scope is every customer and deal (others get live figures of their scope)",
        [typeof(Quality.DuplicatePair)] = "candidate pairs, listed only when both records (customers, contacts or leads) are in the caller's scope (the service joins the scoped records)",
        [typeof(Quality.CustomerMerge)] = "a merge is found only through its survivor (customer, contact or lead) in the caller's scope (the service joins the scoped records)",
        [typeof(Team)] = "the organisation chart, read by everyone who assigns",
        [typeof(Privacy.Requests.SubjectRequest)] = "the company's privacy desk: holders of privacy.read answer for every data subject, whoever owns their records",
        [typeof(AppSetting)] = "company-wide settings (settings permissions)",
        [typeof(Mail.OutboxMessage)] = "the outgoing mail queue, for administrators (settings.manage); callers read their own messages by correlation",
        [typeof(Mail.OutboxAttachment)] = "read only with its message",
        [typeof(Reports.ReportSchedule)] = "each user's own schedules (the service filters); every copy is run as its recipient, in their scope",
        [typeof(Reports.ReportScheduleRun)] = "read only with its schedule",
        [typeof(Mail.Mailbox)] = "company-wide configuration (settings.manage)",
        [typeof(Mail.InboundMessage)] = "a mailbox's log, for administrators (settings.manage)",
        [typeof(AuditEntry)] = "the whole log, for holders of audit.read",
        [typeof(AuditCheckpoint)] = "audit chain bookkeeping",
        [typeof(PasswordHistoryEntry)] = "password hashes, read only by the password policy",
        [typeof(UserInvitation)] = "user administration (users.manage)",
        [typeof(AppUser)] = "user administration and people pickers (users.* permissions)",
        [typeof(AppRole)] = "access administration (access.manage)",
        [typeof(IdentityUserRole<Guid>)] = "ASP.NET Core Identity",
        [typeof(IdentityUserClaim<Guid>)] = "ASP.NET Core Identity",
        [typeof(IdentityUserLogin<Guid>)] = "ASP.NET Core Identity",
        [typeof(IdentityUserToken<Guid>)] = "ASP.NET Core Identity",
        [typeof(IdentityRoleClaim<Guid>)] = "ASP.NET Core Identity",
        [typeof(IdentityUserPasskey<Guid>)] = "ASP.NET Core Identity",
    };
}

/// <summary>One entity's row in <see cref="RecordScopes.Scoped"/>.</summary>
internal abstract class ScopedEntity(Type type, string scope)
{
    public Type Type { get; } = type;

    /// <summary>The <see cref="ScopedEntities"/> name whose own / team / all setting applies.</summary>
    public string Scope { get; } = scope;

    public abstract void Apply(ModelBuilder builder, RapportDbContext db);
}

/// <summary>An entity reached through its owner, or (with <paramref name="queue"/>) its owner or its queue (a team);
/// see <see cref="RapportDbContext.QueueScopeRule"/>.</summary>
internal sealed class ScopedEntity<T>(string scope, Expression<Func<T, Guid?>> owner, Expression<Func<T, bool>>? notDeleted = null,
    Expression<Func<T, Guid?>>? queue = null)
    : ScopedEntity(typeof(T), scope) where T : class
{
    /// <summary>On PostgreSQL, the customer the record leaves the lists with (instead of <see cref="notDeleted"/>, which it
    /// must say the same as), for a record whose own scope does not go through its customer: it is shown while its
    /// customer is out of the recycle bin and in the caller's customer scope (see <see cref="RapportDbContext.CustomerReached"/>).
    /// <see cref="notDeleted"/>'s "this record's customer is not in the bin" joins every record to its customer, so an
    /// owner's board totals read 20,000 customers for their 20,000 deals (300 ms at 1M); a caller who reaches every
    /// customer is asked here only about the few customers in the bin (40 ms). SQLite keeps the join: it answers the
    /// other form by reading each customer's row instead of the (Id, DeletedAt) index, 140–210 ms against 60.</summary>
    public Expression<Func<T, Guid>>? WithCustomer { get; init; }

    public override void Apply(ModelBuilder builder, RapportDbContext db)
    {
        var entity = builder.Entity<T>();
        if (WithCustomer is not null && db.IsPostgres) entity.HasQueryFilter(QueryFilters.SoftDelete, db.CustomerReached(WithCustomer));
        else if (notDeleted is not null) entity.HasQueryFilter(QueryFilters.SoftDelete, notDeleted);
        entity.HasQueryFilter(QueryFilters.Scope, queue is null ? db.ScopeRule(Scope, owner) : db.QueueScopeRule(Scope, owner, queue));
    }
}
