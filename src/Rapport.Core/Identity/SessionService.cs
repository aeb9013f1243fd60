namespace Rapport.Core.Identity;

/// <summary>Server-side sessions: a row per signed-in browser, checked by primary key on every request. Signing out
/// deletes the row; "sign out everywhere", a password change, suspension and offboarding delete all of a user's rows.
/// Nothing is cached, so an ended session is refused at once by every node sharing the database.</summary>
public sealed class SessionService(RapportDbContext db, TimeProvider clock)
{
    /// <summary>The claim in the session cookie that names its <see cref="UserSession"/>.</summary>
    public const string ClaimType = "rapport.sid";

    /// <summary>Starts a session; the user's sessions older than <paramref name="lifetime"/> go at the same time, so
    /// the table holds little more than the live sessions.</summary>
    public async Task<Guid> StartAsync(Guid userId, TimeSpan lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now - lifetime;
        await db.UserSessions.Where(s => s.UserId == userId && s.CreatedAt < expired).ExecuteDeleteAsync(ct);
        var session = new UserSession { UserId = userId, CreatedAt = now };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    public Task<bool> IsLiveAsync(Guid sessionId, Guid userId, CancellationToken ct) =>
        db.UserSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId, ct);

    public Task EndAsync(Guid sessionId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);

    /// <summary>Ends every session of a user.</summary>
    public Task<int> EndAllAsync(Guid userId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
}
