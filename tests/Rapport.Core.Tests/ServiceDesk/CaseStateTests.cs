using Rapport.Core.ServiceDesk;

namespace Rapport.Core.Tests.ServiceDesk;

/// <summary>The case's own rules for moving between states, without a database.</summary>
public class CaseStateTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    private static Case NewCase() => new() { Number = "CS-2026-00001", Subject = "Printer jams" };

    private static string CodeOf(Action act) => Assert.Single(Assert.Throws<RapportValidationException>(act).Errors).Code;

    [Fact]
    public void A_case_walks_new_open_pending_open_resolved_closed()
    {
        var c = NewCase();
        c.Open();
        c.WaitOnCustomer(Now);
        c.Open();
        c.Resolve("  Replaced the roller ", Now);
        Assert.Equal((CaseStatus.Resolved, "Replaced the roller", Now), (c.Status, c.ResolutionNote, c.ResolvedAt));
        c.Close(Now.AddDays(1));
        Assert.Equal((CaseStatus.Closed, Now.AddDays(1)), (c.Status, c.ClosedAt));
    }

    [Theory]
    [InlineData(CaseStatus.New, "close")]
    [InlineData(CaseStatus.New, "reopen")]
    [InlineData(CaseStatus.Open, "open")]
    [InlineData(CaseStatus.PendingCustomer, "wait")]
    [InlineData(CaseStatus.Resolved, "resolve")]
    [InlineData(CaseStatus.Resolved, "wait")]
    [InlineData(CaseStatus.Closed, "close")]
    [InlineData(CaseStatus.Closed, "open")]
    public void A_move_its_state_does_not_allow_is_refused_and_changes_nothing(CaseStatus from, string move)
    {
        var c = NewCase();
        switch (from)
        {
            case CaseStatus.Open: c.Open(); break;
            case CaseStatus.PendingCustomer: c.WaitOnCustomer(Now); break;
            case CaseStatus.Resolved: c.Resolve(null, Now); break;
            case CaseStatus.Closed: c.Resolve(null, Now); c.Close(Now); break;
        }
        Action act = move switch
        {
            "open" => c.Open,
            "wait" => () => c.WaitOnCustomer(Now),
            "resolve" => () => c.Resolve(null, Now),
            "close" => () => c.Close(Now),
            _ => () => c.Reopen(Now, Window),
        };
        Assert.Equal("Validation.CaseTransition", CodeOf(act));
        Assert.Equal(from, c.Status);
    }

    [Fact]
    public void A_resolved_or_closed_case_reopens_within_the_window_only()
    {
        var c = NewCase();
        c.Resolve(null, Now);
        c.Reopen(Now.AddDays(14), Window);
        Assert.Equal((CaseStatus.Open, null, null), (c.Status, c.ResolvedAt, c.ClosedAt));

        c.Resolve(null, Now);
        c.Close(Now.AddDays(1));
        Assert.Equal("Validation.CaseReopenWindow", CodeOf(() => c.Reopen(Now.AddDays(14).AddMinutes(1), Window)));
        Assert.Equal(CaseStatus.Closed, c.Status);
    }

    [Fact]
    public void A_merged_duplicate_is_closed_and_can_be_neither_reopened_nor_merged_again()
    {
        var (duplicate, target, other) = (NewCase(), NewCase(), NewCase());
        duplicate.Open();
        duplicate.MergeInto(target, Now);
        Assert.Equal((CaseStatus.Closed, target.Id, Now), (duplicate.Status, duplicate.MergedIntoId, duplicate.ClosedAt));
        Assert.Equal("Validation.CaseMerged", CodeOf(() => duplicate.Reopen(Now, Window)));
        Assert.Equal("Validation.CaseMerged", CodeOf(() => duplicate.MergeInto(other, Now)));
        Assert.Equal("Validation.CaseMerged", CodeOf(() => other.MergeInto(duplicate, Now)));
        Assert.Equal("Validation.CaseMergeSelf", CodeOf(() => target.MergeInto(target, Now)));
    }

    [Fact]
    public void The_first_public_reply_is_kept_and_opens_a_new_case()
    {
        var c = NewCase();
        c.Responded(Now);
        c.Responded(Now.AddHours(1));
        Assert.Equal((CaseStatus.Open, Now), (c.Status, c.FirstResponseAt));
    }

    [Fact]
    public void Queue_order_puts_due_cases_first_by_time_then_the_more_urgent()
    {
        var keys = new[]
        {
            Case.OrderKey(null, CasePriority.Urgent),
            Case.OrderKey(Now.AddHours(2), CasePriority.Low),
            Case.OrderKey(Now.AddHours(1), CasePriority.Low),
            Case.OrderKey(null, CasePriority.Low),
            Case.OrderKey(Now.AddHours(1), CasePriority.Urgent),
        };
        Assert.Equal([4, 2, 1, 0, 3], keys.Select((k, i) => (k, i)).OrderBy(x => x.k, StringComparer.Ordinal).Select(x => x.i));
    }
}
