using Microsoft.AspNetCore.Components;
using Rapport.Core.Customers;
using Rapport.Core.Notifications;
using Rapport.Server.Components.Layout;

namespace Rapport.Components.Tests.Layout;

/// <summary>The bell of the top bar: it counts unread notifications and overdue tasks, lists both, and a click on an
/// item marks it read and goes where it points; with nothing to show it says so.</summary>
public class NotificationBellTests : UiContext
{
    private static readonly DateTime Now = DateTime.UtcNow;

    public NotificationBellTests() => Services.AddSingleton(TimeProvider.System);

    private static NotificationDto Note(string text, string link, bool read = false) =>
        new(Guid.NewGuid(), NotificationKind.SlaBreach, text, link, Now.AddMinutes(-5), read ? Now : null);

    private static MyTaskDto Task(string subject, DateTime due) => new(Guid.NewGuid(), Guid.NewGuid(), "Acme", subject, due);

    /// <summary>The bell and the popover provider its open menu renders into.</summary>
    private (IRenderedComponent<Notifications> Bell, IRenderedComponent<MudBlazor.MudPopoverProvider> Menu) Bell(IReadOnlyList<NotificationDto> notes,
        IReadOnlyList<MyTaskDto> tasks, List<Guid?> marked)
    {
        var menu = Render<MudBlazor.MudPopoverProvider>();
        return (Render<Notifications>(p => p
            .Add(c => c.LoadNotifications, _ => System.Threading.Tasks.Task.FromResult(new NotificationPage(notes, null, notes.Count(n => n.ReadAt is null))))
            .Add(c => c.LoadTasks, _ => System.Threading.Tasks.Task.FromResult(tasks))
            .Add(c => c.MarkRead, (id, _) =>
            {
                marked.Add(id);
                return System.Threading.Tasks.Task.CompletedTask;
            })), menu);
    }

    /// <summary>Opens the menu as the bell's click does (the activator's JavaScript-side handling is out of bUnit's reach).</summary>
    private static void Open(IRenderedComponent<Notifications> bell)
    {
        var menu = bell.FindComponent<MudBlazor.MudMenu>();
        menu.InvokeAsync(() => menu.Instance.OpenMenuAsync(EventArgs.Empty)).GetAwaiter().GetResult();
    }

    [Fact]
    public void The_badge_counts_unread_notifications_and_overdue_tasks_and_a_click_marks_read_and_navigates()
    {
        var breach = Note("Case CS-1 missed its Resolution target", "/cases/42");
        var marked = new List<Guid?>();
        var (bell, menu) = Bell([breach, Note("Old news", "/cases/7", read: true)],
            [Task("Call back", Now.AddHours(-1)), Task("Send quote", Now.AddDays(1))], marked);

        Assert.Equal("2", bell.Find("[data-testid=notification-count] .mud-badge").TextContent.Trim());

        Open(bell);
        var items = menu.FindAll("[data-testid=notification]");
        Assert.Equal(2, items.Count);
        Assert.Contains("Case CS-1 missed", items[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(2, menu.FindAll("[data-testid=notification-task]").Count);
        items[0].Click();

        Assert.Equal([(Guid?)breach.Id], marked);
        Assert.EndsWith("/cases/42", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_click_navigates_to_its_customer()
    {
        var task = Task("Call back", Now.AddHours(-1));
        var (bell, menu) = Bell([], [task], []);

        Open(bell);
        menu.Find("[data-testid=notification-task]").Click();

        Assert.EndsWith($"/customers/{task.CustomerId}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_to_show_the_bell_has_no_count_and_says_so()
    {
        var (bell, menu) = Bell([], [], []);

        Assert.Empty(bell.FindAll("[data-testid=notification-count] .mud-badge"));
        Open(bell);

        Assert.Equal("Nothing new.", menu.Find("[data-testid=notifications-empty]").TextContent.Trim());
    }
}
