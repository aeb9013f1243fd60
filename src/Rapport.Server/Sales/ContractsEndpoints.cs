using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>REST endpoints for contracts and their attachments.</summary>
internal static class ContractsEndpoints
{
    public static RouteGroupBuilder MapContractsApi(this RouteGroupBuilder api)
    {
        var contracts = api.MapGroup("/contracts").WithTags("Sales");
        contracts.MapGet("/", (ContractService s, CancellationToken ct, Guid? customerId, string? status, string? cursor, int? limit) =>
                s.ListAsync(customerId, QueryParams.Enum<ContractStatus>(status, nameof(status)), cursor, limit, ct))
            .WithName("ListContracts").WithSummary("Contracts, newest first; by customer or status.");
        var contract = new VersionedRoutes<ContractService, ContractDto>(contracts);
        contract.MapCreate<ContractInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/contracts/{dto.Id}")
            .WithName("CreateContract").WithSummary("A draft contract: customer, title, value, period and renewal notice.");
        contract.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetContract").WithSummary("One contract.");
        contract.MapPut<ContractInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateContract").WithSummary("Change a draft or active contract's terms.");
        contract.MapAction("/{id:guid}/activate", (s, id, v, ct) => s.ActivateAsync(id, v, ct))
            .WithName("ActivateContract").WithSummary("Signed: draft → active.");
        contract.MapAction<ContractEndInput>("/{id:guid}/terminate", (s, id, input, v, ct) => s.TerminateAsync(id, input, v, ct))
            .WithName("TerminateContract").WithSummary("End an active contract early, with a reason.");
        contract.MapAction("/{id:guid}/archive", (s, id, v, ct) => s.ArchiveAsync(id, v, ct))
            .WithName("ArchiveContract").WithSummary("File away an expired or terminated contract.");
        contracts.MapGet("/{id:guid}/amendments", (Guid id, ContractService s, CancellationToken ct) => s.AmendmentsAsync(id, ct))
            .WithName("ListContractAmendments").WithSummary("The changes made to the contract since it was signed, oldest first.");
        contracts.MapGet("/{id:guid}/attachments", (Guid id, ContractService s, CancellationToken ct) => s.AttachmentsAsync(id, ct))
            .WithName("ListContractAttachments").WithSummary("The contract's files.");
        contracts.MapPost("/{id:guid}/attachments", (Guid id, IFormFile file, ContractService s, CancellationToken ct) =>
                Uploads.StoreAsync(file, stream => s.AttachAsync(id, file.FileName, file.ContentType, stream, ct), dto => $"/api/v1/contracts/{id}/attachments/{dto.Id}"))
            .AcceptsFileUpload()
            .WithName("AttachToContract")
            .WithSummary("Upload a file (multipart field \"file\"): PDF, PNG, JPEG, Word, Excel or plain text, checked by content, at most Contracts:MaxAttachmentBytes.");
        contracts.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ContractService s, CancellationToken ct) =>
            {
                var (attachment, content) = await s.OpenAttachmentAsync(id, attachmentId, ct);
                return TypedResults.File(content, attachment.ContentType, attachment.FileName);
            })
            .WithName("DownloadContractAttachment").WithSummary("Download a contract's file.");
        contracts.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", (Guid id, Guid attachmentId, ContractService s, CancellationToken ct) =>
            Answers.NoContentAfter(s.DeleteAttachmentAsync(id, attachmentId, ct)))
            .WithName("DeleteContractAttachment").WithSummary("Remove a contract's file.");
        return api;
    }
}
