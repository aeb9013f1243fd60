namespace Rapport.Core.Sales;

/// <summary>Pipelines and their stages: read by everyone who sees opportunities, defined by holders of
/// <c>opportunities.configure</c>.</summary>
public sealed class PipelineService(RapportDbContext db, ICurrentUser user)
{
    public async Task<IReadOnlyList<PipelineDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesRead);
        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(ct);
        return pipelines.Select(ToDto).ToList();
    }

    public async Task<PipelineDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesRead);
        return ToDto(await LoadAsync(id, ct));
    }

    public async Task<PipelineDto> CreateAsync(PipelineInput input, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesConfigure);
        OpportunityRules.ValidatePipeline(input);
        var pipeline = new Pipeline { Name = input.Name!.Trim() };
        await EnsureNameFreeAsync(pipeline.Name, null, ct);
        ApplyStages(pipeline, input);
        await SetDefaultAsync(pipeline, input.IsDefault || !await db.Pipelines.AnyAsync(ct), ct);
        db.Pipelines.Add(pipeline);
        await db.SaveChangesAsync(ct);
        return ToDto(pipeline);
    }

    public async Task<PipelineDto> UpdateAsync(Guid id, PipelineInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesConfigure);
        OpportunityRules.ValidatePipeline(input);
        var pipeline = await LoadAsync(id, ct, track: true);
        pipeline.ExpectVersion(expectedVersion, "Pipeline", id);
        pipeline.Name = input.Name!.Trim();
        await EnsureNameFreeAsync(pipeline.Name, id, ct);
        var kept = (input.Stages ?? []).Where(s => s.Id is not null).Select(s => s.Id!.Value).ToHashSet();
        var removed = pipeline.Stages.Where(s => !kept.Contains(s.Id)).Select(s => s.Id).ToList();
        if (removed.Count > 0 && await db.Opportunities.IgnoreQueryFilters([QueryFilters.Scope]).AnyAsync(o => removed.Contains(o.StageId), ct))
            throw RapportValidationException.For("stages", "Validation.StageInUse");
        ApplyStages(pipeline, input);
        if (input.IsDefault) await SetDefaultAsync(pipeline, true, ct);
        await db.SaveChangesAsync(ct);
        return ToDto(pipeline);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.OpportunitiesConfigure);
        var pipeline = await LoadAsync(id, ct, track: true);
        pipeline.ExpectVersion(expectedVersion, "Pipeline", id);
        if (pipeline.IsDefault) throw RapportValidationException.For("id", "Validation.DefaultPipeline");
        if (await db.Opportunities.IgnoreQueryFilters([QueryFilters.Scope]).AnyAsync(o => o.PipelineId == id, ct))
            throw RapportValidationException.For("id", "Validation.PipelineInUse");
        db.Pipelines.Remove(pipeline);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Creates the standard pipeline when there is none (first start, as the system).</summary>
    public async Task EnsureDefaultAsync(CancellationToken ct)
    {
        if (await db.Pipelines.AnyAsync(ct)) return;
        await CreateAsync(OpportunityRules.DefaultPipeline, ct);
    }

    internal async Task<Pipeline> LoadAsync(Guid id, CancellationToken ct, bool track = false)
    {
        var query = db.Pipelines.Include(p => p.Stages).Where(p => p.Id == id);
        return await (track ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Pipeline", id);
    }

    /// <summary>Stages in the order given; an existing stage keeps its id (and its deals), a new one gets an id.</summary>
    private void ApplyStages(Pipeline pipeline, PipelineInput input)
    {
        var byId = pipeline.Stages.ToDictionary(s => s.Id);
        var wanted = new List<PipelineStage>();
        foreach (var (s, i) in (input.Stages ?? []).Select((s, i) => (s, i)))
        {
            if (s.Id is not { } sid || !byId.TryGetValue(sid, out var stage))
            {
                stage = new PipelineStage { PipelineId = pipeline.Id, Name = "" };
                db.Add(stage);
            }
            stage.Name = s.Name!.Trim();
            stage.NameZh = TextInput.Clean(s.NameZh);
            stage.Order = i;
            stage.Probability = s.Probability;
            stage.Kind = s.Kind;
            stage.RequiredFields = [.. (s.RequiredFields ?? []).Distinct()];
            wanted.Add(stage);
        }
        foreach (var gone in pipeline.Stages.Except(wanted).ToList()) db.Remove(gone);
        pipeline.Stages.Clear();
        pipeline.Stages.AddRange(wanted);
    }

    private async Task SetDefaultAsync(Pipeline pipeline, bool isDefault, CancellationToken ct)
    {
        if (!isDefault) return;
        await foreach (var other in db.Pipelines.Where(p => p.IsDefault && p.Id != pipeline.Id).AsAsyncEnumerable().WithCancellation(ct))
            other.IsDefault = false;
        pipeline.IsDefault = true;
    }

    private async Task EnsureNameFreeAsync(string name, Guid? except, CancellationToken ct)
    {
        if (await db.Pipelines.AnyAsync(p => p.Name == name && p.Id != except, ct))
            throw RapportValidationException.For("name", "Validation.PipelineNameTaken");
    }

    internal static PipelineDto ToDto(Pipeline p) => new(p.Id, p.Name, p.IsDefault,
        p.Stages.OrderBy(s => s.Order).Select(ToDto).ToList(), p.Version);

    internal static PipelineStageDto ToDto(PipelineStage s) => new(s.Id, s.Name, s.Order, s.Probability, s.Kind, s.RequiredFields, s.NameZh, s.Label);
}
