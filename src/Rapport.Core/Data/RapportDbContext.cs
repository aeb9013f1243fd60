using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Identity;
using Rapport.Core.Leads;
using Rapport.Core.Notifications;

namespace Rapport.Core.Data;

/// <summary>The one EF Core model; the provider (SQLite or PostgreSQL) is chosen by configuration.</summary>
public sealed class RapportDbContext : IdentityDbContext<AppUser, AppRole, Guid>
{
    /// <summary>The caller whose record scope the query filters apply; null (design time, migrations, operator verbs)
    /// reaches every record.</summary>
    private readonly ICurrentUser? _user;

    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public RapportDbContext(DbContextOptions<RapportDbContext> options) : base(options) { }

    public RapportDbContext(DbContextOptions<RapportDbContext> options, ICurrentUser user) : base(options) => _user = user;

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerChannel> CustomerChannels => Set<CustomerChannel>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<LeadActivity> LeadActivities => Set<LeadActivity>();
    public DbSet<LeadForm> LeadForms => Set<LeadForm>();
    public DbSet<Sales.Pipeline> Pipelines => Set<Sales.Pipeline>();
    public DbSet<Sales.PipelineStage> PipelineStages => Set<Sales.PipelineStage>();
    public DbSet<Sales.Opportunity> Opportunities => Set<Sales.Opportunity>();
    public DbSet<Sales.OpportunityStageChange> OpportunityStageChanges => Set<Sales.OpportunityStageChange>();
    public DbSet<Sales.Product> Products => Set<Sales.Product>();
    public DbSet<Sales.PriceList> PriceLists => Set<Sales.PriceList>();
    public DbSet<Sales.Quote> Quotes => Set<Sales.Quote>();
    public DbSet<Sales.QuoteLine> QuoteLines => Set<Sales.QuoteLine>();
    public DbSet<Sales.Order> Orders => Set<Sales.Order>();
    public DbSet<Sales.Invoice> Invoices => Set<Sales.Invoice>();
    public DbSet<Sales.Payment> Payments => Set<Sales.Payment>();
    public DbSet<Sales.Contract> Contracts => Set<Sales.Contract>();
    public DbSet<Sales.ContractAttachment> ContractAttachments => Set<Sales.ContractAttachment>();
    public DbSet<Sales.ContractAmendment> ContractAmendments => Set<Sales.ContractAmendment>();
    public DbSet<Marketing.Campaigns.Campaign> Campaigns => Set<Marketing.Campaigns.Campaign>();
    public DbSet<Marketing.Campaigns.CampaignVariant> CampaignVariants => Set<Marketing.Campaigns.CampaignVariant>();
    public DbSet<Marketing.Campaigns.CampaignMember> CampaignMembers => Set<Marketing.Campaigns.CampaignMember>();
    public DbSet<ServiceDesk.Case> Cases => Set<ServiceDesk.Case>();
    public DbSet<ServiceDesk.CaseTag> CaseTags => Set<ServiceDesk.CaseTag>();
    public DbSet<ServiceDesk.CaseMessage> CaseMessages => Set<ServiceDesk.CaseMessage>();
    public DbSet<ServiceDesk.CaseAttachment> CaseAttachments => Set<ServiceDesk.CaseAttachment>();
    public DbSet<ServiceDesk.CaseLink> CaseLinks => Set<ServiceDesk.CaseLink>();
    public DbSet<ServiceDesk.CaseCategory> CaseCategories => Set<ServiceDesk.CaseCategory>();
    public DbSet<ServiceDesk.Macro> Macros => Set<ServiceDesk.Macro>();
    public DbSet<ServiceDesk.AssignmentRule> AssignmentRules => Set<ServiceDesk.AssignmentRule>();
    public DbSet<ServiceDesk.CaseForm> CaseForms => Set<ServiceDesk.CaseForm>();
    public DbSet<Knowledge.Article> Articles => Set<Knowledge.Article>();
    public DbSet<Knowledge.ArticleCategory> ArticleCategories => Set<Knowledge.ArticleCategory>();
    public DbSet<Knowledge.ArticleFeedback> ArticleFeedback => Set<Knowledge.ArticleFeedback>();
    public DbSet<ServiceDesk.BusinessCalendar> BusinessCalendars => Set<ServiceDesk.BusinessCalendar>();
    public DbSet<ServiceDesk.SlaPolicy> SlaPolicies => Set<ServiceDesk.SlaPolicy>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<AppSetting> Settings => Set<AppSetting>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<Mail.OutboxMessage> OutboxMessages => Set<Mail.OutboxMessage>();
    public DbSet<Mail.Mailbox> Mailboxes => Set<Mail.Mailbox>();
    public DbSet<Mail.InboundMessage> InboundMessages => Set<Mail.InboundMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationSetting> NotificationSettings => Set<NotificationSetting>();
    public DbSet<Jobs.JobRun> JobRuns => Set<Jobs.JobRun>();
    public DbSet<Privacy.ConsentEntry> ConsentEntries => Set<Privacy.ConsentEntry>();
    public DbSet<Privacy.Requests.SubjectRequest> SubjectRequests => Set<Privacy.Requests.SubjectRequest>();
    public DbSet<Observability.LogEntry> LogEntries => Set<Observability.LogEntry>();
    public DbSet<Observability.Alert> Alerts => Set<Observability.Alert>();
    public DbSet<Reports.Report> Reports => Set<Reports.Report>();
    public DbSet<Dashboards.Dashboard> Dashboards => Set<Dashboards.Dashboard>();
    public DbSet<Reports.AnalysisDocument> AnalysisDocuments => Set<Reports.AnalysisDocument>();
    public DbSet<Reports.ReportSchedule> ReportSchedules => Set<Reports.ReportSchedule>();
    public DbSet<Reports.ReportScheduleRun> ReportScheduleRuns => Set<Reports.ReportScheduleRun>();
    public DbSet<Reports.DealRollup> DealRollups => Set<Reports.DealRollup>();
    public DbSet<Imports.ImportRun> ImportRuns => Set<Imports.ImportRun>();
    public DbSet<Imports.ImportRunRow> ImportRunRows => Set<Imports.ImportRunRow>();
    public DbSet<Imports.ImportTemplate> ImportTemplates => Set<Imports.ImportTemplate>();
    public DbSet<Retention.RetentionRun> RetentionRuns => Set<Retention.RetentionRun>();
    public DbSet<Quality.DuplicatePair> DuplicatePairs => Set<Quality.DuplicatePair>();
    public DbSet<Quality.QualitySnapshot> QualitySnapshots => Set<Quality.QualitySnapshot>();
    public DbSet<Quality.CustomerMerge> CustomerMerges => Set<Quality.CustomerMerge>();
    public DbSet<Marketing.Segments.Segment> Segments => Set<Marketing.Segments.Segment>();
    public DbSet<Marketing.Segments.SegmentShare> SegmentShares => Set<Marketing.Segments.SegmentShare>();
    public DbSet<Marketing.Segments.SegmentMember> SegmentMembers => Set<Marketing.Segments.SegmentMember>();
    public DbSet<Marketing.Classification.CustomerClassification> CustomerClassifications => Set<Marketing.Classification.CustomerClassification>();
    public DbSet<Marketing.Classification.ClassificationChange> ClassificationChanges => Set<Marketing.Classification.ClassificationChange>();
    public DbSet<Marketing.Journeys.Journey> Journeys => Set<Marketing.Journeys.Journey>();
    public DbSet<Marketing.Journeys.JourneyStep> JourneySteps => Set<Marketing.Journeys.JourneyStep>();
    public DbSet<Marketing.Journeys.JourneyMember> JourneyMembers => Set<Marketing.Journeys.JourneyMember>();
    public DbSet<Marketing.Journeys.JourneyStepRun> JourneyStepRuns => Set<Marketing.Journeys.JourneyStepRun>();

