using P = Rapport.Core.Access.Permissions;

namespace Rapport.Core.Access;

/// <summary>The roles Rapport ships with and what each may do out of the box. Administrators can edit all of them
/// (except that Administrator always keeps every permission) and add their own.</summary>
public static class BuiltInRoles
{
    /// <summary>A built-in role; <paramref name="Scope"/> is its record scope for every scoped entity but those
    /// <paramref name="Scopes"/> names.</summary>
    public sealed record Definition(string Name, string Description, RecordScope Scope, IReadOnlyList<string> Permissions,
        IReadOnlyDictionary<string, RecordScope>? Scopes = null)
    {
        public RecordScope ScopeOf(string entity) => Scopes?.GetValueOrDefault(entity) is { } s and not RecordScope.None ? s : Scope;
    }

    /// <summary>Modules in the order they were added to Rapport. An installation made before a module existed gets
    /// the module's default permissions and scope on its built-in roles once, at the first start after the upgrade
    /// (see DatabaseInitializer); later edits by administrators are never undone. Each module's permissions start
    /// with its name and a dot, and its scoped entity has its name; "customers" also holds the core permissions.</summary>
    public static readonly IReadOnlyList<string> Modules = [ScopedEntities.Customers, ScopedEntities.Leads, ScopedEntities.Opportunities, "products", "orders", "contracts", "kb", ScopedEntities.Cases, "sla", "reports", "imports", "quality", "segments", "classification", "campaigns", "privacy"];

    /// <summary>The module a permission belongs to.</summary>
    public static string ModuleOf(string permission) =>
        Modules.Skip(1).FirstOrDefault(m => permission.StartsWith(m + ".", StringComparison.Ordinal)) ?? Modules[0];

    public static readonly IReadOnlyList<Definition> All =
    [
        new(Roles.Administrator, "Everything, including users, roles and settings.", RecordScope.All, P.All),
        new(Roles.SalesManager, "Runs a sales team: the team's customers and leads, assignment and export.", RecordScope.Team,
            [P.CustomersRead, P.CustomersCreate, P.CustomersUpdate, P.CustomersDelete, P.CustomersExport, P.CustomersAssign,
             P.LeadsRead, P.LeadsCreate, P.LeadsUpdate, P.LeadsDelete, P.LeadsAssign, P.LeadsConvert,
             P.OpportunitiesRead, P.OpportunitiesCreate, P.OpportunitiesUpdate, P.OpportunitiesDelete, P.OpportunitiesAssign,
             P.ProductsRead, P.OrdersRead, P.OrdersManage, P.ContractsRead, P.ContractsManage, P.CasesRead, P.KbRead, P.ReportsRead, P.ReportsManage, P.QualityRead, P.QualityMerge, P.SegmentsRead, P.SegmentsManage,
             P.CampaignsRead, P.CampaignsManage, P.CampaignsSend]),
        new(Roles.SalesRepresentative, "Works their own customers and leads.", RecordScope.Own,
            [P.CustomersRead, P.CustomersCreate, P.CustomersUpdate, P.LeadsRead, P.LeadsCreate, P.LeadsUpdate, P.LeadsConvert,
             P.OpportunitiesRead, P.OpportunitiesCreate, P.OpportunitiesUpdate, P.ProductsRead, P.OrdersRead, P.ContractsRead, P.ContractsManage, P.CasesRead, P.KbRead, P.ReportsRead, P.SegmentsRead]),
        new(Roles.MarketingSpecialist, "Reads every customer for segments and campaigns; exports lists; captures leads and runs the web forms and scoring.", RecordScope.All,
            [P.CustomersRead, P.CustomersExport, P.LeadsRead, P.LeadsCreate, P.LeadsUpdate, P.LeadsConfigure, P.ProductsRead, P.KbRead, P.ReportsRead, P.SegmentsRead, P.SegmentsManage, P.ClassificationManage,
             P.CampaignsRead, P.CampaignsManage, P.CampaignsSend]),
        new(Roles.ServiceAgent, "Reads every customer and keeps contact details and interactions up to date; works the cases of their team's queues; writes knowledge-base articles.", RecordScope.All,
            [P.CustomersRead, P.CustomersUpdate, P.ProductsRead, P.ContractsRead, P.CasesRead, P.CasesCreate, P.CasesUpdate, P.CasesDelete, P.KbRead, P.KbWrite, P.ReportsRead],
            new Dictionary<string, RecordScope> { [ScopedEntities.Cases] = RecordScope.Team }),
        new(Roles.Finance, "Reads every customer, including bank details, for invoicing, and the pipeline for forecasts.", RecordScope.All,
            [P.CustomersRead, P.CustomersExport, P.PiiReveal, P.PrivacyExport, P.OpportunitiesRead, P.ProductsRead, P.OrdersRead, P.OrdersManage, P.OrdersPayments, P.ContractsRead, P.KbRead, P.ReportsRead, P.ReportsManage]),
        new(Roles.Auditor, "Read-only access to customers, leads, opportunities and the audit trail.", RecordScope.All,
            [P.CustomersRead, P.LeadsRead, P.OpportunitiesRead, P.ProductsRead, P.OrdersRead, P.ContractsRead, P.CasesRead, P.AuditRead, P.KbRead, P.ReportsRead, P.SegmentsRead, P.PrivacyRead]),
    ];
}
