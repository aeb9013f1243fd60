namespace Rapport.Core.Quality;

/// <summary>The customer's name blocking keys (<see cref="MatchKeys"/>), kept as shadow columns on the customer row
/// by <see cref="MatchKeyInterceptor"/> on every save and indexed, so the scan finds each block with an index seek.</summary>
internal sealed class CustomerMatchConfiguration : IEntityTypeConfiguration<Customers.Customer>
{
    public const string MatchName = "MatchName";
    public const string MatchBlock = "MatchBlock";

    public void Configure(EntityTypeBuilder<Customers.Customer> b)
    {
        b.Property<string>(MatchName).HasMaxLength(MatchKeys.KeyMax);
        b.Property<string>(MatchBlock).HasMaxLength(MatchKeys.KeyMax);
        b.HasIndex(MatchName);
        b.HasIndex(MatchBlock);
    }
}
