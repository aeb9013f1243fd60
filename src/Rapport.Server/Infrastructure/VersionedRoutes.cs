namespace Rapport.Server.Infrastructure;

/// <summary>The routes on one versioned record (<c>/{id}</c> and its actions) served by <typeparamref name="TService"/>:
/// each handler is only the service call. The read answers through <see cref="ETags.VersionedOk"/>, and every PUT,
/// DELETE and POST action hands the service the If-Match version (<see cref="ETags.Expected"/>) and answers with the
/// new ETag, so no endpoint can forget either half of the rule. (The handlers go to Map* as a <see cref="Delegate"/>:
/// ASP.NET's route handler analyzer cannot read a lambda over this type's type parameters; the request delegate
/// factory binds them at run time as it binds any handler.)</summary>
internal readonly struct VersionedRoutes<TService, TDto>(RouteGroupBuilder group) where TService : notnull
{
    /// <summary>POST <c>/</c> with a body: 201 at <paramref name="location"/> of the new record, with its ETag.</summary>
    public RouteHandlerBuilder MapCreate<TInput>(Func<TService, TInput, CancellationToken, Task<TDto>> create, Func<TDto, string> location) =>
        group.MapPost("/", Create(create, location));

    /// <summary>GET <c>/{id}</c>: the record with its ETag.</summary>
    public RouteHandlerBuilder MapGet(Func<TService, Guid, CancellationToken, Task<TDto>> get) => group.MapGet("/{id:guid}", Read(get));

    /// <summary>PUT <c>/{id}</c> with a body, If-Match honoured.</summary>
    public RouteHandlerBuilder MapPut<TInput>(Func<TService, Guid, TInput, long?, CancellationToken, Task<TDto>> update) =>
        group.MapPut("/{id:guid}", WriteWithBody(update));

    /// <summary>POST <c>/{id}/action</c> without a body, If-Match honoured.</summary>
    public RouteHandlerBuilder MapAction(string pattern, Func<TService, Guid, long?, CancellationToken, Task<TDto>> act) =>
        group.MapPost(pattern, Write(act));

    /// <summary>POST <c>/{id}/action</c> with a body, If-Match honoured.</summary>
    public RouteHandlerBuilder MapAction<TInput>(string pattern, Func<TService, Guid, TInput, long?, CancellationToken, Task<TDto>> act) =>
        group.MapPost(pattern, WriteWithBody(act));

    /// <summary>DELETE <c>/{id}</c>, If-Match honoured: 204.</summary>
    public RouteHandlerBuilder MapDelete(Func<TService, Guid, long?, CancellationToken, Task> delete) => group.MapDelete("/{id:guid}", Delete(delete));

    private static Delegate Create<TInput>(Func<TService, TInput, CancellationToken, Task<TDto>> create, Func<TDto, string> location) =>
        (TInput input, TService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(create(s, VersionedRoutes.RequiredBody(input), ct), location);

    private static Delegate Read(Func<TService, Guid, CancellationToken, Task<TDto>> get) =>
        async (Guid id, TService s, HttpResponse response, CancellationToken ct) => response.VersionedOk(await get(s, id, ct));

    private static Delegate Write(Func<TService, Guid, long?, CancellationToken, Task<TDto>> write) =>
        async (Guid id, TService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            response.VersionedOk(await write(s, id, ETags.Expected(request), ct));

    private static Delegate WriteWithBody<TInput>(Func<TService, Guid, TInput, long?, CancellationToken, Task<TDto>> write) =>
        async (Guid id, TInput input, TService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            response.VersionedOk(await write(s, id, VersionedRoutes.RequiredBody(input), ETags.Expected(request), ct));

    private static Delegate Delete(Func<TService, Guid, long?, CancellationToken, Task> delete) =>
        (Guid id, TService s, HttpRequest request, CancellationToken ct) => Answers.NoContentAfter(delete(s, id, ETags.Expected(request), ct));
}

/// <summary>What the versioned route builders share.</summary>
internal static class VersionedRoutes
{
    /// <summary>A generic TInput reads as nullable to the binder, so a JSON "null" body would reach the service: refused
    /// here as the framework refuses it for a concrete parameter type (400).</summary>
    public static TInput RequiredBody<TInput>(TInput? input) => input ?? throw new BadHttpRequestException(
        $"Required parameter \"{typeof(TInput).Name} input\" was not provided from body.");
}
