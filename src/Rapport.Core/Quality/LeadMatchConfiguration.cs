namespace Rapport.Core.Quality;

/// <summary>A lead's company-and-name blocking key (<see cref="MatchKeys.CompanyAndName"/>), kept as a shadow column
/// by <see cref="MatchKeyInterceptor"/> and indexed; a lead's email and phone are already stored normalised and
/// indexed, and are keys as they are.</summary>
internal sealed class LeadMatchConfiguration : IEntityTypeConfiguration<Leads.Lead>
{
    public const string MatchName = "MatchName";

    public void Configure(EntityTypeBuilder<Leads.Lead> b)
    {
        b.Property<string>(MatchName).HasMaxLength(MatchKeys.KeyMax);
        b.HasIndex(MatchName);
    }
}
