using Rapport.Core.Audit;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>Asserts on the audit log's hash chain.</summary>
public static class AuditChainAssertions
{
    /// <summary>Seals the entries waiting to be chained and asserts that the whole chain verifies (failing with the reason
    /// it does not).</summary>
    public static async Task ShouldVerifyAuditChainAsync(this RapportApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<AuditChain>();
        await chain.ChainPendingAsync(Ct);
        var verified = await chain.VerifyAsync(Ct);
        Assert.True(verified.Ok, verified.Reason);
    }
}
