using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Privacy;

namespace Rapport.Core.Quality;

/// <summary>Merges a duplicate customer, contact or lead into another of its kind and undoes a merge. Every row that
/// points at the loser (found in the model, so a new module's table is never forgotten) moves to the survivor with one
/// UPDATE per table; a customer loser goes to the recycle bin, a contact loser is deleted (kept whole on the merge),
/// a lead loser is disqualified as merged; a <see cref="CustomerMerge"/> of that kind keeps what moved and the
/// survivor's former values. Contacts and leads are in MergeService.People.cs.</summary>
public sealed partial class MergeService(RapportDbContext db, ICurrentUser user, TimeProvider clock, AuditTrail audit, PiiProtector pii,
    CustomerService customers, SettingsService settings, IOptions<CustomerOptions> customerOptions)
{
    /// <summary>The fields a merge can take from the loser.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["name", "kind", "industry", "source", "owner", "tier", "stage", "notes", "addresses", "nationalId", "bankAccount", "dateOfBirth"];

    private static readonly string[] PiiFields = ["nationalId", "bankAccount", "dateOfBirth"];
    private const string Channels = nameof(CustomerChannel);
    private const string Tags = nameof(CustomerTag);
    private const int Chunk = 500;

    public async Task<CustomerMergeDto> MergeAsync(Guid survivorId, MergeInput input, long? expectedVersion, CancellationToken ct)
    {
        var (survivor, loser) = await BothAsync(db.Customers, db.Customers, survivorId, input, expectedVersion, ct);
        var take = Chosen(input, Fields);
        if (take.Contains("owner")) user.RequireToAssign(Permissions.CustomersAssign, loser.OwnerId, survivor.OwnerId);
        if (take.Intersect(PiiFields).Any()) user.Require(Permissions.PiiReveal);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = Snapshot.Of(survivor);
        var moved = await MoveAllAsync(ChildColumns(db.Model), loser.Id, survivor.Id, ct);
        moved[Channels] = await MoveChannelsAsync(loser.Id, survivor.Id, ct);
        moved[Tags] = await MoveTagsAsync(loser.Id, survivor.Id, ct);

        Take(survivor, loser, take);
        var now = clock.GetUtcNow().UtcDateTime;
        loser.SoftDelete(now, user.Id);
        await FreshChannelsAsync(survivor, ct);
        await FreshChannelsAsync(loser, ct);
        var merge = new CustomerMerge
        {
            SurvivorId = survivor.Id, LoserId = loser.Id, Taken = string.Join(',', take),
            SurvivorBefore = JsonSerializer.Serialize(before), Moved = JsonSerializer.Serialize(moved),
        };
        return await MergedAsync(tx, merge, moved, now, AuditActions.CustomerMerged, "customer",
            new { merge = merge.Id, loser = loser.Id, taken = take, moved = Counts(moved) }, ct);
    }

    /// <summary>Undoes a merge while its loser is in the recycle bin (a contact's or lead's: within the recycle bin's
    /// retention): the rows that moved go back, the loser is restored and the survivor gets back the values it had
    /// before. Rows added to the survivor since stay with it. A merge a subject erasure reached is refused.</summary>
    public async Task<CustomerMergeDto> UndoAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var merge = await user.FindToChangeAsync(Reachable(), id, Permissions.QualityMerge, expectedVersion, ct);
        // The subject's data was erased from the merge (and from the records): an undo would bring it back, or restore
        // records from images that no longer exist.
        if (merge.ErasedAt is not null) throw RapportValidationException.For("merge", "Quality.MergeErased");
        if (merge.Kind == DuplicateKind.Contact) return await UndoContactAsync(merge, ct);
        if (merge.Kind == DuplicateKind.Lead) return await UndoLeadAsync(merge, ct);
        MarkUndone(merge);
        var survivor = await db.Customers.FirstAsync(c => c.Id == merge.SurvivorId, ct);
        var loser = await db.Customers.IgnoreQueryFilters([QueryFilters.SoftDelete])
            .FirstOrDefaultAsync(c => c.Id == merge.LoserId && c.DeletedAt != null, ct)
            ?? throw RapportValidationException.For("merge", "Quality.LoserGone");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await MoveAllBackAsync(ChildColumns(db.Model), merge, survivor.Id, loser.Id, ct);
        if (moved.TryGetValue(Channels, out var channels)) await MoveBackAsync(typeof(CustomerChannel), db.Model.FindEntityType(typeof(CustomerChannel))!.FindProperty(nameof(CustomerChannel.CustomerId))!, channels, survivor.Id, loser.Id, ct);
        if (moved.TryGetValue(Tags, out var tags))
            foreach (var part in tags.Chunk(Chunk))
                await db.CustomerTags.Where(t => t.CustomerId == survivor.Id && part.Contains(t.Name))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.CustomerId, loser.Id), ct);

        JsonSerializer.Deserialize<Snapshot>(merge.SurvivorBefore)!.Restore(survivor);
        loser.Restore();
        await FreshChannelsAsync(survivor, ct);
        await FreshChannelsAsync(loser, ct);
        return await UndoneAsync(tx, merge, loser.Id, moved, AuditActions.CustomerMergeUndone, "customer", ct);
    }

    /// <summary>One merge, found through its survivor in the caller's scope.</summary>
    public async Task<CustomerMergeDto> GetAsync(Guid id, CancellationToken ct)
    {
        var m = await user.FindToReadAsync(Reachable(), id, Permissions.QualityRead, ct);
        return ToDto(m, Moved(m));
    }

    // Through the survivor, whatever its kind: the records' own query filters decide (contacts also need customers.read,
    // leads leads.read).
    private IQueryable<CustomerMerge> Reachable()
    {
        var contacts = user.HasPermission(Permissions.CustomersRead);
        var leads = user.HasPermission(Permissions.LeadsRead);
        return db.CustomerMerges.Where(m =>
            (m.Kind == DuplicateKind.Customer && db.Customers.Any(c => c.Id == m.SurvivorId))
            || (contacts && m.Kind == DuplicateKind.Contact && db.Contacts.Any(c => c.Id == m.SurvivorId))
            || (leads && m.Kind == DuplicateKind.Lead && db.Leads.Any(l => l.Id == m.SurvivorId)));
    }

    /// <summary>The survivor and the loser, each found to change in the caller's scope at the version they read, and
    /// not one record.</summary>
    private async Task<(T Survivor, T Loser)> BothAsync<T>(IQueryable<T> survivors, IQueryable<T> losers, Guid survivorId, MergeInput input,
        long? expectedVersion, CancellationToken ct) where T : AuditedEntity
    {
        var survivor = await user.FindToChangeAsync(survivors, survivorId, Permissions.QualityMerge, expectedVersion, ct);
        var loser = await user.FindToChangeAsync(losers, input.LoserId, Permissions.QualityMerge, input.LoserVersion, ct);
        if (input.LoserId == survivorId) throw RapportValidationException.For("loserId", "Quality.MergeSelf");
        return (survivor, loser);
    }

    /// <summary>The fields to take from the loser, each one of <paramref name="fields"/>.</summary>
    private static List<string> Chosen(MergeInput input, IReadOnlyList<string> fields)
    {
        var take = (input.TakeFromLoser ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (take.Any(f => !fields.Contains(f))) throw RapportValidationException.For("takeFromLoser", "Validation.Invalid");
        return take;
    }

    /// <summary>Moves the rows of each of <paramref name="columns"/> that point at <paramref name="from"/> to
    /// <paramref name="to"/>: per kind of row, the keys of those that moved.</summary>
    private async Task<Dictionary<string, List<string>>> MoveAllAsync(IReadOnlyList<(IEntityType Type, IProperty Column)> columns, Guid from, Guid to,
        CancellationToken ct)
    {
        var moved = new Dictionary<string, List<string>>();
        foreach (var (type, column) in columns)
            moved[type.ClrType.Name] = await MoveAsync(type.ClrType, column, from, to, ct);
        return moved;
    }

    /// <summary>Moves back the rows the merge moved (those of <paramref name="columns"/> still on <paramref name="from"/>)
    /// and gives what moved.</summary>
    private async Task<Dictionary<string, List<string>>> MoveAllBackAsync(IReadOnlyList<(IEntityType Type, IProperty Column)> columns, CustomerMerge merge,
        Guid from, Guid to, CancellationToken ct)
    {
        var moved = Moved(merge);
        foreach (var (type, column) in columns)
            if (moved.TryGetValue(type.ClrType.Name, out var keys)) await MoveBackAsync(type.ClrType, column, keys, from, to, ct);
        return moved;
    }

    private static Dictionary<string, List<string>> Moved(CustomerMerge m) => JsonSerializer.Deserialize<Dictionary<string, List<string>>>(m.Moved) ?? [];

    /// <summary>Keeps the merge, marks its pair on the review list merged, saves, audits <paramref name="action"/> on the
    /// survivor and commits.</summary>
    private async Task<CustomerMergeDto> MergedAsync(IDbContextTransaction tx, CustomerMerge merge, Dictionary<string, List<string>> moved, DateTime now,
        string action, string entity, object details, CancellationToken ct)
    {
        db.CustomerMerges.Add(merge);
        (await PairAsync(merge.Kind, merge.SurvivorId, merge.LoserId, ct))?.Merged(now, user.Id);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(action, entity, merge.SurvivorId.ToString(), details, ct);
        await tx.CommitAsync(ct);
        return ToDto(merge, moved);
    }

    /// <summary>Marks the merge undone (once); a contact's or lead's only within the recycle bin's retention.</summary>
    private void MarkUndone(CustomerMerge merge)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        merge.Undo(now, user.Id);
        if (merge.Kind != DuplicateKind.Customer) CheckWithinRetention(merge, now);
    }

    /// <summary>Reopens the merge's pair on the review list, saves, audits <paramref name="action"/> on the survivor and
    /// commits.</summary>
    private async Task<CustomerMergeDto> UndoneAsync(IDbContextTransaction tx, CustomerMerge merge, Guid loserId, Dictionary<string, List<string>> moved,
        string action, string entity, CancellationToken ct)
    {
        (await PairAsync(merge.Kind, merge.SurvivorId, loserId, ct))?.Reopen();
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(action, entity, merge.SurvivorId.ToString(), new { merge = merge.Id, loser = loserId }, ct);
        await tx.CommitAsync(ct);
        return ToDto(merge, moved);
    }

    /// <summary>The review list's pair of these two records, if the scan found one.</summary>
    private async Task<DuplicatePair?> PairAsync(DuplicateKind kind, Guid x, Guid y, CancellationToken ct)
    {
        var (a, b) = DuplicatePair.Order(x, y);
        return await db.DuplicatePairs.FirstOrDefaultAsync(p => p.Kind == kind && p.AId == a && p.BId == b, ct);
    }

    /// <summary>The merges whose survivor is <paramref name="customerId"/> (in the caller's scope), newest first.</summary>
    public async Task<IReadOnlyList<CustomerMergeDto>> ListAsync(Guid customerId, CancellationToken ct)
    {
        await user.FindToReadAsync(db.Customers, customerId, Permissions.QualityRead, ct);
        var merges = await db.CustomerMerges.AsNoTracking().Where(m => m.Kind == DuplicateKind.Customer && m.SurvivorId == customerId)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(Keyset.MaxPageSize).ToListAsync(ct);
        return merges.Select(m => ToDto(m, Moved(m))).ToList();
    }

    /// <summary>Every column outside the customer's own rows that holds a customer id: the model's foreign keys to
    /// Customers and any other CustomerId (a quote's or invoice's copy). Channels and tags are merged apart (a value
    /// both have is kept once), and the duplicate finder's own rows stay as they are. Rows that are facts about the
    /// customer record itself rather than records of their own — keyed by the customer (its classification, its
    /// segment and campaign memberships) or without a Guid id (its classification history) — stay with the loser.</summary>
    internal static IReadOnlyList<(IEntityType Type, IProperty Column)> ChildColumns(IModel model) =>
        ChildColumns(model, typeof(Customer), "CustomerId", [typeof(CustomerChannel), typeof(CustomerTag)]);

    /// <summary>Every column that holds the id of a <paramref name="principal"/> record: a foreign key to it, or a copy
    /// named <paramref name="copy"/>; outside the record's own table, the duplicate finder's rows and the types
    /// <paramref name="apart"/>, in tables keyed by a Guid named Id.</summary>
    internal static IReadOnlyList<(IEntityType Type, IProperty Column)> ChildColumns(IModel model, Type principal, string? copy, Type[] apart)
    {
        Type[] skip = [principal, typeof(DuplicatePair), typeof(CustomerMerge), .. apart];
        return model.GetEntityTypes()
            .Where(t => !t.IsOwned() && !skip.Contains(t.ClrType) && t.FindPrimaryKey() is { Properties: [{ Name: "Id" } id] } && id.ClrType == typeof(Guid))
            .SelectMany(t => t.GetProperties()
                .Where(p => PointsAt(p, principal, copy) && !p.IsKey())
                .Select(p => (Type: t, Column: p)))
            .ToList();
    }

    private static bool PointsAt(IProperty p, Type principal, string? copy) => p.GetContainingForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == principal)
        || (copy is not null && p.Name == copy && (p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?)));

    private Task<List<string>> MoveAsync(Type type, IProperty column, Guid from, Guid to, CancellationToken ct) =>
        (Task<List<string>>)Generic(nameof(MoveRowsAsync), type).Invoke(this, [column.Name, column.IsNullable, from, to, ct])!;

    private Task MoveBackAsync(Type type, IProperty column, List<string> keys, Guid from, Guid to, CancellationToken ct) =>
        (Task)Generic(nameof(MoveRowsBackAsync), type).Invoke(this, [column.Name, column.IsNullable, keys.Select(Guid.Parse).ToList(), from, to, ct])!;

    private static MethodInfo Generic(string name, Type type) =>
        typeof(MergeService).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(type);

    private async Task<List<string>> MoveRowsAsync<T>(string column, bool nullable, Guid from, Guid to, CancellationToken ct) where T : class
    {
        var rows = Pointing<T>(column, nullable, from);
        var ids = await rows.Select(e => EF.Property<Guid>(e, "Id")).ToListAsync(ct);
        if (ids.Count > 0) await Point(rows, column, nullable, to, ct);
        return ids.Select(i => i.ToString()).ToList();
    }

    private async Task MoveRowsBackAsync<T>(string column, bool nullable, List<Guid> ids, Guid from, Guid to, CancellationToken ct) where T : class
    {
        foreach (var part in ids.Chunk(Chunk))
            await Point(Pointing<T>(column, nullable, from).Where(e => part.Contains(EF.Property<Guid>(e, "Id"))), column, nullable, to, ct);
    }

    // Rows of T pointing at one customer, whatever the caller's scope (a merge moves them all).
    private IQueryable<T> Pointing<T>(string column, bool nullable, Guid customerId) where T : class => nullable
        ? db.Set<T>().IgnoreQueryFilters().Where(e => EF.Property<Guid?>(e, column) == customerId)
        : db.Set<T>().IgnoreQueryFilters().Where(e => EF.Property<Guid>(e, column) == customerId);

    private static Task<int> Point<T>(IQueryable<T> rows, string column, bool nullable, Guid to, CancellationToken ct) where T : class => nullable
        ? rows.ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<Guid?>(e, column), to), ct)
        : rows.ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<Guid>(e, column), to), ct);

    /// <summary>The loser's phones, emails and IM handles the survivor does not have yet.</summary>
    private async Task<List<string>> MoveChannelsAsync(Guid from, Guid to, CancellationToken ct)
    {
        var have = (await db.CustomerChannels.Where(c => c.CustomerId == to).Select(c => new { c.Kind, c.Value }).ToListAsync(ct))
            .Select(c => (c.Kind, c.Value)).ToHashSet();
        var ids = (await db.CustomerChannels.Where(c => c.CustomerId == from).Select(c => new { c.Id, c.Kind, c.Value }).ToListAsync(ct))
            .Where(c => !have.Contains((c.Kind, c.Value))).Select(c => c.Id).ToList();
        // The survivor's own first channel of each kind stays primary.
        if (ids.Count > 0) await db.CustomerChannels.Where(c => ids.Contains(c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, to).SetProperty(c => c.IsPrimary, false), ct);
        return ids.Select(i => i.ToString()).ToList();
    }

    /// <summary>The loser's tags the survivor does not have yet.</summary>
    private async Task<List<string>> MoveTagsAsync(Guid from, Guid to, CancellationToken ct)
    {
        var have = await db.CustomerTags.Where(t => t.CustomerId == to).Select(t => t.Name).ToListAsync(ct);
        var names = (await db.CustomerTags.Where(t => t.CustomerId == from).Select(t => t.Name).ToListAsync(ct))
            .Where(n => !have.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (names.Count > 0) await db.CustomerTags.Where(t => t.CustomerId == from && names.Contains(t.Name))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CustomerId, to), ct);
        return names;
    }

    // The search text is made from the channels: load them after the set-based moves (never before, so the tracker
    // holds no stale owner), before the save refreshes it.
    private async Task FreshChannelsAsync(Customer c, CancellationToken ct)
    {
        await db.Entry(c).Collection(x => x.Channels).LoadAsync(ct);
        c.RefreshSearchText();
    }

    private void Take(Customer survivor, Customer loser, List<string> take)
    {
        if (take.Contains("name")) survivor.Name = loser.Name;
        if (take.Contains("kind")) survivor.Kind = loser.Kind;
        if (take.Contains("industry")) survivor.Industry = loser.Industry;
        if (take.Contains("source")) survivor.Source = loser.Source;
        if (take.Contains("owner")) survivor.OwnerId = loser.OwnerId;
        if (take.Contains("tier")) survivor.Tier = loser.Tier;
        if (take.Contains("stage")) survivor.Stage = loser.Stage;
        if (take.Contains("notes")) survivor.Notes = loser.Notes;
        if (take.Contains("addresses")) survivor.Addresses = [.. loser.Addresses.Select(Snapshot.Copy)];
        if (!take.Intersect(PiiFields).Any()) return;
        // Re-encrypted with the primary key, so the row's key id stays true for every sensitive field.
        string? Pick(string field, string? s, string? l) => pii.Unprotect(take.Contains(field) ? l : s);
        var dob = Pick("dateOfBirth", survivor.DateOfBirthCipher, loser.DateOfBirthCipher);
        customers.ApplyPii(survivor, new NormalizedCustomer(survivor.Name, null, [], [], [], [], [],
            Pick("nationalId", survivor.NationalIdCipher, loser.NationalIdCipher),
            Pick("bankAccount", survivor.BankAccountCipher, loser.BankAccountCipher),
            dob is null ? null : DateOnly.ParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    private static Dictionary<string, int> Counts(Dictionary<string, List<string>> moved) =>
        moved.Where(m => m.Value.Count > 0).ToDictionary(m => m.Key, m => m.Value.Count);

    private static CustomerMergeDto ToDto(CustomerMerge m, Dictionary<string, List<string>> moved) => new(
        m.Id, m.SurvivorId, m.LoserId, m.Taken.Split(',', StringSplitOptions.RemoveEmptyEntries), Counts(moved),
        m.CreatedAt, m.CreatedById, m.UndoneAt, m.Version, m.Kind)
    { ErasedAt = m.ErasedAt };

    /// <summary>The survivor's fields a merge may overwrite, as they were.</summary>
    private sealed record Snapshot(
        string Name, CustomerKind Kind, string? Industry, string? Source, Guid? OwnerId, ValueTier Tier, LifecycleStage Stage, string? Notes,
        List<Address> Addresses, string? NationalIdCipher, string? NationalIdBlindIndex, string? BankAccountCipher, string? BankAccountBlindIndex,
        string? DateOfBirthCipher, string? PiiKeyId)
    {
        public static Snapshot Of(Customer c) => new(c.Name, c.Kind, c.Industry, c.Source, c.OwnerId, c.Tier, c.Stage, c.Notes,
            [.. c.Addresses.Select(Copy)], c.NationalIdCipher, c.NationalIdBlindIndex, c.BankAccountCipher, c.BankAccountBlindIndex,
            c.DateOfBirthCipher, c.PiiKeyId);

        public static Address Copy(Address a) => new()
        { Label = a.Label, Country = a.Country, Region = a.Region, City = a.City, Street = a.Street, Postcode = a.Postcode };

        public void Restore(Customer c)
        {
            c.Name = Name; c.Kind = Kind; c.Industry = Industry; c.Source = Source; c.OwnerId = OwnerId; c.Tier = Tier; c.Stage = Stage;
            c.Notes = Notes; c.Addresses = [.. Addresses.Select(Copy)];
            c.NationalIdCipher = NationalIdCipher; c.NationalIdBlindIndex = NationalIdBlindIndex; c.BankAccountCipher = BankAccountCipher;
            c.BankAccountBlindIndex = BankAccountBlindIndex; c.DateOfBirthCipher = DateOfBirthCipher; c.PiiKeyId = PiiKeyId;
        }
    }
}
