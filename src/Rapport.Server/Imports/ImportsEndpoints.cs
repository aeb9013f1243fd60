using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Core.Imports;

namespace Rapport.Server.Imports;

/// <summary>Imports: upload a file (a run in preview), map its columns, dry-run, start (in the background), follow the
/// progress, download the rejected rows, resume after a failure, undo.</summary>
internal static class ImportsEndpoints
{
    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports");
        imports.MapPost("", async (IFormFile file, ImportService s, CancellationToken ct, string? entity, string? target) =>
            {
                await using var stream = file.OpenReadStream();
                var preview = await s.CreateAsync(target ?? entity ?? ImportService.Customers, file.FileName, stream, ct);
                return TypedResults.Created($"/api/v1/imports/{preview.Run.Id}", preview);
            })
            // Bearer-token API (browsers' cookies are SameSite=Lax, so other sites cannot post here as the user).
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(1024L * 1024 * 1024), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = 1024L * 1024 * 1024 })
            .WithName("CreateImport")
            .WithSummary("Upload a CSV (UTF-8, UTF-16 or GBK; delimiter detected) or .xlsx file (multipart field \"file\"; target=customers|contacts|leads|opportunities|interactions|products, entity= is the same): " +
                "a run in preview with the detected encoding, delimiter and mapping and the first 20 rows as they will be stored.");
        imports.MapGet("", (ImportService s, CancellationToken ct, string? cursor, int? limit) => s.ListAsync(cursor, limit, ct))
            .WithName("ListImports").WithSummary("Import runs, newest first.");
        imports.MapGet("/{id:guid}", (Guid id, ImportService s, CancellationToken ct) => s.GetAsync(id, ct))
            .WithName("GetImport").WithSummary("One run: status, counters, rows per second and the estimated time left.");
        imports.MapGet("/{id:guid}/preview", (Guid id, ImportService s, CancellationToken ct) => s.GetPreviewAsync(id, ct))
            .WithName("PreviewImport").WithSummary("The run with its first 20 rows as they will be stored (or why they would fail).");
        imports.MapPut("/{id:guid}/mapping", (Guid id, ImportMapping mapping, ImportService s, CancellationToken ct) => s.SetMappingAsync(id, mapping, ct))
            .WithName("MapImport").WithSummary("Set the field of each column, the mode for matching rows (skip, update, create) and the match keys; answers the new preview.");
        imports.MapPost("/{id:guid}/dry-run", (Guid id, ImportService s, CancellationToken ct) => s.DryRunAsync(id, ct))
            .WithName("DryRunImport").WithSummary("What the run would create, update, skip and reject, with the first errors; writes nothing.");
        imports.MapPost("/{id:guid}/start", (Guid id, ImportService s, ImportQueue queue, CancellationToken ct) => StartAsync(id, s, queue, ct))
            .WithName("StartImport").WithSummary("Run the import in the background; follow it with GET /imports/{id}.");
        imports.MapPost("/{id:guid}/resume", (Guid id, ImportService s, ImportQueue queue, CancellationToken ct) => StartAsync(id, s, queue, ct))
            .WithName("ResumeImport").WithSummary("Continue a failed or interrupted run after its last committed row.");
        imports.MapGet("/{id:guid}/errors", async (Guid id, ImportService s, IStringLocalizer<SharedResource> text, HttpContext http, CancellationToken ct) =>
            {
                var headers = await s.HeadersAsync(id, ct);
                await Csv.WriteAsync(http, "import-errors", ["row", .. headers, "reason"], s.ErrorsAsync(id, ct), (e, _) =>
                    [e.Row.ToString(CultureInfo.InvariantCulture), .. Enumerable.Range(0, headers.Count).Select(i => i < e.Cells.Count ? e.Cells[i] : null),
                     string.Join("; ", e.Errors.Select(x => $"{x.Field}: {text[x.Code, x.Args.Select(Arg).ToArray()].Value}"))], ct);
            })
            .WithName("ImportErrors").WithSummary("The rejected rows as CSV: the row number, the original cells and the reasons (in the caller's language).");
        imports.MapPost("/{id:guid}/undo", (Guid id, ImportService s, CancellationToken ct) => s.UndoAsync(id, ct))
            .WithName("UndoImport").WithSummary("Remove the records the run created and restore those it updated; records changed since by someone else are left and listed.");
        imports.MapPost("/{id:guid}/template", (Guid id, ImportTemplateFromRunInput input, ImportTemplateService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedCreatedAsync(s.CreateFromRunAsync(id, input, ct), dto => $"/api/v1/imports/templates/{dto.Id}"))
            .WithName("SaveImportTemplateFromRun").WithSummary("Save the run's mapping (headers, fields, mode, match keys, default country) as a named template.");
        imports.MapPost("/{id:guid}/apply-template/{templateId:guid}", (Guid id, Guid templateId, ImportService s, CancellationToken ct) => s.ApplyTemplateAsync(id, templateId, ct))
            .WithName("ApplyImportTemplate").WithSummary("Map the run by a saved template (columns matched by header name, in any order); answers the new preview.");
        MapTemplates(imports.MapGroup("/templates"));
        return api;
    }

    /// <summary>Saved mapping templates; an upload whose headers fit one is mapped by it at once.</summary>
    private static void MapTemplates(RouteGroupBuilder templates)
    {
        templates.MapGet("", (ImportTemplateService s, CancellationToken ct, string? entity) => s.ListAsync(entity, ct))
            .WithName("ListImportTemplates").WithSummary("Saved mapping templates, by name; filter by entity (customers, contacts, leads).");
        var template = new VersionedRoutes<ImportTemplateService, ImportTemplateDto>(templates);
        template.MapCreate<ImportTemplateInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/imports/templates/{dto.Id}")
            .WithName("CreateImportTemplate").WithSummary("Save a mapping under a name: for each header its field (or none), the match mode, match keys and default country.");
        template.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetImportTemplate").WithSummary("One mapping template.");
        template.MapPut<ImportTemplateInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateImportTemplate").WithSummary("Change a mapping template (its entity stays).");
        template.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteImportTemplate").WithSummary("Delete a mapping template.");
    }

    private static async Task<Accepted<ImportRunDto>> StartAsync(Guid id, ImportService s, ImportQueue queue, CancellationToken ct)
    {
        var run = await s.StartAsync(id, ct);
        queue.Enqueue(id);
        return TypedResults.Accepted($"/api/v1/imports/{id}", run);
    }

    private static object Arg(object a) => a is System.Text.Json.JsonElement j ? j.ToString() : a;
}