    /// <summary>Set by a bulk writer (an import batch) that adds one audit entry for the whole batch itself: the
    /// audit interceptor then leaves this save's rows out of the log.</summary>
    internal bool RowAuditDeferred { get; set; }

    /// <summary>Whether the save under way adds audit entries, so the chainer is woken when it has been saved
    /// (<see cref="Audit.AuditInterceptor"/>). A save of nothing audited, such as a job's run record, does not wake it.</summary>
    internal bool AuditWritten { get; set; }

    /// <summary>Who the audit log names for changes saved through this context (null: the system).</summary>
    internal ICurrentUser? Caller => _user;

    public bool IsPostgres => Database.IsNpgsql();


    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var pg = IsPostgres;
        if (pg) builder.HasPostgresExtension("pg_trgm");
        CustomerExportText.MapFunctions(builder, pg);

        builder.ApplyConfiguration(new CustomerConfiguration(pg));
        builder.ApplyConfiguration(new CustomerChannelConfiguration());
        builder.ApplyConfiguration(new CustomerTagConfiguration());
        builder.ApplyConfiguration(new ContactConfiguration(pg));
        builder.ApplyConfiguration(new InteractionConfiguration());
        builder.ApplyConfiguration(new Preferences.SavedViewConfiguration());
        builder.ApplyConfiguration(new LeadConfiguration(pg));
        builder.ApplyConfiguration(new LeadActivityConfiguration());
        builder.ApplyConfiguration(new LeadFormConfiguration());
        builder.ApplyConfiguration(new Sales.PipelineConfiguration());
        builder.ApplyConfiguration(new Sales.PipelineStageConfiguration());
        builder.ApplyConfiguration(new Sales.OpportunityConfiguration(pg));
        builder.ApplyConfiguration(new Sales.OpportunityStageChangeConfiguration());
        builder.ApplyConfiguration(new Sales.ProductConfiguration(pg));
        builder.ApplyConfiguration(new Sales.PriceListConfiguration());
        builder.ApplyConfiguration(new Sales.PriceListItemConfiguration());
        builder.ApplyConfiguration(new Sales.QuoteConfiguration());
        builder.ApplyConfiguration(new Sales.QuoteLineConfiguration());
        builder.ApplyConfiguration(new Sales.OrderConfiguration());
        builder.ApplyConfiguration(new Sales.OrderLineConfiguration());
        builder.ApplyConfiguration(new Sales.InvoiceConfiguration());
        builder.ApplyConfiguration(new Sales.PaymentConfiguration());
        builder.ApplyConfiguration(new Sales.ContractConfiguration());
        builder.ApplyConfiguration(new Sales.ContractAttachmentConfiguration());
        builder.ApplyConfiguration(new Sales.ContractAmendmentConfiguration());
        builder.ApplyConfiguration(new Marketing.Campaigns.CampaignConfiguration());
        builder.ApplyConfiguration(new Marketing.Campaigns.CampaignVariantConfiguration());
        builder.ApplyConfiguration(new Marketing.Campaigns.CampaignMemberConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.CaseConfiguration(pg));
        builder.ApplyConfiguration(new ServiceDesk.CaseTagConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.CaseMessageConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.CaseAttachmentConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.CaseLinkConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.CaseCategoryConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.MacroConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.AssignmentRuleConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.CaseFormConfiguration());
        builder.ApplyConfiguration(new Knowledge.ArticleConfiguration(pg));
        builder.ApplyConfiguration(new Knowledge.ArticleCategoryConfiguration());
        builder.ApplyConfiguration(new Knowledge.ArticleFeedbackConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.BusinessCalendarConfiguration());
        builder.ApplyConfiguration(new ServiceDesk.SlaPolicyConfiguration());
        builder.ApplyConfiguration(new UserSessionConfiguration());
        builder.ApplyConfiguration(new Mail.OutboxMessageConfiguration());
        builder.ApplyConfiguration(new Mail.OutboxAttachmentConfiguration());
        builder.ApplyConfiguration(new Mail.MailboxConfiguration());
        builder.ApplyConfiguration(new Mail.InboundMessageConfiguration());
        builder.ApplyConfiguration(new NotificationConfiguration());
        builder.ApplyConfiguration(new NotificationSettingConfiguration());
        builder.ApplyConfiguration(new Jobs.JobRunConfiguration());
        builder.ApplyConfiguration(new Observability.LogEntryConfiguration());
        builder.ApplyConfiguration(new Observability.AlertConfiguration());
        builder.ApplyConfiguration(new Privacy.ConsentEntryConfiguration());
        builder.ApplyConfiguration(new Privacy.Requests.SubjectRequestConfiguration());
        builder.ApplyConfiguration(new Reports.ReportConfiguration());
        builder.ApplyConfiguration(new Reports.ReportShareConfiguration());
        builder.ApplyConfiguration(new Dashboards.DashboardConfiguration());
        builder.ApplyConfiguration(new Dashboards.DashboardShareConfiguration());
        builder.ApplyConfiguration(new Reports.AnalysisDocumentConfiguration());
        builder.ApplyConfiguration(new Reports.AnalysisDocumentShareConfiguration());
        builder.ApplyConfiguration(new Reports.ReportScheduleConfiguration());
        builder.ApplyConfiguration(new Reports.ReportScheduleRunConfiguration());
        builder.ApplyConfiguration(new Reports.DealRollupConfiguration());
        builder.ApplyConfiguration(new Imports.ImportRunConfiguration());
        builder.ApplyConfiguration(new Imports.ImportRunRowConfiguration());
        builder.ApplyConfiguration(new Imports.ImportTemplateConfiguration());
        builder.ApplyConfiguration(new Retention.RetentionRunConfiguration());
        builder.ApplyConfiguration(new Quality.CustomerMatchConfiguration());
        builder.ApplyConfiguration(new Quality.ContactMatchConfiguration());
        builder.ApplyConfiguration(new Quality.LeadMatchConfiguration());
        builder.ApplyConfiguration(new Quality.DuplicatePairConfiguration());
        builder.ApplyConfiguration(new Quality.QualitySnapshotConfiguration());
        builder.ApplyConfiguration(new Quality.CustomerMergeConfiguration());
        builder.ApplyConfiguration(new Marketing.Segments.SegmentConfiguration());
        builder.ApplyConfiguration(new Marketing.Segments.SegmentShareConfiguration());
        builder.ApplyConfiguration(new Marketing.Segments.SegmentMemberConfiguration());
        builder.ApplyConfiguration(new Marketing.Classification.CustomerClassificationConfiguration());
        builder.ApplyConfiguration(new Marketing.Classification.ClassificationChangeConfiguration());
        builder.ApplyConfiguration(new Marketing.Journeys.JourneyConfiguration());
        builder.ApplyConfiguration(new Marketing.Journeys.JourneyStepConfiguration());
        builder.ApplyConfiguration(new Marketing.Journeys.JourneyMemberConfiguration());
        builder.ApplyConfiguration(new Marketing.Journeys.JourneyStepRunConfiguration());
        // Every stamped record is versioned the same way: its Version is the optimistic concurrency token.
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(Common.AuditedEntity).IsAssignableFrom(t.ClrType)))
            builder.Entity(type.ClrType).Property(nameof(Common.AuditedEntity.Version)).IsConcurrencyToken();

        // Soft delete and record scope are query filters, so no query (and no endpoint added later) can skip them.
        // Only the recycle bin ignores SoftDelete; nothing but operator verbs ignores Scope.
        foreach (var scoped in RecordScopes.Scoped) scoped.Apply(builder, this);

        builder.Entity<NumberSequence>(b =>
        {
            b.ToTable("NumberSequences");
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(100);
        });
        builder.Entity<PersonalAccessToken>(b =>
        {
            b.ToTable("PersonalAccessTokens");
            b.Property(t => t.Name).HasMaxLength(100);
            b.Property(t => t.TokenHash).HasMaxLength(64);
            b.Property(t => t.Prefix).HasMaxLength(16);
            b.HasIndex(t => t.TokenHash).IsUnique();
            b.HasIndex(t => new { t.UserId, t.CreatedAt });
            b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AppUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(200);
            b.Property(u => u.Position).HasMaxLength(UserAdminService.PositionMax);
            b.Property(u => u.Culture).HasMaxLength(10);
            b.Property(u => u.Theme).HasMaxLength(10);
            b.Property(u => u.TimeZone).HasMaxLength(Common.TimeZones.IdMax);
            b.Property(u => u.Status).HasConversion<int>(); // the one enum kept as a number: making it text needs a data migration
            b.HasIndex(u => u.TeamId);
            b.HasOne<Team>().WithMany().HasForeignKey(u => u.TeamId).OnDelete(DeleteBehavior.SetNull);
            b.HasOne<AppUser>().WithMany().HasForeignKey(u => u.ManagerId).OnDelete(DeleteBehavior.SetNull);
        });
        // Passkeys (WebAuthn) as Identity's schema 3 maps them. Configured here rather than by setting the schema
        // version in IdentityOptions, which Identity reads from the host's services: the model must not depend on
        // which host (app, dotnet ef, bench) built it.
        builder.Entity<IdentityUserPasskey<Guid>>(b =>
        {
            b.ToTable("AspNetUserPasskeys");
            b.HasKey(p => p.CredentialId);
            b.Property(p => p.CredentialId).HasMaxLength(1024);
            b.OwnsOne(p => p.Data).ToJson();
            b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).IsRequired();
        });
        builder.Entity<AppRole>(b => b.Property(r => r.Description).HasMaxLength(500));
        builder.Entity<AuditEntry>(b =>
        {
            b.ToTable("AuditEntries");
            b.Property(e => e.UserName).HasMaxLength(256);
            b.Property(e => e.IpAddress).HasMaxLength(64);
            b.Property(e => e.UserAgent).HasMaxLength(500);
            b.Property(e => e.Action).HasMaxLength(100);
            b.Property(e => e.EntityType).HasMaxLength(50);
            b.Property(e => e.EntityId).HasMaxLength(100);
            b.Property(e => e.PrevHash).HasMaxLength(64);
            b.Property(e => e.Hash).HasMaxLength(64);
            // Changes stay text (never jsonb, which would reorder keys and break the hashes).
            b.HasIndex(e => e.ChainSeq).IsUnique();
            b.HasIndex(e => new { e.At, e.Id });
            b.HasIndex(e => new { e.UserId, e.At, e.Id });
            b.HasIndex(e => new { e.EntityType, e.EntityId, e.At, e.Id });
            b.HasIndex(e => new { e.Action, e.At, e.Id });
        });
        builder.Entity<UserInvitation>(b =>
        {
            b.ToTable("UserInvitations");
            b.Property(i => i.TokenHash).HasMaxLength(64);
            b.HasIndex(i => i.TokenHash).IsUnique();
            b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<PasswordHistoryEntry>(b =>
        {
            b.ToTable("PasswordHistory");
            b.HasIndex(h => new { h.UserId, h.CreatedAt });
            b.HasOne<AppUser>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AuditCheckpoint>(b =>
        {
            b.ToTable("AuditCheckpoints");
            b.Property(c => c.Hash).HasMaxLength(64);
            b.HasIndex(c => c.ChainSeq).IsUnique();
        });
        builder.Entity<AppSetting>(b =>
        {
            b.ToTable("Settings");
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(100);
        });
        builder.Entity<Team>(b =>
        {
            b.ToTable("Teams");
            b.Property(t => t.Name).HasMaxLength(200);
            b.Property(t => t.Path).HasMaxLength(1000);
            b.HasIndex(t => t.Path).IsUnique();
            b.HasOne<Team>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.SetNull);
        });

        // Our Guid keys are made in code (Guid.CreateVersion7() in each entity), never by EF: so a new child added to a
        // tracked parent's collection is an INSERT, not an UPDATE of a row that does not exist yet.
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => e.ClrType.Assembly == typeof(RapportDbContext).Assembly))
            foreach (var key in entity.FindPrimaryKey()?.Properties.Where(p => p.ClrType == typeof(Guid)) ?? [])
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }

    // Read by the Scope filter for each query of this context instance. The scope flags are inlined (EF.Constant), so
    // each scope compiles to its own SQL with the dead branches folded away: "all" adds no predicate, "own" is a plain
    // OwnerId = @me that the owner index serves, "team" an OwnerId IN (...) list.
    private RecordScope CustomerScope => _user?.ScopeFor(ScopedEntities.Customers) ?? RecordScope.All;
    private bool ReachesAll => CustomerScope == RecordScope.All;

    /// <summary>Whether the caller's record scope holds every customer (a rollup keyed by owner alone can answer for
    /// them: deals are also filtered through their customer's scope, ADR-045).</summary>
    internal bool ReachesAllCustomers => ReachesAll;
    private bool ReachesOwn => CustomerScope == RecordScope.Own;
    private bool ReachesTeam => CustomerScope == RecordScope.Team;
    private RecordScope LeadScope => _user?.ScopeFor(ScopedEntities.Leads) ?? RecordScope.All;
    private bool ReachesAllLeads => LeadScope == RecordScope.All;
    private bool ReachesOwnLeads => LeadScope == RecordScope.Own;
    private bool ReachesTeamLeads => LeadScope == RecordScope.Team;
    private RecordScope DealScope => _user?.ScopeFor(ScopedEntities.Opportunities) ?? RecordScope.All;
    private bool ReachesAllDeals => DealScope == RecordScope.All;
    private bool ReachesOwnDeals => DealScope == RecordScope.Own;
    private bool ReachesTeamDeals => DealScope == RecordScope.Team;
    private RecordScope CaseScope => _user?.ScopeFor(ScopedEntities.Cases) ?? RecordScope.All;
    private bool ReachesAllCases => CaseScope == RecordScope.All;
    private bool ReachesOwnCases => CaseScope == RecordScope.Own;
    private bool ReachesTeamCases => CaseScope == RecordScope.Team;
    private Guid? CallerId => _user?.Id;
    private List<Guid> CallerTeam => _user?.TeamMemberIds as List<Guid> ?? [.. _user?.TeamMemberIds ?? []];
    private List<Guid> CallerTeams => _user?.TeamIds as List<Guid> ?? [.. _user?.TeamIds ?? []];

    /// <summary>The record-scope predicate of <paramref name="scope"/> (a <see cref="ScopedEntities"/> name) for an entity
    /// whose owner is reached by <paramref name="owner"/>. Each scope reads its own flag properties: EF inlines them by name.</summary>
    internal Expression<Func<T, bool>> ScopeRule<T>(string scope, Expression<Func<T, Guid?>> owner) => scope switch
    {
        ScopedEntities.Customers => Bind(owner, o =>
            EF.Constant(ReachesAll)
            || (EF.Constant(ReachesOwn) && o == CallerId)
            || (EF.Constant(ReachesTeam) && o != null && CallerTeam.Contains(o.Value))),
        ScopedEntities.Leads => Bind(owner, o =>
            EF.Constant(ReachesAllLeads)
            || (EF.Constant(ReachesOwnLeads) && o == CallerId)
            || (EF.Constant(ReachesTeamLeads) && o != null && CallerTeam.Contains(o.Value))),
        ScopedEntities.Opportunities => Bind(owner, o =>
            EF.Constant(ReachesAllDeals)
            || (EF.Constant(ReachesOwnDeals) && o == CallerId)
            || (EF.Constant(ReachesTeamDeals) && o != null && CallerTeam.Contains(o.Value))),
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Add the scope's flags to RapportDbContext."),
    };

    /// <summary>The record-scope predicate of a record worked in a queue (a team): <see cref="RecordScope.Own"/> reaches
    /// the caller's own records; <see cref="RecordScope.Team"/> also those owned in the caller's team and those in the
    /// queues of the caller's team and the teams below it (service agents work their queues' cases).</summary>
    internal Expression<Func<T, bool>> QueueScopeRule<T>(string scope, Expression<Func<T, Guid?>> owner, Expression<Func<T, Guid?>> queue)
    {
        if (scope != ScopedEntities.Cases) throw new ArgumentOutOfRangeException(nameof(scope), scope, "Add the scope's flags to RapportDbContext.");
        Expression<Func<Guid?, Guid?, bool>> rule = (o, q) =>
            EF.Constant(ReachesAllCases)
            || (EF.Constant(ReachesOwnCases) && o == CallerId)
            || (EF.Constant(ReachesTeamCases) && ((o != null && CallerTeam.Contains(o.Value)) || (q != null && CallerTeams.Contains(q.Value))));
        var p = owner.Parameters[0];
        var queueBody = new ReplaceParameter(queue.Parameters[0], p).Visit(queue.Body);
        var body = new ReplaceParameter(rule.Parameters[1], queueBody).Visit(new ReplaceParameter(rule.Parameters[0], owner.Body).Visit(rule.Body));
        return Expression.Lambda<Func<T, bool>>(body, p);
    }

    /// <summary>A record whose <paramref name="customer"/> the caller reaches: one out of the recycle bin and in the caller's
    /// customer scope, as a join to the customer would have it (a customer's filters apply to a join, not to a query
    /// written inside another filter, so the scope is written out here). A caller who reaches every customer is asked it
    /// as "none of the customers in the bin is this record's" (the customers' filters set aside, or the bin would look
    /// empty), which reads the few customers in the bin once; anyone else as "this record's customer is one of the
    /// caller's", which reads each record's customer.</summary>
    internal Expression<Func<T, bool>> CustomerReached<T>(Expression<Func<T, Guid>> customer)
    {
        var scope = ScopeRule<Customer>(ScopedEntities.Customers, c => c.OwnerId);
        var rule = new InlineCustomerScope(scope).Visit(Bind(customer, id =>
            (EF.Constant(ReachesAll) && !Customers.IgnoreQueryFilters().Any(c => c.DeletedAt != null && c.Id == id))
            || (!EF.Constant(ReachesAll) && Customers.IgnoreQueryFilters().Any(c => c.Id == id && c.DeletedAt == null && InCustomerScope(c)))));
        return (Expression<Func<T, bool>>)rule;
    }

    /// <summary>A placeholder for the customers' scope rule in <see cref="CustomerReached"/>; never called.</summary>
    private static bool InCustomerScope(Customer customer) => throw new InvalidOperationException("Replaced by the customers' scope rule.");

    private sealed class InlineCustomerScope(Expression<Func<Customer, bool>> scope) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(InCustomerScope) && node.Method.DeclaringType == typeof(RapportDbContext)
                ? new ReplaceParameter(scope.Parameters[0], node.Arguments[0]).Visit(scope.Body)
                : base.VisitMethodCall(node);
    }

    private static Expression<Func<T, bool>> Bind<T, TKey>(Expression<Func<T, TKey>> owner, Expression<Func<TKey, bool>> rule)
    {
        var body = new ReplaceParameter(rule.Parameters[0], owner.Body).Visit(rule.Body);
        return Expression.Lambda<Func<T, bool>>(body, owner.Parameters);
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC; SQLite gives back Unspecified, so stamp the kind on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcNullableDateTimeConverter>();
        // Every enum is stored as its name, so the data reads without the code and survives reordered members.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(20);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class UtcNullableDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}

/// <summary>Names of the query filters, for the few places that may ignore one of them.</summary>
public static class QueryFilters
{
    public const string SoftDelete = "SoftDelete";
    public const string Scope = "Scope";
}
