using System.Globalization;
using Rapport.Core.Customers;
using Rapport.Core.Imports;

namespace Rapport.Core.Tests.Imports;

public sealed class ImportValuesTests
{
    [Theory]
    [InlineData("2025/3/1")]
    [InlineData("2025-03-01")]
    [InlineData("2025年3月1日")]
    [InlineData("2025.3.1")]
    [InlineData("２０２５／３／１")]
    [InlineData("2025-03-01 14:30:00")]
    public void Dates_in_the_ways_spreadsheets_write_them_are_read(string raw) =>
        Assert.Equal(new DateOnly(2025, 3, 1), ImportValues.ParseDate(raw));

    [Theory]
    [InlineData("2025/2/30")]
    [InlineData("3/1/2025")]
    [InlineData("next week")]
    public void Impossible_or_ambiguous_dates_are_refused(string raw) => Assert.Null(ImportValues.ParseDate(raw));

    [Theory]
    [InlineData("2026-11-29T05:49:00+08:00", "2026-11-28T21:49:00")]
    [InlineData("2026-11-29T05:49:00.25-05:00", "2026-11-29T10:49:00.25")]
    [InlineData("2026-11-29T05:49:00Z", "2026-11-29T05:49:00")]
    public void A_time_with_its_offset_as_exports_write_it_is_that_instant(string raw, string utc) =>
        Assert.Equal(DateTime.SpecifyKind(DateTime.Parse(utc, CultureInfo.InvariantCulture), DateTimeKind.Utc), ImportValues.ParseInstant(raw));

    [Theory]
    [InlineData("2026-11-29")]
    [InlineData("2026-11-29 05:49")]
    [InlineData("2026-11-29T05:49:00")]
    [InlineData("2026/11/29T05:49:00+08:00")]
    [InlineData("2026-02-30T05:49:00+08:00")]
    public void A_day_or_a_time_without_an_offset_is_not_an_instant(string raw) => Assert.Null(ImportValues.ParseInstant(raw));

    [Fact]
    public void Full_width_characters_become_half_width_and_the_ideographic_space_a_space()
    {
        Assert.Equal("ABC 123@x.cn (北京)", ImportValues.Clean("　ＡＢＣ　１２３＠ｘ．ｃｎ （北京）　"));
        Assert.Null(ImportValues.Clean(" 　 "));
    }

    [Theory]
    [InlineData("高", ValueTier.High)]
    [InlineData("high", ValueTier.High)]
    [InlineData("普通", ValueTier.Medium)]
    [InlineData("Low", ValueTier.Low)]
    public void Tiers_are_read_in_both_languages(string raw, ValueTier expected)
    {
        Assert.True(ImportValues.TryEnum(raw, CustomerImportFields.TierSynonyms, out var tier));
        Assert.Equal(expected, tier);
    }

    [Fact]
    public void A_number_is_not_taken_for_an_enum_position() =>
        Assert.False(ImportValues.TryEnum("1", CustomerImportFields.TierSynonyms, out _));

    [Theory]
    [InlineData("Company Name", "name")]
    [InlineData("E-mail", "email")]
    [InlineData("电子邮件", "email")]
    [InlineData("公司名称", "name")]
    [InlineData("电话", "phone")]
    [InlineData("负责人", "owner")]
    [InlineData("客户等级", "tier")]
    [InlineData("Mobile Phone", "phone")]
    [InlineData("Unrelated", null)]
    public void Headers_map_from_English_and_Chinese(string header, string? field) =>
        Assert.Equal(field, CustomerImportFields.AutoMap([header])[0]);

    [Fact]
    public void Two_phone_columns_both_map_to_phone_but_a_second_name_column_maps_to_nothing() =>
        Assert.Equal(["name", "phone", "phone", null], CustomerImportFields.AutoMap(["客户名称", "手机", "电话", "公司名称"]));

    [Theory]
    [InlineData("1200", "1200")]
    [InlineData("1,200.50", "1200.50")]
    [InlineData("￥1,200.50", "1200.50")]
    [InlineData("１２００元", "1200")]
    [InlineData("RMB 99.9", "99.9")]
    [InlineData("-5", "-5")]
    public void Amounts_are_read_as_spreadsheets_write_them(string raw, string expected)
    {
        Assert.True(ImportValues.TryAmount(raw, out var amount));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), amount);
    }

    [Fact]
    public void A_cell_that_is_no_amount_is_refused_and_a_blank_one_is_none()
    {
        Assert.False(ImportValues.TryAmount("about 5k", out _));
        Assert.True(ImportValues.TryAmount("  ", out var none));
        Assert.Null(none);
    }

    [Theory]
    [InlineData("人民币", "CNY")]
    [InlineData("rmb", "CNY")]
    [InlineData("￥", "CNY")]
    [InlineData("美元", "USD")]
    [InlineData("usd", "USD")]
    [InlineData("港币", "HKD")]
    public void Currencies_are_named_in_both_languages(string raw, string expected) => Assert.Equal(expected, ImportValues.CurrencyOf(raw));

    [Theory]
    [InlineData("电话", InteractionKind.Call)]
    [InlineData("微信", InteractionKind.Chat)]
    [InlineData("拜访", InteractionKind.Visit)]
    [InlineData("Meeting", InteractionKind.Meeting)]
    [InlineData("待办", InteractionKind.Task)]
    public void Interaction_kinds_are_read_in_both_languages(string raw, InteractionKind expected)
    {
        Assert.True(ImportValues.TryEnum(raw, InteractionImportFields.KindSynonyms, out var kind));
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void Chinese_headers_of_deals_interactions_and_products_map_by_themselves()
    {
        Assert.Equal(["name", "customer", "stage", "amount", "currency", "expectedCloseDate", "probability", "owner"],
            OpportunityImportFields.Set.AutoMap(["商机名称", "客户名称", "阶段", "金额", "币种", "预计成交日期", "赢单率", "负责人"]));
        Assert.Equal(["customerNumber", "contact", "kind", "direction", "subject", "content", "occurredAt"],
            InteractionImportFields.Set.AutoMap(["客户编号", "联系人", "互动类型", "方向", "主题", "摘要", "发生时间"]));
        Assert.Equal(["sku", "name", "unitPrice", "currency", "category", "active", null],
            ProductImportFields.Set.AutoMap(["产品编号", "产品名称", "单价", "币种", "类别", "启用", "库存"]));
        Assert.Equal(["sku", "name", "unitPrice"], ProductImportFields.Set.AutoMap(["SKU", "Product Name", "Unit Price"]));
    }
}
