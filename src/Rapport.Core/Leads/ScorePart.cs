namespace Rapport.Core.Leads;

/// <summary>One scoring rule's contribution: <c>source</c> "Referral" +20.</summary>
public sealed class ScorePart
{
    public required string Rule { get; init; }
    public string? Value { get; init; }
    public int Points { get; init; }
}
