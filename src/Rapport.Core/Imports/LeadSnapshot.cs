using Rapport.Core.Leads;

namespace Rapport.Core.Imports;

/// <summary>A lead as an import found it before updating it: every column the import can change (the email and phone
/// as stored), so an undo puts back exactly what was there.</summary>
public sealed record LeadSnapshot(
    string Name, string? Company, string? CompanyKey, string? Title, string? Email, string? Phone, string? Source, string? Industry,
    string? Region, string? Country, string? City, string? Notes, Guid? OwnerId, LeadStatus Status, string? DisqualifyReason,
    int Score, List<LeadSnapshot.Part> Parts)
{
    public sealed record Part(string Rule, string? Value, int Points);

    public static LeadSnapshot Of(Lead l) => new(
        l.Name, l.Company, l.CompanyKey, l.Title, l.Email, l.Phone, l.Source, l.Industry, l.Region, l.Country, l.City, l.Notes,
        l.OwnerId, l.Status, l.DisqualifyReason, l.Score, [.. l.ScoreParts.Select(p => new Part(p.Rule, p.Value, p.Points))]);

    /// <summary>The lead as the request that would recreate it.</summary>
    public LeadInput Input => new()
    {
        Name = Name, Company = Company, Title = Title, Email = Email, Phone = Phone, Source = Source, Industry = Industry,
        Region = Region, Country = Country, City = City, Notes = Notes, OwnerId = OwnerId,
    };

    /// <summary>Puts the values back; the status, set only by the lead's own transitions, is put back by the caller.</summary>
    public void RestoreTo(Lead l)
    {
        LeadService.Apply(l, new NormalizedLead(Name, Company, CompanyKey, Title, Email, Phone, Source, Industry, Region, Country, City, Notes));
        l.OwnerId = OwnerId;
        l.Score = Score;
        l.ScoreParts = [.. Parts.Select(p => new ScorePart { Rule = p.Rule, Value = p.Value, Points = p.Points })];
    }
}
