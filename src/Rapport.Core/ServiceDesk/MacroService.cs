using Fluid;

namespace Rapport.Core.ServiceDesk;

/// <summary>Canned responses: kept by the desk's administrators (cases.admin), listed and rendered for a case by
/// agents. Bodies are Liquid templates (Fluid) over a fixed model — <c>customer.name</c>, <c>customer.number</c>,
/// <c>contact.name</c>, <c>case.number</c>, <c>case.subject</c>, <c>agent.name</c> — so a template reaches nothing else.</summary>
public sealed class MacroService(RapportDbContext db, ICurrentUser user)
{
    /// <summary>The languages a macro may be written in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "zh-CN"];

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 10 };

    /// <summary>The macros, by name; only one language's when <paramref name="language"/> is given, only active ones
    /// unless <paramref name="all"/>.</summary>
    public async Task<IReadOnlyList<MacroDto>> ListAsync(string? language, bool all, CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        var q = db.Macros.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(language)) q = q.Where(m => m.Language == language);
        if (!all) q = q.Where(m => m.Active);
        return await q.OrderBy(m => m.Language).ThenBy(m => m.Name).Select(m => new MacroDto(m.Id, m.Name, m.Body, m.Language, m.Active, m.Version)).ToListAsync(ct);
    }

    public async Task<MacroDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.CasesRead);
        return ToDto(await FindAsync(id, ct));
    }

    public async Task<MacroDto> CreateAsync(MacroInput input, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var (name, body, language) = await ValidateAsync(null, input, ct);
        var m = new Macro { Name = name, Body = body, Language = language, Active = input.Active };
        db.Macros.Add(m);
        await db.SaveChangesAsync(ct);
        return ToDto(m);
    }

    public async Task<MacroDto> UpdateAsync(Guid id, MacroInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var m = await FindAsync(id, ct);
        m.ExpectVersion(expectedVersion, "Macro", id);
        (m.Name, m.Body, m.Language) = await ValidateAsync(id, input, ct);
        m.Active = input.Active;
        await db.SaveChangesAsync(ct);
        return ToDto(m);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.CasesAdmin);
        var m = await FindAsync(id, ct);
        m.ExpectVersion(expectedVersion, "Macro", id);
        db.Macros.Remove(m);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The macro's body with the case's customer, contact, number and the calling agent filled in.</summary>
    public async Task<MacroRendered> RenderAsync(Guid caseId, Guid macroId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new { x.Number, x.Subject, Customer = x.Customer!.Name, CustomerNumber = x.Customer!.Number, x.ContactId })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Case", caseId);
        user.Require(Permissions.CasesRead);
        var m = await FindAsync(macroId, ct);
        var contact = c.ContactId is { } id ? await db.Contacts.Where(x => x.Id == id).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var agent = await db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName ?? u.UserName).FirstOrDefaultAsync(ct);
        var context = new TemplateContext(Options);
        context.SetValue("customer", new Dictionary<string, object?> { ["name"] = c.Customer, ["number"] = c.CustomerNumber });
        context.SetValue("contact", new Dictionary<string, object?> { ["name"] = contact ?? c.Customer });
        context.SetValue("case", new Dictionary<string, object?> { ["number"] = c.Number, ["subject"] = c.Subject });
        context.SetValue("agent", new Dictionary<string, object?> { ["name"] = agent ?? "" });
        var template = Parser.Parse(m.Body);
        return new MacroRendered(m.Id, caseId, await template.RenderAsync(context, NullEncoder.Default));
    }

    private async Task<(string Name, string Body, string Language)> ValidateAsync(Guid? id, MacroInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, Macro.NameMax);
        var body = input.Body?.Trim() ?? "";
        if (body.Length == 0) errors.Add(new("body", "Validation.Required"));
        TextInput.CheckLength(errors, "body", body, Macro.BodyMax);
        if (body.Length > 0 && !Parser.TryParse(body, out _, out _)) errors.Add(new("body", "Validation.MacroTemplate"));
        var language = Languages.FirstOrDefault(l => string.Equals(l, input.Language?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (language is null) errors.Add(new("language", "Validation.MacroLanguage"));
        else if (await db.Macros.AnyAsync(m => m.Language == language && m.Name == name && m.Id != id, ct)) errors.Add(new("name", "Validation.NameTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (name, body, language!);
    }

    private async Task<Macro> FindAsync(Guid id, CancellationToken ct) =>
        await db.Macros.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("Macro", id);

    private static MacroDto ToDto(Macro m) => new(m.Id, m.Name, m.Body, m.Language, m.Active, m.Version);
}
