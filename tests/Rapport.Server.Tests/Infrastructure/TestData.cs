namespace Rapport.Server.Tests.Infrastructure;

/// <summary>Values for arrange steps.</summary>
public static class TestData
{
    /// <summary>Eight characters no other test uses, for names, emails and numbers that must not collide.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
