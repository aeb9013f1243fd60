namespace Rapport.Core.ServiceDesk;

/// <summary>A canned response in one language, with Liquid placeholders such as <c>{{ customer.name }}</c>.</summary>
public sealed class Macro : AuditedEntity
{
    public const int NameMax = 100;
    public const int BodyMax = 10_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Body { get; set; }
    /// <summary><c>en</c> or <c>zh-CN</c>.</summary>
    public required string Language { get; set; }
    public bool Active { get; set; } = true;
}
