using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Rapport.Server.Components.Common;

namespace Rapport.Components.Tests.Common;

/// <summary>The one-line prompt (a saved view's name, a resolution) answers with Enter once something is typed; Enter
/// on an empty line does nothing.</summary>
public sealed class TextPromptTests : UiContext
{
    [Fact]
    public async Task Enter_answers_the_prompt_with_the_typed_text_and_does_nothing_on_an_empty_line()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var asked = provider.InvokeAsync(() => TextPrompt.AskAsync(dialogs, "Save current view…", "View name", null));

        provider.WaitForElement("input").KeyUp(new KeyboardEventArgs { Key = "Enter" });
        Assert.False(asked.IsCompleted);
        Assert.Single(provider.FindAll("input"));

        provider.Find("input").Input("My VIP customers");
        provider.Find("input").KeyUp(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("My VIP customers", await asked.WaitAsync(TimeSpan.FromSeconds(30), Xunit.TestContext.Current.CancellationToken));
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("input")));
    }

    [Fact]
    public async Task What_was_typed_survives_the_dialog_host_setting_the_parameters_again()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var asked = provider.InvokeAsync(() => TextPrompt.AskAsync(dialogs, "Resolve", "Resolution", null));

        provider.WaitForElement("input").Input("Rollers cleaned");
        // The dialog host re-renders its content with the parameters it was opened with (initial text: none).
        var prompt = provider.FindComponent<TextPrompt>();
        await prompt.InvokeAsync(() => prompt.Instance.SetParametersAsync(ParameterView.FromDictionary(
            new Dictionary<string, object?> { [nameof(TextPrompt.Label)] = "Resolution", [nameof(TextPrompt.Text)] = null })));

        var save = provider.FindAll("button").Single(b => b.TextContent.Trim() == "Save");
        Assert.False(save.HasAttribute("disabled"));
        await save.ClickAsync(new MouseEventArgs());
        Assert.Equal("Rollers cleaned", await asked.WaitAsync(TimeSpan.FromSeconds(30), Xunit.TestContext.Current.CancellationToken));
    }
}
