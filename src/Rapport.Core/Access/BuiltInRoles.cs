using Rapport.Core.Common;
using P = Rapport.Core.Access.Permissions;

namespace Rapport.Core.Access;

/// <summary>The roles Rapport ships with and what each may do out of the box. Administrators can edit all of them
/// (except that Administrator always keeps every permission) and add their own.</summary>
public static class BuiltInRoles
{
    public sealed record Definition(string Name, string Description, RecordScope CustomerScope, IReadOnlyList<string> Permissions);

    public static readonly IReadOnlyList<Definition> All =
    [
        new(Roles.Administrator, "Everything, including users, roles and settings.", RecordScope.All, P.All),
        new(Roles.SalesManager, "Runs a sales team: the team's customers, assignment and export.", RecordScope.Team,
            [P.CustomersRead, P.CustomersCreate, P.CustomersUpdate, P.CustomersDelete, P.CustomersExport, P.CustomersAssign]),
        new(Roles.SalesRepresentative, "Works their own customers.", RecordScope.Own,
            [P.CustomersRead, P.CustomersCreate, P.CustomersUpdate]),
        new(Roles.MarketingSpecialist, "Reads every customer for segments and campaigns; exports lists.", RecordScope.All,
            [P.CustomersRead, P.CustomersExport]),
        new(Roles.ServiceAgent, "Reads every customer and keeps contact details and interactions up to date.", RecordScope.All,
            [P.CustomersRead, P.CustomersUpdate]),
        new(Roles.Finance, "Reads every customer, including bank details, for invoicing.", RecordScope.All,
            [P.CustomersRead, P.CustomersExport, P.PiiReveal]),
        new(Roles.Auditor, "Read-only access to customers and the audit trail.", RecordScope.All,
            [P.CustomersRead, P.AuditRead]),
    ];
}
