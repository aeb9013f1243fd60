using Microsoft.Extensions.Localization;
using Rapport.Core.Common;
using Rapport.Server;
using Rapport.Server.Components.Common;

namespace Rapport.Components.Tests.Common;

/// <summary>Counted phrases and messages shown away from their form, as a reader sees them.</summary>
public abstract class WordingTests(string culture) : UiContext(culture)
{
    protected IStringLocalizer<SharedResource> T => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    protected string SnackbarAfterRefusal(params FieldError[] errors)
    {
        var feedback = Services.GetRequiredService<Feedback>();
        var ok = feedback.TryAsync(() => throw new RapportValidationException(errors.ToList())).GetAwaiter().GetResult();
        Assert.False(ok);
        return Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars).Message!;
    }
}

public sealed class EnglishWordingTests() : WordingTests("en")
{
    [Fact]
    public void Counts_take_the_singular_for_one_and_name_what_they_count()
    {
        Assert.Equal("1 lead", T.Plural("Ui.TotalLeads", 1));
        Assert.Equal("2 leads", T.Plural("Ui.TotalLeads", 2));
        Assert.Equal("0 opportunities", T.Plural("Ui.TotalDeals", 0));
        Assert.Equal("1 opportunity", T.Plural("Ui.TotalDeals", 1));
        Assert.Equal("1,234 customers", T.Plural("Ui.Total", 1234));
        Assert.Equal("Move 1 customer to the recycle bin?", T.Plural("Ui.ConfirmBulkDelete", 1));
        Assert.Equal("Add the tag \"VIP\" to 3 customers?", T.Plural("Ui.ConfirmBulkAddTag", 3, "VIP"));
    }

    [Fact]
    public void A_refused_stage_move_names_the_missing_field()
    {
        var message = SnackbarAfterRefusal(new FieldError("expectedCloseDate", "Validation.RequiredForStage", "Proposal"));

        Assert.Equal("Expected close: Required before the deal can enter “Proposal”.", message);
    }

    [Fact]
    public void An_amount_out_of_range_asks_for_a_value_not_entries()
    {
        var message = SnackbarAfterRefusal(new FieldError("amount", "Validation.Between", 0.01m, 16810.82m));

        Assert.Equal("Amount: Enter a value between 0.01 and 16810.82.", message);
    }

    [Fact]
    public void Deal_stage_and_contract_title_are_not_the_customer_lifecycle_stage_or_a_job_title()
    {
        Assert.Equal("Stage", T["Field.dealStage"]);
        Assert.Equal("Title", T["Field.contractTitle"]);
    }
}

public sealed class ChineseWordingTests() : WordingTests("zh-CN")
{
    [Fact]
    public void Chinese_has_one_form_and_counts_with_the_right_measure_word()
    {
        Assert.Equal("共 1 条线索", T.Plural("Ui.TotalLeads", 1));
        Assert.Equal("共 2 条线索", T.Plural("Ui.TotalLeads", 2));
        Assert.Equal("共 1 个商机", T.Plural("Ui.TotalDeals", 1));
    }

    [Fact]
    public void A_refused_stage_move_names_the_missing_field_in_chinese()
    {
        var message = SnackbarAfterRefusal(new FieldError("expectedCloseDate", "Validation.RequiredForStage", "方案"));

        Assert.Equal("预计成交日期：商机进入“方案”阶段前必须填写。", message);
    }
}
