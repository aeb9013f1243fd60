namespace Rapport.Core.Quality;

/// <summary>A contact's blocking keys (<see cref="MatchKeys"/>), kept as shadow columns on the contact row by
/// <see cref="MatchKeyInterceptor"/> on every save and indexed: the normalised name (compared within one customer) and
/// the first email and phone (compared across customers). A contact's further emails and phones are keys too, read from
/// its lists by the scan and matched against these columns and each other (<see cref="DuplicateScan"/>).</summary>
internal sealed class ContactMatchConfiguration : IEntityTypeConfiguration<Customers.Contact>
{
    public const string MatchName = "MatchName";
    public const string MatchEmail = "MatchEmail";
    public const string MatchPhone = "MatchPhone";
    /// <summary>The longest email or phone that is a key (an over-long value cannot equal a normal one anyway).</summary>
    public const int EmailMax = 320;
    public const int PhoneMax = 40;

    public void Configure(EntityTypeBuilder<Customers.Contact> b)
    {
        b.Property<string>(MatchName).HasMaxLength(MatchKeys.KeyMax);
        b.Property<string>(MatchEmail).HasMaxLength(EmailMax);
        b.Property<string>(MatchPhone).HasMaxLength(PhoneMax);
        b.HasIndex("CustomerId", MatchName);
        b.HasIndex(MatchEmail);
        b.HasIndex(MatchPhone);
    }
}
