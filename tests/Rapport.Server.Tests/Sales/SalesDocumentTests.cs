using Rapport.Core.Settings;

namespace Rapport.Server.Tests.Sales;

/// <summary>A small PNG and the multipart body the logo endpoint takes.</summary>
public static class CompanyLogoSamples
{
    public static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    public static MultipartFormDataContent Upload(byte[] bytes, string contentType = "image/png") => FileUpload(bytes, "logo.png", contentType);
}

/// <summary>The company profile an administrator fills in, on both databases: what documents print until it is saved
/// (the sales settings' company name), a round trip, and what it refuses. Only one test here saves a profile, so the
/// others see the database as a new installation does.</summary>
public abstract class CompanyProfileTests(RapportApp app)
{
    private const string Url = "/api/v1/admin/settings/company";

    [Fact]
    public async Task The_profile_starts_from_the_sales_company_name_and_round_trips_every_field_and_the_logo()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults with { CompanyName = "Zephyr Trading" })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("Zephyr Trading", (await (await admin.GetAsync(Url, Ct)).ReadAsync<CompanyProfile>()).LegalName);

        var profile = new CompanyProfile("上海星辰贸易有限公司", "上海市浦东新区世纪大道 100 号\r\n20 楼", "91310000MA1FL0XX1X", "+86 21 5555 0100",
            "Billing@Example.CN", "https://example.cn", "招商银行上海分行", "6225 8801 2345 6789", "CMBCCNBS");
        await (await admin.PutJsonAsync(Url, profile)).ShouldBeAsync(HttpStatusCode.OK);
        var read = await (await admin.GetAsync(Url, Ct)).ReadAsync<CompanyProfile>();
        Assert.Equal(profile with { Address = "上海市浦东新区世纪大道 100 号\n20 楼", Email = "billing@example.cn" }, read);

        await (await admin.GetAsync(Url + "/logo", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync(Url + "/logo", CompanyLogoSamples.Upload(CompanyLogoSamples.Png()), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var logo = await admin.GetAsync(Url + "/logo", Ct);
        await logo.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CompanyLogoSamples.Png(), await logo.Content.ReadAsByteArrayAsync(Ct));
        await (await admin.DeleteAsync(Url + "/logo", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync(Url + "/logo", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_profile_without_a_name_or_with_a_bad_email_website_or_address_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var bad = new CompanyProfile(" ", string.Join("\n", Enumerable.Range(1, 6).Select(i => "Line " + i)), Email: "not-an-email", Website: "ftp://example.com",
            TaxId: new string('9', 101));
        var problem = await (await admin.PutJsonAsync(Url, bad)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.Required"], problem.Codes("legalName"));
        Assert.Equal(["Validation.TooManyLines"], problem.Codes("address"));
        Assert.Equal(["Validation.Email"], problem.Codes("email"));
        Assert.Equal(["Validation.Url"], problem.Codes("website"));
        Assert.Equal(["Validation.TooLong"], problem.Codes("taxId"));
    }

    [Fact]
    public async Task A_logo_that_is_not_really_a_png_or_jpeg_or_is_too_large_is_refused_and_only_administrators_may_change_it()
    {
        var admin = await app.AdminClientAsync();
        // Claims to be a PNG, is a script.
        var fake = await admin.PutAsync(Url + "/logo", CompanyLogoSamples.Upload("<script>alert(1)</script>"u8.ToArray()), Ct);
        await fake.ShouldRejectAsync("file", "Validation.LogoType");
        var gif = await admin.PutAsync(Url + "/logo", CompanyLogoSamples.Upload("GIF89a\u0001\u0000\u0001\u0000"u8.ToArray(), "image/gif"), Ct);
        await gif.ShouldRejectAsync("file", "Validation.LogoType");
        var large = CompanyLogoSamples.Png().Concat(new byte[CompanyService.LogoMaxBytes]).ToArray();
        var tooLarge = await admin.PutAsync(Url + "/logo", CompanyLogoSamples.Upload(large), Ct);
        Assert.Contains("512", (await tooLarge.ShouldRejectAsync("file", "Validation.LogoTooLarge")).Messages("file")[0], StringComparison.Ordinal);
        await (await admin.GetAsync(Url + "/logo", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);

        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("logo-" + Unique(), Roles.SalesRepresentative));
        await (await rep.PutAsync(Url + "/logo", CompanyLogoSamples.Upload(CompanyLogoSamples.Png()), Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await rep.PutJsonAsync(Url, new CompanyProfile("Not mine"))).ShouldBeAsync(HttpStatusCode.Forbidden);
    }
}

/// <summary>The documents a company sends, on both databases, read back as a customer's PDF reader would: the seller
/// block, wrapped descriptions, page numbers, totals per tax rate; invoices with what is paid and due.</summary>
public abstract class SalesDocumentTests(RapportApp app)
{
    private static readonly CompanyProfile Seller = new("Northwind Trading Ltd", "1 Harbour Road\nShanghai 200120", "91310000MA1FL0XX1X",
        "+86 21 5555 0100", "billing@northwind.example", null, "China Merchants Bank", "6225880123456789", "CMBCCNBS");

    private async Task<HttpClient> SellerAsync(string language = "en")
    {
        var admin = await app.AdminClientAsync();
        await (await admin.PutJsonAsync("/api/v1/admin/settings/company", Seller)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync("/api/v1/admin/settings/sales", SalesSettings.Defaults with { DocumentLanguage = language })).ShouldBeAsync(HttpStatusCode.OK);
        return admin;
    }

    private static async Task<QuoteDto> QuoteAsync(HttpClient admin, QuoteInput input, string? customerName = null)
    {
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { Name = customerName ?? "Document Co " + Unique() });
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id })).ReadAsync<OpportunityDto>();
        return await admin.PostCreatedAsync<QuoteDto>($"/api/v1/opportunities/{deal.Id}/quotes", input);
    }

    private static async Task<(byte[] Bytes, string Text)> PdfAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        return (bytes, await PdfText.ReadAsync(bytes, Ct));
    }

    private static async Task<Guid> OrderAsync(HttpClient admin, QuoteInput input)
    {
        var quote = await QuoteAsync(admin, input);
        await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        return (await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>()).OrderId!.Value;
    }

    [Fact]
    public async Task The_quote_pdf_carries_the_seller_block_bank_details_page_numbers_and_totals_per_tax_rate()
    {
        var admin = await SellerAsync();
        var quote = await QuoteAsync(admin, new QuoteInput(null, null,
        [
            new QuoteLineInput(null, "Sensors", 2, 1000m, TaxRatePercent: 13),
            new QuoteLineInput(null, "Installation", 1, 500m, TaxRatePercent: 6),
            new QuoteLineInput(null, "Cabling", 1, 200m, TaxRatePercent: 13),
        ]));

        await (await admin.PutAsync("/api/v1/admin/settings/company/logo", CompanyLogoSamples.Upload(CompanyLogoSamples.Png()), Ct)).ShouldBeAsync(HttpStatusCode.OK);
        byte[] bytes;
        string text;
        try
        {
            (bytes, text) = await PdfAsync(admin, $"/api/v1/quotes/{quote.Id}/pdf");
        }
        finally
        {
            await admin.DeleteAsync("/api/v1/admin/settings/company/logo", Ct);
        }

        // The logo is drawn as an image at the top left.
        Assert.Contains("/Subtype /Image", System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        foreach (var expected in new[] { "Northwind Trading Ltd", "1 Harbour Road", "Tax id: 91310000MA1FL0XX1X", "billing@northwind.example",
                     "China Merchants Bank", "6225880123456789", "CMBCCNBS", "Page 1 of 1" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        // 13%: net 2,200.00, tax 286.00, gross 2,486.00; 6%: net 500.00, tax 30.00, gross 530.00.
        foreach (var expected in new[] { "2,486.00", "530.00", "286.00", "3,016.00" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_page_chinese_quote_embeds_only_the_glyphs_it_draws()
    {
        var admin = await SellerAsync("zh-CN");
        var customerName = "星辰科技有限公司" + Unique();
        var quote = await QuoteAsync(admin, new QuoteInput(null, "交货期：四周", [new QuoteLineInput(null, "工业传感器，含安装与调试", 2, 1250.50m, TaxRatePercent: 13)]), customerName);

        var (bytes, text) = await PdfAsync(admin, $"/api/v1/quotes/{quote.Id}/pdf");

        foreach (var expected in new[] { "报价单", customerName, "税号：91310000MA1FL0XX1X", "第 1 页，共 1 页", "交货期：四周" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        // The whole CJK font would be megabytes; a page of Chinese is tens of kilobytes up to ~150 KB.
        Assert.InRange(bytes.Length, 1, 200_000);
    }

    [Fact]
    public async Task Long_chinese_descriptions_wrap_onto_more_lines_and_pages_and_keep_their_last_characters()
    {
        var admin = await SellerAsync();
        const string words = "工业传感器安装调试服务年度维护合同星辰科技数据采集网关边缘计算平台远程监控";
        var lines = Enumerable.Range(1, 60).Select(i =>
            new QuoteLineInput(null, string.Concat(Enumerable.Repeat(words, 4)) + $"结束标记Z{i:D2}", 1, 100m, TaxRatePercent: 13)).ToList();
        var quote = await QuoteAsync(admin, new QuoteInput(null, null, lines));

        var (bytes, text) = await PdfAsync(admin, $"/api/v1/quotes/{quote.Id}/pdf");

        Assert.Matches(@"Page 2 of \d+", text);
        // Bold is drawn as outlines, so the table heads on every page are not bold: 13 pages stay small.
        Assert.InRange(bytes.Length, 1, 400_000);
        Assert.DoesNotMatch(@"Page 1 of 1\b", text);
        var joined = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        Assert.All(Enumerable.Range(1, 60), i => Assert.Contains($"记Z{i:D2}", joined, StringComparison.Ordinal));
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invoice_pdf_shows_its_dates_the_order_lines_what_is_paid_and_what_is_due()
    {
        var admin = await SellerAsync();
        var orderId = await OrderAsync(admin, new QuoteInput(null, null, [new QuoteLineInput(null, "Annual maintenance", 1, 10_000m, TaxRatePercent: 6)]));
        var order = await (await admin.GetAsync($"/api/v1/orders/{orderId}", Ct)).ReadAsync<OrderDto>();
        var invoice = await admin.PostCreatedAsync<InvoiceDto>($"/api/v1/orders/{orderId}/invoices", new InvoiceInput(IssuedOn: new DateOnly(2026, 3, 2), DueInDays: 30));
        await (await admin.PostJsonAsync($"/api/v1/invoices/{invoice.Id}/payments", new PaymentInput(600m))).ShouldBeAsync(HttpStatusCode.Created);

        var (_, text) = await PdfAsync(admin, $"/api/v1/invoices/{invoice.Id}/pdf");

        foreach (var expected in new[] { "Invoice", invoice.Number, order.Number, "Northwind Trading Ltd", "Annual maintenance", "3/2/2026", "4/1/2026",
                     "Paid so far", "CNY 600.00", "Amount due", "CNY 10,000.00", "Page 1 of 1", "6225880123456789" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deposit_invoice_pdf_has_one_line_for_the_part_of_the_order_it_invoices()
    {
        var admin = await SellerAsync();
        var orderId = await OrderAsync(admin, new QuoteInput(null, null, [new QuoteLineInput(null, "Project delivery", 1, 10_000m)]));
        var order = await (await admin.GetAsync($"/api/v1/orders/{orderId}", Ct)).ReadAsync<OrderDto>();
        var deposit = await admin.PostCreatedAsync<InvoiceDto>($"/api/v1/orders/{orderId}/invoices", new InvoiceInput(Amount: 3_000m));

        var (_, text) = await PdfAsync(admin, $"/api/v1/invoices/{deposit.Id}/pdf");

        // The description column is narrow, so the line wraps beside the amounts: look for its pieces.
        foreach (var expected in new[] { "Part invoice", order.Number, "10,000.00", "Invoice amount" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Project delivery", text, StringComparison.Ordinal);
        Assert.Contains("CNY 3,000.00", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deposit_then_the_rest_and_more_than_is_left_is_refused_naming_the_maximum_as_money()
    {
        var admin = await app.AdminClientAsync();
        var orderId = await OrderAsync(admin, new QuoteInput(null, null, [new QuoteLineInput(null, "Project", 1, 12_345.60m)]));
        var url = $"/api/v1/orders/{orderId}/invoices";

        var deposit = await admin.PostCreatedAsync<InvoiceDto>(url, new InvoiceInput(Amount: 3_000m));
        var tooMuch = await admin.PostJsonAsync(url, new InvoiceInput(Amount: 9_345.61m));
        Assert.Equal(["Enter an amount greater than zero and at most CNY 9,345.60, what is left to invoice."],
            (await tooMuch.ShouldRejectAsync("amount", "Validation.InvoiceAtMost")).Messages("amount"));
        using var chinese = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new InvoiceInput(Amount: 0m), options: Json.Options) };
        chinese.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        Assert.Equal(["请输入大于零且不超过 CNY 9,345.60（尚未开票部分）的金额。"],
            (await (await admin.SendAsync(chinese, Ct)).ShouldRejectAsync("amount", "Validation.InvoiceAtMost")).Messages("amount"));

        var rest = await admin.PostCreatedAsync<InvoiceDto>(url, new InvoiceInput());
        Assert.Equal((3_000m, 9_345.60m), (deposit.Amount, rest.Amount));
        Assert.Equal(12_345.60m, (await (await admin.GetAsync($"/api/v1/orders/{orderId}", Ct)).ReadAsync<OrderDto>()).Invoiced);
    }

    [Fact]
    public async Task A_payment_keeps_its_date_method_and_reference_and_a_method_off_the_list_is_refused()
    {
        var admin = await app.AdminClientAsync();
        var orderId = await OrderAsync(admin, new QuoteInput(null, null, [new QuoteLineInput(null, "Licence", 1, 500m)]));
        var invoice = await admin.PostCreatedAsync<InvoiceDto>($"/api/v1/orders/{orderId}/invoices", new InvoiceInput());
        var url = $"/api/v1/invoices/{invoice.Id}/payments";

        var paid = await admin.PostCreatedAsync<PaymentDto>(url, new PaymentInput(200m, new DateOnly(2026, 1, 15), "WeChat Pay", "WX-20260115-001"));
        await (await admin.PostJsonAsync(url, new PaymentInput(1m, Method: "Bitcoin"))).ShouldRejectAsync("method", "Validation.OneOf");
        await admin.PostCreatedAsync<PaymentDto>(url, new PaymentInput(300m, Method: "cash"));

        Assert.Equal((new DateOnly(2026, 1, 15), "WeChatPay", "WX-20260115-001"), (paid.PaidOn, paid.Method, paid.Reference));
        var payments = await (await admin.GetAsync(url, Ct)).ReadAsync<List<PaymentDto>>();
        Assert.Equal([(200m, "WeChatPay", "WX-20260115-001"), (300m, "Cash", null)], payments.Select(p => (p.Amount, p.Method, p.Reference)));
    }
}

public sealed class CompanyProfileOnSqlite(SqliteApp app) : CompanyProfileTests(app), IClassFixture<SqliteApp>;

public sealed class CompanyProfileOnPostgres(PostgresApp app) : CompanyProfileTests(app), IClassFixture<PostgresApp>;

public sealed class SalesDocumentsOnSqlite(SqliteApp app) : SalesDocumentTests(app), IClassFixture<SqliteApp>;

public sealed class SalesDocumentsOnPostgres(PostgresApp app) : SalesDocumentTests(app), IClassFixture<PostgresApp>;
