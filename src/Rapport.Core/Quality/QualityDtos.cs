namespace Rapport.Core.Quality;

/// <summary>What a data-quality figure counts; each names the list of records to fix.</summary>
public enum QualityIssue
{
    MissingEmail, MissingPhone, MissingIndustry, MissingSource, MissingAddress, MissingOwner,
    InvalidPhone, InvalidEmail, Untouched, AmountOutlier,
}

/// <summary>One figure: how many records have the issue out of how many were looked at.</summary>
public sealed record QualityFigure(QualityIssue Issue, long Count, long Of);

/// <summary>The outlier threshold for deal amounts in one currency (Q3 + 3·IQR, in major units).</summary>
public sealed record AmountFence(string Currency, decimal Q1, decimal Q3, decimal Above, long Count);

/// <summary>The data-quality page: completeness and validity of the customers in the caller's scope, deal amount
/// outliers per currency, and customers untouched for <see cref="UntouchedMonths"/> months. <see cref="TakenAt"/> is when
/// the snapshot was taken (UTC), or null for figures counted just now over a scoped caller's records.</summary>
public sealed record QualityOverview(long Customers, IReadOnlyList<QualityFigure> Figures, IReadOnlyList<AmountFence> Outliers, int UntouchedMonths,
    DateTime? TakenAt = null);

/// <summary>A record to fix: a customer, or a deal for <see cref="QualityIssue.AmountOutlier"/>.</summary>
public sealed record QualityRecord(Guid Id, string Kind, string Name, string? Number, string? Detail, DateTime CreatedAt);
