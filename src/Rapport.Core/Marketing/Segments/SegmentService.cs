using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Core.Customers;
using Rapport.Core.Sales;

namespace Rapport.Core.Marketing.Segments;

/// <summary>Segments: saved rule trees or static lists of customers, shared like reports, sized with a capped count and
/// listed with keyset paging — always inside the reader's record scope. Campaigns read members through
/// <see cref="IAudienceSource"/>.</summary>
public sealed class SegmentService(RapportDbContext db, ICurrentUser user, SettingsService settings, TimeProvider clock) : IAudienceSource
{
    private readonly SharedDefinitions<Segment, SegmentShare> saved = new(db, user, "segments", Permissions.SegmentsRead, Permissions.SegmentsManage);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IReadOnlyList<SegmentSummary>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.SegmentsRead);
        var me = await saved.MeAsync(ct);
        var id = me.Id;
        return await saved.Visible(me).AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new SegmentSummary(s.Id, s.Name, s.Description, s.IsStatic, s.OwnerId == id, s.UpdatedAt)).ToListAsync(ct);
    }

    public async Task<SegmentDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.SegmentsRead);
        var me = await saved.MeAsync(ct);
        return await ToDtoAsync(await saved.FindAsync(me, id, ct), me, ct);
    }

    public async Task<SegmentDto> CreateAsync(SegmentInput input, CancellationToken ct)
    {
        var (segment, me) = await saved.CreateAsync(async owner =>
        {
            var (name, description, rule, ids) = await CheckAsync(input, ct);
            var made = new Segment { Name = name, Description = description, Rule = rule, IsStatic = input.IsStatic, OwnerId = owner.Id };
            made.ReplaceMembers(ids);
            return made;
        }, input.Shares, ct);
        return await ToDtoAsync(segment, me, ct);
    }

    /// <summary>Changes a segment the caller owns or may edit; only the owner changes whom it is shared with.</summary>
    public async Task<SegmentDto> UpdateAsync(Guid id, SegmentInput input, long? expectedVersion, CancellationToken ct)
    {
        var (segment, me) = await saved.UpdateAsync(id, expectedVersion, async s =>
        {
            var (name, description, rule, ids) = await CheckAsync(input, ct);
            (s.Name, s.Description, s.Rule, s.IsStatic) = (name, description, rule, input.IsStatic);
            await db.Entry(s).Collection(x => x.Members).LoadAsync(ct);
            s.ReplaceMembers(ids);
        }, input.Shares, ct);
        return await ToDtoAsync(segment, me, ct);
    }

    /// <summary>Deletes a segment; only its owner may.</summary>
    public Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct) => saved.DeleteAsync(id, expectedVersion, ct);

    /// <summary>An unsaved rule's size (capped, unless <see cref="SegmentPreviewInput.Count"/> is false) and first page of
    /// members, for the builder's live size.</summary>
    public async Task<Page<SegmentMemberDto>> PreviewAsync(SegmentPreviewInput input, CancellationToken ct)
    {
        user.Require(Permissions.SegmentsRead);
        if (input is null) throw RapportValidationException.For("rule", "Validation.Required");
        var size = Keyset.ClampPageSize(input.Limit);
        var predicate = (await CompilerAsync(ct)).Compile(input.Rule);
        return await PageAsync(Processable().Where(predicate), null, size, input.Count ?? true, ct);
    }

    /// <summary>A saved segment's members in the caller's scope, by name; the capped count on the first page unless
    /// <paramref name="count"/> is false.</summary>
    public Task<Page<SegmentMemberDto>> MembersAsync(Guid id, string? after, int? limit, CancellationToken ct) => MembersAsync(id, after, limit, true, ct);

    /// <inheritdoc cref="MembersAsync(Guid, string?, int?, CancellationToken)"/>
    public async Task<Page<SegmentMemberDto>> MembersAsync(Guid id, string? after, int? limit, bool count, CancellationToken ct)
    {
        user.Require(Permissions.SegmentsRead);
        var size = Keyset.ClampPageSize(limit);
        var members = await MembersQueryAsync(id, ct) ?? throw new NotFoundException("Segment", id);
        return await PageAsync(members, after, size, count, ct);
    }

    /// <inheritdoc />
    public async Task<IQueryable<Guid>?> CustomerIdsAsync(Guid audienceId, CancellationToken ct) =>
        await MembersQueryAsync(audienceId, ct) is { } members ? members.Select(c => c.Id) : null;

    private async Task<IQueryable<Customer>?> MembersQueryAsync(Guid id, CancellationToken ct)
    {
        if (!user.HasPermission(Permissions.SegmentsRead)) return null;
        var me = await saved.MeAsync(ct);
        var segment = await saved.Visible(me).AsNoTracking().Where(s => s.Id == id).Select(s => new { s.IsStatic, s.Rule }).FirstOrDefaultAsync(ct);
        if (segment is null) return null;
        if (segment.IsStatic)
        {
            var members = db.SegmentMembers;
            return Processable().Where(c => members.Any(m => m.SegmentId == id && m.CustomerId == c.Id));
        }
        return Processable().Where((await CompilerAsync(ct)).Compile(Read(segment.Rule)));
    }

    /// <summary>The customers a segment may hold: in the caller's scope and not restricted by a subject request (a
    /// restricted customer is stored, not processed: no segment, so no campaign, journey or export from one).</summary>
    private IQueryable<Customer> Processable() => db.Customers.Where(c => !c.ProcessingRestricted);

    /// <summary>How many customers of the name order a page first looks through on SQLite (ADR-047).</summary>
    public const int Window = 10_000;

    private async Task<Page<SegmentMemberDto>> PageAsync(IQueryable<Customer> members, string? after, int size, bool count, CancellationToken ct)
    {
        var rows = db.IsPostgres ? null : await Page(Keyset.Seek(db.Customers.AsNoTracking(), c => c.Name, c => c.Id, false, after, Window - 1)
            .Where(w => members.Any(m => m.Id == w.Id)), null, size).ToListAsync(ct);
        if (rows is null || rows.Count <= size) rows = await Page(members.AsNoTracking(), after, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, r => r.Name, r => r.Id);
        if (after is not null || (!count && next is not null)) return new Page<SegmentMemberDto>(items, next);
        var (total, capped) = next is null ? (items.Count, false) : await Keyset.CappedCountAsync(members, ct);
        return new Page<SegmentMemberDto>(items, next, total, capped);
    }

    /// <summary>A page of members by name. On SQLite it is first sought among the next <see cref="Window"/> customers of
    /// the name order (a walk of the name index that stops at a full page), and only if they hold less than a page is the
    /// planner's own plan run: SQLite knows no value distribution, so for "tier is high" it reads every high-value
    /// customer through the tier index and sorts them all by name (170 ms at 1M) where the walk finds a page in 40.</summary>
    private static IQueryable<SegmentMemberDto> Page(IQueryable<Customer> members, string? after, int size) =>
        Keyset.Seek(members, c => c.Name, c => c.Id, false, after, size)
            .Select(c => new SegmentMemberDto(c.Id, c.Number, c.Name, c.Kind, c.Tier, c.Stage, c.OwnerId));

    private async Task<SegmentRuleCompiler> CompilerAsync(CancellationToken ct) =>
        new(db, clock.GetUtcNow().UtcDateTime, (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency);


    private async Task<SegmentDto> ToDtoAsync(Segment s, Sharer me, CancellationToken ct)
    {
        var id = s.Id;
        var members = db.SegmentMembers;
        var count = s.IsStatic ? await Processable().CountAsync(c => members.Any(m => m.SegmentId == id && m.CustomerId == c.Id), ct) : 0;
        return new SegmentDto(s.Id, s.Name, s.Description, s.Rule is null ? null : Read(s.Rule), s.IsStatic, count, s.OwnerId,
            Sharing.Dtos(s.Shares), me.CanEdit(s.OwnerId, s.Shares), s.Version);
    }

    private static SegmentRule Read(string? json) => json is null ? SegmentRule.All() : JsonSerializer.Deserialize<SegmentRule>(json, Json)!;

    private async Task<(string Name, string? Description, string? Rule, IReadOnlyCollection<Guid> Ids)> CheckAsync(SegmentInput input, CancellationToken ct)
    {
        if (input is null) throw RapportValidationException.For("body", "Validation.Required");
        var errors = new List<FieldError>();
        var name = TextInput.Clean(input.Name);
        var description = TextInput.Clean(input.Description);
        if (string.IsNullOrEmpty(name)) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, Segment.NameMax);
        TextInput.CheckLength(errors, "description", description, Segment.DescriptionMax);
        string? rule = null;
        HashSet<Guid> ids = [];
        if (input.IsStatic)
        {
            ids = [.. input.CustomerIds ?? []];
            if (ids.Count > Segment.MaxStaticMembers) errors.Add(new("customerIds", "Validation.TooMany", Segment.MaxStaticMembers));
        }
        else
        {
            errors.AddRange(SegmentRuleCompiler.Check(input.Rule));
            rule = JsonSerializer.Serialize(input.Rule, Json);
            if (rule.Length > Segment.RuleMax) errors.Add(new("rule", "Validation.TooLong", Segment.RuleMax));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        if (ids.Count > 0)
        {
            // Only customers the caller can see go on a list they make.
            var list = ids.ToList();
            var seen = await db.Customers.Where(c => list.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            var unknown = list.Except(seen).ToList();
            if (unknown.Count > 0) throw RapportValidationException.For("customerIds", "Segment.UnknownCustomer", unknown[0]);
        }
        return (name!, description, rule, ids);
    }
}
