namespace Rapport.Core.ServiceDesk;

/// <summary>What a portal link names: a case, and whether the link has expired (its signature held).</summary>
public sealed record PortalTicket(Guid CaseId, bool Expired);

/// <summary>The customer portal's signed, expiring links (<c>/portal/{token}</c>) and the mail text around them in the
/// customer's language. The host implements it (ASP.NET Data Protection, see ADR-019).</summary>
public interface ICasePortalLinks
{
    /// <summary>A fresh absolute link to the case's portal page, valid for the configured lifetime from now.</summary>
    string LinkFor(Guid caseId);

    /// <summary>The case a token names, and whether it has expired; null for a token Rapport did not sign.</summary>
    PortalTicket? Read(string token);

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/> (<c>en</c>, <c>zh-CN</c>; null: English).</summary>
    string Text(string? language, string key, params object[] args);
}
