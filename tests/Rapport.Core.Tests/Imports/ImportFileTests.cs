using System.Text;
using MiniExcelLibs;
using Rapport.Core.Customers;
using Rapport.Core.Imports;

namespace Rapport.Core.Tests.Imports;

/// <summary>Files as people really save them: Chinese Excel's GBK CSV, UTF-8 with a BOM, European semicolons, UTF-16, xlsx.</summary>
public sealed class ImportFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rapport-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static List<string[]> Read(string path) => [.. ImportFile.Rows(path, ImportFile.Detect(path))];

    [Fact]
    public void A_GBK_file_with_Chinese_headers_is_read_as_GB18030_and_its_columns_map_themselves()
    {
        var text = "客户名称,手机,邮箱,地址,标签,负责人\r\n北京星辰科技有限公司,13800138000,INFO@XINGCHEN.CN,北京市朝阳区建国路88号,重要;华北,admin\r\n";
        var path = Write("gbk.csv", ImportFile.Gb18030.GetBytes(text));

        var shape = ImportFile.Detect(path);
        var rows = Read(path);

        Assert.Equal("gb18030", shape.Encoding);
        Assert.Equal(",", shape.Delimiter);
        Assert.Equal(["客户名称", "手机", "邮箱", "地址", "标签", "负责人"], rows[0]);
        Assert.Equal("北京星辰科技有限公司", rows[1][0]);
        Assert.Equal(["name", "phone", "email", "street", "tags", "owner"], CustomerImportFields.AutoMap(rows[0]));
    }

    [Fact]
    public void UTF8_with_a_BOM_does_not_leak_the_BOM_into_the_first_header()
    {
        var path = Write("bom.csv", [.. new byte[] { 0xEF, 0xBB, 0xBF }, .. Encoding.UTF8.GetBytes("Name,Email\nAcme,a@acme.test\n")]);

        var rows = Read(path);

        Assert.Equal("Name", rows[0][0]);
        Assert.Equal(["name", "email"], CustomerImportFields.AutoMap(rows[0]));
    }

    [Fact]
    public void UTF16_with_a_BOM_is_read()
    {
        var path = Write("utf16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("公司名称\t电话\n上海云帆\t021-12345678\n")]);

        var rows = Read(path);

        Assert.Equal("\t", ImportFile.Detect(path).Delimiter);
        Assert.Equal(["上海云帆", "021-12345678"], rows[1]);
    }

    [Fact]
    public void Semicolons_are_detected_and_quoted_fields_keep_their_semicolons_and_line_breaks()
    {
        var path = Write("semi.csv", Encoding.UTF8.GetBytes("Company;Phone;Notes\n\"Müller; Söhne\";+49 30 1234567;\"line one\nline two\"\nB;1;x\n"));

        var rows = Read(path);

        Assert.Equal(";", ImportFile.Detect(path).Delimiter);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Müller; Söhne", "+49 30 1234567", "line one\nline two"], rows[1]);
    }

    [Fact]
    public void Plain_UTF8_Chinese_is_not_mistaken_for_GBK()
    {
        var path = Write("utf8.csv", Encoding.UTF8.GetBytes("客户名称|电子邮件\n杭州青山|qs@example.cn\n"));

        Assert.Equal("utf-8", ImportFile.Detect(path).Encoding);
        Assert.Equal("|", ImportFile.Detect(path).Delimiter);
        Assert.Equal("杭州青山", Read(path)[1][0]);
    }

    [Fact]
    public void The_first_sheet_of_an_xlsx_is_read_with_dates_as_iso_text()
    {
        var path = Path.Combine(_dir, "customers.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["公司名称"] = "深圳海岸贸易", ["手机"] = "13900139000", ["创建时间"] = new DateTime(2025, 3, 1) },
        });

        var rows = Read(path);

        Assert.Equal("xlsx", ImportFile.Detect(path).Format);
        Assert.Equal(["公司名称", "手机", "创建时间"], rows[0]);
        Assert.Equal(["深圳海岸贸易", "13900139000", "2025-03-01"], rows[1]);
    }

    [Fact]
    public void A_row_read_through_the_mapping_is_the_request_the_customer_API_would_get()
    {
        var row = CustomerImportRow.Read(
            ["  北京星辰科技有限公司 ", "138 0013 8000；139-0013-9000", "ＩＮＦＯ＠ＸＩＮＧＣＨＥＮ．ＣＮ", "北京市朝阳区建国路88号", "重要、华北", "高", "成熟期", "2025年3月1日", "个人"],
            ["name", "phone", "email", "street", "tags", "tier", "stage", "createdAt", "kind"], "China");

        var n = CustomerRules.Validate(row.Input, "CN");

        Assert.Empty(row.Errors);
        Assert.Equal("北京星辰科技有限公司", n.Name);
        Assert.Equal(["+8613800138000", "+8613900139000"], n.Phones);
        Assert.Equal(["info@xingchen.cn"], n.Emails);
        Assert.Equal(("China", "北京市", "北京市朝阳区建国路88号"), (n.Addresses[0].Country, n.Addresses[0].City, n.Addresses[0].Street));
        Assert.Equal(["重要", "华北"], n.Tags);
        Assert.Equal((ValueTier.High, LifecycleStage.Mature, CustomerKind.Individual), (row.Input.Tier, row.Input.Stage, row.Input.Kind));
        Assert.Equal(new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), row.CreatedAt);
    }

    [Fact]
    public void An_unknown_enum_value_or_date_is_a_row_error()
    {
        var row = CustomerImportRow.Read(["Acme", "superb", "someday"], ["name", "tier", "createdAt"], "China");

        Assert.Equal(["tier Validation.Enum", "createdAt Validation.Date"], row.Errors.Select(e => $"{e.Field} {e.Code}"));
    }
}
