namespace Rapport.Core.ServiceDesk;

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    public void Configure(EntityTypeBuilder<BusinessCalendar> b)
    {
        b.ToTable("BusinessCalendars");
        b.Property(c => c.Name).HasMaxLength(BusinessCalendar.NameMax);
        b.Property(c => c.TimeZoneId).HasMaxLength(64);
        b.Property(c => c.Hours).AsJson();
        b.Property(c => c.Days).AsJson();
        b.HasIndex(c => c.Name).IsUnique();
    }
}
