namespace Rapport.Core.Access;

/// <summary>Every permission a role can grant. A permission is a module and an action: <c>customers.read</c>.</summary>
public static class Permissions
{
    public const string CustomersRead = "customers.read";
    public const string CustomersCreate = "customers.create";
    public const string CustomersUpdate = "customers.update";
    public const string CustomersDelete = "customers.delete";
    public const string CustomersExport = "customers.export";
    public const string CustomersAssign = "customers.assign";
    public const string LeadsRead = "leads.read";
    public const string LeadsCreate = "leads.create";
    public const string LeadsUpdate = "leads.update";
    public const string LeadsDelete = "leads.delete";
    public const string LeadsAssign = "leads.assign";
    /// <summary>Turn a lead into a customer (the customer side also needs <c>customers.create</c>).</summary>
    public const string LeadsConvert = "leads.convert";
    /// <summary>Public web-to-lead forms, scoring and assignment rules.</summary>
    public const string LeadsConfigure = "leads.configure";
    public const string OpportunitiesRead = "opportunities.read";
    public const string OpportunitiesCreate = "opportunities.create";
    public const string OpportunitiesUpdate = "opportunities.update";
    public const string OpportunitiesDelete = "opportunities.delete";
    public const string OpportunitiesAssign = "opportunities.assign";
    /// <summary>Pipelines and their stages, and the sales settings.</summary>
    public const string OpportunitiesConfigure = "opportunities.configure";
    public const string ProductsRead = "products.read";
    /// <summary>The catalogue and price lists.</summary>
    public const string ProductsManage = "products.manage";
    public const string OrdersRead = "orders.read";
    /// <summary>Invoice orders.</summary>
    public const string OrdersManage = "orders.manage";
    /// <summary>Record payments against invoices.</summary>
    public const string OrdersPayments = "orders.payments";
    public const string ContractsRead = "contracts.read";
    public const string ContractsManage = "contracts.manage";
    public const string CasesRead = "cases.read";
    public const string CasesCreate = "cases.create";
    /// <summary>Work a case: edit, move through its states, assign, reply, merge and link.</summary>
    public const string CasesUpdate = "cases.update";
    public const string CasesDelete = "cases.delete";
    /// <summary>The desk's configuration: case categories and macros.</summary>
    public const string CasesAdmin = "cases.admin";
    /// <summary>Knowledge base: read articles (internal ones too) and get suggestions.</summary>
    public const string KbRead = "kb.read";
    /// <summary>Write and edit articles and their translations (drafts).</summary>
    public const string KbWrite = "kb.write";
    /// <summary>Publish and archive articles.</summary>
    public const string KbPublish = "kb.publish";
    /// <summary>Article categories.</summary>
    public const string KbAdmin = "kb.admin";
    /// <summary>Service desk administration: business-hours calendars and SLA policies.</summary>
    public const string SlaAdmin = "sla.admin";
    /// <summary>Recycle bin: list, restore and purge deleted records.</summary>
    public const string RecycleBin = "recyclebin.manage";
    public const string AuditRead = "audit.read";
    public const string UsersManage = "users.manage";
    public const string RolesManage = "roles.manage";
    public const string SettingsManage = "settings.manage";
    public const string PiiReveal = "pii.reveal";
    /// <summary>The event log and alerts (the logs page).</summary>
    public const string LogsRead = "logs.read";
    /// <summary>Scraping <c>/metrics</c> with a personal access token.</summary>
    public const string MetricsRead = "metrics.read";
    /// <summary>Run reports: the standard ones, one's own, those shared with one, and ad hoc ones (figures in one's own scope).</summary>
    public const string ReportsRead = "reports.read";
    /// <summary>Save, change, share and delete reports.</summary>
    public const string ReportsManage = "reports.manage";
    /// <summary>Importing files (upload, mapping, dry run, start, resume, progress, errors).</summary>
    public const string ImportsRun = "imports.run";
    /// <summary>Undoing an import run.</summary>
    public const string ImportsUndo = "imports.undo";
    /// <summary>The duplicate review list and the data-quality figures (in one's own scope).</summary>
    public const string QualityRead = "quality.read";
    /// <summary>Merging duplicate customers, undoing a merge, dismissing a pair and running the duplicate scan.</summary>
    public const string QualityMerge = "quality.merge";
    /// <summary>See segments (one's own and those shared with one), their size and members (in one's own scope).</summary>
    public const string SegmentsRead = "segments.read";
    /// <summary>Save, change, share and delete segments.</summary>
    public const string SegmentsManage = "segments.manage";
    /// <summary>Classification rules (RFM, behaviour, lifecycle, rule tags) and running the recomputation.</summary>
    public const string ClassificationManage = "classification.manage";

