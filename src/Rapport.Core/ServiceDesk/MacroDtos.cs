namespace Rapport.Core.ServiceDesk;

public sealed record MacroInput(string? Name, string? Body, string? Language = "en", bool Active = true);

public sealed record MacroDto(Guid Id, string Name, string Body, string Language, bool Active, long Version);

/// <summary>A macro's body with its placeholders filled for one case.</summary>
public sealed record MacroRendered(Guid MacroId, Guid CaseId, string Body);
