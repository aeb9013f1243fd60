namespace Rapport.Core.Quality;

/// <summary>A contact's blocking keys (<see cref="MatchKeys"/>), kept as shadow columns on the contact row by
/// <see cref="MatchKeyInterceptor"/> on every save and indexed: the normalised name (compared within one customer) and
/// the first email and phone (compared across customers). A contact's further emails and phones are not keys: a
/// person is nearly always entered with the same first address twice, and one key column each keeps every block an
/// index seek.</summary>
internal sealed class ContactMatchConfiguration : IEntityTypeConfiguration<Customers.Contact>
{
    public const string MatchName = "MatchName";
    public const string MatchEmail = "MatchEmail";
    public const string MatchPhone = "MatchPhone";

    public void Configure(EntityTypeBuilder<Customers.Contact> b)
    {
        b.Property<string>(MatchName).HasMaxLength(MatchKeys.KeyMax);
        b.Property<string>(MatchEmail).HasMaxLength(320);
        b.Property<string>(MatchPhone).HasMaxLength(40);
        b.HasIndex("CustomerId", MatchName);
        b.HasIndex(MatchEmail);
        b.HasIndex(MatchPhone);
    }
}
