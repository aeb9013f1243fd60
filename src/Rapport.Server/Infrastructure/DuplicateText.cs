namespace Rapport.Server.Infrastructure;

/// <summary>The one wording of a duplicate outside the caller's scope, for the API's problem details and the UI.</summary>
internal static class DuplicateText
{
    /// <summary>"A customer with this phone already exists, owned by another team — ask Wang Fang to share it."</summary>
    public static string Message(IStringLocalizer text, DuplicateElsewhere d) =>
        text[$"Duplicate.Elsewhere.{d.Kind}", text[$"Duplicate.On.{d.MatchedOn}"].Value, d.OwnerName].Value;
}
