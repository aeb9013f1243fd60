namespace Rapport.Core.Sales;

/// <summary>How money was received. Payments keep the name as text, so ones recorded before the list existed keep
/// what was typed.</summary>
public enum PaymentMethod { BankTransfer, Card, Cash, Cheque, Alipay, WeChatPay, Other }
