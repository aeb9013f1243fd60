using Rapport.Core.Sales;

namespace Rapport.Core.Tests.Sales;

/// <summary>Quotes, contracts and invoices guard their own state changes, with the error codes the API answers with.</summary>
public sealed class SalesStateTests
{
    private static readonly DateTime Now = new(2026, 3, 7, 10, 0, 0, DateTimeKind.Utc);

    private static FieldError Refused(Action act) => Assert.Single(Assert.Throws<RapportValidationException>(act).Errors);

    private static Quote NewQuote(bool withLine = true, DateOnly? validUntil = null)
    {
        var quote = new Quote { Number = "Q-1", Currency = "CNY", ValidUntil = validUntil };
        if (withLine) quote.Lines.Add(new QuoteLine { QuoteId = quote.Id, Position = 1, Description = "Service", Quantity = 1 });
        return quote;
    }

    private static Contract NewContract() => new() { Number = "K-1", Title = "Support", Currency = "CNY" };

    [Fact]
    public void A_quote_goes_draft_sent_accepted_and_records_when()
    {
        var quote = NewQuote();

        quote.Send(Now);
        quote.Accept(Now.AddDays(1));

        Assert.Equal((QuoteStatus.Accepted, (DateTime?)Now, (DateTime?)Now.AddDays(1)), (quote.Status, quote.SentAt, quote.DecidedAt));
    }

    [Fact]
    public void A_quote_without_lines_is_not_sent()
    {
        var quote = NewQuote(withLine: false);

        Assert.Equal(("lines", "Validation.Required"), Refused(() => quote.Send(Now)) is var e ? (e.Field, e.Code) : default);
        Assert.Equal(QuoteStatus.Draft, quote.Status);
    }

    [Fact]
    public void Only_a_sent_quote_is_decided_and_only_once()
    {
        var quote = NewQuote();
        Assert.Equal("Validation.QuoteTransition", Refused(() => quote.Accept(Now)).Code);

        quote.Send(Now);
        quote.Reject(Now);

        Assert.Equal("Validation.QuoteTransition", Refused(() => quote.Accept(Now)).Code);
        Assert.Equal("Validation.QuoteTransition", Refused(() => quote.Send(Now)).Code);
        Assert.Equal(QuoteStatus.Rejected, quote.Status);
    }

    [Fact]
    public void A_sent_quote_past_its_validity_is_expired_and_cannot_be_accepted()
    {
        var quote = NewQuote(validUntil: DateOnly.FromDateTime(Now));
        quote.Send(Now);

        Assert.Equal(QuoteStatus.Expired, quote.StatusOn(DateOnly.FromDateTime(Now.AddDays(1))));
        Assert.Equal("Validation.QuoteExpired", Refused(() => quote.Accept(Now.AddDays(1))).Code);
        Assert.Equal(QuoteStatus.Sent, quote.Status);
    }

    [Fact]
    public void A_contract_goes_draft_active_terminated_archived()
    {
        var contract = NewContract();

        contract.Activate();
        contract.Terminate("  Customer closed the plant ");
        contract.Archive();

        Assert.Equal((ContractStatus.Archived, "Customer closed the plant"), (contract.Status, contract.EndReason));
    }

    [Fact]
    public void Terminating_needs_an_active_contract_and_a_short_reason()
    {
        var contract = NewContract();
        Assert.Equal(("reason", "Validation.Required"), Refused(() => contract.Terminate(null)) is var e ? (e.Field, e.Code) : default);
        Assert.Equal("Validation.ContractTransition", Refused(() => contract.Terminate("Too early")).Code);

        contract.Activate();

        Assert.Equal("Validation.TooLong", Refused(() => contract.Terminate(new string('x', Contract.EndReasonMax + 1))).Code);
        Assert.Equal((ContractStatus.Active, (string?)null), (contract.Status, contract.EndReason));
    }

    [Fact]
    public void Only_an_active_contract_expires_and_only_an_ended_one_is_archived()
    {
        var contract = NewContract();
        Assert.Equal("Validation.ContractTransition", Refused(contract.Expire).Code);
        Assert.Equal("Validation.ContractTransition", Refused(contract.Archive).Code);

        contract.Activate();
        Assert.Equal("Validation.ContractTransition", Refused(contract.Activate).Code);
        contract.Expire();

        Assert.Equal(ContractStatus.Expired, contract.Status);
    }

    [Fact]
    public void Payments_settle_an_invoice_and_never_exceed_what_is_outstanding()
    {
        var invoice = new Invoice { Number = "INV-1", Currency = "CNY", AmountMinor = 10_000 };

        invoice.RecordPayment(6_000);
        Assert.Equal((InvoiceStatus.PartiallyPaid, 4_000L), (invoice.Status, invoice.OutstandingMinor));
        Assert.Equal(("amount", "Validation.Between"), Refused(() => invoice.RecordPayment(4_001)) is var e ? (e.Field, e.Code) : default);
        Assert.Equal("Validation.Between", Refused(() => invoice.RecordPayment(0)).Code);
        invoice.RecordPayment(4_000);

        Assert.Equal((InvoiceStatus.Paid, 10_000L), (invoice.Status, invoice.PaidMinor));
        Assert.Equal(("invoiceId", "Validation.InvoiceSettled"), Refused(() => invoice.RecordPayment(1)) is var s ? (s.Field, s.Code) : default);
    }
}
