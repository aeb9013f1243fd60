namespace Rapport.Core.Marketing;

/// <summary>
/// A saved set of customers that campaigns, surveys, exports and bulk actions can target — implemented by segments
/// (rule-based or static lists). Always evaluated inside the caller's record scope, at the moment it is read.
/// </summary>
public interface IAudienceSource
{
    /// <summary>
    /// The ids of the customers the audience selects, as a query the caller can page, count (capped) or join;
    /// null when the audience does not exist or the caller may not see it.
    /// </summary>
    Task<IQueryable<Guid>?> CustomerIdsAsync(Guid audienceId, CancellationToken ct);
}
