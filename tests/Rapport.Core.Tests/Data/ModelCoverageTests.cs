using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Rapport.Core.Audit;
using Rapport.Core.Data;
using Rapport.Core.Tests.Infrastructure;

namespace Rapport.Core.Tests.Data;

/// <summary>Adding an entity cannot silently leave it unaudited or visible to everyone: each one is audited or says
/// why not, and is record-scoped or says why not.</summary>
public sealed class ModelCoverageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<IEntityType>> EntitiesAsync()
    {
        await using var memory = await SqliteMemoryDb.CreateAsync(Ct);
        return memory.Db.Model.GetEntityTypes().Where(e => !e.IsOwned() && !e.HasSharedClrType).ToList();
    }

    [Fact]
    public async Task Every_entity_is_audited_or_exempted_with_a_reason()
    {
        var forgotten = (await EntitiesAsync())
            .Where(e => !AuditInterceptor.IsAudited(e.ClrType) && !AuditInterceptor.NotAudited.ContainsKey(e.ClrType))
            .Select(e => e.ClrType.Name).ToList();

        Assert.Empty(forgotten);
        Assert.All(AuditInterceptor.NotAudited, x => Assert.False(AuditInterceptor.IsAudited(x.Key), $"{x.Key.Name} is audited and exempted"));
    }

    [Fact]
    public async Task Every_entity_is_record_scoped_or_exempted_with_a_reason()
    {
        var entities = await EntitiesAsync();
        var scoped = RecordScopes.Scoped.Select(s => s.Type).ToHashSet();

        Assert.Empty(entities.Where(e => !scoped.Contains(e.ClrType) && !RecordScopes.Unscoped.ContainsKey(e.ClrType)).Select(e => e.ClrType.Name));
        Assert.Empty(scoped.Intersect(RecordScopes.Unscoped.Keys));
        Assert.All(RecordScopes.Unscoped.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        // And the table really reaches the model: each scoped entity carries the named Scope filter.
        Assert.All(entities.Where(e => scoped.Contains(e.ClrType)),
            e => Assert.Contains(e.GetDeclaredQueryFilters(), f => f.Key == QueryFilters.Scope));
    }

    [Fact]
    public async Task Keys_made_in_code_are_never_generated_by_the_database_or_by_ef()
    {
        var generated = (await EntitiesAsync())
            .Where(e => e.ClrType.Assembly == typeof(RapportDbContext).Assembly)
            .SelectMany(e => e.FindPrimaryKey()!.Properties.Where(p => p.ClrType == typeof(Guid) && p.ValueGenerated != ValueGenerated.Never)
                .Select(p => e.ClrType.Name + "." + p.Name))
            .ToList();

        Assert.Empty(generated);
    }
}
