namespace Rapport.Core.Identity;

/// <summary>One signed-in browser session. Its id travels in the session cookie and is looked up on every request,
/// so deleting the row ends the session at once on every app node.</summary>
public sealed class UserSession
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public DateTime CreatedAt { get; init; }
}
