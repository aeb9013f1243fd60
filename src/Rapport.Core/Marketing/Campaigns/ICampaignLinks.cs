namespace Rapport.Core.Marketing.Campaigns;

/// <summary>What a tracking token says: an open or a click (of the template's link number <see cref="Link"/>, in
/// <see cref="Language"/>) by one member of one campaign, who got <see cref="VariantId"/>. A test send's tokens name
/// no customer (<see cref="Guid.Empty"/>).</summary>
public sealed record TrackingToken(bool Click, Guid CampaignId, Guid CustomerId, Guid VariantId, string Language, int Link);

/// <summary>Signed tracking links for campaign emails (<c>/m/o/{token}</c> for the open pixel, <c>/m/c/{token}</c> for
/// a click): a token nobody signed, or one changed, does not read.</summary>
public interface ICampaignLinks
{
    /// <summary>The address links start with now (the configured public address, else the current request's), or
    /// null outside a request with none configured.</summary>
    string? CurrentBase { get; }

    /// <param name="linkBase">Used when there is no <see cref="CurrentBase"/> (the sending job).</param>
    string OpenUrl(Guid campaignId, Guid customerId, Guid variantId, string? linkBase = null);

    string ClickUrl(Guid campaignId, Guid customerId, Guid variantId, string language, int link, string? linkBase = null);

    /// <summary>What the token says, or null when it was not signed by this installation or was changed.</summary>
    TrackingToken? Read(string token);
}