    /// <summary>See campaigns, their members and results.</summary>
    public const string CampaignsRead = "campaigns.read";
    /// <summary>Plan campaigns, add members, write their content and A/B set-up, record responses.</summary>
    public const string CampaignsManage = "campaigns.manage";
    /// <summary>Send a campaign (and its test sends), pick an A/B winner.</summary>
    public const string CampaignsSend = "campaigns.send";

    /// <summary>See data-subject requests and their outcome.</summary>
    public const string PrivacyRead = "privacy.read";
    /// <summary>Take and work data-subject requests: access ZIPs, erasure, restriction; the classification of fields.</summary>
    public const string PrivacyManage = "privacy.manage";
    /// <summary>Export lists that include columns classified as sensitive personal information.</summary>
    public const string PrivacyExport = "privacy.export";

    public static readonly IReadOnlyList<string> All =
    [
        CustomersRead, CustomersCreate, CustomersUpdate, CustomersDelete, CustomersExport, CustomersAssign,
        LeadsRead, LeadsCreate, LeadsUpdate, LeadsDelete, LeadsAssign, LeadsConvert, LeadsConfigure,
        OpportunitiesRead, OpportunitiesCreate, OpportunitiesUpdate, OpportunitiesDelete, OpportunitiesAssign, OpportunitiesConfigure,
        ProductsRead, ProductsManage, OrdersRead, OrdersManage, OrdersPayments, ContractsRead, ContractsManage,
        CasesRead, CasesCreate, CasesUpdate, CasesDelete, CasesAdmin,
        KbRead, KbWrite, KbPublish, KbAdmin, SlaAdmin,
        RecycleBin, AuditRead, UsersManage, RolesManage, SettingsManage, PiiReveal, LogsRead, MetricsRead,
        ReportsRead, ReportsManage,
        ImportsRun, ImportsUndo,
        QualityRead, QualityMerge, SegmentsRead, SegmentsManage, ClassificationManage, CampaignsRead, CampaignsManage, CampaignsSend,
        PrivacyRead, PrivacyManage, PrivacyExport,
    ];

    public static bool IsKnown(string permission) => All.Contains(permission);
}

/// <summary>Which records of an entity a role reaches. Ordered: a larger value reaches more.</summary>
public enum RecordScope
{
    None = 0,
    /// <summary>Records the user owns.</summary>
    Own = 1,
    /// <summary>Records owned by anyone in the user's team or a team below it.</summary>
    Team = 2,
    All = 3,
}

/// <summary>Entities that carry an owner and so a record scope. Contacts and interactions follow their customer;
/// lead activities follow their lead; stage history follows its opportunity; a case's conversation follows the case.</summary>
public static class ScopedEntities
{
    public const string Customers = "customers";
    public const string Leads = "leads";
    public const string Opportunities = "opportunities";
    /// <summary>Service desk cases: owned by an agent and held in a queue (a team).</summary>
    public const string Cases = "cases";

    /// <summary>See data-subject requests and their outcome.</summary>
    public const string PrivacyRead = "privacy.read";
    /// <summary>Take and work data-subject requests: access ZIPs, erasure, restriction; the classification of fields.</summary>
    public const string PrivacyManage = "privacy.manage";
    /// <summary>Export lists that include columns classified as sensitive personal information.</summary>
    public const string PrivacyExport = "privacy.export";

    public static readonly IReadOnlyList<string> All = [Customers, Leads, Opportunities, Cases];
}
