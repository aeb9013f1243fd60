namespace Rapport.Core.Marketing.Journeys;

/// <summary>What a step does: send an email, wait, branch on the last email, create a task, add or remove a tag, end.</summary>
public enum JourneyStepKind { Email, Wait, Branch, Task, AddTag, RemoveTag, End }

/// <summary>What a branch asks of the member's last journey email: was it opened, was a link clicked.</summary>
public enum JourneyCondition { Opened, Clicked }

/// <summary>One step of a journey, numbered from 1 in order. An email step's content is a campaign template (Liquid,
/// English and Chinese); when the journey is first activated it gets a campaign of its own, so its sends, opens and
/// clicks are tracked and counted like any campaign's.</summary>
public sealed class JourneyStep
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid JourneyId { get; init; }
    public int Number { get; set; }
    public JourneyStepKind Kind { get; set; }

    public string? FromName { get; set; }
    public string? Subject { get; set; }
    public string? SubjectZh { get; set; }
    public string? Html { get; set; }
    public string? HtmlZh { get; set; }
    public string? Text { get; set; }
    public string? TextZh { get; set; }
    /// <summary>The campaign that carries this email step's messages (made on the first activation).</summary>
    public Guid? CampaignId { get; set; }

    public int? WaitHours { get; set; }

    public JourneyCondition? Condition { get; set; }
    /// <summary>The step to go to when the condition holds, and when it does not (numbers after this one).</summary>
    public int? Then { get; set; }
    public int? Else { get; set; }

    public string? TaskSubject { get; set; }
    public int? TaskDueDays { get; set; }

    public string? Tag { get; set; }

    public const int TaskSubjectMax = 200;
    public const int TagMax = 50;
    public const int WaitHoursMax = 24 * 365;
}
