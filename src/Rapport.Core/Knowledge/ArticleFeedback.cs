namespace Rapport.Core.Knowledge;

/// <summary>One "was this helpful?" answer: from a signed-in user or an anonymous visitor (identified only by a
/// hash of their session cookie), once per article each; optionally with a comment and the case it helped with.</summary>
public sealed class ArticleFeedback
{
    public const int CommentMax = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ArticleId { get; init; }
    public Guid? UserId { get; init; }
    /// <summary><c>u:&lt;user id&gt;</c> or <c>v:&lt;hash of the visitor's session&gt;</c>: one answer per voter and article.</summary>
    public required string Voter { get; init; }
    public bool Helpful { get; init; }
    public string? Comment { get; init; }
    public Guid? CaseId { get; init; }
    public DateTime CreatedAt { get; init; }
}
