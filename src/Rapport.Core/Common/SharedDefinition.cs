using Rapport.Core.Reports;

namespace Rapport.Core.Common;

/// <summary>A saved definition its owner shares (a report, a dashboard, an analysis document, a segment): its id, its
/// owner and its grants, kept the same way for each. Unmapped: each definition keeps its own table and columns.</summary>
public abstract class SharedDefinition<TShare> : AuditedEntity, ISharedDefinition where TShare : ShareGrant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OwnerId { get; init; }
    public List<TShare> Shares { get; init; } = [];
    IReadOnlyCollection<IShareGrant> ISharedDefinition.Grants => Shares;

    /// <summary>Replaces the sharing with <paramref name="shares"/>, keeping the rows that did not change.</summary>
    public void ShareWith(IReadOnlyList<ReportShareDto> shares) => Sharing.Replace(Shares, shares, Grant);

    /// <summary>A new grant on this definition.</summary>
    protected abstract TShare Grant(ReportShareDto share);
}

/// <summary>One grant on a shared definition: a user (id), a role (name) or a team (id), to view or to edit it. Each
/// definition's grants add the key of what they grant (their own table and column).</summary>
public abstract class ShareGrant : IShareGrant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public ShareKind Kind { get; init; }
    public required string Target { get; init; }
    public ReportAccess Access { get; init; }
}
