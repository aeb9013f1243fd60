using Microsoft.Extensions.Caching.Memory;
using Rapport.Core.Identity;

namespace Rapport.Core.Preferences;

public sealed record PreferencesDto(string? Culture, string? Theme, string? TimeZone = null);

/// <summary>What to change; a null field is left as it is.</summary>
public sealed record PreferencesInput(string? Culture, string? Theme, string? TimeZone = null);

public sealed record SavedViewInput(string? List, string? Name, string? Query, string? Columns);

public sealed record SavedViewDto(Guid Id, string List, string Name, string Query, string? Columns, DateTime CreatedAt);

/// <summary>A person (as in the owner picker): everyone active, for anyone signed in.</summary>
public sealed record PersonDto(Guid Id, string UserName, string? DisplayName);

/// <summary>A team as pickers show it.</summary>
public sealed record TeamNameDto(Guid Id, string Name);

/// <summary>The signed-in user's own settings: language, theme and saved list views. Nobody reads or changes
/// another user's.</summary>
public sealed class PreferenceService(RapportDbContext db, ICurrentUser user, TimeProvider clock, IMemoryCache cache)
{
    public const int ViewNameMax = 100;
    public const int ViewsPerListMax = 50;
    public static readonly string[] Cultures = ["en", "zh-CN"];
    public static readonly string[] Themes = ["light", "dark"];

    private Guid Me => user.Id ?? throw new ForbiddenException("preferences");

    public async Task<PreferencesDto> GetAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == Me).Select(u => new PreferencesDto(u.Culture, u.Theme, u.TimeZone)).FirstAsync(ct);

    public async Task<PreferencesDto> SetAsync(PreferencesInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (input.Culture is not null && !Cultures.Contains(input.Culture)) errors.Add(new("culture", "Validation.OneOf", string.Join(", ", Cultures)));
        if (input.Theme is not null && input.Theme != "system" && !Themes.Contains(input.Theme)) errors.Add(new("theme", "Validation.OneOf", "light, dark, system"));
        var zone = input.TimeZone is null ? null : TimeZones.Find(input.TimeZone);
        if (input.TimeZone is not null && zone is null) errors.Add(new("timeZone", "Validation.TimeZone"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var me = await db.Users.FirstAsync(u => u.Id == Me, ct);
        if (input.Culture is not null) me.Culture = input.Culture;
        if (input.Theme is not null) me.Theme = input.Theme == "system" ? null : input.Theme;
        if (zone is not null) me.TimeZone = zone.Id;
        await db.SaveChangesAsync(ct);
        cache.Remove(UserTimeZones.CacheKey(Me));
        return new PreferencesDto(me.Culture, me.Theme, me.TimeZone);
    }

    public async Task<IReadOnlyList<SavedViewDto>> ListViewsAsync(string list, CancellationToken ct) =>
        await db.Set<SavedView>().AsNoTracking().Where(v => v.UserId == Me && v.List == list).OrderBy(v => v.Name)
            .Select(v => new SavedViewDto(v.Id, v.List, v.Name, v.Query, v.Columns, v.CreatedAt)).ToListAsync(ct);

    /// <summary>Saves a view; a view of the same name on the same list is replaced.</summary>
    public async Task<SavedViewDto> SaveViewAsync(SavedViewInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        var list = input.List?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        else if (name.Length > ViewNameMax) errors.Add(new("name", "Validation.TooLong", ViewNameMax));
        if (list.Length is 0 or > 50) errors.Add(new("list", "Validation.Required"));
        if (string.IsNullOrWhiteSpace(input.Query) || input.Query.Length > 4000) errors.Add(new("query", "Validation.TooLong", 4000));
        if (input.Columns is { Length: > 1000 }) errors.Add(new("columns", "Validation.TooLong", 1000));
        if (errors.Count > 0) throw new RapportValidationException(errors);

        var view = await db.Set<SavedView>().FirstOrDefaultAsync(v => v.UserId == Me && v.List == list && v.Name == name, ct);
        if (view is null)
        {
            if (await db.Set<SavedView>().CountAsync(v => v.UserId == Me && v.List == list, ct) >= ViewsPerListMax)
                throw RapportValidationException.For("name", "Validation.TooMany", ViewsPerListMax);
            view = new SavedView { UserId = Me, List = list, Name = name, Query = input.Query!, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Add(view);
        }
        view.Query = input.Query!;
        view.Columns = input.Columns;
        await db.SaveChangesAsync(ct);
        return new SavedViewDto(view.Id, view.List, view.Name, view.Query, view.Columns, view.CreatedAt);
    }

    public async Task DeleteViewAsync(Guid id, CancellationToken ct)
    {
        var n = await db.Set<SavedView>().Where(v => v.Id == id && v.UserId == Me).ExecuteDeleteAsync(ct);
        if (n == 0) throw new NotFoundException("SavedView", id);
    }

    /// <summary>Active users, by name, for owner pickers and filters (at most 1,000).</summary>
    public async Task<IReadOnlyList<PersonDto>> PeopleAsync(CancellationToken ct)
    {
        if (user.Id is null) throw new ForbiddenException("people");
        return await db.Users.AsNoTracking().Where(u => u.Status == UserStatus.Active)
            .OrderBy(NameCollation.Of<AppUser>(db.IsPostgres, u => u.DisplayName ?? u.UserName!)).Take(1000)
            .Select(u => new PersonDto(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>Every team by name, for filters such as "this team's deals" (names only; managing teams needs users.manage).</summary>
    public async Task<IReadOnlyList<TeamNameDto>> TeamsAsync(CancellationToken ct)
    {
        if (user.Id is null) throw new ForbiddenException("teams");
        return await db.Teams.AsNoTracking().OrderBy(t => t.Path).Take(1000).Select(t => new TeamNameDto(t.Id, t.Name)).ToListAsync(ct);
    }
}
