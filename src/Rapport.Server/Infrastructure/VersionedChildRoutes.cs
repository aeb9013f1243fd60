namespace Rapport.Server.Infrastructure;

/// <summary>The routes on a record reached through its parent (<c>/customers/{customerId}/contacts/{id}</c>, a case's
/// messages) served by <typeparamref name="TService"/>: the <see cref="VersionedRoutes{TService, TDto}"/> rule for a
/// child. Each handler is only the service call, given the parent's id (read from the route value
/// <paramref name="parent"/>, which the group's pattern declares) and the child's; the service finds the parent in the
/// caller's scope (404 otherwise) and the child under it. A create answers 201 at the child's location with its ETag,
/// a read with its ETag, and every PUT, DELETE and POST action gets the If-Match version and answers with the new
/// ETag.</summary>
internal readonly struct VersionedChildRoutes<TService, TDto>(RouteGroupBuilder group, string parent) where TService : notnull
{
    /// <summary>POST <c>/</c> with a body: 201 at <paramref name="location"/> (given the parent's id) of the new child.</summary>
    public RouteHandlerBuilder MapCreate<TInput>(Func<TService, Guid, TInput, CancellationToken, Task<TDto>> create, Func<Guid, TDto, string> location) =>
        group.MapPost("/", Create(parent, create, location));

    /// <summary>GET <c>/{id}</c>: the child with its ETag.</summary>
    public RouteHandlerBuilder MapGet(Func<TService, Guid, Guid, CancellationToken, Task<TDto>> get) => group.MapGet("/{id:guid}", Read(parent, get));

    /// <summary>PUT <c>/{id}</c> with a body, If-Match honoured.</summary>
    public RouteHandlerBuilder MapPut<TInput>(Func<TService, Guid, Guid, TInput, long?, CancellationToken, Task<TDto>> update) =>
        group.MapPut("/{id:guid}", WriteWithBody(parent, update));

    /// <summary>DELETE <c>/{id}</c>, If-Match honoured: 204.</summary>
    public RouteHandlerBuilder MapDelete(Func<TService, Guid, Guid, long?, CancellationToken, Task> delete) =>
        group.MapDelete("/{id:guid}", Delete(parent, delete));

    // As in VersionedRoutes, the handlers go to Map* as a Delegate (the route handler analyzer cannot read a lambda over
    // this type's type parameters).
    private static Delegate Create<TInput>(string parent, Func<TService, Guid, TInput, CancellationToken, Task<TDto>> create, Func<Guid, TDto, string> location) =>
        (TInput input, TService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        {
            var parentId = ParentId(request, parent);
            return response.VersionedCreatedAsync(create(s, parentId, VersionedRoutes.RequiredBody(input), ct), dto => location(parentId, dto));
        };

    private static Delegate Read(string parent, Func<TService, Guid, Guid, CancellationToken, Task<TDto>> get) =>
        async (Guid id, TService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            response.VersionedOk(await get(s, ParentId(request, parent), id, ct));

    private static Delegate WriteWithBody<TInput>(string parent, Func<TService, Guid, Guid, TInput, long?, CancellationToken, Task<TDto>> write) =>
        async (Guid id, TInput input, TService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            response.VersionedOk(await write(s, ParentId(request, parent), id, VersionedRoutes.RequiredBody(input), ETags.Expected(request), ct));

    private static Delegate Delete(string parent, Func<TService, Guid, Guid, long?, CancellationToken, Task> delete) =>
        (Guid id, TService s, HttpRequest request, CancellationToken ct) => Answers.NoContentAfter(delete(s, ParentId(request, parent), id, ETags.Expected(request), ct));

    // The group's pattern constrains the value to a Guid, so it parses.
    private static Guid ParentId(HttpRequest request, string name) =>
        Guid.Parse((string)request.RouteValues[name]!, CultureInfo.InvariantCulture);
}
