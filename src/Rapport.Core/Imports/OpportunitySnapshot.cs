using Rapport.Core.Sales;

namespace Rapport.Core.Imports;

/// <summary>A deal as an import found it before updating it: every column the import (or the stage move it makes) can
/// change, so an undo puts back exactly what was there.</summary>
public sealed record OpportunitySnapshot(
    string Name, string Currency, long AmountMinor, Guid? ContactId, Guid? OwnerId, DateOnly? ExpectedCloseDate, int? ProbabilityOverride,
    int Probability, ForecastCategory ForecastCategory, string? Competitors, string? NextStep, Guid? SourceLeadId,
    Guid StageId, DateTime StageEnteredAt, string? CloseReason, DateTime? ClosedAt)
{
    public static OpportunitySnapshot Of(Opportunity o) => new(
        o.Name, o.Currency, o.AmountMinor, o.ContactId, o.OwnerId, o.ExpectedCloseDate, o.ProbabilityOverride, o.Probability, o.ForecastCategory,
        o.Competitors, o.NextStep, o.SourceLeadId, o.StageId, o.StageEnteredAt, o.CloseReason, o.ClosedAt);

    public void RestoreTo(Opportunity o)
    {
        (o.Name, o.Currency, o.AmountMinor, o.ContactId, o.OwnerId, o.ExpectedCloseDate) = (Name, Currency, AmountMinor, ContactId, OwnerId, ExpectedCloseDate);
        (o.ProbabilityOverride, o.Probability, o.ForecastCategory, o.Competitors, o.NextStep, o.SourceLeadId) =
            (ProbabilityOverride, Probability, ForecastCategory, Competitors, NextStep, SourceLeadId);
        (o.StageId, o.StageEnteredAt, o.CloseReason, o.ClosedAt) = (StageId, StageEnteredAt, CloseReason, ClosedAt);
    }
}
