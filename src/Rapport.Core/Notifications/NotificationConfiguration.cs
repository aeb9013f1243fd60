using Rapport.Core.Identity;

namespace Rapport.Core.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.Property(n => n.TextKey).HasMaxLength(Notification.KeyMax);
        b.Property(n => n.ArgsJson).HasMaxLength(Notification.ArgsMax);
        b.Property(n => n.Link).HasMaxLength(Notification.LinkMax);
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // "My unread, newest first" (ReadAt null) and "my read ones" are each one range of this index, paged by keyset.
        b.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt, n.Id });
        // The retention job deletes old read notifications by age.
        b.HasIndex(n => n.CreatedAt);
    }
}
