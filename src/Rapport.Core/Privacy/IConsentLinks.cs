namespace Rapport.Core.Privacy;

/// <summary>Signed unsubscribe links: one per address and purpose, put into marketing mail (<c>List-Unsubscribe</c>
/// and the footer); following one records a withdrawal in the ledger (<see cref="ConsentLedger.UnsubscribeAsync"/>).</summary>
public interface IConsentLinks
{
    string UnsubscribeUrl(string address, ConsentPurpose purpose);

    /// <summary>What a token says, or null when nobody signed it or it was changed.</summary>
    (string Address, ConsentPurpose Purpose)? Read(string token);
}
