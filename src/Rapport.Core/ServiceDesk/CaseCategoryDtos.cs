namespace Rapport.Core.ServiceDesk;

public sealed record CaseCategoryInput(string? Name, string? NameZh = null, Guid? ParentId = null, int Sort = 0, bool Active = true);

public sealed record CaseCategoryDto(Guid Id, Guid? ParentId, string Name, string? NameZh, int Sort, bool Active, long Version);
