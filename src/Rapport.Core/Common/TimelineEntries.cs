namespace Rapport.Core.Common;

/// <summary>The subject and content of anything logged on a timeline: an interaction, a lead's activity (and later a
/// case's conversation).</summary>
public static class TimelineEntries
{
    public const int SubjectMax = 300;
    public const int ContentMax = 20000;

    /// <summary>The subject (required) and content of anything logged on a timeline: an interaction, a lead's activity.
    /// Returns the trimmed subject.</summary>
    public static string Check(List<FieldError> errors, string? subject, string? content)
    {
        var s = subject?.Trim() ?? "";
        if (s.Length == 0) errors.Add(new("subject", "Validation.Required"));
        TextInput.CheckLength(errors, "subject", s, SubjectMax);
        TextInput.CheckLength(errors, "content", content, ContentMax);
        return s;
    }
}
