namespace Rapport.Core.ServiceDesk;

/// <summary>What the customer sees of a case on the portal: never internal notes, never who worked it.</summary>
public sealed record CasePortalView(string Number, string Subject, CaseStatus Status, IReadOnlyList<CasePortalMessage> Messages,
    int? Rating, string? RatingComment)
{
    /// <summary>A case is rated once it is resolved or closed.</summary>
    public bool CanRate => Status is CaseStatus.Resolved or CaseStatus.Closed;
}

/// <summary>A public reply (from the desk) or the customer's own message.</summary>
public sealed record CasePortalMessage(bool FromCustomer, string Body, DateTime At);

/// <summary>A portal link that has expired or was never Rapport's: the page offers a fresh one by email. The case
/// number is known only when the link was genuine.</summary>
public sealed class PortalLinkExpiredException(string? caseNumber) : Exception("The portal link has expired or is not valid.")
{
    public string? CaseNumber { get; } = caseNumber;
}
