using Rapport.Core.Operations;
using Rapport.Server.Operations;

namespace Rapport.Components.Tests.Operations;

/// <summary>A change read field by field: before struck through, after beside it, lists as removed and added.</summary>
public class AuditChangeTableTests : UiContext
{
    [Fact]
    public void Shows_each_field_before_and_after_and_a_dash_for_nothing()
    {
        var table = Render<AuditChangeTable>(p => p.Add(c => c.Changes,
            [new FieldChange("name", "Acme", "Acme Ltd"), new FieldChange("tags", null, "vip", List: true)]));

        var name = table.Find("tr[data-field=name]");
        Assert.Contains("Acme", name.QuerySelector(".diff-before")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("line-through", name.QuerySelector(".diff-before span")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("Acme Ltd", name.QuerySelector(".diff-after")!.TextContent, StringComparison.Ordinal);
        var tags = table.Find("tr[data-field=tags]");
        Assert.Equal("—", tags.QuerySelector(".diff-before")!.TextContent.Trim());
        Assert.Contains("Added:", tags.QuerySelector(".diff-after")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_so_when_nothing_was_recorded_in_chinese_too()
    {
        using var zh = new ChineseContext();
        Assert.Contains("未记录字段值", zh.Render<AuditChangeTable>(p => p.Add(c => c.Changes, [])).Find("[data-testid=no-changes]").TextContent, StringComparison.Ordinal);
    }

    private sealed class ChineseContext() : UiContext("zh-CN");
}
