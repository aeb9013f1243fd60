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
}
